/**
 * The directory CSV read by a well-kept peer instead of our reader (src-main/directory/csv.ts):
 * csv-parse's streaming parser, fed through iconv-lite decoding, configured to give exactly
 * what ours gives for a valid file — the same fields and the same physical start line of each
 * record (docs/directory-csv.md). Only the reader benchmark (bench/csvReaders.ts) and its
 * equivalence test (tests/unit/directory/csvPeer.test.ts) use it; the importer keeps its own
 * reader unless the benchmark says otherwise.
 *
 * Where the two still differ on files that are not valid (so a switch would have to add it):
 * invalid UTF-8 becomes U+FFFD here, ours refuses the file; text after a closing quote
 * (`"abc"d`) is kept here under `relax_quotes`, ours names the line as a syntax error.
 */
import { pipeline } from 'node:stream/promises';
import { parse, type InfoRecord } from 'csv-parse';
import iconv from 'iconv-lite';
import type { CsvRecord } from '../src-main/directory/csv';

/** The encodings both readers take (names iconv-lite knows as they are). */
export type PeerEncoding = 'utf-8' | 'windows-1251';

export type PeerOptions = Readonly<{
  encoding: PeerEncoding;
  /**
   * Who turns bytes into text. `iconv-lite`: decoded text is handed to csv-parse (which works on
   * bytes, so it encodes it back to UTF-8 first: that is how the two are combined). `csv-parse`:
   * raw UTF-8 bytes go straight in and csv-parse decodes each field itself (UTF-8 only).
   */
  decoder: 'iconv-lite' | 'csv-parse';
  /** Ours detects it from the header line; the peer is told (default `;`, the demo file's). */
  delimiter?: ';' | ',' | '\t';
}>;

export class PeerOptionsError extends Error {
  override readonly name = 'PeerOptionsError';
}

const countLf = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * Reads every record of `input` and hands it to `onRecord` with the physical line where it
 * starts. Resolves when the input is read; rejects with csv-parse's error on malformed quoting.
 */
export async function readCsvPeer(input: AsyncIterable<Uint8Array>, opts: PeerOptions, onRecord: (record: CsvRecord) => void): Promise<void> {
  if (opts.decoder === 'csv-parse' && opts.encoding !== 'utf-8') {
    throw new PeerOptionsError(`csv-parse decodes only Node's own encodings; ${opts.encoding} needs decoder 'iconv-lite'`);
  }
  // csv-parse's own `info.lines` counts a CRLF inside a quoted field as two lines, so it drifts
  // from the physical line after such a field. The start line is counted here instead, as ours
  // counts it: each record starts on the line after the previous one ended, plus the empty
  // lines csv-parse skipped in between; a record ends as many lines later as its fields hold LFs.
  let nextLine = 1;
  let emptySeen = 0;
  const parser = parse({
    delimiter: opts.delimiter ?? ';',
    quote: '"',
    escape: '"',
    // Ours: CRLF or LF ends a record, both in one file; a lone CR is text.
    record_delimiter: ['\r\n', '\n'],
    // Ours keeps a quote in the middle of an unquoted field as text (what Excel accepts).
    relax_quotes: true,
    // Ours hands on records of any length; the importer reports a wrong field count per line.
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    on_record: (fields: string[], info: InfoRecord) => {
      const line = nextLine + (info.empty_lines - emptySeen);
      emptySeen = info.empty_lines;
      let lfs = 0;
      for (const f of fields) if (f.length > 0 && f.includes('\n')) lfs += countLf(f);
      nextLine = line + lfs + 1;
      onRecord({ line, fields });
      // Nothing goes on to the readable side: records leave through onRecord, one call each,
      // instead of one object-mode stream read each.
      return null;
    },
  });
  // The parser's readable side carries nothing; resume() lets it end so the pipeline settles.
  parser.resume();
  if (opts.decoder === 'iconv-lite') await pipeline(input, iconv.decodeStream(opts.encoding), parser);
  else await pipeline(input, parser);
}

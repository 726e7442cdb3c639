/**
 * The CSV reader phase of `bench:directory`: our reader (src-main/directory/csv.ts)
 * against a well-kept streaming peer (csv-parse + iconv-lite, bench/csvPeer.ts) and a raw floor,
 * on the same demo file, parsing only (no database), so the figures are about the reader.
 *
 * - Every (reader, encoding) pair runs in its own child process, so each peak RSS is its own;
 *   the pairs take turns for `runs` rounds and the fastest round counts (other work on the
 *   machine only ever adds time). CPU time is reported next to wall time for the same reason.
 * - windows-1251: a copy of the UTF-8 file, made once (not timed) and reused.
 * - The readers must agree: the same record count and the same SHA-256 over every record's
 *   start line and fields (a separate, untimed pass in the first round), or the bench fails.
 * - All readers get the file through the same read stream, in the importer's chunk size.
 */
import { transcode } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, renameSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import iconv from 'iconv-lite';
import { readCsv } from '../src-main/directory/csv';
import { readCsvPeer, type PeerEncoding } from './csvPeer';

/** src-main/directory/importer.ts reads in 256 KiB chunks; every reader here gets the same. */
const READ_CHUNK_BYTES = 1 << 18;

export const CSV_READERS = ['floor', 'ours', 'csvparse-iconv', 'csvparse-bytes'] as const;
export type CsvReaderName = (typeof CSV_READERS)[number];
export const CSV_ENCODINGS: readonly PeerEncoding[] = ['utf-8', 'windows-1251'];

type OnRecord = (line: number, fields: readonly string[]) => void;

/** Floor: the fastest raw split of the same bytes: cut at the last LF of each chunk, decode, indexOf. No quoting. */
async function readFloor(input: AsyncIterable<Buffer>, encoding: PeerEncoding, onRecord: OnRecord): Promise<void> {
  // Whole lines only, so no character is ever cut and no decoder state is needed. For UTF-8,
  // ICU's transcode to UTF-16 was the fastest decoder measured here on this Cyrillic text
  // (45 MB: ~290 ms of CPU vs ~350 for TextDecoder and ~360–460 for Buffer#toString).
  const cp1251 = new TextDecoder('windows-1251');
  const decode = (b: Buffer): string => (encoding === 'utf-8' ? transcode(b, 'utf8', 'ucs2').toString('ucs2') : cp1251.decode(b));
  let line = 1;
  const split = (text: string): void => {
    let pos = 0;
    const len = text.length;
    while (pos < len) {
      let end = text.indexOf('\n', pos);
      if (end === -1) end = len;
      const contentEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (contentEnd > pos) {
        const fields: string[] = [];
        let p = pos;
        for (;;) {
          const d = text.indexOf(';', p);
          if (d === -1 || d >= contentEnd) {
            fields.push(text.slice(p, contentEnd));
            break;
          }
          fields.push(text.slice(p, d));
          p = d + 1;
        }
        onRecord(line, fields);
      }
      line++;
      pos = end + 1;
    }
  };
  let carry: Buffer | null = null;
  for await (const chunk of input) {
    const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const lastLf = bytes.lastIndexOf(10);
    if (lastLf === -1) {
      carry = bytes;
      continue;
    }
    carry = lastLf + 1 < bytes.length ? bytes.subarray(lastLf + 1) : null;
    split(decode(bytes.subarray(0, lastLf + 1)));
  }
  if (carry) split(decode(carry));
}

function readWith(reader: CsvReaderName, encoding: PeerEncoding, path: string, onRecord: OnRecord): Promise<void> {
  const input = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer> & NodeJS.ReadableStream;
  switch (reader) {
    case 'floor':
      return readFloor(input, encoding, onRecord);
    case 'ours':
      return (async () => {
        // Only the public API: records in arrays, each with its start line and fields.
        for await (const batch of readCsv(input, { encoding })) for (const r of batch) onRecord(r.line, r.fields);
      })();
    case 'csvparse-iconv':
      return readCsvPeer(input, { encoding, decoder: 'iconv-lite' }, (r) => onRecord(r.line, r.fields));
    case 'csvparse-bytes':
      return readCsvPeer(input, { encoding, decoder: 'csv-parse' }, (r) => onRecord(r.line, r.fields));
    default: {
      const never: never = reader;
      throw new Error(`unknown reader ${String(never)}`);
    }
  }
}

export type CsvChildResult = {
  ms: number;
  cpuMs: number;
  records: number;
  fields: number;
  /** Characters in all fields: the consumer reads every string, so none is left unbuilt. */
  chars: number;
  peakRssMb: number;
  /** SHA-256 over start lines and fields, from a second, untimed pass; null when not asked. */
  digest: string | null;
};

/** Child side: one timed pass with a minimal consumer, then (with `check`) an untimed hashing pass. */
export async function childCsvReader(reader: CsvReaderName, encoding: PeerEncoding, path: string, check: boolean): Promise<CsvChildResult> {
  let records = 0;
  let fields = 0;
  let chars = 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  await readWith(reader, encoding, path, (_line, f) => {
    records++;
    fields += f.length;
    for (let i = 0; i < f.length; i++) chars += (f[i] as string).length;
  });
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

  let digest: string | null = null;
  if (check) {
    const hash = createHash('sha256');
    let parts: string[] = [];
    let size = 0;
    let checked = 0;
    await readWith(reader, encoding, path, (line, f) => {
      checked++;
      const s = `${line}\u001f${f.join('\u001f')}\u001e`;
      parts.push(s);
      size += s.length;
      if (size >= 1 << 20) {
        hash.update(parts.join(''), 'utf8');
        parts = [];
        size = 0;
      }
    });
    hash.update(parts.join(''), 'utf8');
    if (checked !== records) throw new Error(`${reader} gave ${records} records, then ${checked} on the second pass`);
    digest = hash.digest('hex');
  }
  return { ms, cpuMs: (used.user + used.system) / 1000, records, fields, chars, peakRssMb, digest };
}

/** The windows-1251 copy of the demo file: made once (not timed), next to it, reused afterwards. */
export async function ensureCp1251Copy(utf8Path: string): Promise<string> {
  const path = utf8Path.replace(/\.csv$/, '.cp1251.csv');
  if (existsSync(path)) return path;
  const tmp = `${path}.partial`;
  await pipeline(createReadStream(utf8Path), iconv.decodeStream('utf-8'), iconv.encodeStream('windows-1251'), createWriteStream(tmp));
  renameSync(tmp, path); // an interrupted copy is never mistaken for a complete one
  return path;
}

// ---------------------------------------------------------------------------------------------
// Parent side

type Config = { key: string; reader: CsvReaderName; encoding: PeerEncoding; label: string };

const CONFIGS: readonly Config[] = [
  { key: 'floor', reader: 'floor', encoding: 'utf-8', label: 'floor (indexOf split, no quoting)' },
  { key: 'ours', reader: 'ours', encoding: 'utf-8', label: 'ours (directory/csv.ts)' },
  { key: 'csvparse', reader: 'csvparse-iconv', encoding: 'utf-8', label: 'csv-parse ← iconv-lite' },
  { key: 'csvparse_bytes', reader: 'csvparse-bytes', encoding: 'utf-8', label: 'csv-parse decoding itself' },
  { key: 'floor_cp1251', reader: 'floor', encoding: 'windows-1251', label: 'floor (indexOf split, no quoting)' },
  { key: 'ours_cp1251', reader: 'ours', encoding: 'windows-1251', label: 'ours (directory/csv.ts)' },
  { key: 'csvparse_cp1251', reader: 'csvparse-iconv', encoding: 'windows-1251', label: 'csv-parse ← iconv-lite' },
];

export class CsvReadersDisagreeError extends Error {
  override readonly name = 'CsvReadersDisagreeError';
}

type Figure = { ms: number; cpuMs: number; peakRssMb: number; rowsPerS: number; mbPerS: number };
export type CsvReaderFigures = { runs: number; records: number; digest: string; csvMb: number; cp1251Mb: number; byKey: Map<string, Figure> };

export type CsvReaderPhaseDeps = {
  /** Runs this bench file as a child with the given arguments and returns its last JSON line. */
  runChild: (args: readonly string[]) => CsvChildResult;
  csvPath: string;
  /** Data rows in the file (the header comes on top). */
  rows: number;
  runs: number;
  sizeMb: (path: string) => number;
};

async function warm(path: string): Promise<void> {
  // Into the page cache before any timing, so the first reader does not pay for the disk.
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) void chunk;
}

export async function measureCsvReaders(deps: CsvReaderPhaseDeps): Promise<CsvReaderFigures> {
  const cp1251 = await ensureCp1251Copy(deps.csvPath);
  await warm(deps.csvPath);
  await warm(cp1251);
  const results = new Map<string, CsvChildResult[]>(CONFIGS.map((c) => [c.key, []]));
  // Round-robin, so a burst of load elsewhere is spread over the readers instead of hitting one.
  for (let round = 0; round < deps.runs; round++) {
    for (const c of CONFIGS) {
      const path = c.encoding === 'utf-8' ? deps.csvPath : cp1251;
      const check = round === 0 && c.reader !== 'floor';
      const r = deps.runChild(['--child', 'csv', '--reader', c.reader, '--encoding', c.encoding, '--csv', path, ...(check ? ['--check'] : [])]);
      results.get(c.key)?.push(r);
    }
  }

  // Every real reader must read the same records; the floor has no quoting, so it is left out.
  const checked = CONFIGS.filter((c) => c.reader !== 'floor').map((c) => ({ c, r: (results.get(c.key) as CsvChildResult[])[0] as CsvChildResult }));
  const reference = checked.find((x) => x.c.key === 'ours') as (typeof checked)[number];
  const expected = deps.rows + 1;
  const wrong = checked.filter((x) => x.r.records !== expected || x.r.digest !== reference.r.digest);
  if (wrong.length > 0 || reference.r.digest === null) {
    const list = checked.map((x) => `${x.c.key} (${x.c.encoding}): ${x.r.records} records, sha256 ${x.r.digest ?? 'none'}`).join('; ');
    throw new CsvReadersDisagreeError(`the CSV readers disagree on the demo file (expected ${expected} records incl. the header): ${list}`);
  }

  const csvMb = deps.sizeMb(deps.csvPath);
  const cp1251Mb = deps.sizeMb(cp1251);
  const byKey = new Map<string, Figure>();
  for (const c of CONFIGS) {
    const runs = results.get(c.key) as CsvChildResult[];
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const mb = c.encoding === 'utf-8' ? csvMb : cp1251Mb;
    byKey.set(c.key, {
      ms: best.ms,
      cpuMs: best.cpuMs,
      peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
      rowsPerS: deps.rows / (best.ms / 1000),
      mbPerS: mb / (best.ms / 1000),
    });
  }
  return { runs: deps.runs, records: expected, digest: reference.r.digest, csvMb, cp1251Mb, byKey };
}

const fig = (f: CsvReaderFigures, key: string): Figure => f.byKey.get(key) as Figure;
const r3 = (x: number): number => Number(x.toFixed(3));

export function printCsvReaders(f: CsvReaderFigures): void {
  console.log('');
  console.log(`CSV reader, parsing only (best of ${f.runs} rounds)   seconds  CPU s    rows/s   MB/s  peak RSS MB  vs floor`);
  for (const c of CONFIGS) {
    const x = fig(f, c.key);
    const floor = fig(f, c.encoding === 'utf-8' ? 'floor' : 'floor_cp1251');
    const enc = c.reader === 'floor' ? (c.encoding === 'utf-8' ? `UTF-8 ${f.csvMb.toFixed(0)} MB` : `cp1251 ${f.cp1251Mb.toFixed(0)} MB`) : '';
    console.log(
      `  ${enc.padEnd(15)} ${c.label.padEnd(34)} ${(x.ms / 1000).toFixed(2).padStart(6)} ${(x.cpuMs / 1000).toFixed(2).padStart(6)} ${Math.round(x.rowsPerS).toString().padStart(9)} ${x.mbPerS.toFixed(0).padStart(6)} ${String(x.peakRssMb).padStart(8)}   ${(x.ms / floor.ms).toFixed(2).padStart(5)}×`,
    );
  }
  const ratio = (a: string, b: string): string => (fig(f, a).ms / fig(f, b).ms).toFixed(2);
  console.log(
    `  ours ÷ csv-parse (< 1: ours faster): UTF-8 ${ratio('ours', 'csvparse')} (← iconv-lite), ${ratio('ours', 'csvparse_bytes')} (csv-parse decoding); windows-1251 ${ratio('ours_cp1251', 'csvparse_cp1251')}`,
  );
  console.log(`  readers agree: ${f.records} records (header included), sha256 of lines and fields ${f.digest.slice(0, 16)}…`);
}

/** Keys added to the bench's final JSON line. */
export function csvReadersJson(f: CsvReaderFigures): Record<string, number | string> {
  const out: Record<string, number | string> = { csv_reader_runs: f.runs, csv_reader_records: f.records, csv_cp1251_mb: Number(f.cp1251Mb.toFixed(1)) };
  for (const c of CONFIGS) {
    const x = fig(f, c.key);
    out[`csv_reader_${c.key}_ms`] = Math.round(x.ms);
    out[`csv_reader_${c.key}_cpu_ms`] = Math.round(x.cpuMs);
    out[`csv_reader_${c.key}_rows_per_s`] = Math.round(x.rowsPerS);
    out[`csv_reader_${c.key}_peak_rss_mb`] = x.peakRssMb;
  }
  const ms = (key: string): number => fig(f, key).ms;
  out.csv_ours_vs_csvparse = r3(ms('ours') / ms('csvparse'));
  out.csv_ours_vs_csvparse_bytes = r3(ms('ours') / ms('csvparse_bytes'));
  out.csv_ours_vs_csvparse_cp1251 = r3(ms('ours_cp1251') / ms('csvparse_cp1251'));
  out.csv_ours_vs_floor = r3(ms('ours') / ms('floor'));
  out.csv_csvparse_vs_floor = r3(ms('csvparse') / ms('floor'));
  out.csv_ours_cp1251_vs_floor = r3(ms('ours_cp1251') / ms('floor_cp1251'));
  out.csv_csvparse_cp1251_vs_floor = r3(ms('csvparse_cp1251') / ms('floor_cp1251'));
  return out;
}

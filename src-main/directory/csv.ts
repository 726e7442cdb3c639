/**
 * Streaming RFC-4180 CSV reader for directory imports (docs/directory-csv.md).
 *
 * Speed matters (a 1M-row billing export is ~220 MB): lines without a quote character are cut
 * into fields with `indexOf` + `slice`, quoted fields are scanned with `indexOf` too, so no
 * per-character work happens in JavaScript and no string is built character by character.
 * Records come out in arrays (one per input chunk) to keep the per-record cost of the async
 * iteration low. Measured ~140–150 MB/s on this machine, half of it UTF-8 decoding.
 */
import { isAscii, isUtf8, transcode } from 'node:buffer';

/** What the bytes turned out to be (reported to the operator with the import result). */
export type CsvEncoding = 'utf-8' | 'windows-1251' | 'utf-16le' | 'utf-16be';
/** What the operator asked for: `auto` detects from the bytes (see CsvDecoder). */
export type CsvEncodingChoice = 'auto' | CsvEncoding;
export type CsvDelimiter = ';' | ',' | '\t';

export type CsvRecord = {
  /** 1-based physical line where the record starts (quoted newlines make records span lines). */
  readonly line: number;
  readonly fields: string[];
};

export type CsvOptions = {
  readonly encoding: CsvEncodingChoice;
  /** Skip detection; by default the delimiter is the most frequent of `;` `,` TAB in the header line. */
  readonly delimiter?: CsvDelimiter;
  /** Told the delimiter once it is known (after the header line). */
  readonly onDelimiter?: (d: CsvDelimiter) => void;
  /** Told the encoding once the bytes have decided it. */
  readonly onEncoding?: (e: CsvEncoding) => void;
};

/**
 * Bounds that keep one stray quote (or a file that is not a directory at all) from swallowing
 * the rest of the file into one field: no directory value spans more than a few lines, and a
 * billing export's row is a few KB even with a hundred extra columns.
 */
export const MAX_QUOTED_FIELD_LINES = 100;
export const MAX_RECORD_CHARS = 1 << 20;

/** Malformed quoting or an impossible record; `line` is the physical line where the offending field starts. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

/** Bytes that are not text in the encoding being read (a windows-1251 file read as UTF-8, a binary file). */
export class CsvEncodingError extends Error {
  override readonly name = 'CsvEncodingError';
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(detail);
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const STRAY_QUOTE_HINT = 'a stray " at the start of a field? A quote inside a quoted field must be doubled: ""';
const CANDIDATES: readonly CsvDelimiter[] = [';', ',', '\t'];

/** Most frequent candidate outside quotes in the header line; ties prefer `;` (Russian Excel/1C). */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  let best: CsvDelimiter = ';';
  let bestCount = 0;
  for (const d of CANDIDATES) {
    let n = 0;
    let quoted = false;
    for (let i = 0; i < headerLine.length; i++) {
      const c = headerLine[i];
      if (c === '"') quoted = !quoted;
      else if (c === d && !quoted) n++;
    }
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Synchronous incremental parser over decoded text: `push` returns the records completed by the
 * new text, `end` the rest. Kept separate from the byte stream so tests can drive it directly.
 *
 * Line ends may be LF, CRLF or a lone CR (old Mac and some 1C exports), mixed in one file: a lone
 * CR is turned into LF as text arrives, so the scanning below only ever looks for LF.
 */
export class CsvParser {
  private buf = '';
  /** Text received while `buf` holds an incomplete record too large to re-scan on every chunk. */
  private pending: string[] = [];
  private pendingLen = 0;
  /** The previous text ended with CR: a lone CR or the first half of CRLF, decided by the next text. */
  private crHeld = false;
  /** Physical line of buf[0]; buf always starts at a record boundary. */
  private line = 1;
  private delim: string | null;
  private delimCode = 0;

  constructor(delimiter?: CsvDelimiter) {
    this.delim = delimiter ?? null;
    if (delimiter) this.delimCode = delimiter.charCodeAt(0);
  }

  get delimiter(): CsvDelimiter | null {
    return this.delim as CsvDelimiter | null;
  }

  /** Physical line the parser has reached (the start of the first unfinished record). */
  get currentLine(): number {
    return this.line;
  }

  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    text = this.lineEnds(text, false);
    if (text === '') return out;
    if (this.buf.length > 0) {
      // An incomplete record (a long quoted field) is re-scanned from its start; waiting until
      // the new text is as long as what is buffered keeps that amortized linear. (The bounds in
      // parse() stop it at MAX_RECORD_CHARS, so the buffer stays within about twice that.)
      if (this.pendingLen + text.length < this.buf.length) {
        this.pending.push(text);
        this.pendingLen += text.length;
        return out;
      }
      if (this.pending.length > 0) {
        text = this.pending.join('') + text;
        this.pending = [];
        this.pendingLen = 0;
      }
      // The usual leftover is the unquoted start of one line: finish it with the new text up to
      // its first LF instead of prepending it to (and so copying) the whole chunk.
      const nl = this.delim !== null && !this.buf.includes('"') ? text.indexOf('\n') : -1;
      if (nl >= 0) {
        // (A quote opened after the leftover can leave the head unfinished: then join the rest.)
        const rest = this.parse(this.buf + text.slice(0, nl + 1), false, out);
        text = rest === '' ? text.slice(nl + 1) : rest + text.slice(nl + 1);
      } else {
        text = this.buf + text;
      }
      this.buf = '';
    }
    this.buf = this.parse(text, false, out);
    return out;
  }

  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    const text = this.buf + this.pending.join('') + this.lineEnds('', true);
    this.pending = [];
    this.pendingLen = 0;
    this.buf = '';
    if (text !== '') this.parse(text, true, out);
    return out;
  }

  /** Lone CR → LF; a CR at the end of `text` waits for the next text (it may be half of CRLF). */
  private lineEnds(text: string, final: boolean): string {
    if (this.crHeld) {
      this.crHeld = false;
      text = `\r${text}`;
    }
    if (!final && text.charCodeAt(text.length - 1) === CR) {
      this.crHeld = true;
      text = text.slice(0, -1);
    }
    // The common CRLF file pays one indexOf per line; only a file with a lone CR pays the replace.
    let i = text.indexOf('\r');
    while (i !== -1 && text.charCodeAt(i + 1) === LF) i = text.indexOf('\r', i + 2);
    return i === -1 ? text : text.slice(0, i) + text.slice(i).replace(/\r(?!\n)/g, '\n');
  }

  /** Appends the complete records of `buf` to `out`; returns the unparsed rest. */
  private parse(buf: string, final: boolean, out: CsvRecord[]): string {
    const len = buf.length;
    let pos = 0;
    let line = this.line;
    if (this.delim === null) {
      // The header is the first line that is not blank.
      let from = 0;
      for (;;) {
        const nl = buf.indexOf('\n', from);
        if (nl < 0 && !final) {
          if (len - from > MAX_RECORD_CHARS) throw tooLong(line + countNewlines(buf, 0, from));
          return buf;
        }
        const head = buf.slice(from, nl < 0 ? len : nl);
        if (head.trim() !== '' || nl < 0) {
          this.delim = detectDelimiter(head);
          break;
        }
        from = nl + 1;
      }
      this.delimCode = this.delim.charCodeAt(0);
    }
    const delim = this.delim;
    const delimCode = this.delimCode;
    let nextQuote = buf.indexOf('"');

    while (pos < len) {
      let lineEnd = buf.indexOf('\n', pos);
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf('"', pos);
      if (lineEnd < 0) {
        if (!final) {
          // (With a quote ahead, the quoted path below applies its own bounds and messages.)
          if (nextQuote === -1) {
            if (len - pos > MAX_RECORD_CHARS) throw tooLong(line);
            break;
          }
          lineEnd = len;
        } else {
          lineEnd = len;
        }
      }
      if (nextQuote === -1 || nextQuote > lineEnd) {
        // Fast path: no quote on this line.
        if (lineEnd - pos > MAX_RECORD_CHARS) throw tooLong(line);
        const contentEnd = lineEnd > pos && buf.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
        if (contentEnd > pos) {
          const fields = splitLine(buf, pos, contentEnd, delim);
          // A line of only spaces is an empty line, not a record of one blank field.
          if (fields.length > 1 || (fields[0] as string).trim() !== '') out.push({ line, fields });
        }
        line++;
        pos = lineEnd + 1;
        continue;
      }
      const next = this.parseQuotedRecord(buf, pos, line, delimCode, final, out);
      if (next < 0) break;
      // Lines consumed = newlines between pos and next (the record's own terminator included).
      line += countNewlines(buf, pos, next);
      if (next >= len && buf.charCodeAt(len - 1) !== LF) line++;
      pos = next;
    }

    this.line = line;
    return pos >= len ? '' : buf.slice(pos);
  }

  /**
   * Slow path for a record with a quote somewhere: field by field. Returns the position after
   * the record's line terminator, or -1 when the buffer ends inside the record (need more text).
   */
  private parseQuotedRecord(buf: string, start: number, line: number, delimCode: number, final: boolean, out: CsvRecord[]): number {
    const len = buf.length;
    const fields: string[] = [];
    let p = start;
    let nl = -2; // cached position of the next LF at or after p (-2: unknown)
    for (;;) {
      if (buf.charCodeAt(p) === QUOTE) {
        // Errors about this field name the line where its quote opened, not where the scan gave up.
        const opened = line + countNewlines(buf, start, p);
        let spanned = 0; // line breaks inside the field so far
        let value = '';
        let seg = p + 1;
        for (;;) {
          const q = buf.indexOf('"', seg);
          const segEnd = q < 0 ? len : q;
          for (let n = buf.indexOf('\n', seg); n !== -1 && n < segEnd; n = buf.indexOf('\n', n + 1)) {
            if (++spanned >= MAX_QUOTED_FIELD_LINES) {
              throw new CsvSyntaxError(opened, `a quoted field opened here is still open ${MAX_QUOTED_FIELD_LINES} lines later (${STRAY_QUOTE_HINT})`);
            }
          }
          if (segEnd - start > MAX_RECORD_CHARS) {
            throw new CsvSyntaxError(opened, `a quoted field opened here is still open after ${MAX_RECORD_CHARS} characters (${STRAY_QUOTE_HINT})`);
          }
          if (q < 0) {
            if (!final) return -1;
            throw new CsvSyntaxError(opened, `a quoted field opened here never closes (${STRAY_QUOTE_HINT})`);
          }
          if (q + 1 >= len && !final) return -1; // cannot tell `"` from `""` yet
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += buf.slice(seg, q + 1);
            seg = q + 2;
            continue;
          }
          value += buf.slice(seg, q);
          p = q + 1;
          break;
        }
        fields.push(value);
        nl = -2;
        if (p >= len) {
          if (!final) return -1;
          out.push({ line, fields });
          return len;
        }
        const c = buf.charCodeAt(p);
        if (c === delimCode) {
          p++;
          continue;
        }
        if (c === LF) {
          out.push({ line, fields });
          return p + 1;
        }
        if (c === CR) {
          if (p + 1 >= len && !final) return -1;
          if (p + 1 >= len || buf.charCodeAt(p + 1) === LF) {
            out.push({ line, fields });
            return Math.min(p + 2, len);
          }
        }
        if (spanned > 0) {
          // The usual cause: a stray quote opened a field that ran on to the next quote in the file.
          throw new CsvSyntaxError(
            opened,
            `a quoted field opened here (field ${fields.length}) runs to line ${opened + spanned}, where text follows its closing quote (${STRAY_QUOTE_HINT})`,
          );
        }
        throw new CsvSyntaxError(opened, `text after the closing quote of field ${fields.length} (a quote inside a quoted field must be doubled: "")`);
      }
      // Unquoted field: ends at the delimiter or the end of the line; a stray quote inside it is
      // kept as text (what Excel itself accepts).
      if (nl === -2 || (nl !== -1 && nl < p)) nl = buf.indexOf('\n', p);
      const lineEnd = nl === -1 ? len : nl;
      const d = buf.indexOf(this.delim as string, p);
      if (d !== -1 && d < lineEnd) {
        fields.push(buf.slice(p, d));
        p = d + 1;
        continue;
      }
      // Checked at the last field, so a quoted field in the record gets its own message first.
      if (nl === -1 && !final) {
        if (len - start > MAX_RECORD_CHARS) throw tooLong(line);
        return -1;
      }
      if (lineEnd - start > MAX_RECORD_CHARS) throw tooLong(line);
      const contentEnd = lineEnd > p && buf.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      fields.push(buf.slice(p, contentEnd));
      out.push({ line, fields });
      return nl === -1 ? len : nl + 1;
    }
  }
}

function tooLong(line: number): CsvSyntaxError {
  return new CsvSyntaxError(line, `the record is longer than ${MAX_RECORD_CHARS} characters: not a directory row (is this file a CSV export?)`);
}

/** Fields of buf[from, to) (no quotes in it): indexOf + slice beats slice().split() by ~30% here. */
function splitLine(buf: string, from: number, to: number, delim: string): string[] {
  const fields: string[] = [];
  let p = from;
  for (;;) {
    const d = buf.indexOf(delim, p);
    if (d === -1 || d >= to) {
      fields.push(buf.slice(p, to));
      return fields;
    }
    fields.push(buf.slice(p, d));
    p = d + 1;
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Bytes looked at before deciding the encoding (BOM, UTF-16 NUL pattern, binary). */
const SNIFF_BYTES = 4096;

/**
 * What the first bytes say, before any choice of the operator: a BOM decides; NUL bytes only at
 * odd (even) offsets are UTF-16LE (BE) text without a BOM (ASCII letters, digits and separators
 * have a zero high byte); other control bytes in quantity mean the file is not text at all.
 */
export function sniffEncoding(sample: Uint8Array, atEnd: boolean): { encoding: CsvEncoding; bom: number } | 'binary' | null {
  const [b0, b1, b2] = sample;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (!atEnd && sample.length < 3) return null;
  let nulEven = 0;
  let nulOdd = 0;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i] as number;
    if (b === 0) {
      if (i % 2 === 0) nulEven++;
      else nulOdd++;
    }
    // C0 controls other than TAB, LF, VT, FF, CR and ESC/SUB: never in a text export.
    if (b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1a && b !== 0x1b) controls++;
  }
  const pairs = Math.floor(sample.length / 2);
  if (nulOdd > 0 && nulEven === 0 && nulOdd * 16 >= pairs) return { encoding: 'utf-16le', bom: 0 };
  if (nulEven > 0 && nulOdd === 0 && nulEven * 16 >= pairs) return { encoding: 'utf-16be', bom: 0 };
  if (controls * 32 > sample.length) return 'binary';
  return null;
}

/** Index after the last complete UTF-8 character of bytes[start, …) (the rest is at most 3 bytes). */
function utf8CompleteEnd(bytes: Buffer, start: number): number {
  const end = bytes.length;
  let back = 0;
  while (back < 4 && end - back > start && ((bytes[end - back - 1] as number) & 0xc0) === 0x80) back++;
  const lead = end - back - 1 >= start ? (bytes[end - back - 1] as number) : 0;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? end - back - 1 : end;
}

/**
 * Bytes → text for one stream, deciding the encoding from the bytes where they are certain:
 * a BOM (UTF-8, UTF-16LE/BE) or the UTF-16 NUL pattern win over the operator's choice (a UTF-16
 * file read as anything else is garbage); a binary file is refused. Otherwise the choice holds;
 * `auto` reads ASCII as ASCII until the first non-ASCII bytes, then takes UTF-8 if they are
 * valid UTF-8 and windows-1251 (what Russian Excel and 1C write) if not.
 *
 * UTF-8 goes through ICU's converter (buffer.transcode) and a UTF-16 buffer, about twice as fast
 * here as TextDecoder (~400 vs ~200 MB/s on Cyrillic text), with buffer.isUtf8 (simdutf) first,
 * so invalid bytes fail instead of becoming U+FFFD. windows-1251 and UTF-16 use TextDecoder
 * (UTF-16 with `fatal`, so a lone surrogate fails too).
 */
export class CsvDecoder {
  private sniffed: Buffer[] = [];
  private sniffedLen = 0;
  /** null while sniffing; 'ascii' while `auto` has seen only ASCII. */
  private mode: CsvEncoding | 'ascii' | null = null;
  private carry: Buffer | null = null;
  private decoder: TextDecoder | null = null;
  /** `auto` chose UTF-8 from the start of the file (changes the hint when a later part is not). */
  private detected = false;

  constructor(
    private readonly choice: CsvEncodingChoice,
    private readonly currentLine: () => number,
  ) {}

  /** The encoding in use, or null while it is not decided yet. */
  get encoding(): CsvEncoding | null {
    return this.mode === null || this.mode === 'ascii' ? null : this.mode;
  }

  decode(chunk: Uint8Array | null): string {
    if (this.mode === null) {
      if (chunk !== null) {
        this.sniffed.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        this.sniffedLen += chunk.byteLength;
        if (this.sniffedLen < SNIFF_BYTES) return '';
      }
      const all = Buffer.concat(this.sniffed);
      this.sniffed = [];
      const s = sniffEncoding(all.subarray(0, SNIFF_BYTES), chunk === null);
      if (s === 'binary') {
        throw new CsvEncodingError(
          1,
          'the file is not text (it has control bytes such as NUL near its start): expected a CSV export, not a spreadsheet or an image',
        );
      }
      const bom = s?.bom ?? 0;
      this.start(s?.encoding ?? (this.choice === 'auto' ? 'ascii' : this.choice));
      const text = this.bytes(all.subarray(bom));
      return chunk === null ? text + this.bytes(null) : text;
    }
    return this.bytes(chunk === null ? null : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }

  private start(mode: CsvEncoding | 'ascii'): void {
    this.mode = mode;
    if (mode === 'windows-1251') this.decoder = new TextDecoder('windows-1251');
    // ignoreBOM: the BOM was already cut by the sniffing; a U+FEFF later is text (and refused as such).
    if (mode === 'utf-16le' || mode === 'utf-16be') this.decoder = new TextDecoder(mode, { fatal: true, ignoreBOM: true });
  }

  private bytes(chunk: Buffer | null): string {
    switch (this.mode) {
      case 'windows-1251':
        return chunk ? (this.decoder as TextDecoder).decode(chunk, { stream: true }) : (this.decoder as TextDecoder).decode();
      case 'utf-16le':
      case 'utf-16be':
        try {
          return chunk ? (this.decoder as TextDecoder).decode(chunk, { stream: true }) : (this.decoder as TextDecoder).decode();
        } catch (err) {
          throw new CsvEncodingError(
            this.currentLine(),
            `the file is not valid ${this.mode.toUpperCase()} at or after line ${this.currentLine()} (${err instanceof Error ? err.message : String(err)})`,
          );
        }
      case 'utf-8':
        return this.utf8(chunk);
      case 'ascii':
        return this.ascii(chunk);
      case null:
        throw new Error('CsvDecoder: bytes before the encoding is decided');
      default:
        return assertNever(this.mode);
    }
  }

  /** `auto` before any non-ASCII byte: ASCII reads the same in UTF-8 and windows-1251. */
  private ascii(chunk: Buffer | null): string {
    let bytes = chunk;
    if (this.carry) bytes = chunk ? Buffer.concat([this.carry, chunk]) : this.carry;
    this.carry = null;
    if (bytes === null) return '';
    if (isAscii(bytes)) return bytes.toString('latin1');
    const end = chunk === null ? bytes.length : utf8CompleteEnd(bytes, 0);
    const head = bytes.subarray(0, end);
    if (isUtf8(head)) {
      if (isAscii(head)) {
        // Only the cut-off tail is non-ASCII: decide when it is complete.
        this.carry = bytes.subarray(end);
        return head.toString('latin1');
      }
      this.detected = true;
      this.start('utf-8');
      return this.utf8(bytes);
    }
    this.start('windows-1251');
    return this.bytes(bytes);
  }

  private utf8(chunk: Buffer | null): string {
    const toText = (bytes: Buffer): string => {
      if (!isUtf8(bytes)) {
        const line = this.currentLine();
        throw new CsvEncodingError(
          line,
          this.detected
            ? `the file is not valid utf-8 at or after line ${line}, although its start is: it mixes encodings; save it again as one (UTF-8 or windows-1251)`
            : `the file is not valid utf-8 (at or after line ${line}); files saved by Excel or 1C in Russian are often windows-1251: import it with that encoding or with automatic detection`,
        );
      }
      return transcode(bytes, 'utf8', 'ucs2').toString('ucs2');
    };
    if (chunk === null) {
      const rest = this.carry;
      this.carry = null;
      return rest ? toText(rest) : '';
    }
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    // Cut after the last complete character; the rest (at most 3 bytes) waits for the next chunk.
    const end = utf8CompleteEnd(bytes, 0);
    if (end < bytes.length) this.carry = bytes.subarray(end);
    return end > 0 ? toText(bytes.subarray(0, end)) : '';
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${String(x)}`);
}

/**
 * Reads CSV records from a byte stream (a file read stream): decodes incrementally (see
 * CsvDecoder: BOM and UTF-16 detection, invalid bytes fail instead of turning into U+FFFD) and
 * yields the records completed by each chunk as one array.
 */
export async function* readCsv(input: AsyncIterable<Uint8Array>, opts: CsvOptions): AsyncGenerator<CsvRecord[], void, undefined> {
  const parser = new CsvParser(opts.delimiter);
  const decoder = new CsvDecoder(opts.encoding, () => parser.currentLine);
  let told = false;
  let toldEncoding = false;
  const tell = (final: boolean): void => {
    if (!toldEncoding && (decoder.encoding !== null || final)) {
      toldEncoding = true;
      // A file that is ASCII to the end is valid UTF-8.
      opts.onEncoding?.(decoder.encoding ?? 'utf-8');
    }
    if (told || parser.delimiter === null) return;
    told = true;
    opts.onDelimiter?.(parser.delimiter);
  };
  for await (const chunk of input) {
    const records = parser.push(decoder.decode(chunk));
    tell(false);
    if (records.length > 0) yield records;
  }
  const tail = parser.push(decoder.decode(null));
  const rest = parser.end();
  tell(true);
  if (tail.length > 0) yield tail;
  if (rest.length > 0) yield rest;
}

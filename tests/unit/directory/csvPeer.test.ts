/**
 * The reader benchmark (bench/csvReaders.ts) compares our CSV reader with csv-parse + iconv-lite;
 * that comparison is only honest while both give the same records. Here both read a generated
 * file full of the hard cases (quotes, doubled quotes, delimiters and line breaks inside quoted
 * fields, stray quotes in unquoted fields, empty fields and lines, CRLF and LF mixed, a BOM,
 * windows-1251 bytes), cut into chunks at awkward places, and must give what was written.
 */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { readCsv, type CsvRecord } from '../../../src-main/directory/csv';
import { mulberry32 } from '../../../src-shared/random';
import { readCsvPeer, type PeerEncoding, type PeerOptions } from '../../../bench/csvPeer';

type Sample = { text: string; records: CsvRecord[] };

/** A seeded file and the records a correct reader must find in it (fields and start lines). */
function trickySample(seed: number, count: number): Sample {
  const next = mulberry32(seed);
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const words = ['Иванов', 'Фёдорова', 'ЁЛКА', 'ул. Тверская, д. 7', 'abc', '42', '-1 234,56', 'ООО', 'Щёлково', 'x', '+7 903 969-14-45'];
  // Each needs quoting; the value is what the field must read back as.
  const hard = ['a;b', 'ЖК "Северный"', '"', '""', 'two\nlines', 'crlf\r\ninside', 'end\n', ';', 'x;"y"\n;z', '\n\n'];

  const records: CsvRecord[] = [];
  const parts: string[] = [];
  let line = 1;
  const eol = (): string => (next() < 0.5 ? '\r\n' : '\n');
  const header = ['Номер договора', 'ФИО', 'Телефоны', 'Адрес'];
  parts.push(header.join(';'), eol());
  records.push({ line, fields: header });
  line++;
  for (let n = 0; n < count; n++) {
    if (next() < 0.05) {
      parts.push(eol()); // an empty line: skipped, but it still counts as a line
      line++;
    }
    const width = next() < 0.1 ? 2 + int(5) : 4; // wrong field counts pass through to the importer
    const fields: string[] = [];
    const raw: string[] = [];
    for (let i = 0; i < width; i++) {
      const kind = next();
      let value: string;
      let text: string;
      if (kind < 0.15) {
        value = pick(hard);
        text = `"${value.replaceAll('"', '""')}"`;
      } else if (kind < 0.25) {
        value = next() < 0.5 ? '' : pick(words);
        text = `"${value}"`; // quoted without need, or an empty quoted field
      } else if (kind < 0.32) {
        value = `${pick(words)}"${pick(words)}`; // a stray quote inside an unquoted field is text
        text = value;
      } else if (kind < 0.42) {
        value = '';
        text = '';
      } else {
        value = `${pick(words)} ${pick(words)}`;
        text = value;
      }
      fields.push(value);
      raw.push(text);
    }
    records.push({ line, fields });
    parts.push(raw.join(';'));
    line += raw.join(';').split('\n').length - 1;
    const last = n === count - 1;
    if (!last || next() < 0.5) {
      parts.push(eol()); // the last record sometimes has no line end
      line++;
    }
  }
  return { text: parts.join(''), records };
}

/** The bytes in chunks cut at seeded random places, the first ones tiny (inside a BOM, a CRLF). */
async function* chunks(bytes: Uint8Array, seed: number, maxChunk: number): AsyncGenerator<Uint8Array> {
  const next = mulberry32(seed);
  let from = 0;
  for (const first of [1, 1, 2]) {
    yield bytes.subarray(from, Math.min(bytes.length, from + first));
    from = Math.min(bytes.length, from + first);
  }
  while (from < bytes.length) {
    const to = Math.min(bytes.length, from + 1 + Math.floor(next() * maxChunk));
    yield bytes.subarray(from, to);
    from = to;
  }
}

async function readOurs(input: AsyncIterable<Uint8Array>, encoding: PeerEncoding): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of readCsv(input, { encoding })) for (const r of batch) out.push({ line: r.line, fields: r.fields });
  return out;
}

async function readPeer(input: AsyncIterable<Uint8Array>, opts: PeerOptions): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  await readCsvPeer(input, opts, (r) => out.push(r));
  return out;
}

const SAMPLE = trickySample(20261206, 3000);
const UTF8_WITH_BOM = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE.text, 'utf8')]);
const CP1251 = iconv.encode(SAMPLE.text, 'windows-1251');

describe('our CSV reader and its benchmark peer (csv-parse + iconv-lite) read the same records', () => {
  it('the sample really holds the hard cases', () => {
    const t = SAMPLE.text;
    for (const needle of ['""', '";"', '"\n', '\r\n"', ';"";', '\n\n', '\r\n\r\n']) expect(t).toContain(needle);
    expect(SAMPLE.records.some((r) => r.fields.some((f) => /^[^"]+"[^"]+$/.test(f)))).toBe(true); // stray quote
    expect(SAMPLE.records.some((r) => r.fields.length !== 4)).toBe(true);
    // Every character survives windows-1251 (no '?' stand-ins), so both files hold the same text.
    expect(iconv.decode(CP1251, 'windows-1251')).toBe(t);
    expect(CP1251.some((b) => b >= 0xc0)).toBe(true);
  });

  for (const [name, maxChunk] of [
    ['small chunks', 7],
    ['large chunks', 5000],
  ] as const) {
    it(`UTF-8 with a BOM, ${name}: ours, csv-parse ← iconv-lite and csv-parse on bytes agree`, async () => {
      const ours = await readOurs(chunks(UTF8_WITH_BOM, 1, maxChunk), 'utf-8');
      expect(ours).toEqual(SAMPLE.records);
      expect(await readPeer(chunks(UTF8_WITH_BOM, 2, maxChunk), { encoding: 'utf-8', decoder: 'iconv-lite' })).toEqual(ours);
      expect(await readPeer(chunks(UTF8_WITH_BOM, 3, maxChunk), { encoding: 'utf-8', decoder: 'csv-parse' })).toEqual(ours);
    }, 30_000); // three full reads in 7-byte chunks: seconds on a busy CI machine

    it(`windows-1251, ${name}: ours and csv-parse ← iconv-lite agree`, async () => {
      const ours = await readOurs(chunks(CP1251, 4, maxChunk), 'windows-1251');
      expect(ours).toEqual(SAMPLE.records);
      expect(await readPeer(chunks(CP1251, 5, maxChunk), { encoding: 'windows-1251', decoder: 'iconv-lite' })).toEqual(ours);
    }, 30_000);
  }

  it('start lines stay physical after a CRLF inside a quoted field (csv-parse info.lines would count it twice)', async () => {
    const bytes = Buffer.from('h1;h2\r\n"a\r\nb";x\r\n\r\nnext;y\r\n', 'utf8');
    const expected = [
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['a\r\nb', 'x'] },
      { line: 5, fields: ['next', 'y'] },
    ];
    expect(await readOurs(chunks(bytes, 6, 3), 'utf-8')).toEqual(expected);
    expect(await readPeer(chunks(bytes, 7, 3), { encoding: 'utf-8', decoder: 'iconv-lite' })).toEqual(expected);
  });

  it('refuses to decode windows-1251 with csv-parse itself (it knows only Node encodings)', async () => {
    await expect(readPeer(chunks(CP1251, 8, 100), { encoding: 'windows-1251', decoder: 'csv-parse' })).rejects.toThrow(/iconv-lite/);
  });
});

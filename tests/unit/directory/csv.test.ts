import { describe, expect, it } from 'vitest';
import { CsvEncodingError, CsvSyntaxError, detectDelimiter, readCsv, type CsvEncoding, type CsvRecord } from '../../../src-main/directory/csv';

async function* chunked(bytes: Buffer, cuts: readonly number[]): AsyncGenerator<Buffer> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
}

async function parse(input: string | Buffer, opts: { encoding?: CsvEncoding; cuts?: readonly number[] } = {}): Promise<CsvRecord[]> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out: CsvRecord[] = [];
  for await (const batch of readCsv(chunked(bytes, opts.cuts ?? []), { encoding: opts.encoding ?? 'utf-8' })) out.push(...batch);
  return out;
}

async function parseError(input: string | Buffer, opts: { encoding?: CsvEncoding; cuts?: readonly number[] } = {}): Promise<unknown> {
  try {
    await parse(input, opts);
  } catch (err) {
    return err;
  }
  throw new Error('expected the parse to fail');
}

const fields = (records: readonly CsvRecord[]) => records.map((r) => r.fields);

// Windows-1251 for the letters the tests use: А..я are 0xC0..0xFF in order, Ё 0xA8, ё 0xB8.
function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0) as number;
      if (c < 0x80) return c;
      if (c >= 0x410 && c <= 0x44f) return 0xc0 + (c - 0x410);
      if (ch === 'Ё') return 0xa8;
      if (ch === 'ё') return 0xb8;
      throw new Error(`no cp1251 code for ${ch} in the test table`);
    }),
  );
}

describe('readCsv', () => {
  it('splits plain records and numbers lines from 1', async () => {
    const r = await parse('a;b;c\n1;2;3\n4;5;6\n');
    expect(r).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '5', '6'] },
    ]);
  });

  it('keeps empty fields, reads a last line without a newline and skips blank lines', async () => {
    const r = await parse('a;b;c\n;;\n\nx;;z');
    expect(r).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['', '', ''] },
      { line: 4, fields: ['x', '', 'z'] },
    ]);
  });

  it('reads quoted fields with "" escapes and delimiters inside', async () => {
    const r = await parse('name;note\n"ООО ""Ромашка""";"a;b"\n"";x\n');
    expect(fields(r)).toEqual([['name', 'note'], ['ООО "Ромашка"', 'a;b'], ['', 'x']]);
  });

  it('keeps embedded newlines in quoted fields and still numbers the following records right', async () => {
    const r = await parse('h1;h2\n"two\nlines";x\n"three\r\nphysical\nlines";y\nlast;z\n');
    expect(r).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['two\nlines', 'x'] },
      { line: 4, fields: ['three\r\nphysical\nlines', 'y'] },
      { line: 7, fields: ['last', 'z'] },
    ]);
  });

  it('handles CRLF line ends (no \\r left in fields), also after a quoted last field', async () => {
    const r = await parse('a;b\r\n1;"2"\r\n3;4\r\n');
    expect(fields(r)).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(r.map((x) => x.line)).toEqual([1, 2, 3]);
  });

  it('strips a UTF-8 BOM from the header', async () => {
    const r = await parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Номер договора;ФИО\nД-1;Иванов\n')]));
    expect(r[0]?.fields).toEqual(['Номер договора', 'ФИО']);
  });

  it('detects the delimiter from the header line: ; (Russian Excel/1C), comma, tab', async () => {
    expect(fields(await parse('a;b;c\n"1,5";2;3\n'))).toEqual([['a', 'b', 'c'], ['1,5', '2', '3']]);
    expect(fields(await parse('a,b,c\n1;5,2,3\n'))).toEqual([['a', 'b', 'c'], ['1;5', '2', '3']]);
    expect(fields(await parse('a\tb\n1,2;3\t4\n'))).toEqual([['a', 'b'], ['1,2;3', '4']]);
    // Commas inside quoted header names do not count; a tie goes to ";".
    expect(detectDelimiter('"телефон, основной";адрес')).toBe(';');
    expect(detectDelimiter('a,b;c;d')).toBe(';');
    expect(detectDelimiter('a;b,c')).toBe(';');
  });

  it('decodes windows-1251 input', async () => {
    const text = 'Номер;ФИО\nД-000002;Фёдорова Анна\nД-000003;"ЁЛКИН ""ё"""\n';
    const r = await parse(cp1251(text), { encoding: 'windows-1251', cuts: [7, 20] });
    expect(fields(r)).toEqual([['Номер', 'ФИО'], ['Д-000002', 'Фёдорова Анна'], ['Д-000003', 'ЁЛКИН "ё"']]);
  });

  it('gives the same records whatever the chunk boundaries (every split point, and byte by byte)', async () => {
    const text = '\uFEFFНомер;ФИО;Адрес\r\nД-1;"Фёдоров ""Пётр""";"ул. Ленина,\r\nд. 1"\r\nД-2;Ёлкин;\r\n"Д-3";"";"a;b"\n\nД-4;Щукин;x';
    const bytes = Buffer.from(text, 'utf8');
    const expected = await parse(bytes);
    expect(expected.map((r) => r.line)).toEqual([1, 2, 4, 5, 7]);
    expect(expected[1]?.fields).toEqual(['Д-1', 'Фёдоров "Пётр"', 'ул. Ленина,\r\nд. 1']);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await parse(bytes, { cuts: [cut] }), `split at byte ${cut}`).toEqual(expected);
    }
    for (let cut = 1; cut < bytes.length - 1; cut += 3) {
      expect(await parse(bytes, { cuts: [cut, cut + 1] }), `splits at ${cut}, ${cut + 1}`).toEqual(expected);
    }
    const everyByte = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(await parse(bytes, { cuts: everyByte })).toEqual(expected);
    const cp = cp1251(text.slice(1));
    const cpExpected = await parse(cp, { encoding: 'windows-1251' });
    expect(fields(cpExpected)).toEqual(fields(expected));
    for (let cut = 0; cut <= cp.length; cut++) expect(await parse(cp, { encoding: 'windows-1251', cuts: [cut] })).toEqual(cpExpected);
  });

  it('reads a quoted field spanning many chunks', async () => {
    const long = 'ж'.repeat(200_000);
    const bytes = Buffer.from(`a;b\n"${long}\n${long}";x\nnext;y\n`);
    const cuts = Array.from({ length: Math.floor(bytes.length / 1000) }, (_, i) => (i + 1) * 1000);
    const r = await parse(bytes, { cuts });
    expect(r.map((x) => x.line)).toEqual([1, 2, 4]);
    expect(r[1]?.fields[0]).toBe(`${long}\n${long}`);
  });

  it('rejects an unterminated quote at the end of the file, naming the line where the field starts', async () => {
    const err = await parseError('a;b\n1;2\n3;"open\nstill open\n');
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect((err as CsvSyntaxError).line).toBe(3);
    expect((err as Error).message).toMatch(/line 3: unterminated quoted field/);
  });

  it('rejects text after a closing quote, with the physical line', async () => {
    const err = await parseError('a;b\n"x\ny";2\n"ok";"bad"tail\n');
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect((err as CsvSyntaxError).line).toBe(4);
    expect((err as Error).message).toMatch(/text after the closing quote of field 2/);
  });

  it('rejects bytes that are not UTF-8 instead of inventing U+FFFD, suggesting windows-1251', async () => {
    const err = await parseError(Buffer.concat([Buffer.from('a;b\n1;2\n'), cp1251('Иванов;3\n')]));
    expect(err).toBeInstanceOf(CsvEncodingError);
    expect((err as Error).message).toMatch(/windows-1251/);
  });
});

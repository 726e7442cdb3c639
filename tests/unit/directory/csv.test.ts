import { describe, expect, it } from 'vitest';
import {
  CsvEncodingError,
  CsvSyntaxError,
  MAX_QUOTED_FIELD_LINES,
  MAX_RECORD_CHARS,
  detectDelimiter,
  readCsv,
  type CsvEncoding,
  type CsvEncodingChoice,
  type CsvRecord,
} from '../../../src-main/directory/csv';

async function* chunked(bytes: Buffer, cuts: readonly number[]): AsyncGenerator<Buffer> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
}

type ParseOpts = { encoding?: CsvEncodingChoice; cuts?: readonly number[]; onEncoding?: (e: CsvEncoding) => void };

async function parse(input: string | Buffer, opts: ParseOpts = {}): Promise<CsvRecord[]> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out: CsvRecord[] = [];
  for await (const batch of readCsv(chunked(bytes, opts.cuts ?? []), { encoding: opts.encoding ?? 'utf-8', onEncoding: opts.onEncoding })) out.push(...batch);
  return out;
}

/** Records and the encoding the reader reported. */
async function parseWithEncoding(input: Buffer, opts: ParseOpts = {}): Promise<{ records: CsvRecord[]; encoding: CsvEncoding | null }> {
  let encoding: CsvEncoding | null = null;
  const records = await parse(input, { ...opts, onEncoding: (e) => (encoding = e) });
  return { records, encoding };
}

async function parseError(input: string | Buffer, opts: ParseOpts = {}): Promise<unknown> {
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
    expect(fields(r)).toEqual([
      ['name', 'note'],
      ['ООО "Ромашка"', 'a;b'],
      ['', 'x'],
    ]);
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
    expect(fields(r)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(r.map((x) => x.line)).toEqual([1, 2, 3]);
  });

  it('strips a UTF-8 BOM from the header', async () => {
    const r = await parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Номер договора;ФИО\nД-1;Иванов\n')]));
    expect(r[0]?.fields).toEqual(['Номер договора', 'ФИО']);
  });

  it('detects the delimiter from the header line: ; (Russian Excel/1C), comma, tab', async () => {
    expect(fields(await parse('a;b;c\n"1,5";2;3\n'))).toEqual([
      ['a', 'b', 'c'],
      ['1,5', '2', '3'],
    ]);
    expect(fields(await parse('a,b,c\n1;5,2,3\n'))).toEqual([
      ['a', 'b', 'c'],
      ['1;5', '2', '3'],
    ]);
    expect(fields(await parse('a\tb\n1,2;3\t4\n'))).toEqual([
      ['a', 'b'],
      ['1,2;3', '4'],
    ]);
    // Commas inside quoted header names do not count; a tie goes to ";".
    expect(detectDelimiter('"телефон, основной";адрес')).toBe(';');
    expect(detectDelimiter('a,b;c;d')).toBe(';');
    expect(detectDelimiter('a;b,c')).toBe(';');
  });

  it('decodes windows-1251 input', async () => {
    const text = 'Номер;ФИО\nД-000002;Фёдорова Анна\nД-000003;"ЁЛКИН ""ё"""\n';
    const r = await parse(cp1251(text), { encoding: 'windows-1251', cuts: [7, 20] });
    expect(fields(r)).toEqual([
      ['Номер', 'ФИО'],
      ['Д-000002', 'Фёдорова Анна'],
      ['Д-000003', 'ЁЛКИН "ё"'],
    ]);
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
    // (Was "unterminated quoted field": the message now says that the line is where it opened.)
    expect((err as Error).message).toMatch(/^line 3: a quoted field opened here never closes/);
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

  describe('a stray quote names the line where it opened, and cannot swallow the file', () => {
    const HEADER = 'contract_no;holder;phones';
    /** `rows` data lines; `edit` changes some of them (index 0 = line 1, the header). */
    function file(rows: number, edit: (lines: string[]) => void): string {
      const lines = [HEADER];
      for (let i = 1; i <= rows; i++) lines.push(`Д-${i};Иванов Иван ${i};+7 903 000-00-00`);
      edit(lines);
      return `${lines.join('\n')}\n`;
    }

    it('a quote opened on line 50,000 and closed 180 lines later is reported at 50,000 (was 50,180), as an open field', async () => {
      const text = file(50_300, (l) => {
        l[50_000 - 1] = 'Д-49999;"Иванов Иван;+7 903 000-00-00';
        l[50_180 - 1] = 'Д-50179;Петров "Пётр" Ильич;x';
      });
      const err = await parseError(text, { cuts: [1 << 18, 1 << 19, 1 << 20] });
      expect(err).toBeInstanceOf(CsvSyntaxError);
      expect(err).toMatchObject({ line: 50_000 });
      expect((err as Error).message).toBe(
        `line 50000: a quoted field opened here is still open ${MAX_QUOTED_FIELD_LINES} lines later (a stray " at the start of a field? A quote inside a quoted field must be doubled: "")`,
      );
    });

    it('a quote that closes a few lines later with text after it names the opening line and the closing one', async () => {
      const err = await parseError(
        file(40, (l) => {
          l[20 - 1] = 'Д-19;"Иванов Иван;+7 903 000-00-00';
          l[23 - 1] = 'Д-22;Петров "Пётр" Ильич;x';
        }),
      );
      expect(err).toMatchObject({ line: 20 });
      expect((err as Error).message).toMatch(/^line 20: a quoted field opened here \(field 2\) runs to line 23, where text follows its closing quote/);
    });

    it('a quote that never closes before the end of the file names its line', async () => {
      const err = await parseError(file(30, (l) => (l[10 - 1] = 'Д-9;"Иванов Иван;+7 903 000-00-00')));
      expect(err).toMatchObject({ line: 10 });
      expect((err as Error).message).toMatch(/^line 10: a quoted field opened here never closes/);
    });

    it('a field or a line over the size bound is an error naming its line, whatever the chunking', async () => {
      const big = 'x'.repeat(MAX_RECORD_CHARS + 10);
      for (const cuts of [[], [1000, 1 << 18, 1 << 19]]) {
        const quoted = await parseError(`a;b\n1;2\n3;"${big}";4\n`, { cuts });
        expect(quoted, 'quoted').toMatchObject({ line: 3 });
        expect((quoted as Error).message).toMatch(/a quoted field opened here is still open after 1048576 characters/);
        const plain = await parseError(`a;b\n1;2\n${big};4\n5;6\n`, { cuts });
        expect(plain, 'unquoted').toMatchObject({ line: 3 });
        expect((plain as Error).message).toMatch(/line 3: the record is longer than 1048576 characters/);
        const noNewline = await parseError(big, { cuts });
        expect(noNewline, 'header without a line end').toMatchObject({ line: 1 });
      }
    });
  });

  it('reads CR-only and mixed line ends, whatever the chunk boundaries', async () => {
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 4, fields: ['3', '4'] },
      { line: 6, fields: ['5', '6'] },
      { line: 7, fields: ['7', '8'] },
    ];
    const bytes = Buffer.from('a;b\r1;"two\rlines"\r3;4\r\r5;6\r\n7;8\r');
    for (let cut = 0; cut <= bytes.length; cut++) expect(await parse(bytes, { cuts: [cut] }), `split at ${cut}`).toEqual(expected);
    expect(await parse(bytes, { cuts: Array.from({ length: bytes.length - 1 }, (_, i) => i + 1) })).toEqual(expected);
    // An old Mac export: CR only, no quote at all.
    expect(await parse('h1;h2\r1;2\r3;4')).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('skips lines of only spaces or tabs like empty lines', async () => {
    expect(await parse('   \n\t\na;b\n1;2\n  \n \t \r\n3;4\n')).toEqual([
      { line: 3, fields: ['a', 'b'] },
      { line: 4, fields: ['1', '2'] },
      { line: 7, fields: ['3', '4'] },
    ]);
    // With TAB as the delimiter a line of tabs is a record of empty fields, as `;;` is.
    expect(fields(await parse('a\tb\n\t\n'))).toEqual([
      ['a', 'b'],
      ['', ''],
    ]);
  });

  describe('encodings', () => {
    const text = 'Номер\tФИО\r\nД-1\tФёдоров Пётр\r\n"Д-2"\t"Ёлкин ""Ё"""\r\n';
    const expected = [
      ['Номер', 'ФИО'],
      ['Д-1', 'Фёдоров Пётр'],
      ['Д-2', 'Ёлкин "Ё"'],
    ];
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const cases: [string, Buffer, CsvEncoding][] = [
      ['UTF-16LE with BOM (Excel "Unicode text")', Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'utf-16le'],
      ['UTF-16LE without BOM', le, 'utf-16le'],
      ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'utf-16be'],
      ['UTF-16BE without BOM', be, 'utf-16be'],
    ];
    for (const [name, bytes, encoding] of cases) {
      it(`reads ${name} whatever the chosen encoding and chunking, and says so`, async () => {
        for (const choice of ['auto', 'utf-8', 'windows-1251'] as const) {
          const r = await parseWithEncoding(bytes, { encoding: choice });
          expect(fields(r.records), choice).toEqual(expected);
          expect(r.encoding, choice).toBe(encoding);
        }
        for (let cut = 0; cut <= bytes.length; cut += 3)
          expect(fields(await parse(bytes, { encoding: 'auto', cuts: [cut] })), `split at ${cut}`).toEqual(expected);
        expect(fields(await parse(bytes, { cuts: Array.from({ length: bytes.length - 1 }, (_, i) => i + 1) }))).toEqual(expected);
      });
    }

    it('auto: windows-1251 when the bytes are not UTF-8, UTF-8 when they are, also when the first non-ASCII byte comes late', async () => {
      const cp = cp1251('Номер;ФИО\nД-1;Фёдоров\n');
      expect(await parseWithEncoding(cp, { encoding: 'auto' })).toEqual({
        records: [
          { line: 1, fields: ['Номер', 'ФИО'] },
          { line: 2, fields: ['Д-1', 'Фёдоров'] },
        ],
        encoding: 'windows-1251',
      });
      const utf = await parseWithEncoding(Buffer.from('Номер;ФИО\nД-1;Фёдоров\n'), { encoding: 'auto' });
      expect(utf.encoding).toBe('utf-8');
      expect(fields(utf.records)).toEqual([
        ['Номер', 'ФИО'],
        ['Д-1', 'Фёдоров'],
      ]);
      // 300 KB of ASCII rows first (more than one read chunk), then a windows-1251 name.
      const ascii = `contract_no;holder\n${'A-1;Ivanov\n'.repeat(30_000)}`;
      const late = Buffer.concat([Buffer.from(ascii), cp1251('Д-2;Ёлкин\n')]);
      const r = await parseWithEncoding(late, { encoding: 'auto', cuts: [1 << 18] });
      expect(r.encoding).toBe('windows-1251');
      expect(r.records.at(-1)).toEqual({ line: 30_002, fields: ['Д-2', 'Ёлкин'] });
      // A character cut by the chunk boundary decides once it is whole.
      const u = Buffer.from(`${ascii}Д-2;Ёлкин\n`);
      const cut = Buffer.from(ascii).length + 1; // inside the two bytes of "Д"
      const split = await parseWithEncoding(u, { encoding: 'auto', cuts: [1 << 18, cut] });
      expect(split.encoding).toBe('utf-8');
      expect(split.records.at(-1)?.fields).toEqual(['Д-2', 'Ёлкин']);
      // Pure ASCII is reported as UTF-8 (it is).
      expect((await parseWithEncoding(Buffer.from('a;b\n1;2\n'), { encoding: 'auto' })).encoding).toBe('utf-8');
    });

    it('a UTF-8 BOM decides UTF-8 even when windows-1251 was chosen', async () => {
      const r = await parseWithEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Номер;ФИО\n')]), { encoding: 'windows-1251' });
      expect(r).toEqual({ records: [{ line: 1, fields: ['Номер', 'ФИО'] }], encoding: 'utf-8' });
    });

    it('refuses a binary file (PNG bytes) as not text instead of reading garbage', async () => {
      const png = Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2a8d1b60000000049454e44ae426082',
        'hex',
      );
      for (const encoding of ['auto', 'utf-8', 'windows-1251'] as const) {
        const err = await parseError(png, { encoding });
        expect(err, encoding).toBeInstanceOf(CsvEncodingError);
        expect((err as Error).message).toMatch(/not text/);
      }
    });

    it('an odd byte in UTF-16 is an encoding error naming UTF-16, not a hint about windows-1251', async () => {
      const err = await parseError(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a;b\n1;2\n', 'utf16le'), Buffer.from([0x41])]));
      expect(err).toBeInstanceOf(CsvEncodingError);
      expect((err as Error).message).toMatch(/not valid UTF-16LE/);
      expect((err as Error).message).not.toMatch(/windows-1251/);
    });
  });
});

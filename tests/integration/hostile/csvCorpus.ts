/**
 * The hostile CSV corpus: bad directory files generated in code, each with the line and
 * the reason its import error must name. Used by csv.test.ts; kept apart so the list reads as a
 * catalogue.
 */
import { deflateSync } from 'node:zlib';

export const HEADER = 'contract_no;holder;phones;address;balance;balance_at;debt_since;tariff;status;serials';

export type HostileCase = {
  readonly name: string;
  readonly bytes: Buffer;
  /** The line the error must name (null: a whole-file problem). */
  readonly line: number | null;
  /** The column the error must name (null: none). */
  readonly field: string | null;
  readonly reason: RegExp;
  /** Also imported with skipBadRows: the import goes through and the report lists `line`. */
  readonly skippable?: boolean;
};

const good = (i: number): string =>
  `H-${i};Хостов Хасан ${i};+7 916 ${String(100 + (i % 900))}-${String(10 + (i % 90))}-${String(10 + (i % 89))};г. Тула, ул. Мира, ${i};${i}.50;;;Домашний;;`;

/** A file of `rows` good data rows; `bad` replaces (or, past the end, appends) lines by number. */
function csv(rows: number, bad: Readonly<Record<number, string>> = {}, eol = '\n'): Buffer {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i++) lines.push(good(i));
  for (const [n, text] of Object.entries(bad)) lines[Number(n) - 1] = text;
  return Buffer.from(`${lines.join(eol)}${eol}`);
}

function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => (ch === 'ё' ? 0xb8 : ch === 'Ё' ? 0xa8 : ch.charCodeAt(0) >= 0x410 ? 0xc0 + ch.charCodeAt(0) - 0x410 : ch.charCodeAt(0))),
  );
}

/** A real 1×1 PNG, built like any encoder would (signature, IHDR, IDAT, IEND with CRCs). */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer): number => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function hostileCorpus(): HostileCase[] {
  const tenMb = 'Ж'.repeat(5 * 1024 * 1024); // 10 MB in UTF-8
  return [
    {
      name: 'unquoted delimiter inside a value',
      bytes: csv(8, { 5: 'H-4;Хостов; Хасан;+7 916 100-10-10;;;;;;;' }),
      line: 5,
      field: null,
      reason: /has 11 fields, the header has 10.*unquoted delimiter/,
      skippable: true,
    },
    { name: 'too few fields', bytes: csv(8, { 7: 'H-6;Хостов' }), line: 7, field: null, reason: /has 2 fields, the header has 10/, skippable: true },
    {
      name: 'duplicate header column',
      bytes: Buffer.from(`contract_no;holder;phones;телефон\nH-1;Хостов;;\n`),
      line: 1,
      field: 'phones',
      reason: /the column "phones" twice \(columns 3 and 4\)/,
    },
    { name: 'missing required column', bytes: Buffer.from(`contract_no;phones\nH-1;\n`), line: 1, field: 'holder', reason: /no "holder" column/ },
    {
      name: 'duplicate contract number',
      bytes: csv(9, { 9: 'h - 3;Хостов Другой;;;;;;;;' }),
      line: 9,
      field: 'contract_no',
      reason: /"H-3" is already on line 4/,
      skippable: true,
    },
    {
      name: 'bad phone',
      bytes: csv(6, { 4: 'H-3;Хостов;+7 12;;;;;;;' }),
      line: 4,
      field: 'phones',
      reason: /"\+7 12" is not a valid phone number/,
      skippable: true,
    },
    { name: '11-digit serial', bytes: csv(6, { 3: 'H-2;Хостов;;;;;;;;12345678901' }), line: 3, field: 'serials', reason: /it has 11 digits/, skippable: true },
    { name: '13-digit serial', bytes: csv(6, { 3: 'H-2;Хостов;;;;;;;;1234567890123' }), line: 3, field: 'serials', reason: /it has 13 digits/ },
    {
      name: 'bad date',
      bytes: csv(6, { 6: 'H-5;Хостов;;;;;31.02.2026;;;' }),
      line: 6,
      field: 'debt_since',
      reason: /"31.02.2026" is not a date/,
      skippable: true,
    },
    { name: 'bad date and time', bytes: csv(6, { 6: 'H-5;Хостов;;;;2026-11-21 25:00;;;;' }), line: 6, field: 'balance_at', reason: /is not a date and time/ },
    {
      name: '1,234 balance',
      bytes: csv(6, { 2: 'H-1;Хостов;;;1,234;;;;;' }),
      line: 2,
      field: 'balance',
      reason: /"1,234" is not an amount in rubles/,
      skippable: true,
    },
    { name: 'bad status', bytes: csv(6, { 2: 'H-1;Хостов;;;;;;;открыт;' }), line: 2, field: 'status', reason: /"открыт" is not a status/ },
    { name: 'empty contract number', bytes: csv(6, { 2: ';Хостов;;;;;;;;' }), line: 2, field: 'contract_no', reason: /contract number is empty/ },
    {
      name: '"abc"d: text after a closing quote',
      bytes: csv(6, { 5: 'H-4;"abc"d;;;;;;;;' }),
      line: 5,
      field: null,
      reason: /text after the closing quote of field 2/,
    },
    {
      name: 'a lone quote at the end of the file',
      bytes: Buffer.concat([csv(6), Buffer.from('"')]),
      line: 8,
      field: null,
      reason: /a quoted field opened here never closes/,
    },
    {
      name: 'a stray quote on line 5000 closing 180 lines later',
      bytes: csv(5300, { 5000: 'H-4999;"Хостов;;;;;;;;', 5180: 'H-5179;Хостов "Х";;;;;;;;' }),
      line: 5000,
      field: null,
      reason: /a quoted field opened here is still open 100 lines later/,
    },
    {
      name: 'a stray quote closing 2 lines later',
      bytes: csv(20, { 10: 'H-9;"Хостов;;;;;;;;', 12: 'H-11;Хостов "Х";;;;;;;;' }),
      line: 10,
      field: null,
      reason: /opened here \(field 2\) runs to line 12/,
    },
    {
      name: 'a 10 MB single quoted field',
      bytes: Buffer.concat([csv(3), Buffer.from(`H-9;"${tenMb}";;;;;;;;\n`)]),
      line: 5,
      field: null,
      reason: /a quoted field opened here is still open after 1048576 characters/,
    },
    {
      name: 'a 10 MB line without quotes',
      bytes: Buffer.concat([csv(3), Buffer.from(`H-9;${tenMb};;;;;;;;\n`)]),
      line: 5,
      field: null,
      reason: /the record is longer than 1048576 characters/,
    },
    {
      name: 'a 1-million-column line',
      bytes: Buffer.concat([csv(3), Buffer.from(`H-9;${';'.repeat(999_999)}\n`)]),
      line: 5,
      field: null,
      reason: /has 1000001 fields, the header has 10/,
    },
    {
      name: 'deep quotes: 100,000 escaped quotes in a name',
      bytes: csv(4, { 3: `H-2;"${'""'.repeat(100_000)}";;;;;;;;` }),
      line: 3,
      field: 'holder',
      reason: /the value is 100000 characters long; at most 300/,
    },
    {
      name: 'deep quotes: an odd run of quotes',
      bytes: csv(40, { 3: `H-2;${'"'.repeat(100_001)};;;;;;;;` }),
      line: 3,
      field: null,
      reason: /a quoted field opened here/,
    },
    { name: 'header only', bytes: Buffer.from(`${HEADER}\n`), line: null, field: null, reason: /the file has no valid rows; the directory was not replaced/ },
    { name: 'empty file', bytes: Buffer.alloc(0), line: null, field: null, reason: /the file is empty/ },
    { name: 'only a UTF-8 BOM', bytes: Buffer.from([0xef, 0xbb, 0xbf]), line: null, field: null, reason: /the file is empty/ },
    { name: 'only a UTF-16 BOM', bytes: Buffer.from([0xff, 0xfe]), line: null, field: null, reason: /the file is empty/ },
    { name: 'only blank lines', bytes: Buffer.from('  \r\n\t\r\n \n'), line: null, field: null, reason: /the file is empty/ },
    { name: 'a binary file (PNG bytes)', bytes: png(), line: 1, field: null, reason: /the file is not text/ },
    {
      name: 'a NUL byte in a name',
      bytes: csv(6, { 4: 'H-3;Хос\u0000тов;;;;;;;;' }),
      line: 4,
      field: 'holder',
      reason: /control or text-direction character \(U\+0000\)/,
      skippable: true,
    },
    { name: 'NUL bytes in a phone', bytes: csv(6, { 4: 'H-3;Хостов;+7 903\u0000\u0000 969-14-45;;;;;;;' }), line: 4, field: 'phones', reason: /\(U\+0000\)/ },
    {
      name: 'a bidi override in an address',
      bytes: csv(6, { 5: 'H-4;Хостов;;ул. \u202eаниМ;;;;;;' }),
      line: 5,
      field: 'address',
      reason: /\(U\+202E\)/,
      skippable: true,
    },
    { name: 'a bidi isolate in a contract number', bytes: csv(6, { 5: 'H-\u20664;Хостов;;;;;;;;' }), line: 5, field: 'contract_no', reason: /\(U\+2066\)/ },
    {
      name: 'a DDE formula as a name',
      bytes: csv(6, { 3: "H-2;=CMD|' /C calc'!A0;;;;;;;;" }),
      line: 3,
      field: 'holder',
      reason: /starts like a spreadsheet formula/,
      skippable: true,
    },
    {
      name: '=HYPERLINK in an address',
      bytes: csv(6, { 3: 'H-2;Хостов;;"=HYPERLINK(""http://evil"";""x"")";;;;;;' }),
      line: 3,
      field: 'address',
      reason: /starts like a spreadsheet formula/,
      skippable: true,
    },
    {
      name: '@SUM as a tariff',
      bytes: csv(6, { 3: 'H-2;Хостов;;;;;;@SUM(1+1)*cmd|x!A1;;' }),
      line: 3,
      field: 'tariff',
      reason: /starts like a spreadsheet formula/,
      skippable: true,
    },
    {
      name: 'a leading TAB before a formula',
      bytes: csv(6, { 3: 'H-2;"\t=1+1";;;;;;;;' }),
      line: 3,
      field: 'holder',
      reason: /starts like a spreadsheet formula/,
    },
    {
      name: 'a leading +/- formula',
      bytes: csv(6, { 3: 'H-2;Хостов;;-1+cmd|x!A1;;;;;;' }),
      line: 3,
      field: 'address',
      reason: /starts like a spreadsheet formula/,
      skippable: true,
    },
    {
      name: 'a name over the length bound',
      bytes: csv(6, { 3: `H-2;${'Х'.repeat(301)};;;;;;;;` }),
      line: 3,
      field: 'holder',
      reason: /301 characters long; at most 300/,
    },
    {
      name: 'CR-only line ends, bad row on line 3',
      bytes: csv(5, { 3: 'H-2;Хостов;+7 12;;;;;;;' }, '\r'),
      line: 3,
      field: 'phones',
      reason: /not a valid phone number/,
    },
    {
      name: 'mixed line ends, bad row on line 5',
      bytes: Buffer.from(`${HEADER}\r\n${good(1)}\r${good(2)}\n${good(3)}\r\nH-4;Хостов;;;;;;;закрытый;\r`),
      line: 5,
      field: 'status',
      reason: /"закрытый" is not a status/,
    },
    {
      name: 'blank lines of spaces before a bad row',
      bytes: Buffer.from(`${HEADER}\n${good(1)}\n   \n\t\n${good(2)}\nH-3;Хостов;;;abc;;;;;\n`),
      line: 6,
      field: 'balance',
      reason: /"abc" is not an amount/,
    },
    {
      name: 'UTF-16LE (Excel "Unicode text"), bad row on line 4',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(5, { 4: 'H-3;Хостов;+7 12;;;;;;;' }).toString().replaceAll(';', '\t'), 'utf16le')]),
      line: 4,
      field: 'phones',
      reason: /"\+7 12" is not a valid phone number/,
    },
    {
      name: 'UTF-16BE without BOM, bad row on line 3',
      bytes: Buffer.from(csv(4, { 3: 'H-2;Хостов;;;;;;;;123' }).toString(), 'utf16le').swap16(),
      line: 3,
      field: 'serials',
      reason: /it has 3 digits/,
    },
    {
      name: 'windows-1251 read by automatic detection, bad row on line 3',
      bytes: cp1251(`${HEADER}\n${good(1)}\nH-2;Ёжиков;;;;;;;приостановлена;\n`),
      line: 3,
      field: 'status',
      reason: /"приостановлена" is not a status/,
    },
  ];
}

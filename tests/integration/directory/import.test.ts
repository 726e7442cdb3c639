import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/db/open';
import { createLogger } from '../../../src-main/log';
import { writeDemoDirectory, DEMO_FIXTURES } from '../../../src-main/directory/demo';
import { createDirectoryImporter, DirectoryImportError, ImportCancelledError, type ImportOptions } from '../../../src-main/directory/importer';
import { createDirectoryRepo } from '../../../src-main/directory/repo';
import type { ImportProgress } from '../../../src-shared/ipc/contract';
import { useTempDir } from '../../helpers/tmp';

const NOW = new Date('2026-11-20T09:00:00Z');
const HEADER = 'contract_no;holder;phones;address;balance;balance_at;debt_since;tariff;status;serials';

function setup(dir: string) {
  const db = openDatabase(join(dir, 'console.db'));
  const importer = createDirectoryImporter({ db, log: createLogger('test'), now: () => NOW });
  const repo = createDirectoryRepo(db);
  const run = (path: string, opts: Partial<ImportOptions> = {}) =>
    importer.importFile({ path, encoding: 'utf-8', skipBadRows: false, reportDir: join(dir, 'reports'), ...opts });
  return { db, importer, repo, run };
}

function writeCsv(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the import to fail');
}

const tableNames = (db: Db): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
const indexSql = (db: Db) => db.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%' ORDER BY name").all();

describe('directory import (real SQLite file)', () => {
  const tmp = useTempDir('opconsole-import-');

  it('imports the demo CSV: counts match, the fixtures are there, progress is reported', async () => {
    const dir = tmp();
    const csv = join(dir, 'demo.csv');
    await writeDemoDirectory({ rows: 2000, seed: 7, path: csv, now: NOW });
    // The demo file lives in the data folder: readable by the user only (it was 0644 before).
    if (process.platform !== 'win32') expect(statSync(csv).mode & 0o777).toBe(0o600);
    const { db, repo, run } = setup(dir);
    const events: Omit<ImportProgress, 'jobId'>[] = [];
    const result = await run(csv, { sourceLabel: 'demo file', demo: true, onProgress: (p) => events.push(p) });
    expect(result).toMatchObject({ rows: 2000, badRows: 0, reportPath: null });
    const counts = repo.counts();
    expect(counts.contracts).toBe(2000);
    // Every contract has one or two phones (shared numbers are one row per contract).
    expect(counts.phones).toBeGreaterThanOrEqual(2000);
    expect(counts.phones).toBeLessThan(2600);
    expect(counts.devices).toBeGreaterThan(300);
    expect(repo.findByContractNo('Д-000001')).toMatchObject({
      holderName: DEMO_FIXTURES[0]?.holder,
      phones: ['+79039691445'],
      devices: ['123456789012'],
      status: 'active',
    });
    expect(repo.findByContractNo('Д-000004')).toMatchObject({ balanceKopecks: -123456, debtSince: '2026-09-21' });
    const settings = Object.fromEntries(
      (db.prepare("SELECT key, value FROM settings WHERE key LIKE 'directory.%'").all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
    );
    expect(settings).toEqual({ 'directory.imported_at': NOW.toISOString(), 'directory.source': 'demo file', 'directory.demo': '1' });
    expect(events[0]).toMatchObject({ phase: 'reading', rows: 0, totalBytes: readFileSync(csv).length });
    expect(events.at(-1)).toMatchObject({ phase: 'indexing', rows: 2000, error: null });
    // The swap recreates exactly the live shape of migration 0010, and leaves no staging behind.
    const fresh = openDatabase(join(dir, 'fresh.db'));
    expect(indexSql(db)).toEqual(indexSql(fresh));
    for (const t of ['contracts', 'contract_phones', 'devices']) expect(db.pragma(`table_xinfo(${t})`)).toEqual(fresh.pragma(`table_xinfo(${t})`));
    expect(tableNames(db).filter((t) => t.startsWith('stage_'))).toEqual([]);
    fresh.close();
    db.close();
  });

  it('normalizes values: phones to E.164 (duplicates collapsed), amounts, Moscow times, Russian statuses, serials', async () => {
    const dir = tmp();
    const csv = writeCsv(dir, 'x.csv', [
      'Номер договора;ФИО;Телефоны;Адрес;Баланс;Дата баланса;Долг с;Тариф;Статус;Серийные номера',
      'д - 000777;  Алёшин   Пётр  Ильич ;"+7 903 969-14-45, 8 (903) 9691445 / 8-495-123-45-67";"г. Москва,  ул. Мира";-1 234,56;21.11.2026 14:02;01.10.2026;;приостановлен;1234 5678 9012 | 123456789013',
      'Д-000778;Иванова Анна;;;;2026-11-21T14:02:00Z;;Бизнес 500;;',
    ]);
    const { repo, run } = setup(dir);
    await run(csv);
    expect(repo.findByContractNo('Д-000777')).toMatchObject({
      holderName: 'Алёшин Пётр Ильич',
      address: 'г. Москва, ул. Мира',
      phones: ['+79039691445', '+74951234567'],
      balanceKopecks: -123456,
      balanceAt: '2026-11-21T14:02:00+03:00',
      debtSince: '2026-10-01',
      tariff: '',
      status: 'suspended',
      devices: ['123456789012', '123456789013'],
    });
    expect(repo.findByContractNo('Д-000778')).toMatchObject({
      phones: [],
      balanceKopecks: null,
      balanceAt: '2026-11-21T17:02:00+03:00',
      status: 'active',
      address: '',
    });
  });

  it('strict mode: a bad row on line N aborts with line and field, and the previous directory stays whole', async () => {
    const dir = tmp();
    const { repo, run, db } = setup(dir);
    const first = join(dir, 'first.csv');
    await writeDemoDirectory({ rows: 500, seed: 1, path: first, now: NOW });
    await run(first);
    const before = repo.counts();
    const lines = [HEADER];
    for (let i = 1; i <= 30; i++) lines.push(`N-${i};Петров Пётр;+7 916 000-00-${String(i).padStart(2, '0')};;100;;;;;`);
    lines[17 - 1] = 'N-16;Петров Пётр;+7 12;;100;;;;;'; // line 17
    const err = await failure(run(writeCsv(dir, 'bad.csv', lines)));
    expect(err).toBeInstanceOf(DirectoryImportError);
    expect(err).toMatchObject({ line: 17, field: 'phones' });
    expect((err as Error).message).toBe('line 17, field "phones": "+7 12" is not a valid phone number');
    expect(repo.counts()).toEqual(before);
    expect(repo.findByPhone('+79039691445').map((c) => c.contractNo)).toEqual(['Д-000001']);
    expect(repo.findByContractNo('N-1')).toBeNull();
    expect(tableNames(db).filter((t) => t.startsWith('stage_'))).toEqual([]);
  });

  it('strict mode names both lines of a duplicate contract number', async () => {
    const dir = tmp();
    const { run } = setup(dir);
    const err = await failure(run(writeCsv(dir, 'dup.csv', [HEADER, 'A-1;Иванов;;;;;;;;', 'A-2;Петров;;;;;;;;', 'a - 1;Сидоров;;;;;;;;'])));
    expect(err).toMatchObject({ line: 4, field: 'contract_no' });
    expect((err as Error).message).toMatch(/"A-1" is already on line 2/);
  });

  it('reports each kind of bad value with its field', async () => {
    const dir = tmp();
    const { run } = setup(dir);
    const cases: [string, string, RegExp][] = [
      [';Иванов;;;;;;;;', 'contract_no', /contract number is empty/],
      ['A-1;;;;;;;;;', 'holder', /holder name is empty/],
      ['A-1;Иванов;;;12,345;;;;;', 'balance', /"12,345" is not an amount/],
      ['A-1;Иванов;;;;32.01.2026;;;;', 'balance_at', /"32.01.2026" is not a date and time/],
      ['A-1;Иванов;;;;;вчера;;;', 'debt_since', /"вчера" is not a date/],
      ['A-1;Иванов;;;;;;;открыт;', 'status', /"открыт" is not a status/],
      ['A-1;Иванов;;;;;;;;12345678901', 'serials', /"12345678901" is not a 12-digit serial number \(it has 11 digits\)/],
    ];
    for (const [row, field, message] of cases) {
      const err = await failure(run(writeCsv(dir, `${field}.csv`, [HEADER, row])));
      expect(err, row).toMatchObject({ line: 2, field });
      expect((err as Error).message, row).toMatch(message);
    }
    const short = await failure(run(writeCsv(dir, 'short.csv', [HEADER, 'A-1;Иванов;;'])));
    expect(short).toMatchObject({ line: 2, field: null });
    expect((short as Error).message).toMatch(/has 4 fields, the header has 10/);
  });

  it('skipBadRows: imports the good rows and the report lists exactly the bad lines', async () => {
    const dir = tmp();
    const { repo, run } = setup(dir);
    const lines = [HEADER];
    for (let i = 1; i <= 40; i++) lines.push(`S-${i};Смирнов Иван;+7 903 100-00-${String(i).padStart(2, '0')};;;;;;;`);
    lines[5] = 'S-5;Смирнов Иван;+7 12;;;;;;;'; // line 6
    lines[12] = 'S-12;Смирнов Иван;;;много;;;;;'; // line 13
    lines[30] = 'S-1;"Дубль; ""Смирнов""";;;;;;;;'; // line 31: duplicate of line 2
    const result = await run(writeCsv(dir, 'skip.csv', lines), { skipBadRows: true });
    expect(result).toMatchObject({ rows: 37, badRows: 3 });
    expect(repo.counts().contracts).toBe(37);
    expect(result.reportPath).toMatch(/import-report-.*\.csv$/);
    const report = readFileSync(result.reportPath as string, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(report[0]).toBe('line;field;message;record');
    expect(report.slice(1).map((l) => l.split(';')[0])).toEqual(['6', '13', '31']);
    // The "+7 12" of the record is prefixed with ' since the report neutralizes formula-like cells.
    expect(report[1]).toBe('6;phones;"""+7 12"" is not a valid phone number";"S-5;Смирнов Иван;\'+7 12;;;;;;;"');
    expect(report[3]).toContain('"S-1;""Дубль; """"Смирнов"""""";;;;;;;;"');
  });

  it('rejects a file whose header lacks a required column, naming it', async () => {
    const dir = tmp();
    const { run } = setup(dir);
    const err = await failure(run(writeCsv(dir, 'nohdr.csv', ['договор;ФИО;адрес', 'A-1;Иванов;Москва'])));
    expect(err).toBeInstanceOf(DirectoryImportError);
    expect(err).toMatchObject({ line: 1, field: 'phones' });
    expect((err as Error).message).toMatch(/no "phones" column.*"телефоны"/);
    const twice = await failure(run(writeCsv(dir, 'twice.csv', ['договор;ФИО;телефон;Телефоны', 'A-1;Иванов;;'])));
    expect((twice as Error).message).toMatch(/"phones" twice/);
  });

  it('never swaps in an empty directory: empty file, header only, or no good row', async () => {
    const dir = tmp();
    const { repo, run } = setup(dir);
    await run(writeCsv(dir, 'one.csv', [HEADER, 'K-1;Котов;;;;;;;;']));
    for (const lines of [[], [HEADER], [HEADER, 'K-2;;;;;;;;;']]) {
      const err = await failure(run(writeCsv(dir, 'empty.csv', lines), { skipBadRows: true }));
      expect(err).toBeInstanceOf(DirectoryImportError);
      expect((err as Error).message).toMatch(/empty|no valid rows/);
      expect(repo.findByContractNo('K-1')).not.toBeNull();
    }
  });

  it('cancel: the old directory stays intact and staging is dropped', async () => {
    const dir = tmp();
    const { repo, run, db } = setup(dir);
    await run(writeCsv(dir, 'old.csv', [HEADER, 'OLD-1;Старов Олег;+7 903 111-22-33;;;;;;;']));
    const big = join(dir, 'big.csv');
    await writeDemoDirectory({ rows: 30_000, seed: 3, path: big, now: NOW });
    const controller = new AbortController();
    const err = await failure(
      run(big, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.rows > 0) controller.abort();
        },
      }),
    );
    expect(err).toBeInstanceOf(ImportCancelledError);
    expect(repo.counts().contracts).toBe(1);
    expect(repo.findByPhone('+79031112233').map((c) => c.contractNo)).toEqual(['OLD-1']);
    expect(tableNames(db).filter((t) => t.startsWith('stage_'))).toEqual([]);
    const already = new AbortController();
    already.abort();
    expect(await failure(run(big, { signal: already.signal }))).toBeInstanceOf(ImportCancelledError);
  });

  it('staging batches commit without an fsync; the swap, the settings and every write after are synchronous=FULL again', async () => {
    const dir = tmp();
    const { db, run } = setup(dir);
    const csv = join(dir, 'demo.csv');
    await writeDemoDirectory({ rows: 12_000, seed: 5, path: csv, now: NOW }); // three batches
    // A temporary trigger records the connection's synchronous setting at each write (1 NORMAL, 2 FULL).
    db.exec('CREATE TEMP TABLE sync_seen (what TEXT NOT NULL, sync INTEGER NOT NULL)');
    db.exec(
      "CREATE TEMP TRIGGER seen_settings AFTER INSERT ON main.settings BEGIN INSERT INTO sync_seen SELECT 'settings', synchronous FROM pragma_synchronous; END",
    );
    const probeStaging = (p: Omit<ImportProgress, 'jobId'>): void => {
      // The first event comes once the staging tables exist, before the first batch.
      if (p.phase === 'reading' && p.rows === 0) {
        // A trigger follows its table's rename, so the last import's probe is on contracts now.
        db.exec('DROP TRIGGER IF EXISTS seen_stage');
        db.exec(
          "CREATE TEMP TRIGGER seen_stage AFTER INSERT ON main.stage_contracts BEGIN INSERT INTO sync_seen SELECT 'stage', synchronous FROM pragma_synchronous; END",
        );
      }
    };
    const seen = () => db.prepare('SELECT what, sync, count(*) AS n FROM sync_seen GROUP BY what, sync ORDER BY what, sync').all();
    await run(csv, { onProgress: probeStaging });
    expect(seen()).toEqual([
      { what: 'settings', sync: 2, n: 3 }, // imported_at, source, demo: in the swap's transaction
      { what: 'stage', sync: 1, n: 12_000 },
    ]);
    expect([db.pragma('synchronous', { simple: true }), db.pragma('wal_autocheckpoint', { simple: true })]).toEqual([2, 1000]);

    // A batch that fails (a duplicate number in strict mode) leaves the connection as it found it.
    db.exec('DELETE FROM sync_seen');
    const dup = writeCsv(dir, 'dup.csv', [HEADER, 'D-1;Петров Пётр;+7 916 000-00-01;;;;;;;', 'D-1;Петров Пётр;+7 916 000-00-02;;;;;;;']);
    expect(await failure(run(dup, { onProgress: probeStaging }))).toBeInstanceOf(DirectoryImportError);
    expect([db.pragma('synchronous', { simple: true }), db.pragma('wal_autocheckpoint', { simple: true })]).toEqual([2, 1000]);
    // (The failed batch rolled back, its probe rows with it.) The next write is FULL again.
    db.prepare("INSERT INTO settings (key, value) VALUES ('after', '1')").run();
    expect(seen()).toEqual([{ what: 'settings', sync: 2, n: 1 }]);
  });

  it('a second import replaces the first: old contracts are gone, lookups see the new data', async () => {
    const dir = tmp();
    const { repo, run } = setup(dir);
    await run(writeCsv(dir, 'a.csv', [HEADER, 'A-1;Альфа Анна;+7 903 000-00-01;;;;;;;111111111111', 'A-2;Бета Борис;+7 903 000-00-02;;;;;;;']));
    expect(repo.findBySerial('111111111111')).toHaveLength(1);
    await run(writeCsv(dir, 'b.csv', [HEADER, 'B-1;Гамма Галина;+7 903 000-00-01;;;;;;;']), { sourceLabel: 'second' });
    expect(repo.counts()).toEqual({ contracts: 1, phones: 1, devices: 0 });
    expect(repo.findByContractNo('A-1')).toBeNull();
    expect(repo.findBySerial('111111111111')).toEqual([]);
    expect(repo.findByPhone('+79030000001').map((c) => c.contractNo)).toEqual(['B-1']);
    expect(repo.findBySurnamePrefix('альф', 10).records).toEqual([]);
    expect(repo.findBySurnamePrefix('гамм', 10).records.map((c) => c.contractNo)).toEqual(['B-1']);
  });

  it("cleans up a crashed previous import's leftover stage tables", async () => {
    const dir = tmp();
    const file = join(dir, 'console.db');
    const crashed = openDatabase(file);
    // What a process killed mid-import leaves: half-filled staging tables next to the live ones.
    crashed.exec(`
      CREATE TABLE stage_contracts (id INTEGER PRIMARY KEY, junk TEXT);
      INSERT INTO stage_contracts VALUES (1, 'half an import');
      CREATE TABLE stage_contract_phones (x);
      CREATE VIRTUAL TABLE stage_contracts_fts USING fts5 (name, address, content = '', contentless_delete = 1);
    `);
    crashed.close();
    const { db, repo, run } = setup(dir);
    expect(tableNames(db)).toContain('stage_contracts');
    const result = await run(writeCsv(dir, 'ok.csv', [HEADER, 'C-1;Цветков;;;;;;;;']));
    expect(result.rows).toBe(1);
    expect(repo.counts().contracts).toBe(1);
    expect(tableNames(db).filter((t) => t.startsWith('stage_'))).toEqual([]);
  });

  it('reads windows-1251 when told so, and explains a cp1251 file read as UTF-8', async () => {
    const dir = tmp();
    const { repo, run } = setup(dir);
    // "Номер договора;ФИО;Телефон" + row, in cp1251 (А..я = 0xC0..0xFF, ё = 0xB8).
    const enc = (s: string) =>
      Buffer.from([...s].map((ch) => (ch === 'ё' ? 0xb8 : ch.charCodeAt(0) >= 0x410 ? 0xc0 + ch.charCodeAt(0) - 0x410 : ch.charCodeAt(0))));
    const path = join(dir, 'cp.csv');
    writeFileSync(path, enc('Номер договора;ФИО;Телефон\r\nД-1;Фёдоров Иван;9039691445\r\n'));
    const err = await failure(run(path));
    expect((err as Error).message).toMatch(/not valid utf-8.*windows-1251/);
    await run(path, { encoding: 'windows-1251' });
    expect(repo.findByContractNo('Д-1')).toMatchObject({ holderName: 'Фёдоров Иван', phones: ['+79039691445'] });
  });

  it('refuses control and text-direction characters in every column it reads, naming line, field and character', async () => {
    const dir = tmp();
    const { repo, run } = setup(dir);
    await run(writeCsv(dir, 'good.csv', [HEADER, 'G-1;Гуров Глеб;+7 903 111-22-33;;;;;;;']));
    const cases: [string, string, string][] = [
      ['A-1;Ива\u0000нов;;;;;;;;', 'holder', 'U+0000'],
      ['A-1;Иванов;;ул. \u202eМира;;;;;;', 'address', 'U+202E'],
      ['A-1;Иванов;+7 903\u2066 969-14-45;;;;;;;', 'phones', 'U+2066'],
      ['A\u200f-1;Иванов;;;;;;;;', 'contract_no', 'U+200F'],
      ['A-1;Иванов;;;;;;Тариф\u001b[31m;;', 'tariff', 'U+001B'],
      ['A-1;Иванов;;;;;;;active\u0085;', 'status', 'U+0085'],
    ];
    for (const [row, field, code] of cases) {
      const err = await failure(run(writeCsv(dir, `${field}.csv`, [HEADER, 'OK-1;Окунев;;;;;;;;', row])));
      expect(err, row).toMatchObject({ line: 3, field });
      expect((err as Error).message, row).toBe(`line 3, field "${field}": contains a control or text-direction character (${code})`);
    }
    expect(repo.counts().contracts).toBe(1);
    expect(repo.findByContractNo('G-1')).not.toBeNull();
  });

  it('refuses text values that start like a spreadsheet formula; a lone dash and signed numbers elsewhere stay fine', async () => {
    const dir = tmp();
    const { repo, run } = setup(dir);
    const cases: [string, string][] = [
      ["A-1;=CMD|' /C calc'!A0;;;;;;;;", 'holder'],
      ['A-1;Иванов;;"=HYPERLINK(""http://x"";""y"")";;;;;;', 'address'],
      ['A-1;Иванов;;;;;;@SUM(1+1);;', 'tariff'],
      ['A-1;+Иванов;;;;;;;;', 'holder'],
      ['A-1;Иванов;;-2+3+cmd|x!A1;;;;;;', 'address'],
      ['A-1;"\t=1+1";;;;;;;;', 'holder'],
      ['A-1;"\r\n@x";;;;;;;;', 'holder'],
      ['=1+1;Иванов;;;;;;;;', 'contract_no'],
    ];
    for (const [row, field] of cases) {
      const err = await failure(run(writeCsv(dir, 'f.csv', [HEADER, row])));
      expect(err, row).toMatchObject({ line: 2, field });
      expect((err as Error).message, row).toMatch(/starts like a spreadsheet formula/);
    }
    await run(writeCsv(dir, 'ok.csv', [HEADER, 'A-1;Иванов Иван;+7 903 969-14-45;-;-1 234,56;;;--;;']));
    expect(repo.findByContractNo('A-1')).toMatchObject({ address: '-', tariff: '--', balanceKopecks: -123456, phones: ['+79039691445'] });
  });

  it('a line of only spaces is an empty line: a strict import goes through', async () => {
    const dir = tmp();
    const { repo, run } = setup(dir);
    const path = join(dir, 'blank.csv');
    writeFileSync(path, `${HEADER}\r\nB-1;Белов;;;;;;;;\r\n   \r\n\t\r\nB-2;Белова;;;;;;;;\r\n  `);
    expect(await run(path)).toMatchObject({ rows: 2, badRows: 0 });
    expect(repo.counts().contracts).toBe(2);
  });

  it('auto encoding reads windows-1251, UTF-8 and UTF-16 exports and reports which one it used', async () => {
    const dir = tmp();
    const { repo, run } = setup(dir);
    const text = 'Номер договора;ФИО;Телефон\r\nД-1;Фёдоров Иван;9039691445\r\n';
    const cp = Buffer.from([...text].map((ch) => (ch === 'ё' ? 0xb8 : ch.charCodeAt(0) >= 0x410 ? 0xc0 + ch.charCodeAt(0) - 0x410 : ch.charCodeAt(0))));
    const files: [Buffer, string][] = [
      [cp, 'windows-1251'],
      [Buffer.from(text), 'utf-8'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replaceAll(';', '\t'), 'utf16le')]), 'utf-16le'],
    ];
    for (const [bytes, encoding] of files) {
      const path = join(dir, `${encoding}.csv`);
      writeFileSync(path, bytes);
      const events: Omit<ImportProgress, 'jobId'>[] = [];
      const result = await run(path, { encoding: 'auto', onProgress: (p) => events.push(p) });
      expect(result, encoding).toMatchObject({ rows: 1, encoding });
      expect(events.at(-1)?.encoding, encoding).toBe(encoding);
      expect(repo.findByContractNo('Д-1'), encoding).toMatchObject({ holderName: 'Фёдоров Иван', phones: ['+79039691445'] });
    }
  });

  it('the bad-row report is readable by the user only and no cell of it can run as a formula', async () => {
    const dir = tmp();
    const { run } = setup(dir);
    const result = await run(
      writeCsv(dir, 'inj.csv', [
        HEADER,
        'R-1;Родин;;;;;;;;',
        "=CMD|' /C calc'!A0;Родин;;;;;;;;",
        'R-3;Родин;;;@SUM(1);;;;;',
        'R-4;-x;;;;;;;;',
        'R-5;Родин;+7 12;;;;;;;',
      ]),
      { skipBadRows: true },
    );
    expect(result).toMatchObject({ rows: 1, badRows: 4 });
    const path = result.reportPath as string;
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const rows = readFileSync(path, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1);
    expect(rows).toEqual([
      `3;contract_no;"""=CMD|' /C calc'!A0"" starts like a spreadsheet formula (=, @, + or -): such text is refused in this column";"'=CMD|' /C calc'!A0;Родин;;;;;;;;"`,
      `4;balance;"""@SUM(1)"" is not an amount in rubles (expected e.g. 1234.56 or -1 234,56)";"R-3;Родин;;;'@SUM(1);;;;;"`,
      `5;holder;"""-x"" starts like a spreadsheet formula (=, @, + or -): such text is refused in this column";"R-4;'-x;;;;;;;;"`,
      `6;phones;"""+7 12"" is not a valid phone number";"R-5;Родин;'+7 12;;;;;;;"`,
    ]);
    // Every cell, split on ";" as Excel would, and every field of the record: none starts like a formula.
    for (const row of rows) {
      const cells = row.match(/("([^"]|"")*"|[^;]*)(;|$)/g)?.map((c) => c.replace(/;$/, '').replace(/^"|"$/g, '').replaceAll('""', '"')) ?? [];
      for (const cell of cells) expect(cell, row).not.toMatch(/^[=+\-@\t\r]/);
      for (const f of (cells[3] ?? '').split(';')) expect(f, row).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});

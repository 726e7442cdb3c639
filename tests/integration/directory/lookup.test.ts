import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openDatabase, type Db } from '../../../src-main/db/open';
import { createLogger } from '../../../src-main/log';
import { writeDemoDirectory } from '../../../src-main/directory/demo';
import { createDirectoryImporter } from '../../../src-main/directory/importer';
import { createDirectoryRepo, DIRECTORY_SQL, surnameMatchQuery, type DirectoryRepo } from '../../../src-main/directory/repo';
import { createDirectoryService, type DirectoryService } from '../../../src-main/directory/service';
import { createVerificationService, type VerificationService } from '../../../src-main/identification/verify';
import { AppError } from '../../../src-shared/ipc/envelope';
import { presetById } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';

const NOW = new Date('2026-11-20T09:00:00Z');
const preset = (id: string): DeskProfile => {
  const p = presetById(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
};

// Each test gets a fresh temp folder with the demo CSV imported into a real file DB.
let dir: string;
let db: Db;
let repo: DirectoryRepo;
let service: DirectoryService;
let verification: VerificationService;
let profile: DeskProfile = preset('internet-provider');

beforeEach(async () => {
  profile = preset('internet-provider');
  dir = mkdtempSync(join(tmpdir(), 'opconsole-lookup-'));
  db = openDatabase(join(dir, 'console.db'));
  // The repo exists before the import: its statements must follow the DROP + RENAME swap.
  repo = createDirectoryRepo(db);
  const csv = join(dir, 'demo.csv');
  await writeDemoDirectory({ rows: 3000, seed: 11, path: csv, now: NOW });
  await createDirectoryImporter({ db, log: createLogger('test'), now: () => NOW }).importFile({
    path: csv,
    encoding: 'utf-8',
    skipBadRows: false,
    reportDir: dir,
  });
  service = createDirectoryService({ repo, profile: () => profile, now: () => NOW, calendar: RU_CALENDAR });
  verification = createVerificationService({ repo, profile: () => profile, now: () => NOW, calendar: RU_CALENDAR });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const numbers = (r: { results: readonly { contractNo: string }[] }) => r.results.map((c) => c.contractNo);

describe('directory lookups through the service', () => {
  it('R-ID-PHONE: finds the caller by phone typed in any of the usual forms', () => {
    for (const typed of ['+7 903 969-14-45', '8 (903) 9691445', '9039691445', '+79039691445', '8-903-969-14-45']) {
      const r = service.search(typed, 50);
      expect(r.query, typed).toEqual({ kind: 'phone', e164: '+79039691445' });
      expect(numbers(r), typed).toEqual(['Д-000001']);
      expect(r.results[0]).toMatchObject({ holderName: 'Иванов Иван Петрович', phones: ['+79039691445'], devices: ['123456789012'] });
    }
  });

  it('R-ID-PHONE: a phone shared by two contracts pre-selects both', () => {
    const r = service.search('+7 495 123-45-67', 50);
    expect(numbers(r)).toEqual(['Д-000002', 'Д-000003']);
    expect(r.truncated).toBe(false);
    expect(r.results[1]?.phones).toEqual(['+74951234567', '+79165550102']);
    expect(numbers(service.search('8 (495) 123-45-67', 1))).toEqual(['Д-000002']);
    expect(service.search('8 (495) 123-45-67', 1).truncated).toBe(true);
    expect(service.search('+7 999 000-00-00', 50).results).toEqual([]);
  });

  it('R-ID-PHONE: the screen pop gets the contract numbers on a phone as findByPhone orders them, without the full records', () => {
    expect(repo.contractNosByPhone('+74951234567')).toEqual(['Д-000002', 'Д-000003']);
    expect(repo.contractNosByPhone('+74951234567')).toEqual(repo.findByPhone('+74951234567').map((c) => c.contractNo));
    expect(repo.contractNosByPhone('+74951234567', 1)).toEqual(['Д-000002']);
    expect(repo.contractNosByPhone('+79039691445')).toEqual(['Д-000001']);
    expect(repo.contractNosByPhone('+79990000000')).toEqual([]);
  });

  it('finds a contract by its number (case, spaces and dashes normalized), and nothing for a near miss', () => {
    for (const typed of ['Д-000003', 'д-000003', ' д – 000003 ']) {
      const r = service.search(typed, 50);
      expect(r.query, typed).toEqual({ kind: 'contract', contractNo: 'Д-000003' });
      expect(numbers(r), typed).toEqual(['Д-000003']);
    }
    // Leading zeros do not count («Д-0000031» is «Д-000031»), extra digits or groups do.
    expect(service.search('Д-9000003', 50).results).toEqual([]);
    expect(service.search('Д-000003-1', 50).results).toEqual([]);
  });

  it('R-ID-CONTRACT: finds a contract number as dictated: without leading zeros, without or with a Latin prefix', () => {
    for (const typed of ['000003', '3', 'д3', 'Д 3', 'D-000003', 'd3']) {
      const r = service.search(typed, 50);
      expect(r.query.kind, typed).toBe('contract');
      expect(numbers(r), typed).toEqual(['Д-000003']);
    }
    // never a near miss: «31» is not «3», and a wrong prefix is not the number
    expect(numbers(service.search('31', 50))).toEqual(['Д-000031']);
    expect(service.search('ИН-3', 50).results).toEqual([]);
  });

  it('R-ID-PHONE: the last 7 digits of a phone find the customer; a phone one digit short says so', () => {
    for (const typed of ['969-14-45', '9691445']) {
      const r = service.search(typed, 50);
      expect(r.query, typed).toMatchObject({ kind: 'phone-tail', tail: '9691445' });
      expect(numbers(r), typed).toEqual(['Д-000001']);
    }
    // a shared local part finds every contract on it, once each
    expect(numbers(service.search('123-45-67', 50))).toEqual(['Д-000002', 'Д-000003']);
    const short = service.search('903 969 144', 50);
    expect(short).toMatchObject({ query: { kind: 'phone-incomplete', digits: 9 }, results: [] });
  });

  it('R-ID-CONTRACT: verification takes the number as dictated, like the search', () => {
    for (const contractNo of ['000002', '2', 'д2', 'D-000002']) {
      expect(verification.verify({ contractNo, surname: 'Фёдорова' }), contractNo).toMatchObject({ verified: true, contract: { contractNo: 'Д-000002' } });
    }
    expect(verification.verify({ contractNo: 'D-2', surname: 'Иванов' })).toEqual({ verified: false, reason: 'surname-mismatch', contract: null });
    expect(verification.verify({ contractNo: '22', surname: 'Фёдорова' })).toMatchObject({ verified: false });
  });

  it('finds holders by surname prefix regardless of case and ё/е («фёдор», «ФЕДОР»), sorted by name', () => {
    for (const typed of ['фёдор', 'ФЕДОР', 'Федоров', 'фЁдОрОв']) {
      const r = service.search(typed, 200);
      expect(r.query.kind, typed).toBe('surname');
      expect(numbers(r), typed).toEqual(expect.arrayContaining(['Д-000002', 'Д-000003']));
      for (const c of r.results) expect(c.holderName.toLowerCase().replace(/ё/g, 'е'), typed).toMatch(/^федоров/);
      const names = r.results.map((c) => c.holderName);
      expect(names, typed).toEqual([...names].sort((a, b) => a.localeCompare(b, 'ru')));
    }
    // Only the surname (first word) matches the first typed word; next words narrow the match.
    expect(numbers(service.search('фёдоров пётр', 50))).toContain('Д-000003');
    expect(numbers(service.search('фёдоров пётр', 50))).not.toContain('Д-000002');
    expect(numbers(service.search('федорова анна серг', 50))).toContain('Д-000002');
    // A patronymic is not a surname: "Фёдоров Пётр Ильич" is not found by «ильич».
    expect(numbers(service.search('ильич', 50))).not.toContain('Д-000003');
  });

  it('flags a truncated surname page and keeps exactly `limit` results', () => {
    const r = service.search('и', 5);
    expect(r.results).toHaveLength(5);
    expect(r.truncated).toBe(true);
  });

  it('R-ID-SERIAL: finds a device by its 12-digit serial; 11 or 13 digits are a mistyped serial, not a search', () => {
    for (const typed of ['123456789012', '1234 5678 9012', '1234-5678-9012']) {
      const r = service.search(typed, 50);
      expect(r.query, typed).toEqual({ kind: 'serial', serial: '123456789012' });
      expect(numbers(r), typed).toEqual(['Д-000001']);
    }
    expect(service.search('12345678901', 50)).toEqual({ query: { kind: 'serial-invalid', digits: 11 }, results: [], truncated: false });
    expect(service.search('1234567890123', 50)).toEqual({ query: { kind: 'serial-invalid', digits: 13 }, results: [], truncated: false });
    expect(service.search('   ', 50)).toEqual({ query: { kind: 'empty' }, results: [], truncated: false });
  });

  it('R-ID-CONTRACT: verifies the contract number together with the holder surname', () => {
    expect(verification.verify({ contractNo: 'Д-000001', surname: 'Иванов' })).toMatchObject({
      verified: true,
      reason: null,
      contract: { contractNo: 'Д-000001' },
    });
    expect(verification.verify({ contractNo: 'д-000002', surname: 'федорова' })).toMatchObject({
      verified: true,
      contract: { holderName: 'Фёдорова Анна Сергеевна' },
    });
    expect(verification.verify({ contractNo: 'Д-000002', surname: 'Фёдоров' })).toEqual({ verified: false, reason: 'surname-mismatch', contract: null });
    expect(verification.verify({ contractNo: 'Д-999999', surname: 'Иванов' })).toEqual({ verified: false, reason: 'contract-not-found', contract: null });
    expect(verification.verify({ contractNo: '', surname: 'Иванов' })).toEqual({ verified: false, reason: 'missing-input', contract: null });
    expect(verification.verify({ contractNo: 'Д-000001', surname: ' ' })).toEqual({ verified: false, reason: 'missing-input', contract: null });
  });

  it('R-BAL-POSITIVE, R-BAL-SUSPEND: every result carries eligibility under the active profile', () => {
    profile = preset('internet-provider');
    const ok = service.search('Д-000001', 50).results[0];
    expect(ok?.eligibility).toMatchObject({ level: 'ok', balanceStale: false });
    expect(ok?.balanceKopecks).toBe(125000);
    const debtor = service.get(service.search('Д-000004', 50).results[0]?.id ?? -1);
    expect(debtor.eligibility.level).toBe('block');
    expect(debtor.eligibility.reasons[0]).toMatchObject({ code: 'balance-not-positive', kopecks: -123456 });
    profile = preset('restaurant-integrator'); // 30 working days of debt suspend service
    const suspended = service.search('Д-000004', 50).results[0];
    expect(suspended?.debtSince).toBe('2026-09-21');
    expect(suspended?.eligibility).toMatchObject({ level: 'block', suspended: true });
    expect(suspended?.eligibility.reasons.map((x) => x.code)).toContain('debt-suspended');
  });

  it('get(id) returns the card and NOT_FOUND for an unknown id', () => {
    const id = service.search('Д-000003', 50).results[0]?.id ?? -1;
    expect(service.get(id)).toMatchObject({ contractNo: 'Д-000003', phones: ['+74951234567', '+79165550102'] });
    expect(() => service.get(987_654_321)).toThrow(AppError);
    try {
      service.get(987_654_321);
    } catch (err) {
      expect((err as AppError).code).toBe('NOT_FOUND');
    }
  });

  it('FTS input is text, never syntax: quotes, stars, colons, carets, parentheses and operators do not throw', () => {
    const nasty = [
      '"',
      '""',
      '*',
      'ив*',
      'ив"ан',
      '"*:^()',
      'name : x',
      'NEAR(a b)',
      'AND',
      'OR ив',
      'NOT',
      '^',
      '(',
      ')',
      '-',
      'a:b',
      "'",
      '\\',
      'ф"ё*',
      '{name}: ив',
      'ив AND OR',
    ];
    for (const s of nasty) {
      expect(() => service.search(s, 10), s).not.toThrow();
      expect(() => repo.findBySurnamePrefix(s, 10), s).not.toThrow();
    }
    expect(surnameMatchQuery('ив"ан*')).toBe('name : (^ "ив" * AND "ан" *)');
    expect(surnameMatchQuery('Фёдоров Пётр')).toBe('name : (^ "федоров" * AND "петр" *)');
    expect(surnameMatchQuery('"*:^()')).toBeNull();
    expect(numbers(service.search('иванов"', 50))).toContain('Д-000001');
  });

  it('hot lookups use their indexes (EXPLAIN QUERY PLAN), also after the import swapped the tables', () => {
    const plan = (sql: string, ...params: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan(DIRECTORY_SQL.byPhone, '+79039691445', 10)).toMatch(/SEARCH p USING INDEX ix_contract_phones_e164 \(e164=\?\)/);
    expect(plan(DIRECTORY_SQL.byKey, '1', 10)).toMatch(/SEARCH contracts USING INDEX ix_contracts_key \(contract_key=\?\)/);
    expect(plan(DIRECTORY_SQL.byPhoneTail, '9691445', 10)).toMatch(/SEARCH p USING INDEX ix_contract_phones_tail \(<expr>=\?\)/);
    expect(plan(DIRECTORY_SQL.byNumber, 'Д-000001')).toMatch(/SEARCH contracts USING INDEX sqlite_autoindex_contracts_1 \(contract_no=\?\)/);
    expect(plan(DIRECTORY_SQL.idsBySerial, '123456789012', 10)).toMatch(/SEARCH devices USING INDEX ix_devices_serial \(serial=\?\)/);
    // The card's phones and serials come with its row: correlated subqueries on their indexes.
    for (const sql of [DIRECTORY_SQL.byNumber, DIRECTORY_SQL.byPhone, DIRECTORY_SQL.many]) {
      const p = plan(sql, ...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => '[1,2]'));
      expect(p, sql).toMatch(/SEARCH contract_phones USING (COVERING )?INDEX ix_contract_phones_contract \(contract_id=\?\)/);
      expect(p, sql).toMatch(/SEARCH devices USING (COVERING )?INDEX ix_devices_contract \(contract_id=\?\)/);
    }
    expect(plan(DIRECTORY_SQL.many, '[1,2]')).toMatch(/SEARCH contracts USING INTEGER PRIMARY KEY/);
    for (const sql of Object.values(DIRECTORY_SQL)) {
      if (sql === DIRECTORY_SQL.counts) continue; // a count is a scan by nature
      const n = (sql.match(/\?/g) ?? []).length;
      expect(plan(sql, ...Array.from({ length: n }, () => '[1]')), sql).not.toMatch(/SCAN (contracts|contract_phones|devices)\b|TEMP B-TREE/);
    }
  });
});

describe('directory repo after a re-import through the same connection', () => {
  it('statements prepared before a swap keep working on the new tables', async () => {
    const d = mkdtempSync(join(tmpdir(), 'opconsole-reimport-'));
    try {
      const local = openDatabase(join(d, 'console.db'));
      const r = createDirectoryRepo(local);
      const importer = createDirectoryImporter({ db: local, log: createLogger('test'), now: () => NOW });
      const header = 'contract_no;holder;phones;serials';
      for (const [i, row] of [['A-1;Альфа;+7 903 000-00-01;111111111111'], ['B-1;Бета;+7 903 000-00-01;222222222222']].entries()) {
        const csv = join(d, `${i}.csv`);
        writeFileSync(csv, `${header}\n${row[0]}\n`);
        await importer.importFile({ path: csv, encoding: 'utf-8', skipBadRows: false, reportDir: d });
        const expected = i === 0 ? 'A-1' : 'B-1';
        expect(r.findByPhone('+79030000001').map((c) => c.contractNo)).toEqual([expected]);
        expect(r.findByContractNo(expected)?.devices).toEqual([i === 0 ? '111111111111' : '222222222222']);
        expect(r.findBySurnamePrefix(i === 0 ? 'альф' : 'бет', 5).records.map((c) => c.contractNo)).toEqual([expected]);
      }
      expect(r.findByContractNo('A-1')).toBeNull();
      local.close();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('a contract number typed exactly, next to numbers that only dictate alike', () => {
  it('R-ID-CONTRACT: the exact number is that one contract; the dictated forms still find every contract they name, and each card has its phones and serials', async () => {
    const d = mkdtempSync(join(tmpdir(), 'opconsole-exact-'));
    try {
      const local = openDatabase(join(d, 'console.db'));
      const csv = join(d, 'dir.csv');
      writeFileSync(
        csv,
        [
          'contract_no;holder;phones;serials',
          'Д-000006;Иванов Иван;+7 903 000-00-06, +7 903 000-00-60;111111111111',
          'Д-6;Петров Пётр;+7 903 000-00-07;',
          'ИН-000006;Сидоров Олег;;222222222222, 333333333333',
        ].join('\n') + '\n',
      );
      await createDirectoryImporter({ db: local, log: createLogger('test'), now: () => NOW }).importFile({
        path: csv,
        encoding: 'utf-8',
        skipBadRows: false,
        reportDir: d,
      });
      const r = createDirectoryRepo(local);
      const nos = (typed: string) => r.findByTypedNumber(typed).map((c) => c.contractNo);
      expect(nos('Д-000006')).toEqual(['Д-000006']);
      expect(nos(' д-6 ')).toEqual(['Д-6']);
      expect(nos('д6')).toEqual(['Д-000006', 'Д-6']);
      expect(nos('6')).toEqual(['Д-000006', 'Д-6', 'ИН-000006']);
      expect(nos('D-06')).toEqual(['Д-000006', 'Д-6']);
      expect(nos('7')).toEqual([]);
      const [ivanov] = r.findByTypedNumber('Д-000006');
      expect(ivanov?.phones).toEqual(['+79030000006', '+79030000060']);
      expect(ivanov?.devices).toEqual(['111111111111']);
      expect(r.findByTypedNumber('ИН-6')[0]?.devices).toEqual(['222222222222', '333333333333']);
      expect(r.findByTypedNumber('ИН-6')[0]?.phones).toEqual([]);
      local.close();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/db/open';
import { createDirectoryImporter, DirectoryImportError } from '../../../src-main/directory/importer';
import { useTempDir } from '../../helpers/tmp';
import { HEADER, hostileCorpus } from './csvCorpus';

/** Counts and a checksum of every contract, its phones and devices: "exactly intact". */
function fingerprint(db: Db): unknown {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM contracts) AS contracts, (SELECT count(*) FROM contract_phones) AS phones, (SELECT count(*) FROM devices) AS devices,
              (SELECT group_concat(id || '|' || contract_no || '|' || holder_name || '|' || address || '|' || ifnull(balance_kopecks, '') || '|' || status, ';') FROM contracts) AS contractRows,
              (SELECT group_concat(contract_id || e164, ';') FROM contract_phones) AS phoneRows,
              (SELECT group_concat(contract_id || serial, ';') FROM devices) AS deviceRows,
              (SELECT group_concat(value, ';') FROM settings WHERE key LIKE 'directory.%') AS settings`,
    )
    .get();
}

const stageTables = (db: Db): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'stage%'").all() as { name: string }[]).map((r) => r.name);

/** One report row split into cells the way a spreadsheet reads a ";" CSV. */
function cells(row: string): string[] {
  return (row.match(/("([^"]|"")*"|[^;"]*)(;|$)/g) ?? [])
    .filter((c) => c !== '')
    .map((c) =>
      c
        .replace(/;$/, '')
        .replace(/^"([\s\S]*)"$/, '$1')
        .replaceAll('""', '"'),
    );
}

describe('hostile CSV files against a console that already has a directory', () => {
  const tmp = useTempDir('opconsole-hostile-csv-');
  const corpus = hostileCorpus();

  it('strict: every bad file fails naming its line and field or reason, and the previous directory stays exactly as it was', async () => {
    const dir = tmp();
    const db = openDatabase(join(dir, 'console.db'));
    const importer = createDirectoryImporter({ db, log: pino({ level: 'silent' }) });
    const goodCsv = join(dir, 'good.csv');
    writeFileSync(
      goodCsv,
      [
        HEADER,
        'G-1;Гудов Глеб;+7 903 969-14-45;г. Москва;100.50;;;Домашний;;123456789012',
        'G-2;Гудова Галя;8 916 555-01-02;;-3,00;;01.10.2026;;приостановлен;',
      ].join('\n'),
    );
    await importer.importFile({ path: goodCsv, encoding: 'auto', skipBadRows: false, reportDir: join(dir, 'reports'), sourceLabel: 'good' });
    const before = fingerprint(db);

    const failures: string[] = [];
    for (const [i, c] of corpus.entries()) {
      const path = join(dir, `case-${i}.csv`);
      writeFileSync(path, c.bytes);
      let err: unknown = null;
      try {
        await importer.importFile({ path, encoding: 'auto', skipBadRows: false, reportDir: join(dir, 'reports') });
      } catch (e) {
        err = e;
      }
      const got = err instanceof DirectoryImportError ? { line: err.line, field: err.field, message: err.message } : { error: String(err) };
      const ok =
        err instanceof DirectoryImportError &&
        err.line === c.line &&
        err.field === c.field &&
        c.reason.test(err.message) &&
        (c.line === null || err.message.startsWith(`line ${c.line}`));
      if (!ok)
        failures.push(`${c.name}: expected line ${String(c.line)}, field ${String(c.field)}, ${String(c.reason)}; got ${JSON.stringify(got).slice(0, 300)}`);
      expect(fingerprint(db), c.name).toEqual(before);
      expect(stageTables(db), c.name).toEqual([]);
    }
    expect(failures).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    console.log(`hostile csv: ${corpus.length} files`);
    db.close();
  }, 120_000);

  it('skip bad rows: the import goes through, the 0600 report names each bad line and no cell of it can run as a formula', async () => {
    const dir = tmp();
    const db = openDatabase(join(dir, 'console.db'));
    const importer = createDirectoryImporter({ db, log: pino({ level: 'silent' }) });
    const skippable = corpus.filter((c) => c.skippable);
    expect(skippable.length).toBeGreaterThanOrEqual(10);
    for (const [i, c] of skippable.entries()) {
      const path = join(dir, `skip-${i}.csv`);
      writeFileSync(path, c.bytes);
      const r = await importer.importFile({ path, encoding: 'auto', skipBadRows: true, reportDir: join(dir, 'reports') });
      expect(r.badRows, c.name).toBe(1);
      expect(r.rows, c.name).toBeGreaterThan(0);
      const report = r.reportPath as string;
      expect(statSync(report).mode & 0o777, c.name).toBe(0o600);
      const rows = readFileSync(report, 'utf8')
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter((l) => l !== '');
      expect(rows[0]).toBe('line;field;message;record');
      expect(rows.length, c.name).toBe(2);
      const [line, field, message, record] = cells(rows[1] as string);
      expect({ line, field }, c.name).toEqual({ line: String(c.line), field: c.field ?? '' });
      expect(message, c.name).toMatch(c.reason);
      for (const cell of [line, field, message, record]) expect(cell, `${c.name}: ${String(cell)}`).not.toMatch(/^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/);
      // The record re-split into its fields (as "text to columns" would): none starts like a formula either.
      for (const f of (record ?? '').split(';')) expect(f, `${c.name}: ${f}`).not.toMatch(/^[=+\-@\t\r]/);
      expect(stageTables(db), c.name).toEqual([]);
    }
    db.close();
  }, 60_000);
});

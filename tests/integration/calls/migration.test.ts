import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/open';
import { MIGRATIONS } from '../../../src-main/db/migrations/index';
import { useTempDir } from '../../helpers/tmp';

describe('migration 0030: call log and visit requests', () => {
  const tmp = useTempDir();

  it('upgrades a version-20 database and keeps its data', () => {
    const file = join(tmp(), 'console.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 20) });
    old.prepare("INSERT INTO settings (key, value) VALUES ('ui.locale', 'en')").run();
    expect(old.pragma('user_version', { simple: true })).toBe(20);
    old.close();

    const db = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 30) });
    expect(db.pragma('user_version', { simple: true })).toBe(30);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'ui.locale'").get()).toEqual({ value: 'en' });
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name IN ('calls', 'visit_requests') ORDER BY name").all() as {
      name: string;
      sql: string;
    }[];
    expect(tables.map((t) => t.name)).toEqual(['calls', 'visit_requests']);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
    const indexes = (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'calls' AND name LIKE 'ix_%' ORDER BY name").all() as { name: string }[]
    ).map((r) => r.name);
    expect(indexes).toEqual(['ix_calls_contract', 'ix_calls_offered', 'ix_calls_open', 'ix_calls_operator', 'ix_calls_remote_rev']);
    db.close();
  });

  it('refuses values outside the contract (direction, outcome, verified, visit status)', () => {
    const db = openDatabase(join(tmp(), 'console.db'));
    const ins = db.prepare(
      "INSERT INTO calls (id, direction, remote_number, remote_rev, offered_at, outcome, verified) VALUES (?, ?, '1', '1', '2026-01-01T00:00:00.000Z', ?, ?)",
    );
    expect(() => ins.run('a', 'sideways', null, 0)).toThrow(/CHECK/);
    expect(() => ins.run('b', 'inbound', 'lost', 0)).toThrow(/CHECK/);
    expect(() => ins.run('c', 'inbound', null, 2)).toThrow(/CHECK/);
    ins.run('d', 'inbound', 'missed', 0);
    expect(() => db.prepare("INSERT INTO visit_requests (id, call_id, notes, created_at, status) VALUES ('v', 'd', '', 'x', 'done')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO visit_requests (id, call_id, notes, created_at) VALUES ('v', 'nope', '', 'x')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

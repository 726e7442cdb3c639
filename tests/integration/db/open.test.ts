import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommitSyncNestingError, DatabaseFromFutureError, MigrationError, latestVersion, openDatabase, withoutCommitSync } from '../../../src-main/db/open';
import { MIGRATIONS } from '../../../src-main/db/migrations/index';
import { useTempDir } from '../../helpers/tmp';

const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts_%' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);

describe('openDatabase on a real file', () => {
  const tmp = useTempDir();

  it('creates the folder and the file, applies all migrations, sets WAL and synchronous=FULL', () => {
    const file = join(tmp(), 'nested', 'console.db');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(expect.arrayContaining(['contracts', 'contract_phones', 'devices', 'settings', 'outbox', 'desk_profiles', 'redirects']));
    db.close();
  });

  it('withoutCommitSync: commits inside skip the fsync (NORMAL), everything after is FULL again, even after a throw', () => {
    const db = openDatabase(join(tmp(), 'console.db'));
    const settings = () => [db.pragma('synchronous', { simple: true }), db.pragma('wal_autocheckpoint', { simple: true })];
    expect(settings()).toEqual([2, 1000]); // what openDatabase sets: FULL, a checkpoint every 1000 pages
    const write = db.prepare<[string]>("INSERT INTO settings (key, value) VALUES (?, 'x')");
    expect(withoutCommitSync(db, 5000, () => (db.transaction(() => write.run('inside'))(), settings()))).toEqual([1, 5000]);
    expect(settings()).toEqual([2, 1000]);
    expect(() =>
      withoutCommitSync(db, 5000, () => {
        write.run('inside'); // a duplicate key: the write fails inside
      }),
    ).toThrow(/UNIQUE/);
    expect(settings()).toEqual([2, 1000]);
    // Inside a transaction the settings could not apply to that transaction's commit: refused, nothing changed.
    expect(() => db.transaction(() => withoutCommitSync(db, 5000, () => write.run('nested')))()).toThrow(CommitSyncNestingError);
    expect(settings()).toEqual([2, 1000]);
    expect(db.prepare("SELECT key FROM settings WHERE key IN ('inside', 'nested')").all()).toEqual([{ key: 'inside' }]);
    db.close();
  });

  it('migrates up from every earlier version, keeping the data written at that version', () => {
    for (const from of [0, ...MIGRATIONS.slice(0, -1).map((m) => m.version)]) {
      const file = join(tmp(), `from-${from}.db`);
      const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= from) });
      expect(old.pragma('user_version', { simple: true })).toBe(from);
      if (from >= 10) old.prepare("INSERT INTO settings (key, value) VALUES ('probe', 'kept')").run();
      old.close();
      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
      if (from >= 10) expect(db.prepare("SELECT value FROM settings WHERE key = 'probe'").get()).toEqual({ value: 'kept' });
      // 0020 adds desk profiles and redirects on top of any earlier shape.
      db.prepare("INSERT INTO desk_profiles (id, body, updated_at) VALUES ('x', '{}', '2026-11-23T00:00:00Z')").run();
      db.close();
    }
  });

  it('refuses a database written by a newer version, naming both versions, and leaves it untouched', () => {
    const file = join(tmp(), 'future.db');
    const raw = new Database(file);
    raw.pragma('user_version = 990');
    raw.close();
    let caught: unknown;
    try {
      openDatabase(file);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DatabaseFromFutureError);
    expect((caught as Error).message).toMatch(new RegExp(`schema 990.*up to ${latestVersion()}\\b`));
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(990);
    check.close();
  });

  it('rolls back all pending migrations when one fails, so the file stays at its old version', () => {
    const file = join(tmp(), 'broken.db');
    openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) }).close();
    const broken = [...MIGRATIONS, { version: 990, name: 'broken', up: (db: Database.Database) => db.exec('CREATE TABLE nope (') }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow(MigrationError);
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    expect(tables(db)).not.toContain('desk_profiles');
    db.close();
  });
});

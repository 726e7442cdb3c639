import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { ensurePrivateDir, ensurePrivateFile } from '../privateFiles';
import { dirname } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations/index';

export type Db = Database.Database;

export class DatabaseFromFutureError extends Error {
  readonly found: number;
  readonly supported: number;
  constructor(file: string, found: number, supported: number) {
    super(
      `the database ${file} was written by a newer version of the console (schema ${found}, this build knows up to ${supported}); ` +
        'update the console or point it at another data folder',
    );
    this.name = 'DatabaseFromFutureError';
    this.found = found;
    this.supported = supported;
  }
}

export class MigrationError extends Error {
  constructor(migration: Migration, cause: unknown) {
    super(
      `migration ${migration.version} (${migration.name}) failed: ${cause instanceof Error ? cause.message : String(cause)}; the database was left at its previous version`,
      { cause },
    );
    this.name = 'MigrationError';
  }
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

/**
 * Opens (creating if needed) the console's SQLite file: WAL, synchronous=FULL so operator input
 * survives a power cut, foreign keys on, then every pending migration in one transaction.
 */
export function openDatabase(file: string, opts: { migrations?: readonly Migration[]; readonly?: boolean } = {}): Db {
  const migrations = opts.migrations ?? MIGRATIONS;
  if (file !== ':memory:') {
    ensurePrivateDir(dirname(file));
    // SQLite creates -wal and -shm with the database file's mode: a 0600 file first, then open.
    ensurePrivateFile(file);
    for (const side of [`${file}-wal`, `${file}-shm`]) if (existsSync(side)) ensurePrivateFile(side);
  }
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function migrate(db: Db, file: string, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(migrations);
  if (current > latest) throw new DatabaseFromFutureError(file, current, latest);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) {
      try {
        m.up(db);
      } catch (err) {
        throw new MigrationError(m, err);
      }
      db.pragma(`user_version = ${m.version}`);
    }
  })();
}

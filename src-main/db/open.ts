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

// What openDatabase sets for every write; withoutCommitSync puts exactly these back.
const SYNCHRONOUS = 'FULL';
/** SQLite's default, stated so it can be restored: the WAL is copied back after every ~4 MB. */
const WAL_AUTOCHECKPOINT_PAGES = 1000;

/** withoutCommitSync was called inside an open transaction, where the settings cannot take effect cleanly. */
export class CommitSyncNestingError extends Error {
  override readonly name = 'CommitSyncNestingError';
  constructor() {
    super('withoutCommitSync must run outside any transaction: it changes how the next commits are written');
  }
}

/**
 * Runs `fn` (synchronous, so no other write on this shared connection can fall inside it) with
 * commits that skip the fsync and with the WAL checkpointed only every `checkpointPages`: for
 * writes whose loss in a power cut costs nothing because a crash throws them away anyway (the
 * directory import's staging tables, dropped at the next open). In WAL mode synchronous=NORMAL
 * never corrupts the database; it may only lose the last commits, and the next FULL commit makes
 * them durable too. Each commit under FULL costs an fsync, and each checkpoint two more: on a disk
 * shared with other work that is tens of milliseconds apiece. The settings are back to
 * openDatabase's before this returns or throws, so every other write stays synchronous=FULL.
 */
export function withoutCommitSync<T>(db: Db, checkpointPages: number, fn: () => T): T {
  if (db.inTransaction) throw new CommitSyncNestingError();
  db.pragma('synchronous = NORMAL');
  db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(checkpointPages))}`);
  try {
    return fn();
  } finally {
    db.pragma(`synchronous = ${SYNCHRONOUS}`);
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  }
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
    db.pragma(`synchronous = ${SYNCHRONOUS}`);
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
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

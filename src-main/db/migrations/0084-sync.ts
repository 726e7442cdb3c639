import type { Migration } from './types';

/**
 * The console's sync client (issue 12, src-main/sync):
 * - sync_rows: the server's row_version of every row this console took from a pull, by the kind
 *   and id the protocol names (src-shared/server/sync.ts). One table for every kind rather than a
 *   column per table: the local tables keep their own `version` (the local edit counter) and their
 *   shape; only the sync client reads or writes this.
 * - sync_deferred: a pulled change that met a row with pending local mutations is kept here and
 *   applied once the acknowledgement and a pull covering it have arrived (a mutation the server
 *   refused or found empty produces no newer change, so the server's row would otherwise be lost).
 * - sync_rejections: the mutations the server refused, with its code, reason and message: the
 *   «Синхронизация» panel lists them; the outbox itself moves on.
 * Scalars (client id, acknowledged and covered seq, cursor) live in settings, written in the same
 * transactions as the rows they describe.
 */
export const migration0084: Migration = {
  version: 84,
  name: 'sync client',
  up(db) {
    db.exec(`
      CREATE TABLE sync_rows (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (kind, id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_deferred (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        data TEXT,
        PRIMARY KEY (kind, id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_rejections (
        client_seq INTEGER PRIMARY KEY,
        mutation_id TEXT NOT NULL,
        name TEXT NOT NULL,
        args TEXT NOT NULL,
        created_at TEXT NOT NULL,
        code TEXT NOT NULL,
        reason_kind TEXT,
        reason_params TEXT,
        message TEXT NOT NULL,
        rejected_at TEXT NOT NULL,
        dismissed_at TEXT
      ) STRICT;
      CREATE INDEX ix_sync_rejections_open ON sync_rejections (client_seq) WHERE dismissed_at IS NULL;
    `);
  },
};

/**
 * The server's schema migrations, shaped like the host's (src-main/db): one file per version in
 * `migrations/`, an ordered list, every pending one in one transaction with its row in
 * `schema_migrations`, and a refusal to start on a database written by newer code. Several server
 * processes may start at once on one PostgreSQL: a transaction-scoped advisory lock makes the
 * second wait and then find nothing left to do.
 */
import type { Queryable, Storage } from './types';

export type ServerMigration = Readonly<{ version: number; name: string; up(tx: Queryable): Promise<void> }>;

/** Any fixed number; it only has to be the same in every server process. */
const MIGRATION_LOCK = 712_001;

export class DatabaseFromFutureError extends Error {
  override readonly name = 'DatabaseFromFutureError';
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `the database was migrated by a newer desk server (schema ${found}, this build knows up to ${supported}); ` +
        'update the server or point it at another database',
    );
  }
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(migration: ServerMigration, cause: unknown) {
    super(
      `migration ${migration.version} (${migration.name}) failed: ${cause instanceof Error ? cause.message : String(cause)}; the database was left at its previous version`,
      { cause },
    );
  }
}

export function latestVersion(migrations: readonly ServerMigration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

export async function schemaVersion(db: Queryable): Promise<number | null> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!exists.rows[0]?.t) return null;
  const r = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return r.rows[0]?.v ?? 0;
}

/** Applies what is pending; returns the versions applied (empty when the database was current). */
export async function migrate(storage: Storage, migrations: readonly ServerMigration[]): Promise<number[]> {
  const latest = latestVersion(migrations);
  return storage.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const current = (await schemaVersion(tx)) ?? 0;
    if (current > latest) throw new DatabaseFromFutureError(current, latest);
    const applied: number[] = [];
    for (const m of migrations.filter((x) => x.version > current)) {
      try {
        await m.up(tx);
      } catch (err) {
        throw new MigrationError(m, err);
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

/**
 * The one storage interface of the desk server. Two implementations: PGlite in-process (the
 * embedded default, `storage/pglite.ts`) and a `pg` pool on PostgreSQL 15+ (`storage/postgres.ts`).
 * Everything above this file writes plain PostgreSQL with bound parameters and never learns which
 * one runs. Results use only types both map the same way: int4, text, boolean, jsonb, uuid,
 * timestamptz (a Date). Cast int8/numeric in SQL (pg gives strings for them, PGlite numbers).
 */
export type Row = Record<string, unknown>;
export type QueryResult<T extends Row> = { readonly rows: T[]; readonly rowCount: number };

export type Queryable = {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
};

export type StorageKind = 'pglite' | 'postgres';

export type Storage = Queryable & {
  readonly kind: StorageKind;
  /**
   * Runs `fn` in one transaction (the only place a transaction starts): committed when it
   * resolves, rolled back when it throws (the error passes through). `pg_notify` called inside is
   * delivered only on commit, which is what the live pokes of sync will rely on.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to NOTIFY on `channel`; resolves once listening. The result unsubscribes. When the
   * listening connection fails (database restarted, backend killed) it is opened again with a
   * backoff, and `onResubscribed` runs once it listens again: whatever was notified in between is
   * lost, so the caller catches up (the live hub pokes every socket).
   */
  listen(channel: string, onPayload: (payload: string) => void, onResubscribed?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export class StorageError extends Error {
  override readonly name = 'StorageError';
}

/** LISTEN takes an identifier, not a parameter: only plain lower-case names ever reach it. */
const CHANNEL_RE = /^[a-z_][a-z0-9_]{0,62}$/;
export function checkChannel(channel: string): string {
  if (!CHANNEL_RE.test(channel)) throw new StorageError(`bad notification channel name "${channel.slice(0, 80)}"`);
  return channel;
}

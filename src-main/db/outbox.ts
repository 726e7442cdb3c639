import { uuidv7 } from '../../src-shared/ids';
import type { Db } from './open';

export type MutationRecord = { readonly mutationId: string; readonly clientSeq: number };

/**
 * Runs a named local mutation: its effect on the local tables and its outbox row commit in ONE
 * SQLite transaction, so operator input is never half-written and never lost to the sync.
 */
export function createOutbox(db: Db, now: () => Date) {
  const insert = db.prepare<[string, string, string, string]>(
    'INSERT INTO outbox (mutation_id, name, args, created_at) VALUES (?, ?, ?, ?)',
  );
  const pending = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox');
  return {
    run<T>(name: string, args: unknown, apply: (mutationId: string) => T): T & MutationRecord {
      return db.transaction(() => {
        const at = now();
        const mutationId = uuidv7(at.getTime());
        const result = apply(mutationId);
        const info = insert.run(mutationId, name, JSON.stringify(args), at.toISOString());
        return { ...result, mutationId, clientSeq: Number(info.lastInsertRowid) };
      })();
    },
    pendingCount: (): number => pending.get()?.n ?? 0,
  };
}
export type Outbox = ReturnType<typeof createOutbox>;

import { uuidv7 } from '../../src-shared/ids';
import { mutationDef, type MutationArgs, type MutationName, type ParsedMutationArgs } from '../../src-shared/mutators/index';
import type { Db } from '../db/open';

export type MutationRecord = { readonly mutationId: string; readonly clientSeq: number };

/**
 * Runs a named local mutation: its effect on the local tables and its outbox row commit in ONE
 * SQLite transaction, so operator input is never half-written and never lost to the sync.
 * Only names of the registry (src-shared/mutators) are accepted, and the args are checked against
 * the mutation's schema before anything is written: the outbox holds only what the server can replay.
 */
export function createOutbox(db: Db, now: () => Date) {
  const insert = db.prepare<[string, string, string, string]>(
    'INSERT INTO outbox (mutation_id, name, args, created_at) VALUES (?, ?, ?, ?)',
  );
  const pending = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox');

  /** Validates and writes the row; callers are inside the transaction of the local change. */
  function append<N extends MutationName>(name: N, args: ParsedMutationArgs<N> | MutationArgs<N>, mutationId: string, at: Date): number {
    if (!db.inTransaction) throw new Error(`outbox.append(${name}) outside a transaction: the change and its row must commit together`);
    const parsed: unknown = mutationDef(name).args.parse(args);
    return Number(insert.run(mutationId, name, JSON.stringify(parsed), at.toISOString()).lastInsertRowid);
  }

  return {
    run<N extends MutationName, T>(name: N, args: MutationArgs<N>, apply: (mutationId: string) => T): T & MutationRecord {
      // Checked before the transaction starts: a malformed mutation never touches the tables.
      mutationDef(name).args.parse(args);
      return db.transaction(() => {
        const at = now();
        const mutationId = uuidv7(at.getTime());
        const result = apply(mutationId);
        const clientSeq = append(name, args, mutationId, at);
        return { ...result, mutationId, clientSeq };
      })();
    },
    append,
    pendingCount: (): number => pending.get()?.n ?? 0,
  };
}
export type Outbox = ReturnType<typeof createOutbox>;

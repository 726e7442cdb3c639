import { mutationDef, type MutationArgs, type MutationName, type ParsedMutationArgs } from '../../src-shared/mutators/index';
import type { Db } from '../db/open';

/**
 * The outbox: the row `(client_seq, mutation_id, name, args, created_at)` a desk server will
 * replay. Only the runner (runner.ts) appends, inside the transaction of the mutation's local
 * effect, so the change and its row commit together (README.md here). Only names of the registry
 * (src-shared/mutators) are accepted and the args are checked against the mutation's schema:
 * the outbox holds only what the server can replay.
 */
export function createOutbox(db: Db) {
  const insert = db.prepare<[string, string, string, string]>('INSERT INTO outbox (mutation_id, name, args, created_at) VALUES (?, ?, ?, ?)');
  const pending = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox');

  /** Validates and writes the row; the caller is inside the transaction of the local change. */
  function append<N extends MutationName>(name: N, args: ParsedMutationArgs<N> | MutationArgs<N>, mutationId: string, at: Date): number {
    if (!db.inTransaction) throw new Error(`outbox append of ${name} outside a transaction: the change and its row must commit together`);
    const parsed: unknown = mutationDef(name).args.parse(args);
    return Number(insert.run(mutationId, name, JSON.stringify(parsed), at.toISOString()).lastInsertRowid);
  }

  return {
    append,
    pendingCount: (): number => pending.get()?.n ?? 0,
  };
}
export type Outbox = ReturnType<typeof createOutbox>;

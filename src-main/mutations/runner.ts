/**
 * runMutation(name, args): ONE better-sqlite3 transaction that completes the args (ticket number),
 * applies the mutator against the SQLite MutationStore and appends the outbox row with the
 * completed args (ARCHITECTURE.md "Offline writes and sync"). A mutation that changed nothing
 * (an idempotent retry, an update to the same values) leaves no outbox row.
 */
import type { z } from 'zod';
import { uuidv7 } from '../../src-shared/ids';
import { AppError, issuesText, zodIssues } from '../../src-shared/ipc/envelope';
import {
  MutationError,
  mutators,
  type MutationArgs,
  type MutationContext,
  type MutationResult,
  type Mutator,
  type MutatorName,
} from '../../src-shared/mutators/index';
import type { Db } from '../db/open';
import type { Outbox } from './outbox';
import type { SqliteMutationStore } from './sqliteStore';

export type MutationOutcome<N extends MutatorName> = { readonly result: MutationResult<N>; readonly mutationId: string | null };

export function createMutationRunner(deps: {
  db: Db;
  outbox: Outbox;
  store: SqliteMutationStore;
  now: () => Date;
  context: (at: number, mutationId: string) => MutationContext;
  /** After a mutation with an outbox row committed (the sync client pushes it soon). */
  onCommit?: () => void;
}) {
  const { db, outbox, store } = deps;

  return function runMutation<N extends MutatorName>(name: N, args: MutationArgs<N>): MutationOutcome<N> {
    const m = mutators[name] as unknown as Mutator<z.ZodType, MutationResult<N>>;
    const parsed = m.args.safeParse(args);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error, args);
      throw new AppError('VALIDATION', `invalid ${name}: ${issuesText(issues)}`, issues);
    }
    let outcome: MutationOutcome<N>;
    try {
      outcome = db.transaction((): MutationOutcome<N> => {
        const at = deps.now();
        const mutationId = uuidv7(at.getTime());
        const ctx = deps.context(at.getTime(), mutationId);
        const before = store.writes();
        const completed = m.complete ? m.complete(store, parsed.data, ctx) : parsed.data;
        const result = m.apply(store, completed, ctx);
        if (store.writes() === before) return { result, mutationId: null };
        outbox.append(name, completed as never, mutationId, at);
        return { result, mutationId };
      })();
    } catch (err) {
      if (err instanceof MutationError) throw new AppError(err.code, err.message, err.issues, err.reason);
      throw err;
    }
    if (outcome.mutationId !== null) deps.onCommit?.();
    return outcome;
  };
}
export type RunMutation = ReturnType<typeof createMutationRunner>;

/**
 * Push (issue 12 item 3): a console's outbox, in `client_seq` order. Each mutation is ONE
 * PostgreSQL transaction that locks the client's row (so a retry racing its original waits and
 * then reads the stored answer), checks the seq, locks and loads the rows, checks the role, runs
 * the shared mutator and writes rows, change log, the stored result and the new `last_seq`.
 *
 * A refusal (the args' schema, the mutator's MutationError, the role, anything the pure `apply`
 * throws) is stored as `rejected` with its reason in a transaction of its own and still advances
 * the seq: one bad change never wedges the queue. What the database throws is not a refusal: the
 * request fails (500/503) and the console sends the same seq again.
 */
import { DEFAULT_PRESET_ID, presetById } from '../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import { zodIssues } from '../../src-shared/ipc/envelope';
import { MutationError, mutators, type MutationContext, type MutationName, type Mutator } from '../../src-shared/mutators/index';
import type { BucketUser } from '../../src-shared/server/buckets';
import type { PushMutation, PushRequest, PushResponse, PushResult, Rejection, Renumbered } from '../../src-shared/server/sync';
import { RU_CALENDAR } from '../../src-shared/worktime/calendar';
import { compileWorkingTime, scheduleOf, type ScheduleKind, type WorkingTime } from '../../src-shared/worktime/schedule';
import type { z } from 'zod';
import { ApiError } from '../http/errors';
import type { Logger } from '../log';
import type { Queryable, Storage } from '../storage/types';
import { ForbiddenMutationError, authorizeMutation } from './authorize';
import { preload } from './store';

export type SyncUser = BucketUser & { readonly displayName: string };

/** 409 with the seq the server expects next (PushGapSchema). */
export class PushGapError extends ApiError {
  constructor(readonly expectedSeq: number) {
    super('CONFLICT', `push out of order: the server expects seq ${expectedSeq} next from this console`);
  }
  override body() {
    return { error: { code: 'CONFLICT' as const, message: this.message, expectedSeq: this.expectedSeq } };
  }
}

export class ClientOwnedError extends ApiError {
  constructor() {
    super('FORBIDDEN', 'this console id belongs to another user: a console signed in as someone else starts a new console id');
  }
}

/**
 * The desk's rules until the server stores desk profiles: the console's default preset and the
 * shared production calendar (what a console with no settings changed runs).
 */
function deskRules() {
  const profile: DeskProfile = presetById(DEFAULT_PRESET_ID)!;
  const compiled = new Map<ScheduleKind, WorkingTime>();
  return {
    profile,
    calendar: RU_CALENDAR,
    workingTime(kind: ScheduleKind): WorkingTime {
      let wt = compiled.get(kind);
      if (!wt) compiled.set(kind, (wt = compileWorkingTime(RU_CALENDAR, scheduleOf(profile, kind))));
      return wt;
    },
  };
}

type ClientRow = { user_id: string; seat: string | null; last_seq: number };
type StoredMutation = {
  seq: number;
  mutation_id: string;
  status: 'applied' | 'rejected';
  result: unknown;
  rejection: Rejection | null;
  renumbered: Renumbered[] | null;
};

/** PostgreSQL's "try again" answers: a deadlock between two pushes, a serialization failure, a unique race. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const pgCode = (err: unknown): string | undefined =>
  (typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined) as string | undefined;

export type PushDeps = Readonly<{
  storage: Storage;
  now: () => Date;
  log: Logger;
  /** Fault injection for the concurrency tests: how long a mutation's transaction stays open after its writes. */
  holdTransactionMs?: () => number;
}>;

export function createSyncPush(deps: PushDeps) {
  const { storage, log } = deps;
  const rules = deskRules();

  async function lockClient(tx: Queryable, clientId: string, user: SyncUser): Promise<ClientRow> {
    await tx.query('INSERT INTO sync_clients (client_id, user_id) VALUES ($1, $2) ON CONFLICT (client_id) DO NOTHING', [clientId, user.id]);
    const r = await tx.query<ClientRow>('SELECT user_id::text AS user_id, seat, last_seq::int AS last_seq FROM sync_clients WHERE client_id = $1 FOR UPDATE', [
      clientId,
    ]);
    const row = r.rows[0]!;
    if (row.user_id !== user.id) throw new ClientOwnedError();
    return row;
  }

  async function stored(tx: Queryable, clientId: string, m: PushMutation): Promise<PushResult> {
    const r = await tx.query<StoredMutation>(
      'SELECT seq::int AS seq, mutation_id, status, result, rejection, renumbered FROM sync_mutations WHERE client_id = $1 AND seq = $2',
      [clientId, m.seq],
    );
    const s = r.rows[0];
    // Pruned (retention.ts): a console only asks for it again after losing the answer for longer
    // than the retention. It was handled once; it is acknowledged again, without what it said.
    if (!s) return { seq: m.seq, id: m.id, status: 'duplicate' };
    return {
      seq: m.seq,
      id: s.mutation_id,
      status: 'duplicate',
      ...(s.result !== null ? { result: s.result } : {}),
      ...(s.rejection ? { rejection: s.rejection } : {}),
      ...(s.renumbered ? { renumbered: s.renumbered } : {}),
    };
  }

  async function record(
    tx: Queryable,
    clientId: string,
    m: PushMutation,
    outcome: { result: unknown; renumbered: Renumbered[] } | { rejection: Rejection },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO sync_mutations (client_id, seq, mutation_id, name, status, result, rejection, client_created_at, server_at, renumbered)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        clientId,
        m.seq,
        m.id,
        m.name,
        'result' in outcome ? 'applied' : 'rejected',
        'result' in outcome ? JSON.stringify(outcome.result ?? null) : null,
        'rejection' in outcome ? outcome.rejection : null,
        m.createdAt,
        deps.now(),
        'renumbered' in outcome && outcome.renumbered.length > 0 ? JSON.stringify(outcome.renumbered) : null,
      ],
    );
    await tx.query('UPDATE sync_clients SET last_seq = $2 WHERE client_id = $1', [clientId, m.seq]);
  }

  type Attempt = { kind: 'done'; result: PushResult } | { kind: 'gap'; expected: number } | { kind: 'refused'; rejection: Rejection };

  /** Thrown out of the mutation's transaction so that everything it wrote rolls back before the refusal is stored. */
  class Refused extends Error {
    override readonly name = 'Refused';
    constructor(readonly rejection: Rejection) {
      super(rejection.message);
    }
  }

  /** One transaction: the seq check, the rows, the role, apply, flush, the stored result. */
  function attempt(clientId: string, user: SyncUser, m: PushMutation): Promise<Attempt> {
    return storage.transaction(async (tx): Promise<Attempt> => {
      const client = await lockClient(tx, clientId, user);
      if (m.seq <= client.last_seq) return { kind: 'done', result: await stored(tx, clientId, m) };
      if (m.seq !== client.last_seq + 1) return { kind: 'gap', expected: client.last_seq + 1 };

      const mutator = mutators[m.name as MutationName] as unknown as Mutator<z.ZodType, unknown>;
      const parsed = mutator.args.safeParse(m.args);
      if (!parsed.success) {
        return {
          kind: 'refused',
          rejection: { code: 'VALIDATION', message: `${m.name}: the arguments are not valid`, reason: null, issues: zodIssues(parsed.error) },
        };
      }
      const args = parsed.data;
      const loaded = await preload(tx, { reads: mutator.reads(args), ownerId: user.id, seat: client.seat });
      try {
        authorizeMutation(user, m.name as MutationName, loaded.loaded);
      } catch (err) {
        if (err instanceof ForbiddenMutationError) throw new Refused({ code: 'FORBIDDEN', message: err.message, reason: null });
        throw err;
      }
      const at = deps.now().getTime();
      const ctx: MutationContext = {
        // The server's clock orders and stamps what it accepts; the console's createdAt is kept in sync_mutations.
        now: at,
        actor: user.displayName,
        actorId: user.id,
        mutationId: m.id,
        profile: rules.profile,
        calendar: rules.calendar,
        locale: 'ru',
        // The directory moves to the server in the next issue; until then no contract is known here.
        contract: () => null,
        workingTime: rules.workingTime,
      };
      let result: unknown;
      let renumbered: Renumbered[];
      try {
        result = mutator.apply(loaded.store, args, ctx);
        ({ renumbered } = await loaded.flush(tx, { mutationId: m.id, at, actor: user.displayName }));
      } catch (err) {
        // A MutationError can come from flush after some rows were written: they roll back with the throw.
        const rejection = refusal(err, m);
        if (rejection) throw new Refused(rejection);
        throw err;
      }
      await record(tx, clientId, m, { result, renumbered });
      const hold = deps.holdTransactionMs?.() ?? 0;
      if (hold > 0) await tx.query('SELECT pg_sleep($1)', [hold / 1000]);
      return { kind: 'done', result: { seq: m.seq, id: m.id, status: 'applied', result, ...(renumbered.length > 0 ? { renumbered } : {}) } };
    });
  }

  function refusal(err: unknown, m: PushMutation): Rejection | null {
    if (err instanceof MutationError) {
      return { code: err.code, message: err.message, reason: err.reason ?? null, ...(err.issues ? { issues: err.issues } : {}) };
    }
    // `apply` is pure and synchronous: anything else it throws is deterministic, so retrying
    // would wedge the queue. Stored as refused; logged for the developers.
    if (err instanceof Error && pgCode(err) === undefined) {
      log.error({ err, mutation: m.name, seq: m.seq }, 'mutation failed on the server');
      return { code: 'VALIDATION', message: `the server could not apply ${m.name}: ${err.message.slice(0, 500)}`, reason: null };
    }
    return null;
  }

  async function pushOne(clientId: string, user: SyncUser, m: PushMutation): Promise<Attempt> {
    for (let tries = 0; ; tries++) {
      try {
        const a = await attempt(clientId, user, m).catch((err: unknown): Attempt => {
          if (err instanceof Refused) return { kind: 'refused', rejection: err.rejection };
          throw err;
        });
        if (a.kind !== 'refused') return a;
        // The refusal is stored in a transaction of its own: nothing the mutation wrote survives.
        return await storage.transaction(async (tx): Promise<Attempt> => {
          const client = await lockClient(tx, clientId, user);
          if (m.seq <= client.last_seq) return { kind: 'done', result: await stored(tx, clientId, m) };
          if (m.seq !== client.last_seq + 1) return { kind: 'gap', expected: client.last_seq + 1 };
          await record(tx, clientId, m, { rejection: a.rejection });
          return { kind: 'done', result: { seq: m.seq, id: m.id, status: 'rejected', rejection: a.rejection } };
        });
      } catch (err) {
        if (tries < 5 && RETRYABLE.has(pgCode(err) ?? '')) continue;
        throw err;
      }
    }
  }

  return async function push(user: SyncUser, req: PushRequest): Promise<PushResponse> {
    // The console sends from its stored acknowledged seq + 1, never below: it holds every answer
    // up to the first seq - 1, so those stored results may go (retention.ts). Its own row only:
    // a console claiming more than it holds loses only its own duplicates' answers.
    await storage.query(
      `UPDATE sync_clients SET held_seq = LEAST($2::bigint, last_seq)
        WHERE client_id = $1 AND user_id = $3 AND held_seq < LEAST($2::bigint, last_seq)`,
      [req.clientId, req.mutations[0]!.seq - 1, user.id],
    );
    const results: PushResult[] = [];
    for (const m of req.mutations) {
      const a = await pushOne(req.clientId, user, m);
      if (a.kind === 'gap') {
        // Only the first can be a gap (the batch is consecutive); a later one means another
        // request of this console advanced meanwhile: answer what was done.
        if (results.length === 0) throw new PushGapError(a.expected);
        break;
      }
      if (a.kind === 'done') results.push(a.result);
    }
    const last = await storage.query<{ last_seq: number }>('SELECT last_seq::int AS last_seq FROM sync_clients WHERE client_id = $1', [req.clientId]);
    return { lastSeq: last.rows[0]?.last_seq ?? 0, results };
  };
}

/** Seat codes for ticket numbers (`<seat>-<seq>`, TICKET_NUMBER_RE: two digits), unique desk-wide. */
export const SEATS = Array.from({ length: 99 }, (_, i) => String(i + 1).padStart(2, '0'));

export function createSeatRegistry(deps: Readonly<{ storage: Storage }>) {
  return async function register(user: SyncUser, clientId: string): Promise<{ seat: string }> {
    for (let tries = 0; ; tries++) {
      try {
        return await deps.storage.transaction(async (tx) => {
          await tx.query('INSERT INTO sync_clients (client_id, user_id) VALUES ($1, $2) ON CONFLICT (client_id) DO NOTHING', [clientId, user.id]);
          const r = await tx.query<{ user_id: string; seat: string | null }>(
            'SELECT user_id::text AS user_id, seat FROM sync_clients WHERE client_id = $1 FOR UPDATE',
            [clientId],
          );
          const row = r.rows[0]!;
          if (row.user_id !== user.id) throw new ClientOwnedError();
          if (row.seat !== null) return { seat: row.seat };
          const taken = new Set((await tx.query<{ seat: string }>('SELECT seat FROM sync_clients WHERE seat IS NOT NULL')).rows.map((s) => s.seat));
          const seat = SEATS.find((s) => !taken.has(s));
          if (seat === undefined) throw new ApiError('CONFLICT', `every seat code (01–99) is taken on this desk; an admin must retire old consoles`);
          await tx.query('UPDATE sync_clients SET seat = $2 WHERE client_id = $1', [clientId, seat]);
          return { seat };
        });
      } catch (err) {
        // Two consoles registering at once may pick the same free seat: the unique index refuses one, which tries again.
        if (tries < 5 && pgCode(err) === '23505') continue;
        throw err;
      }
    }
  };
}

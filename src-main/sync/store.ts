/**
 * The sync client's local bookkeeping on the console's SQLite file (README.md here): the client id,
 * the outbox read in client_seq order, acknowledgements and rejections (one transaction with the
 * answer that carried them), and the scalars (acknowledged seq, covered seq, cursor) in settings.
 *
 * - ackedSeq: the server has every outbox row up to it (push answer, or a pull's lastSeq after a
 *   crash between send and answer). Rows above it are pending and are pushed.
 * - coveredSeq: a complete pull (more: false) arrived after those rows were acknowledged, so the
 *   server's rows already contain them. Rows up to it leave the outbox; rows above it still
 *   protect the local rows they touch from being overwritten by a pull (apply.ts).
 * - seqBase: the local client_seq that was the last one before the current client id started
 *   (0 for the console's first user). The server numbers each client id's mutations from 1 with no
 *   gap, and the outbox's AUTOINCREMENT never goes back, so a console that changed hands
 *   (owner.ts) sends `client_seq - seqBase`. Every seq this store takes or returns is that
 *   server seq; only `sync_rejections` keeps the local client_seq (the panel's key).
 */
import { randomUUID } from 'node:crypto';
import type { PushMutation, PushResult } from '../../src-shared/server/sync';
import { isMutationName, mutationDef, type MutationName } from '../../src-shared/mutators/index';
import type { Db } from '../db/open';
import type { SettingsRepo } from '../settings/repo';

export const CLIENT_ID_KEY = 'sync.clientId';
export const ACKED_KEY = 'sync.ackedSeq';
export const COVERED_KEY = 'sync.coveredSeq';
export const CURSOR_KEY = 'sync.cursor';
/** The seat the desk server gave this client (tickets.seat then holds the same value). */
export const SERVER_SEAT_KEY = 'sync.seat';
export const LAST_SYNC_KEY = 'sync.lastSyncAt';
export const SEQ_BASE_KEY = 'sync.seqBase';
/** `<server url>|<client id>` once the seat is registered for that pair. */
export const REGISTERED_KEY = 'sync.registeredAt';

/** The local database holds a state the sync cannot continue from (a gap the outbox no longer has). */
export class SyncStateError extends Error {
  override readonly name = 'SyncStateError';
}

type OutboxRow = { client_seq: number; mutation_id: string; name: string; args: string; created_at: string };

export type RejectionRow = {
  client_seq: number;
  mutation_id: string;
  name: string;
  args: string;
  created_at: string;
  code: string;
  reason_kind: string | null;
  reason_params: string | null;
  message: string;
  rejected_at: string;
};

export function createSyncStore(deps: Readonly<{ db: Db; settings: SettingsRepo }>) {
  const { db, settings } = deps;
  const batchFrom = db.prepare<[number, number], OutboxRow>(
    'SELECT client_seq, mutation_id, name, args, created_at FROM outbox WHERE client_seq > ? ORDER BY client_seq LIMIT ?',
  );
  const pendingAbove = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM outbox WHERE client_seq > ?');
  const rowsAbove = db.prepare<[number], OutboxRow>(
    'SELECT client_seq, mutation_id, name, args, created_at FROM outbox WHERE client_seq > ? ORDER BY client_seq',
  );
  const firstSeq = db.prepare<[], { s: number | null }>('SELECT min(client_seq) AS s FROM outbox');
  const dropUpTo = db.prepare<[number]>('DELETE FROM outbox WHERE client_seq <= ?');
  const insertRejection = db.prepare<[RejectionRow]>(
    `INSERT OR IGNORE INTO sync_rejections (client_seq, mutation_id, name, args, created_at, code, reason_kind, reason_params, message, rejected_at)
     VALUES (:client_seq, :mutation_id, :name, :args, :created_at, :code, :reason_kind, :reason_params, :message, :rejected_at)`,
  );
  const openRejections = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sync_rejections WHERE dismissed_at IS NULL');
  const listRejections = db.prepare<[number], RejectionRow & { dismissed_at: string | null }>(
    'SELECT * FROM sync_rejections WHERE dismissed_at IS NULL ORDER BY client_seq DESC LIMIT ?',
  );
  const dismiss = db.prepare<[string, number]>('UPDATE sync_rejections SET dismissed_at = ? WHERE client_seq = ? AND dismissed_at IS NULL');

  const num = (key: string): number => {
    const n = Number(settings.get(key) ?? '0');
    return Number.isSafeInteger(n) && n >= 0 ? n : 0;
  };
  /** Local client_seq = server seq + base (module comment). */
  const base = (): number => num(SEQ_BASE_KEY);

  /** The console's id for the server, generated once per local database. */
  function clientId(): string {
    const stored = settings.get(CLIENT_ID_KEY);
    if (stored !== null && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(stored)) return stored;
    const id = randomUUID();
    settings.set(CLIENT_ID_KEY, id);
    return id;
  }

  /** The next batch to push: pending rows from `fromSeq` on, in client_seq order. */
  function batch(fromSeq: number, max: number): PushMutation[] {
    const b = base();
    return batchFrom.all(b + fromSeq - 1, max).map((r) => {
      if (!isMutationName(r.name)) throw new SyncStateError(`outbox row ${r.client_seq} names an unknown mutation ${r.name}`);
      return { seq: r.client_seq - b, id: r.mutation_id, name: r.name, args: JSON.parse(r.args) as unknown, createdAt: r.created_at };
    });
  }

  /**
   * The answer to a push, in one transaction: the rejected mutations are stored, the acknowledged
   * seq moves to the server's lastSeq. Nothing is deleted here (rows stay until a pull covers them).
   */
  const acknowledge = db.transaction((lastSeq: number, sent: readonly PushMutation[], results: readonly PushResult[], at: Date): void => {
    const bySeq = new Map(sent.map((m) => [m.seq, m]));
    const b = base();
    for (const r of results) {
      if (r.status !== 'rejected' || r.seq > lastSeq) continue;
      const m = bySeq.get(r.seq);
      if (!m) continue; // a result for a row this batch did not carry: nothing local to record it against
      insertRejection.run({
        client_seq: m.seq + b,
        mutation_id: m.id,
        name: m.name,
        args: JSON.stringify(m.args),
        created_at: m.createdAt,
        code: r.rejection?.code ?? 'VALIDATION',
        reason_kind: r.rejection?.reason?.kind ?? null,
        reason_params: r.rejection?.reason?.params ? JSON.stringify(r.rejection.reason.params) : null,
        message: (r.rejection?.message ?? 'rejected').slice(0, 2000),
        rejected_at: at.toISOString(),
      });
    }
    if (lastSeq > num(ACKED_KEY)) settings.set(ACKED_KEY, String(lastSeq));
  });

  return {
    /** False once the host closed the database (a cycle in flight then stops quietly). */
    isOpen: (): boolean => db.open,
    clientId,
    batch,
    acknowledge,
    ackedSeq: () => num(ACKED_KEY),
    coveredSeq: () => num(COVERED_KEY),
    /** Learn the server's lastSeq from a pull (a crash may have lost a push answer); inside the page's transaction. */
    learnAcked(lastSeq: number): void {
      if (lastSeq > num(ACKED_KEY)) settings.set(ACKED_KEY, String(lastSeq));
    },
    /** A complete pull arrived: everything acknowledged is now in the server's rows; those outbox rows leave. Inside the page's transaction. */
    cover(): void {
      const acked = num(ACKED_KEY);
      if (acked > num(COVERED_KEY)) settings.set(COVERED_KEY, String(acked));
      dropUpTo.run(base() + acked);
    },
    /** Every acknowledged row leaves the outbox (the console changes hands: owner.ts). Inside the caller's transaction. */
    dropAcknowledged(): void {
      dropUpTo.run(base() + num(ACKED_KEY));
    },
    /** The outbox rows still pending a push. */
    pendingCount: (): number => pendingAbove.get(base() + num(ACKED_KEY))?.n ?? 0,
    /** Rows whose local effect must not be overwritten yet (not covered), above `after` (default: the covered seq). */
    uncovered(after: number = num(COVERED_KEY)): { seq: number; name: MutationName; args: unknown; mutationId: string }[] {
      const b = base();
      return rowsAbove
        .all(b + Math.max(after, num(COVERED_KEY)))
        .flatMap((r) =>
          isMutationName(r.name)
            ? [{ seq: r.client_seq - b, name: r.name, args: mutationDef(r.name).args.parse(JSON.parse(r.args)), mutationId: r.mutation_id }]
            : [],
        );
    },
    /** The lowest seq still in the outbox (null: empty): a gap below it cannot be filled from here. */
    firstSeq(): number | null {
      const s = firstSeq.get()?.s ?? null;
      return s === null ? null : s - base();
    },
    cursor: (): string | null => settings.get(CURSOR_KEY),
    setCursor: (c: string): void => settings.set(CURSOR_KEY, c),
    openRejections: (): number => openRejections.get()?.n ?? 0,
    rejections: (limit: number) => listRejections.all(limit),
    dismissRejection: (clientSeq: number, at: Date): boolean => dismiss.run(at.toISOString(), clientSeq).changes > 0,
    lastSyncAt: (): string | null => settings.get(LAST_SYNC_KEY),
    setLastSyncAt: (at: Date): void => settings.set(LAST_SYNC_KEY, at.toISOString()),
    serverSeat: (): string | null => settings.get(SERVER_SEAT_KEY),
  };
}
export type SyncStore = ReturnType<typeof createSyncStore>;

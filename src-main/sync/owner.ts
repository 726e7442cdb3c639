/**
 * Who the console's client id belongs to (README.md here, "Another operator on the same console").
 *
 * The desk server ties a client id to the user who first used it (src-server/sync/push.ts
 * `ClientOwnedError`): the changes made under operator A are A's and travel only under A's
 * session. Desks share consoles between shifts, so a sign-in by another user B is admitted here
 * before the host stores B's token:
 *
 * - B is the owner (or nobody ever signed in): nothing changes; the outbox is pushed as before.
 * - A's changes still wait (not acknowledged): B is refused, with the count and A's name: only A
 *   can send them (a push under B's session would put them under B's name, or be refused), and
 *   they are never dropped. Sign-out tries to drain first (host.ts), so this is the offline case.
 * - Everything of A's is acknowledged: the console takes B's client id (the one B had on this
 *   console before, else a new one), the acknowledged rows leave the outbox (the server holds
 *   them), and the synced tables are emptied: B's buckets differ, B's first pull (no cursor)
 *   brings B's view. A's client id and seq are kept so A coming back continues where A stopped
 *   (one seat per user and console instead of one per shift).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../src-shared/ipc/envelope';
import { errorReason } from '../../src-shared/text/errors';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { SettingsRepo } from '../settings/repo';
import type { PageApplier } from './apply';
import { ACKED_KEY, CLIENT_ID_KEY, COVERED_KEY, CURSOR_KEY, SEQ_BASE_KEY, SERVER_SEAT_KEY, REGISTERED_KEY, type SyncStore } from './store';

/** The user the current client id belongs to. */
export const OWNER_KEY = 'sync.owner';
/** Every user's client id on this console, with the last seq the server acknowledged for it. */
export const CLIENTS_KEY = 'sync.clients';
/** What the desk-server session stored before this module existed (src-main/deskServer/session.ts). */
const PREVIOUS_LOGIN_KEY = 'deskServer.login';
const PREVIOUS_USER_KEY = 'deskServer.user';

const OwnerSchema = z.object({ id: z.string().nullable(), login: z.string(), name: z.string() });
type Owner = z.infer<typeof OwnerSchema>;
const ClientsSchema = z.record(z.string(), z.object({ clientId: z.uuid(), seq: z.number().int().nonnegative() }));
type Clients = z.infer<typeof ClientsSchema>;

export type SyncUserIdentity = Readonly<{ id: string; login: string; displayName: string }>;

/** Another user's changes wait on this console: only that user's session may send them. */
export class ChangesOfAnotherUserError extends AppError {
  override readonly name = 'ChangesOfAnotherUserError';
  constructor(
    readonly waiting: number,
    readonly owner: string,
  ) {
    super(
      'CONFLICT',
      `${waiting} change(s) made under ${owner} still wait to be sent; ${owner} must sign in to send them first`,
      undefined,
      // IssueParams cap a string at 64 characters.
      errorReason('changesOfAnotherUser', { changes: waiting, name: owner.slice(0, 64) }),
    );
  }
}

export function createSyncOwner(deps: Readonly<{ db: Db; settings: SettingsRepo; store: SyncStore; applier: PageApplier; log: Logger }>) {
  const { db, settings, store, applier, log } = deps;
  const lastLocalSeq = db.prepare<[], { s: number | null }>(
    "SELECT max(s) AS s FROM (SELECT seq AS s FROM sqlite_sequence WHERE name = 'outbox' UNION ALL SELECT max(client_seq) FROM outbox)",
  );
  const forgetKeys = db.prepare<[string, string, string]>('DELETE FROM settings WHERE key IN (?, ?, ?)');

  function parsed<T>(key: string, schema: z.ZodType<T>): T | null {
    const raw = settings.get(key);
    if (raw === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      log.warn({ err, key }, 'stored sync owner data is not JSON; ignored');
      return null;
    }
    const r = schema.safeParse(json);
    if (!r.success) log.warn({ key }, 'stored sync owner data has another shape; ignored');
    return r.success ? r.data : null;
  }

  /**
   * The current owner. A console that synced before owners were recorded: its client id belongs to
   * the login the session stored then (the server only knows it by that user).
   */
  function owner(): Owner | null {
    const stored = parsed(OWNER_KEY, OwnerSchema);
    if (stored) return stored;
    const login = settings.get(PREVIOUS_LOGIN_KEY);
    if (settings.get(CLIENT_ID_KEY) === null || login === null) return null;
    const user = parsed(PREVIOUS_USER_KEY, z.object({ displayName: z.string() }));
    return { id: null, login, name: user?.displayName ?? login };
  }

  const isOwner = (o: Owner, u: SyncUserIdentity): boolean => (o.id !== null ? o.id === u.id : o.login === u.login);

  /** One transaction: either the console is B's with A's rows kept as the server has them, or nothing changed. */
  const admit = db.transaction((user: SyncUserIdentity): 'kept' | 'switched' => {
    const me: Owner = { id: user.id, login: user.login, name: user.displayName };
    const current = owner();
    if (current === null || isOwner(current, user)) {
      settings.set(OWNER_KEY, JSON.stringify(me));
      return 'kept';
    }
    const waiting = store.pendingCount();
    if (waiting > 0) throw new ChangesOfAnotherUserError(waiting, current.name);

    const clients: Clients = parsed(CLIENTS_KEY, ClientsSchema) ?? {};
    // A legacy owner known only by login has no user id to come back under: its client id is
    // simply left (the server keeps its rows; a new one is made if that user returns).
    if (current.id !== null && settings.get(CLIENT_ID_KEY) !== null) clients[current.id] = { clientId: store.clientId(), seq: store.ackedSeq() };
    const mine = clients[user.id] ?? { clientId: randomUUID(), seq: 0 };
    const last = lastLocalSeq.get()?.s ?? 0;
    // Every row here is acknowledged (waiting = 0): the server holds them under the owner's client id.
    store.dropAcknowledged();
    settings.set(CLIENT_ID_KEY, mine.clientId);
    // The next local row (last + 1) is the server's mine.seq + 1 for this client id (store.ts).
    settings.set(SEQ_BASE_KEY, String(last - mine.seq));
    settings.set(ACKED_KEY, String(mine.seq));
    settings.set(COVERED_KEY, String(mine.seq));
    // No cursor: the first pull is a snapshot of B's buckets. The seat is asked again for this client id.
    forgetKeys.run(CURSOR_KEY, SERVER_SEAT_KEY, REGISTERED_KEY);
    applier.forget();
    settings.set(CLIENTS_KEY, JSON.stringify(clients));
    settings.set(OWNER_KEY, JSON.stringify(me));
    return 'switched';
  });

  return {
    /**
     * A user signed in to the desk server (before the token is kept): refused with
     * ChangesOfAnotherUserError while another user's changes wait, else the console is theirs.
     */
    admit(user: SyncUserIdentity): 'kept' | 'switched' {
      const r = admit(user);
      if (r === 'switched') log.info({ login: user.login }, 'another user signed in on this console: its own client id, synced rows reset to its view');
      return r;
    },
  };
}

/**
 * The live WebSocket (`GET /api/v1/live`, issue 12 item 5): one socket per console carrying
 * "bucket advanced" pokes; pull by cursor stays the truth. The console's host opens it with
 * `Authorization: Bearer <token>` (browsers cannot set that header on a WebSocket, so a web page
 * cannot ride a console's session); anything else is refused before the upgrade.
 *
 * One LISTEN per server process on `sync_poke` (src-shared/server/buckets.ts): every committed
 * change, whichever server process wrote it, reaches every process, and each pokes its own sockets
 * whose user receives one of the payload's buckets. The buckets come from the user's current row:
 * a change to a user (queues, password reset, revoked sessions) is announced on `live_user`
 * (`announceUserChange`), and every process re-reads that user's sessions and row at once; a
 * periodic check catches expiry and anything announced while a process was not listening.
 *
 * The console sends nothing meaningful: any message or an oversized frame closes its socket.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { bucketsOf, inBuckets, POKE_CHANNEL, type BucketSet, type PokePayload } from '../../src-shared/server/buckets';
import { SYNC_API, type LiveMessage } from '../../src-shared/server/sync';
import type { SessionRepo } from '../auth/sessions';
import { ApiError } from '../http/errors';
import { sessionOf, type Session } from '../http/router';
import type { Logger } from '../log';
import type { Storage } from '../storage/types';
import { LIVE_USER_CHANNEL } from './announce';
import type { StoredUser, UserRepo } from '../users/repo';

export type LivePolicy = Readonly<{
  /** At most one poke per socket per this many ms: a burst of commits becomes one pull. */
  coalesceMs: number;
  /** Ping period; a socket that has not answered the previous ping is dropped. */
  heartbeatMs: number;
  /** How often every socket's session and user row are re-read (expiry, missed announcements). */
  sessionCheckMs: number;
  maxSocketsPerUser: number;
  maxSockets: number;
  /** The largest frame accepted from a console (it has nothing to say: ws closes with 1009 above it). */
  maxFrameBytes: number;
}>;

export const DEFAULT_LIVE_POLICY: LivePolicy = {
  coalesceMs: 20,
  heartbeatMs: 30_000,
  sessionCheckMs: 30_000,
  maxSocketsPerUser: 8,
  maxSockets: 5_000,
  maxFrameBytes: 1024,
};

export type LiveDeps = Readonly<{
  storage: Storage;
  sessions: SessionRepo;
  users: UserRepo;
  authenticate(token: string): Promise<Session | null>;
  log: Logger;
  policy: LivePolicy;
}>;

export type LiveHub = Readonly<{
  /** The HTTP server's `upgrade` event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Re-reads one user's sessions and row now (this process); other processes learn it through `live_user`. */
  recheckUser(userId: string): Promise<void>;
  /** Open sockets (tests, logs). */
  count(): number;
  /** Counters since start (tests, logs): a test polls these instead of waiting to see that nothing more comes. */
  stats(): LiveStats;
  /** `bye: shutdown` to every socket, closes them, stops listening. */
  close(): Promise<void>;
}>;

/**
 * What the hub did with the pokes, counted since it started. Once `notifies` covers every change
 * committed and `waiting` is 0 the hub has nothing left to send: `sent` is final.
 * `due = sent + coalesced + waiting` (plus pokes dropped with a socket that closed meanwhile).
 */
export type LiveStats = Readonly<{
  /** Payloads received on the poke channel, malformed ones included. */
  notifies: number;
  /** A change that reached a socket's buckets: one per (change, socket). */
  due: number;
  /** Of `due`, those that rode on a poke already waiting for its coalescing window. */
  coalesced: number;
  /** Pokes written to sockets. */
  sent: number;
  /** Pokes waiting for their coalescing window now. */
  waiting: number;
}>;

const PokePayloadSchema = z.object({ buckets: z.array(z.string().max(200)).max(10_000) }) satisfies z.ZodType<PokePayload>;

type Client = {
  readonly ws: WebSocket;
  readonly userId: string;
  readonly tokenHash: string;
  buckets: BucketSet;
  lastPokeAt: number;
  timer: NodeJS.Timeout | null;
  alive: boolean;
};

/** Close codes: 1000 normal (bye), 1001 going away (shutdown), 1008 policy (the console spoke). */
const CLOSE_BYE = 1000;
const CLOSE_SHUTDOWN = 1001;
const CLOSE_POLICY = 1008;

function refuse(socket: Duplex, err: ApiError): void {
  const body = JSON.stringify(err.body());
  const reason =
    { 401: 'Unauthorized', 404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests', 503: 'Service Unavailable' }[err.status] ?? 'Error';
  const extra = Object.entries(err.headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${err.status} ${reason}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\n${extra}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  } else socket.destroy();
}

export async function startLiveHub(deps: LiveDeps): Promise<LiveHub> {
  const { log, policy } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: policy.maxFrameBytes, perMessageDeflate: false, clientTracking: false });
  const clients = new Set<Client>();
  /** Sockets per user, counting upgrades under way (so concurrent upgrades cannot pass the limit together). */
  const perUser = new Map<string, number>();
  let reserved = 0;
  let stopping = false;
  const counts = { notifies: 0, due: 0, coalesced: 0, sent: 0 };

  const send = (c: Client, m: LiveMessage): boolean => {
    if (c.ws.readyState !== c.ws.OPEN) return false;
    c.ws.send(JSON.stringify(m));
    return true;
  };

  const bye = (c: Client, reason: Extract<LiveMessage, { type: 'bye' }>['reason']): void => {
    if (!clients.has(c)) return;
    log.info({ userId: c.userId, reason }, 'live socket ended by the server');
    send(c, { type: 'bye', reason });
    forget(c);
    c.ws.close(reason === 'shutdown' ? CLOSE_SHUTDOWN : CLOSE_BYE, reason);
  };

  function forget(c: Client): void {
    if (!clients.delete(c)) return;
    if (c.timer) clearTimeout(c.timer);
    c.timer = null;
    const n = (perUser.get(c.userId) ?? 1) - 1;
    if (n <= 0) perUser.delete(c.userId);
    else perUser.set(c.userId, n);
  }

  const poke = (c: Client): void => {
    counts.due++;
    if (c.timer) {
      counts.coalesced++; // a poke is already due: this change rides on it
      return;
    }
    const wait = c.lastPokeAt + policy.coalesceMs - Date.now();
    const fire = (): void => {
      c.timer = null;
      c.lastPokeAt = Date.now();
      if (send(c, { type: 'poke' })) counts.sent++;
    };
    if (wait <= 0) fire();
    else c.timer = setTimeout(fire, wait);
  };

  const onPoke = (payload: string): void => {
    counts.notifies++;
    let buckets: PokePayload['buckets'] | null = null;
    try {
      const parsed = PokePayloadSchema.safeParse(JSON.parse(payload));
      if (parsed.success) buckets = parsed.data.buckets;
    } catch (err) {
      log.debug({ err }, 'poke payload is not JSON');
    }
    if (buckets === null) {
      // A writer's bug must not leave consoles stale: a poke costs one pull, so everyone pulls.
      log.warn({ payload: payload.slice(0, 200) }, `malformed ${POKE_CHANNEL} payload; poking every socket`);
      for (const c of clients) poke(c);
      return;
    }
    for (const c of clients) if (buckets.some((b) => inBuckets(c.buckets, b))) poke(c);
  };

  /** Re-reads the sessions and users of these sockets: bye to the dead ones, fresh buckets for the rest. */
  async function recheck(subset: readonly Client[]): Promise<void> {
    if (subset.length === 0) return;
    const states = await deps.sessions.states([...new Set(subset.map((c) => c.tokenHash))]);
    const users = new Map<string, StoredUser>((await deps.users.byIds([...new Set(subset.map((c) => c.userId))])).map((u) => [u.id, u]));
    for (const c of subset) {
      const state = states.get(c.tokenHash) ?? 'revoked';
      const user = users.get(c.userId);
      if (state !== 'live') bye(c, state);
      else if (!user || user.disabled) bye(c, 'revoked');
      else c.buckets = bucketsOf(user);
    }
  }

  const recheckUser = (userId: string): Promise<void> => recheck([...clients].filter((c) => c.userId === userId));
  const guarded = (what: string, p: Promise<void>): void => {
    p.catch((err: unknown) => log.warn({ err }, `live: ${what} failed`));
  };

  // After the LISTEN connection was re-opened, what was notified in between is lost: every socket
  // is poked (one pull each) and every session re-read.
  const unlisten = await deps.storage.listen(POKE_CHANNEL, onPoke, () => {
    log.info({ sockets: clients.size }, 'live: listening again; poking every socket');
    for (const c of clients) poke(c);
  });
  let unlistenUsers: () => Promise<void>;
  try {
    unlistenUsers = await deps.storage.listen(
      LIVE_USER_CHANNEL,
      (userId) => guarded('user recheck', recheckUser(userId)),
      () => guarded('session check', recheck([...clients])),
    );
  } catch (err) {
    await unlisten();
    throw err;
  }

  const heartbeat = setInterval(() => {
    for (const c of clients) {
      if (!c.alive) {
        log.info({ userId: c.userId }, 'live socket did not answer a ping; dropped');
        forget(c);
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }, policy.heartbeatMs);
  heartbeat.unref();
  const sessionCheck = setInterval(() => guarded('session check', recheck([...clients])), policy.sessionCheckMs);
  sessionCheck.unref();

  function attach(ws: WebSocket, session: Session): void {
    const c: Client = {
      ws,
      userId: session.user.id,
      tokenHash: session.tokenHash,
      buckets: bucketsOf(session.user),
      lastPokeAt: 0,
      timer: null,
      alive: true,
    };
    clients.add(c);
    ws.on('pong', () => (c.alive = true));
    ws.on('message', () => {
      log.info({ userId: c.userId }, 'live socket sent a message; closed');
      forget(c);
      ws.close(CLOSE_POLICY, 'the console sends nothing on this socket');
    });
    ws.on('error', (err) => {
      // An oversized or malformed frame lands here; ws closes the socket itself.
      log.info({ err, userId: c.userId }, 'live socket error');
      forget(c);
    });
    ws.on('close', () => forget(c));
    send(c, { type: 'hello', serverTime: new Date().toISOString() });
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (stopping) throw new ApiError('UNAVAILABLE', 'the server is shutting down; try again shortly');
    const path = new URL(req.url ?? '/', 'http://desk').pathname;
    if (path !== SYNC_API.live.path) throw new ApiError('NOT_FOUND', `no WebSocket at ${path.slice(0, 100)}`);
    if (req.method !== SYNC_API.live.method) throw new ApiError('METHOD_NOT_ALLOWED', 'the live socket opens with GET', undefined, { allow: 'GET' });
    const session = await sessionOf(req, deps);
    if (stopping) throw new ApiError('UNAVAILABLE', 'the server is shutting down; try again shortly');
    const userId = session.user.id;
    const mine = perUser.get(userId) ?? 0;
    if (mine >= policy.maxSocketsPerUser) {
      throw new ApiError('RATE_LIMITED', `this user already has ${mine} live connections (at most ${policy.maxSocketsPerUser}); close a console first`);
    }
    if (clients.size + reserved >= policy.maxSockets) throw new ApiError('UNAVAILABLE', 'the server has as many live connections as it takes; try again later');
    if (socket.destroyed) return;
    perUser.set(userId, mine + 1);
    reserved++;
    let done = false;
    const release = (): void => {
      if (done) return;
      done = true;
      reserved--;
    };
    // ws answers a malformed handshake (no key, wrong version) itself and never calls back.
    socket.once('close', () => {
      if (done) return;
      release();
      const n = (perUser.get(userId) ?? 1) - 1;
      if (n <= 0) perUser.delete(userId);
      else perUser.set(userId, n);
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      release();
      if (stopping) {
        ws.close(CLOSE_SHUTDOWN, 'shutdown');
        return;
      }
      attach(ws, session);
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', (err) => log.debug({ err }, 'live upgrade socket error'));
      upgrade(req, socket, head).catch((err: unknown) => {
        const api = err instanceof ApiError ? err : null;
        if (!api) log.error({ err }, 'live upgrade failed');
        refuse(socket, api ?? new ApiError('INTERNAL', 'internal error (logged on the server)'));
      });
    },
    recheckUser,
    count: () => clients.size,
    stats: () => ({ ...counts, waiting: [...clients].filter((c) => c.timer !== null).length }),
    async close() {
      if (stopping) return;
      stopping = true;
      clearInterval(heartbeat);
      clearInterval(sessionCheck);
      const open = [...clients];
      const closing = open.map((c) => new Promise<void>((resolve) => c.ws.once('close', () => resolve())));
      for (const c of open) bye(c, 'shutdown');
      // A console that does not finish the closing handshake is not waited for long.
      const timer = new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref());
      await Promise.race([Promise.all(closing), timer]);
      for (const c of open) if (c.ws.readyState !== c.ws.CLOSED) c.ws.terminate();
      await Promise.allSettled([unlisten(), unlistenUsers()]);
      wss.close();
    },
  };
}

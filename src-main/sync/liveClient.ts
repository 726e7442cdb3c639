/**
 * The console's live socket to the desk server (issue 12 item 5): the host, never the renderer,
 * opens `GET /api/v1/live` with the session token in `Authorization: Bearer`. The server only
 * ever says `hello`, `poke` (one of the user's buckets advanced: pull now) and `bye`; pull by
 * cursor stays the truth, so a lost poke costs at most one poll period, never data.
 *
 * - Every message is validated with the shared LiveMessageSchema; anything else (or a frame over
 *   `maxMessageBytes`) is a broken server: the socket is dropped and opened again after a backoff.
 * - Reconnects with exponential backoff and jitter, capped (a restarted server is not hit by every
 *   console in the same millisecond); the attempt count resets once the server said hello.
 * - The server pings every 30 s: with no frame at all for `silenceMs` the link is dead (a NAT that
 *   dropped the flow, a laptop that slept) and is replaced.
 * - `bye: revoked | expired` and a 401 on the upgrade end the session: `onBye`, and no reconnect
 *   until `start()` is called again (after a new sign-in). `bye: shutdown` reconnects.
 */
import { WebSocket } from 'ws';
import { LiveMessageSchema, SYNC_API } from '../../src-shared/server/sync';
import type { Logger } from '../log';

export type LiveTimings = Readonly<{
  backoffBaseMs: number;
  backoffCapMs: number;
  /** No frame (ping, message) for this long: the link is dead. Above the server's 30 s ping period. */
  silenceMs: number;
  /** The upgrade must be answered within this. */
  connectTimeoutMs: number;
  maxMessageBytes: number;
}>;

export const DEFAULT_LIVE_TIMINGS: LiveTimings = {
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  silenceMs: 75_000,
  connectTimeoutMs: 10_000,
  maxMessageBytes: 64 * 1024,
};

/** Why the socket is not open. `revoked`, `expired`, `unauthorized` and `stopped` do not retry. */
export type LiveCloseReason = 'unreachable' | 'refused' | 'lost' | 'silent' | 'protocol' | 'shutdown' | 'revoked' | 'expired' | 'unauthorized' | 'stopped';
export type SessionEnd = Extract<LiveCloseReason, 'revoked' | 'expired' | 'unauthorized'>;

export type LiveState =
  | Readonly<{ state: 'connecting'; since: Date; attempt: number }>
  | Readonly<{ state: 'open'; since: Date }>
  | Readonly<{ state: 'closed'; since: Date; reason: LiveCloseReason; retryInMs: number | null }>;

export type LiveClientDeps = Readonly<{
  /** The desk server's base URL, `http(s)://host:port` (ws/wss is derived). */
  serverUrl: string;
  /** Read at every connect: a new sign-in is picked up by the next attempt. null: not signed in. */
  token(): string | null;
  onPoke(): void;
  /** The session ended on the server: the console signs out and says so. */
  onBye(reason: SessionEnd): void;
  onState?(state: LiveState): void;
  log: Logger;
  timings?: Partial<LiveTimings>;
  random?: () => number;
  now?: () => Date;
  /** Extra trusted CA (a desk server with a self-signed certificate). */
  ca?: Buffer;
}>;

export type LiveClient = Readonly<{
  start(): void;
  /** Closes the socket and cancels any retry; resolves once the socket is closed. */
  stop(): Promise<void>;
  state(): LiveState;
  /**
   * What the client holds now (tests, logs). With no socket and no retry scheduled nothing happens
   * until `start()`: a test checks that instead of waiting to see that no attempt comes.
   */
  activity(): Readonly<{
    /** Connection attempts since the client was created. */
    attempts: number;
    /** A socket exists (connecting or open). */
    socket: boolean;
    /** A reconnect is scheduled. */
    retryScheduled: boolean;
  }>;
}>;

/** Exponential, capped, with "equal jitter": between half and all of base·2^(attempt−1), at most the cap. */
export function liveBackoffMs(attempt: number, t: Pick<LiveTimings, 'backoffBaseMs' | 'backoffCapMs'>, random: () => number = Math.random): number {
  const raw = Math.min(t.backoffCapMs, t.backoffBaseMs * 2 ** Math.max(0, Math.min(attempt, 30) - 1));
  return Math.round(raw / 2 + (raw / 2) * random());
}

export function liveUrlOf(serverUrl: string): string {
  const u = new URL(SYNC_API.live.path, serverUrl);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`the desk server URL must be http(s), got ${u.protocol}`);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

export function createLiveClient(deps: LiveClientDeps): LiveClient {
  const t: LiveTimings = { ...DEFAULT_LIVE_TIMINGS, ...deps.timings };
  const { log } = deps;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? (() => new Date());
  const url = liveUrlOf(deps.serverUrl);

  let current: LiveState = { state: 'closed', since: now(), reason: 'stopped', retryInMs: null };
  let ws: WebSocket | null = null;
  let retry: NodeJS.Timeout | null = null;
  let watchdog: NodeJS.Timeout | null = null;
  let attempt = 0;
  let attempts = 0;
  let running = false;
  /** Bumped per socket: events of a socket we already gave up on are ignored. */
  let generation = 0;

  const setState = (s: LiveState): void => {
    current = s;
    deps.onState?.(s);
  };

  const clearTimers = (): void => {
    if (retry) clearTimeout(retry);
    if (watchdog) clearTimeout(watchdog);
    retry = null;
    watchdog = null;
  };

  /** Ends the current socket for `reason`; retries unless the reason ends the session. */
  function end(gen: number, reason: LiveCloseReason): void {
    if (gen !== generation || !running) return;
    generation++;
    clearTimers();
    const sock = ws;
    ws = null;
    if (sock && sock.readyState !== WebSocket.CLOSED) sock.terminate();
    if (reason === 'revoked' || reason === 'expired' || reason === 'unauthorized') {
      running = false;
      setState({ state: 'closed', since: now(), reason, retryInMs: null });
      log.info({ reason }, 'desk server live socket: session ended');
      deps.onBye(reason);
      return;
    }
    const delay = liveBackoffMs(Math.max(1, attempt), t, random);
    setState({ state: 'closed', since: now(), reason, retryInMs: delay });
    log.debug({ reason, delay, attempt }, 'desk server live socket closed; retrying');
    retry = setTimeout(connect, delay);
    retry.unref();
  }

  function heard(gen: number): void {
    if (gen !== generation) return;
    if (watchdog) clearTimeout(watchdog);
    watchdog = setTimeout(() => end(gen, 'silent'), t.silenceMs);
    watchdog.unref();
  }

  function connect(): void {
    retry = null;
    if (!running) return;
    const token = deps.token();
    const gen = ++generation;
    attempt++;
    attempts++;
    if (token === null) {
      end(gen, 'unauthorized');
      return;
    }
    setState({ state: 'connecting', since: now(), attempt });
    const sock = new WebSocket(url, {
      headers: { authorization: `Bearer ${token}` },
      handshakeTimeout: t.connectTimeoutMs,
      maxPayload: t.maxMessageBytes,
      perMessageDeflate: false,
      followRedirects: false,
      ...(deps.ca ? { ca: deps.ca } : {}),
    });
    ws = sock;
    sock.on('unexpected-response', (_req, res) => {
      res.resume();
      log.warn({ status: res.statusCode }, 'desk server refused the live socket');
      end(gen, res.statusCode === 401 ? 'unauthorized' : 'refused');
    });
    sock.on('open', () => heard(gen));
    sock.on('ping', () => heard(gen));
    sock.on('message', (data, isBinary) => {
      if (gen !== generation) return;
      heard(gen);
      let parsed: ReturnType<typeof LiveMessageSchema.safeParse> | null = null;
      if (!isBinary) {
        try {
          parsed = LiveMessageSchema.safeParse(JSON.parse(String(data)));
        } catch (err) {
          log.warn({ err }, 'desk server live message is not JSON');
        }
      }
      if (!parsed?.success) {
        log.warn({ issues: parsed?.error.issues.slice(0, 3) }, 'desk server sent an invalid live message; reconnecting');
        end(gen, 'protocol');
        return;
      }
      const m = parsed.data;
      switch (m.type) {
        case 'hello':
          attempt = 0;
          setState({ state: 'open', since: now() });
          return;
        case 'poke':
          deps.onPoke();
          return;
        case 'bye':
          end(gen, m.reason);
          return;
      }
    });
    sock.on('error', (err) => {
      if (gen !== generation) return;
      log.debug({ err }, 'desk server live socket error');
      // An oversized frame (1009) is the server breaking the protocol; anything before open is the network.
      end(gen, /max payload/i.test(err.message) ? 'protocol' : current.state === 'open' ? 'lost' : 'unreachable');
    });
    sock.on('close', () => end(gen, current.state === 'open' ? 'lost' : 'unreachable'));
  }

  return {
    start() {
      if (running) return;
      running = true;
      attempt = 0;
      connect();
    },
    async stop() {
      const sock = ws;
      running = false;
      generation++;
      clearTimers();
      ws = null;
      setState({ state: 'closed', since: now(), reason: 'stopped', retryInMs: null });
      if (!sock || sock.readyState === WebSocket.CLOSED) return;
      const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()));
      if (sock.readyState === WebSocket.OPEN) sock.close(1000, 'console stopped');
      else sock.terminate();
      const timer = new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref());
      await Promise.race([closed, timer]);
      // A no-op once closed; otherwise the server did not finish the closing handshake in time.
      sock.terminate();
    },
    state: () => current,
    activity: () => ({ attempts, socket: ws !== null, retryScheduled: retry !== null }),
  };
}

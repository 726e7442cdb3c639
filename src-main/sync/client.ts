/**
 * The console's sync client (README.md here; ARCHITECTURE.md "Offline writes and sync"): upload
 * first, then download, one cycle at a time.
 *
 * - Push: the outbox above the acknowledged seq, in client_seq order, PUSH_BATCH_MAX per request.
 *   The answer's lastSeq and rejections are stored in one transaction (store.ts); a 409 gap resumes
 *   from the server's expectedSeq; a crash between send and answer resends, and the server answers
 *   the overlap as duplicates.
 * - Pull: pages by cursor until `more` is false, each validated whole and applied in one
 *   transaction with its cursor (apply.ts).
 * - Triggers: `kick()` after a local mutation (debounced), `syncNow()` (the renderer), the live
 *   socket (liveClient.ts: a pull when it opens, since pokes sent while it was closed are lost, and
 *   on every poke), `resume()` (system resume, network back), a periodic timer, and a backoff retry
 *   after a network error. With no server signed in nothing runs: no timer, no request, no socket.
 * - A `bye` on the live socket (session revoked or expired) ends the session: status `signedOut`,
 *   `onSessionEnd` (the host forgets the token), no more cycles until the next sign-in.
 */
import { PULL_PAGE_MAX, PUSH_BATCH_MAX, type PushMutation } from '../../src-shared/server/sync';
import type { SyncState, SyncStatus } from '../../src-shared/ipc/sync';
import type { Logger } from '../log';
import type { SettingsRepo } from '../settings/repo';
import { SEAT_KEY } from '../mutations/sqliteStore';
import type { PageApplier, PageEffect } from './apply';
import type { LiveClient, LiveClientDeps, SessionEnd } from './liveClient';
import { SyncAuthError, SyncNetworkError, SyncProtocolError, createSyncHttp, type SyncHttp } from './http';
import { REGISTERED_KEY, SERVER_SEAT_KEY, SyncStateError, type SyncStore } from './store';

export type SyncTimings = Readonly<{
  /** Quiet time after a local mutation before the push (several quick edits travel together). */
  debounceMs: number;
  /** The periodic pull (pokes may be lost; pull by cursor is the truth). */
  intervalMs: number;
  /** Retry after a network error: doubles from min to max, with jitter. */
  backoffMinMs: number;
  backoffMaxMs: number;
}>;
export const DEFAULT_SYNC_TIMINGS: SyncTimings = { debounceMs: 300, intervalMs: 45_000, backoffMinMs: 1_000, backoffMaxMs: 60_000 };

export type SyncCredentials = { readonly url: string; readonly token: string };

export type SyncClientDeps = Readonly<{
  store: SyncStore;
  applier: PageApplier;
  settings: SettingsRepo;
  log: Logger;
  now: () => Date;
  /** The signed-in server and token (src-main/deskServer/session.ts), null when none. */
  credentials: () => SyncCredentials | null;
  /** After every state change (the host emits `sync:state`). */
  onState?: (s: SyncState) => void;
  /** After a page changed local rows (the host emits `tickets:changed`). */
  onPage?: (e: PageEffect) => void;
  timings?: Partial<SyncTimings>;
  /** Pull page size asked of the server (tests use small pages). */
  pullLimit?: number;
  /** Largest answer accepted (bytes). */
  maxAnswerBytes?: number;
  /** How long one request may take (http.ts default); tests shorten it so a dropped request costs little. */
  requestTimeoutMs?: number;
  random?: () => number;
  /** Opens the live socket (createLiveClient); absent: pokes never come and the periodic pull alone catches up. */
  live?: (d: Pick<LiveClientDeps, 'serverUrl' | 'token' | 'onPoke' | 'onBye' | 'onState'>) => LiveClient;
  /** The live socket said the session ended (revoked, expired): the host forgets the token. */
  onSessionEnd?: (reason: SessionEnd) => void;
}>;

export function createSyncClient(deps: SyncClientDeps) {
  const { store, applier, settings, log } = deps;
  const t: SyncTimings = { ...DEFAULT_SYNC_TIMINGS, ...deps.timings };
  const random = deps.random ?? Math.random;

  let started = false;
  let status: SyncStatus = 'off';
  let offlineSince: string | null = null;
  let running: Promise<SyncState> | null = null;
  let again = false;
  let failures = 0;
  let debounce: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;
  let periodic: NodeJS.Timeout | null = null;
  let live: LiveClient | null = null;
  /** The live socket said the session ended: no cycle until stop() and start() (a new sign-in). */
  let ended = false;

  let last: SyncState = { status: 'off', offlineSince: null, lastSyncAt: null, pending: 0, rejected: 0, seat: null };

  function state(): SyncState {
    // The host closed the database under a cycle in flight: the last state known is all there is.
    if (!store.isOpen()) return { ...last, status: 'off', offlineSince: null };
    return (last = {
      status: started ? status : 'off',
      offlineSince: started && status === 'offline' ? offlineSince : null,
      lastSyncAt: store.lastSyncAt(),
      pending: store.pendingCount(),
      rejected: store.openRejections(),
      seat: store.serverSeat(),
    });
  }

  function setStatus(next: SyncStatus): void {
    if (!started) return; // stopped under a cycle in flight: stop() already said «off»
    if (ended) return; // a cycle that was in flight when the session ended must not say «online»
    if (next === 'offline' && offlineSince === null) offlineSince = deps.now().toISOString();
    if (next !== 'offline' && next !== 'syncing') offlineSince = null;
    status = next;
    deps.onState?.(state());
  }

  function clear(timer: NodeJS.Timeout | null): null {
    if (timer) clearTimeout(timer);
    return null;
  }

  /** Seat registration: once per client id and server; the ticket numbers use the server's seat from now on. */
  async function register(http: SyncHttp, clientId: string, url: string): Promise<void> {
    const marker = `${url}|${clientId}`;
    if (settings.get(REGISTERED_KEY) === marker && store.serverSeat() !== null) return;
    const answer = await http.register({ clientId });
    if (answer === null) {
      log.warn('the desk server hands out no seat codes; ticket numbers keep this console’s own seat');
      return;
    }
    const { seat } = answer;
    settings.set(SEAT_KEY, seat);
    settings.set(SERVER_SEAT_KEY, seat);
    settings.set(REGISTERED_KEY, marker);
    log.info({ seat }, 'desk server gave this console its seat code');
  }

  async function push(http: SyncHttp, clientId: string): Promise<void> {
    let from = store.ackedSeq() + 1;
    for (;;) {
      const batch: PushMutation[] = store.batch(from, PUSH_BATCH_MAX);
      if (batch.length === 0) return;
      const answer = await http.push({ clientId, mutations: batch });
      if (answer.kind === 'gap') {
        const first = store.firstSeq();
        if (answer.expectedSeq > batch[batch.length - 1]!.seq + 1) {
          throw new SyncStateError(`the desk server expects seq ${answer.expectedSeq}, past every change this console has sent`);
        } else if (answer.expectedSeq > from) {
          // The server already has rows we thought pending (an answer lost in a crash): they are acknowledged.
          store.acknowledge(answer.expectedSeq - 1, [], [], deps.now());
        } else if (first === null || answer.expectedSeq < first) {
          throw new SyncStateError(`the desk server expects seq ${answer.expectedSeq}, which this console no longer holds (oldest ${first ?? 'none'})`);
        }
        log.warn({ from, expectedSeq: answer.expectedSeq }, 'push gap: resuming from the seq the server expects');
        from = answer.expectedSeq;
        continue;
      }
      const { lastSeq, results } = answer.body;
      const last = batch[batch.length - 1]!.seq;
      if (lastSeq < from - 1 || lastSeq > last) throw new SyncProtocolError(`push answer lastSeq ${lastSeq} outside the batch ${from}..${last}`);
      store.acknowledge(lastSeq, batch, results, deps.now());
      const rejected = results.filter((r) => r.status === 'rejected').length;
      if (rejected > 0) log.warn({ rejected, from, to: lastSeq }, 'desk server rejected changes; they are listed in the sync panel');
      const renumbered = results.flatMap((r) => r.renumbered ?? []);
      if (renumbered.length > 0)
        log.info({ renumbered }, 'desk server renumbered tickets whose numbers were taken on the desk; the pull brings the new numbers');
      // The server stopped before the end of the batch (it may cap a batch): continue after what it took.
      if (lastSeq < from) throw new SyncProtocolError(`push made no progress at seq ${from}`);
      from = lastSeq + 1;
    }
  }

  async function pull(http: SyncHttp, clientId: string): Promise<void> {
    for (;;) {
      const page = await http.pull({ clientId, cursor: store.cursor(), limit: deps.pullLimit ?? PULL_PAGE_MAX });
      const effect = applier.apply(page, deps.now());
      if (effect.applied > 0 || effect.allTickets) deps.onPage?.(effect);
      if (!page.more) return;
    }
  }

  async function cycle(): Promise<SyncState> {
    const creds = deps.credentials();
    if (!started || ended || creds === null) return state();
    setStatus('syncing');
    const http = createSyncHttp({ baseUrl: creds.url, token: creds.token, maxAnswerBytes: deps.maxAnswerBytes, timeoutMs: deps.requestTimeoutMs });
    try {
      const clientId = store.clientId();
      await register(http, clientId, creds.url);
      await push(http, clientId);
      await pull(http, clientId);
      failures = 0;
      setStatus('online');
    } catch (err) {
      if (!started) {
        log.debug({ err }, 'sync stopped during a cycle');
        return state();
      }
      if (err instanceof SyncNetworkError) {
        failures++;
        log.warn({ err: err.message, failures }, 'desk server unreachable; will retry');
        setStatus('offline');
        scheduleRetry();
      } else if (err instanceof SyncAuthError) {
        log.warn({ err: err.message }, 'desk server refused the session; sync stops until the operator signs in again');
        setStatus('signedOut');
      } else if (err instanceof SyncProtocolError || err instanceof SyncStateError) {
        failures++;
        log.error({ err: err.message }, 'sync refused an answer of the desk server; local data left as it was');
        setStatus('error');
        scheduleRetry();
      } else {
        failures++;
        log.error({ err }, 'sync cycle failed');
        setStatus('error');
        scheduleRetry();
      }
    }
    return state();
  }

  function scheduleRetry(): void {
    if (!started) return;
    retry = clear(retry);
    const base = Math.min(t.backoffMaxMs, t.backoffMinMs * 2 ** Math.min(failures - 1, 20));
    const delay = Math.round(base * (0.5 + random() / 2));
    retry = setTimeout(() => void syncNow(), delay);
    retry.unref();
  }

  /** One cycle now; a request during a cycle runs one more cycle after it (never two at once). */
  function syncNow(): Promise<SyncState> {
    if (!started) return Promise.resolve(state());
    if (running) {
      again = true;
      return running;
    }
    retry = clear(retry);
    running = (async () => {
      let s: SyncState;
      do {
        again = false;
        s = await cycle();
      } while (again && started);
      return s;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  function startLive(url: string): void {
    if (!deps.live) return;
    const socket = deps.live({
      serverUrl: url,
      token: () => deps.credentials()?.token ?? null,
      onPoke: () => void syncNow(),
      // Pokes sent while the socket was closed are lost: every (re)open pulls.
      onState: (s) => {
        if (s.state === 'open') void syncNow();
      },
      onBye: (reason) => {
        if (live !== socket || !started) return;
        log.warn({ reason }, 'desk server ended the session; sync stops until the operator signs in again');
        live = null;
        retry = clear(retry);
        periodic = clear(periodic);
        setStatus('signedOut');
        ended = true;
        deps.onSessionEnd?.(reason);
      },
    });
    live = socket;
    socket.start();
  }

  function schedulePeriodic(): void {
    periodic = clear(periodic);
    if (!started) return;
    periodic = setInterval(() => void syncNow(), t.intervalMs);
    periodic.unref();
  }

  return {
    state,
    syncNow,
    /** Something the state counts changed outside a cycle (a rejection dismissed). */
    notify: (): void => deps.onState?.(state()),
    /** Starts when signed in (no-op otherwise): the first cycle at once, then the triggers. */
    start(): void {
      const creds = deps.credentials();
      if (started || creds === null) return;
      started = true;
      ended = false;
      failures = 0;
      schedulePeriodic();
      startLive(creds.url);
      void syncNow();
    },
    /** Stops every timer; a cycle in flight finishes but schedules nothing. */
    async stop(): Promise<void> {
      started = false;
      debounce = clear(debounce);
      retry = clear(retry);
      periodic = clear(periodic);
      status = 'off';
      offlineSince = null;
      deps.onState?.(state());
      const socket = live;
      live = null;
      await Promise.all([running, socket?.stop()]);
    },
    /** A local mutation committed: push soon (debounced); without a server only the count changes. */
    kick(): void {
      if (!started) return;
      deps.onState?.(state());
      debounce = clear(debounce);
      debounce = setTimeout(() => {
        debounce = null;
        void syncNow();
      }, t.debounceMs);
      debounce.unref();
    },
    /**
     * Before the session ends (sign-out): one cycle so the changes made under it are sent under
     * it, given at most `ms` (the server may be away). Resolves with the state either way.
     */
    async drain(ms: number): Promise<SyncState> {
      if (!started || ended) return state();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
      try {
        await Promise.race([syncNow(), late]);
      } finally {
        clearTimeout(timer);
      }
      return state();
    },
    /** System resume or network back: sync at once, backoff forgotten. */
    resume(): void {
      if (!started) return;
      failures = 0;
      void syncNow();
    },
  };
}
export type SyncClient = ReturnType<typeof createSyncClient>;

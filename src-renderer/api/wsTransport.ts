import type { Envelope } from '../../src-shared/ipc/envelope';
import { MAX_IN_FLIGHT, UPLOAD, UploadReplySchema, WS_CLOSE, parseHostFrame, type RequestFrame } from '../../src-shared/ipc/socket';
import { ApiError } from './errors';
import { asEnvelope, type ConnectionState, type FileRef, type Transport } from './transport';

/** The subset of the DOM WebSocket this transport uses (tests pass a fake). */
export type SocketLike = {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
};

export type WsTransportOptions = {
  /** The socket's address without the token (`ws://127.0.0.1:PORT/ws`): the token is added per connection. */
  readonly wsUrl: string;
  readonly uploadUrl: string;
  readonly token: string;
  readonly createSocket?: (url: string) => SocketLike;
  readonly fetchImpl?: typeof fetch;
  /** How long a request made while disconnected waits for the socket before failing OFFLINE. */
  readonly offlineWaitMs?: number;
  /**
   * The same once the host was there and went away (`reconnecting`): shorter, because what
   * waits is the operator looking at «Поиск…»; the answer comes with the refetch on reconnect.
   */
  readonly lostWaitMs?: number;
  /** How long a sent request waits for its reply. */
  readonly replyTimeoutMs?: number;
  readonly backoffMs?: (attempt: number) => number;
};

const OPEN = 1;

/**
 * The browser-mode transport and the one thing only it has: a restarted host issues a new token
 * (README «browser-mode port»), and the page takes it without a reload, so a half-typed form
 * survives the restart (api/tokenHandover.ts brings the token in).
 */
export type WsTransport = Transport & {
  /** Connect with this token from now on; a connection refused for the old token is retried at once. */
  useToken(token: string): void;
};

export function defaultBackoffMs(attempt: number): number {
  return Math.min(5000, 250 * 2 ** Math.min(attempt, 5));
}

type Waiter = {
  readonly channel: string;
  readonly input: unknown;
  readonly resolve: (e: Envelope<unknown>) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
};

const offline = (message: string): Envelope<never> => ({ ok: false, error: { code: 'OFFLINE', message } });

/**
 * Browser mode: the contract over one WebSocket to the host on 127.0.0.1. Requests are
 * `{ id, channel, input }` → `{ id, result }`; host events arrive as `{ event, payload }`.
 * The socket reconnects with backoff; requests made meanwhile wait (bounded) and then fail with
 * an OFFLINE envelope. A request already sent when the socket drops fails OFFLINE rather than
 * being re-sent: it may have been executed (e.g. a recorded redirect) and is not ours to repeat.
 *
 * At most MAX_IN_FLIGHT requests are on the wire at once (the host answers BUSY past that); the
 * rest wait here, unsent, for a reply to free a slot. When the host drops the socket as a slow
 * consumer (WS_CLOSE.slowConsumer: the tab stopped reading, e.g. frozen in the background), the
 * transport reconnects in the quiet `resuming` state: nothing is wrong with the host, so no banner.
 */
export function createWsTransport(opts: WsTransportOptions): WsTransport {
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const fetchImpl = opts.fetchImpl ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const offlineWaitMs = opts.offlineWaitMs ?? 10_000;
  const lostWaitMs = opts.lostWaitMs ?? 3_000;
  const replyTimeoutMs = opts.replyTimeoutMs ?? 60_000;
  const backoffMs = opts.backoffMs ?? defaultBackoffMs;

  let token = opts.token;
  let socket: SocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let authError: Envelope<never> | null = null;
  let attempt = 0;
  let seq = 0;
  const queued: Waiter[] = [];
  const pending = new Map<number, Waiter>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(s: ConnectionState) => void>();

  const setState = (s: ConnectionState) => {
    if (s === state) return;
    state = s;
    for (const l of stateListeners) l(s);
  };

  function failAll(envelope: Envelope<never>) {
    for (const w of queued.splice(0)) {
      clearTimeout(w.timer);
      w.resolve(envelope);
    }
    for (const [id, w] of pending) {
      clearTimeout(w.timer);
      pending.delete(id);
      w.resolve(envelope);
    }
  }

  function send(w: Waiter) {
    const s = socket;
    if (s === null || s.readyState !== OPEN) {
      w.resolve(offline('not connected to the console host'));
      return;
    }
    const id = ++seq;
    w.timer = setTimeout(() => {
      pending.delete(id);
      w.resolve(offline('the console host did not answer in time'));
      pump();
    }, replyTimeoutMs);
    pending.set(id, w);
    const frame: RequestFrame = { id, channel: w.channel, input: w.input };
    s.send(JSON.stringify(frame));
  }

  /** Sends waiting requests while the socket is open and the in-flight bound allows. */
  function pump() {
    while (socket !== null && socket.readyState === OPEN && pending.size < MAX_IN_FLIGHT) {
      const w = queued.shift();
      if (w === undefined) return;
      clearTimeout(w.timer);
      send(w);
    }
  }

  /** Keeps a request unsent until pump() takes it, failing OFFLINE with `message` after `waitMs`. */
  function wait(w: Waiter, waitMs: number, message: string) {
    w.timer = setTimeout(() => {
      const i = queued.indexOf(w);
      if (i >= 0) queued.splice(i, 1);
      w.resolve(offline(message));
    }, waitMs);
    queued.push(w);
  }

  function onMessage(data: unknown) {
    if (typeof data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      console.error('console host sent a frame that is not JSON');
      return;
    }
    const m = parseHostFrame(msg);
    if (m === null) return;
    if ('event' in m) {
      for (const l of listeners.get(m.event) ?? []) l(m.payload);
      return;
    }
    if (m.id === null) {
      // The host refused the connection itself (wrong or missing token); it closes next.
      const env = asEnvelope(m.result);
      authError = env.ok ? offline('refused') : { ok: false, error: env.error };
      if (!env.ok && env.error.code === 'UNAUTHORIZED') setState('unauthorized');
      return;
    }
    if (typeof m.id !== 'number') return;
    const w = pending.get(m.id);
    if (!w) return;
    pending.delete(m.id);
    clearTimeout(w.timer);
    w.resolve(asEnvelope(m.result));
    pump();
  }

  function connect() {
    if (state !== 'resuming') setState(attempt === 0 && state === 'connecting' ? 'connecting' : 'reconnecting');
    const s = createSocket(`${opts.wsUrl}?token=${encodeURIComponent(token)}`);
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      attempt = 0;
      setState('open');
      pump();
    };
    s.onmessage = (ev) => {
      if (socket === s) onMessage(ev.data);
    };
    s.onerror = () => undefined; // onclose follows and handles it
    s.onclose = (ev) => {
      if (socket !== s) return;
      socket = null;
      if (ev.code === WS_CLOSE.unauthorized || state === 'unauthorized') {
        setState('unauthorized');
        failAll(authError ?? { ok: false, error: { code: 'UNAUTHORIZED', message: 'the console host refused the token' } });
        return;
      }
      for (const [id, w] of pending) {
        clearTimeout(w.timer);
        pending.delete(id);
        w.resolve(offline('the connection to the console host dropped before the answer'));
      }
      // A slow-consumer close says the host is fine: reconnect quietly (refetching what the
      // dropped socket missed is up to the state listeners). If that reconnect fails too, the
      // next close is an ordinary one and shows as such.
      setState(ev.code === WS_CLOSE.slowConsumer ? 'resuming' : 'reconnecting');
      const delay = backoffMs(attempt++);
      setTimeout(connect, delay);
    };
  }

  connect();

  return {
    kind: 'web',
    call(channel, input) {
      return new Promise<Envelope<unknown>>((resolve) => {
        if (state === 'unauthorized') {
          resolve(authError ?? { ok: false, error: { code: 'UNAUTHORIZED', message: 'the console host refused the token' } });
          return;
        }
        const w: Waiter = { channel, input: input ?? {}, resolve, timer: undefined };
        if (socket !== null && socket.readyState === OPEN) {
          if (pending.size < MAX_IN_FLIGHT && queued.length === 0) send(w);
          else wait(w, replyTimeoutMs, 'the console host did not answer in time'); // waits for a free slot
          return;
        }
        // Not connected: wait for the socket, bounded.
        wait(w, state === 'reconnecting' ? Math.min(lostWaitMs, offlineWaitMs) : offlineWaitMs, 'no connection to the console host');
      });
    },
    on(event, cb) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(cb);
      return () => {
        set.delete(cb);
      };
    },
    // Browser mode: the page streams the File to POST /upload and gets a handle back.
    fileSource: {
      via: 'upload',
      async upload(file: File): Promise<FileRef> {
        const res = await fetchImpl(opts.uploadUrl, {
          method: 'POST',
          headers: { [UPLOAD.tokenHeader]: token, [UPLOAD.fileNameHeader]: encodeURIComponent(file.name), 'Content-Type': 'application/octet-stream' },
          body: file,
        });
        let body: unknown;
        try {
          body = await res.json();
        } catch {
          throw new ApiError({ code: res.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL', message: `upload failed: HTTP ${res.status}` });
        }
        const env = asEnvelope(body);
        if (!env.ok) throw new ApiError(env.error);
        const reply = UploadReplySchema.safeParse(body);
        if (!reply.success || !reply.data.ok) throw new ApiError({ code: 'INTERNAL', message: 'the upload answer is not a file handle' });
        return reply.data.value;
      },
    },
    useToken(next) {
      if (next === token && state !== 'unauthorized') return;
      token = next;
      // Refused for the old token: the loop had stopped (nothing would change by retrying the
      // same token); the new one starts it again at once. In any other state the next
      // connection simply carries the new token.
      if (state === 'unauthorized') {
        authError = null;
        attempt = 0;
        setState('reconnecting');
        connect();
      }
    },
    state: () => state,
    onState(cb) {
      stateListeners.add(cb);
      return () => {
        stateListeners.delete(cb);
      };
    },
  };
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWsTransport, defaultBackoffMs, type SocketLike } from '../../../src-renderer/api/wsTransport';
import { connectionNotice, refetchAfterReconnect, shouldRetryQuery, type FileRef, type Transport } from '../../../src-renderer/api/transport';
import { MAX_IN_FLIGHT, WS_CLOSE } from '../../../src-shared/ipc/socket';

const FILE_ID = 'q'.repeat(43);
/** Browser mode turns a File into a handle by uploading it. */
function upload(t: Transport): (file: File) => Promise<FileRef> {
  if (t.fileSource.via !== 'upload') throw new Error('browser mode must upload files');
  return (file) => (t.fileSource.via === 'upload' ? t.fileSource.upload(file) : Promise.reject(new Error('no upload')));
}

/** A scripted stand-in for the browser WebSocket. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: { id: number; channel: string; input: unknown }[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop(1000);
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  reply(id: number | null, result: unknown) {
    this.onmessage?.({ data: JSON.stringify({ id, result }) });
  }
  emit(event: string, payload: unknown) {
    this.onmessage?.({ data: JSON.stringify({ event, payload }) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

let sockets: FakeSocket[];
const last = () => sockets[sockets.length - 1] as FakeSocket;
const make = () =>
  createWsTransport({
    wsUrl: 'ws://127.0.0.1:1/ws',
    uploadUrl: 'http://127.0.0.1:1/upload',
    token: 't',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    offlineWaitMs: 1000,
    replyTimeoutMs: 5000,
  });

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('browser-mode WebSocket transport', () => {
  it('sends { id, channel, input } and resolves with the matching reply', async () => {
    const t = make();
    last().open();
    const a = t.call('app:info', {});
    const b = t.call('directory:status', {});
    const [fa, fb] = last().sent;
    expect(fa).toMatchObject({ channel: 'app:info', input: {} });
    last().reply(fb?.id ?? -1, { ok: true, value: 'B' });
    last().reply(fa?.id ?? -1, { ok: true, value: 'A' });
    await expect(a).resolves.toEqual({ ok: true, value: 'A' });
    await expect(b).resolves.toEqual({ ok: true, value: 'B' });
  });

  it('requests made while connecting wait for the socket, then go out', async () => {
    const t = make();
    const p = t.call('app:info', {});
    expect(last().sent).toHaveLength(0);
    last().open();
    expect(last().sent).toHaveLength(1);
    last().reply(last().sent[0]?.id ?? -1, { ok: true, value: 1 });
    await expect(p).resolves.toEqual({ ok: true, value: 1 });
  });

  it('a request waiting too long for the socket fails OFFLINE', async () => {
    const t = make();
    const p = t.call('app:info', {});
    vi.advanceTimersByTime(1001);
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
  });

  it('a sent request whose socket drops fails OFFLINE (not re-sent), and the socket reconnects with backoff', async () => {
    const t = make();
    const states: string[] = [];
    t.onState((s) => states.push(s));
    last().open();
    const p = t.call('identification:moneyQuestion', { contractId: 1, phone: null, reason: 'x' });
    last().drop();
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(t.state()).toBe('reconnecting');
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(defaultBackoffMs(0));
    expect(sockets).toHaveLength(2);
    last().open();
    expect(t.state()).toBe('open');
    expect(last().sent).toHaveLength(0);
    expect(states).toEqual(['open', 'reconnecting', 'open']);
  });

  it('a refused token (id null + close 4401) stops reconnecting and fails calls UNAUTHORIZED', async () => {
    const t = make();
    last().open();
    last().reply(null, { ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong console token' } });
    last().drop(WS_CLOSE.unauthorized);
    expect(t.state()).toBe('unauthorized');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    await expect(t.call('app:info', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('a restarted host refuses the old token; the new one reconnects at once on the same transport, and a call waiting meanwhile goes out', async () => {
    const t = make();
    expect(last().url).toBe('ws://127.0.0.1:1/ws?token=t');
    last().open();
    // The host stops, comes back with a new token and refuses the old one.
    last().drop(1006);
    vi.advanceTimersByTime(defaultBackoffMs(0));
    last().reply(null, { ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong console token' } });
    last().drop(WS_CLOSE.unauthorized);
    expect(t.state()).toBe('unauthorized');
    const before = sockets.length;

    t.useToken('n3w/+token');
    expect(sockets).toHaveLength(before + 1); // no backoff wait: the operator is looking at the page
    expect(last().url).toBe(`ws://127.0.0.1:1/ws?token=${encodeURIComponent('n3w/+token')}`);
    expect(t.state()).toBe('reconnecting');
    const reply = t.call('app:info', {});
    last().open();
    expect(t.state()).toBe('open');
    const [frame] = last().sent;
    expect(frame).toMatchObject({ channel: 'app:info' });
    last().reply(frame?.id ?? -1, { ok: true, value: 'back' });
    await expect(reply).resolves.toEqual({ ok: true, value: 'back' });

    // The same token again while open changes nothing (no second socket).
    t.useToken('n3w/+token');
    expect(sockets).toHaveLength(before + 1);
  });

  it('a new token while the host is away is used by the next reconnect, not by an extra socket', () => {
    const t = make();
    last().open();
    last().drop(1006);
    t.useToken('fresh');
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(defaultBackoffMs(0));
    expect(sockets).toHaveLength(2);
    expect(last().url).toBe('ws://127.0.0.1:1/ws?token=fresh');
  });

  it('delivers host events to subscribers until they unsubscribe', () => {
    const t = make();
    last().open();
    const got: unknown[] = [];
    const off = t.on('directory:changed', (p) => got.push(p));
    last().emit('directory:changed', { contracts: 1 });
    last().emit('profiles:changed', { x: 1 });
    off();
    last().emit('directory:changed', { contracts: 2 });
    expect(got).toEqual([{ contracts: 1 }]);
  });

  it('a reply that is not an envelope becomes INTERNAL', async () => {
    const t = make();
    last().open();
    const p = t.call('app:info', {});
    last().reply(last().sent[0]?.id ?? -1, { value: 1 });
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('a reply that never comes fails OFFLINE after the reply timeout', async () => {
    const t = make();
    last().open();
    const p = t.call('app:info', {});
    vi.advanceTimersByTime(5001);
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
  });

  it('backoff grows and is capped', () => {
    expect(defaultBackoffMs(0)).toBe(250);
    expect(defaultBackoffMs(1)).toBe(500);
    expect(defaultBackoffMs(10)).toBe(5000);
  });

  it('uploads the raw file with the token and name headers', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const t = createWsTransport({
      wsUrl: 'ws://x/ws',
      uploadUrl: 'http://x/upload',
      token: 'tok',
      createSocket: (url) => new FakeSocket(url),
      fetchImpl: (async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        return new Response(JSON.stringify({ ok: true, value: { fileId: FILE_ID, name: 'Справочник 1.csv', bytes: 4 } }), { status: 200 });
      }) as unknown as typeof fetch,
    });
    const file = new File(['a;b\n'], 'Справочник 1.csv');
    await expect(upload(t)(file)).resolves.toEqual({ fileId: FILE_ID, name: 'Справочник 1.csv', bytes: 4 });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers['X-Console-Token']).toBe('tok');
    expect(decodeURIComponent(headers['X-File-Name'] ?? '')).toBe('Справочник 1.csv');
    expect(calls[0]?.init.body).toBe(file);
  });

  it('an upload refused by the host throws its error', async () => {
    const t = createWsTransport({
      wsUrl: 'ws://x/ws',
      uploadUrl: 'http://x/upload',
      token: 'bad',
      createSocket: (url) => new FakeSocket(url),
      fetchImpl: (async () =>
        new Response(JSON.stringify({ ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong console token' } }), {
          status: 401,
        })) as unknown as typeof fetch,
    });
    await expect(upload(t)(new File(['x'], 'x.csv'))).rejects.toMatchObject({ name: 'ApiError', code: 'UNAUTHORIZED' });
  });

  it('an upload answer that is not a file handle (e.g. a path) is refused, not passed on', async () => {
    const t = createWsTransport({
      wsUrl: 'ws://x/ws',
      uploadUrl: 'http://x/upload',
      token: 'tok',
      createSocket: (url) => new FakeSocket(url),
      fetchImpl: (async () =>
        new Response(JSON.stringify({ ok: true, value: { uploadId: 'abcdefgh12', path: '/etc/shadow' } }), { status: 200 })) as unknown as typeof fetch,
    });
    await expect(upload(t)(new File(['x'], 'x.csv'))).rejects.toMatchObject({ name: 'ApiError', code: 'INTERNAL' });
  });
});

describe('browser-mode WebSocket transport under the host bounds (bounded queues)', () => {
  it('a slow-consumer close (WS_CLOSE.slowConsumer) reconnects quietly: "resuming", never the reconnecting banner, and a refetch once open', async () => {
    const t = make();
    const states: string[] = [];
    t.onState((s) => states.push(s));
    let refetches = 0;
    t.onState(refetchAfterReconnect(() => refetches++));
    last().open();
    const p = t.call('directory:search', { query: 'к', limit: 50 });
    last().drop(WS_CLOSE.slowConsumer);
    // Its answer may have been among the dropped frames: it fails, it is not silently re-sent.
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(t.state()).toBe('resuming');
    expect(connectionNotice(t.state())).toBeNull();
    vi.advanceTimersByTime(defaultBackoffMs(0));
    expect(sockets).toHaveLength(2);
    expect(t.state()).toBe('resuming'); // still quiet while the new socket connects
    last().open();
    expect(states).toEqual(['open', 'resuming', 'open']);
    expect(refetches).toBe(1); // events sent while the socket was gone are refetched
    // An ordinary drop still shows as one.
    last().drop(1006);
    expect(t.state()).toBe('reconnecting');
    expect(connectionNotice(t.state())).toBe('reconnecting');
  });

  it(`keeps at most MAX_IN_FLIGHT (${MAX_IN_FLIGHT}) requests on the wire; the rest wait unsent for a free slot`, async () => {
    const t = make();
    last().open();
    const calls = Array.from({ length: MAX_IN_FLIGHT + 6 }, () => t.call('app:info', {}));
    expect(last().sent).toHaveLength(MAX_IN_FLIGHT);
    last().reply(last().sent[0]?.id ?? -1, { ok: true, value: 0 });
    await expect(calls[0]).resolves.toEqual({ ok: true, value: 0 });
    expect(last().sent).toHaveLength(MAX_IN_FLIGHT + 1); // one answer, one more out
    // A sent request that times out frees its slot as well.
    vi.advanceTimersByTime(5001);
    expect(last().sent.length).toBeGreaterThan(MAX_IN_FLIGHT + 1);
    await expect(calls[1]).resolves.toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
  });

  it('requests still waiting for a slot when the socket drops go out on the next socket (they were never sent)', () => {
    const t = make();
    last().open();
    for (let i = 0; i < MAX_IN_FLIGHT + 2; i++) void t.call('app:info', { i });
    last().drop(1006);
    vi.advanceTimersByTime(defaultBackoffMs(0));
    last().open();
    expect(last().sent.map((f) => f.input)).toEqual([{ i: MAX_IN_FLIGHT }, { i: MAX_IN_FLIGHT + 1 }]);
  });

  it('the top bar says nothing while open or resuming, and names every other state', () => {
    expect(['connecting', 'open', 'reconnecting', 'resuming', 'unauthorized'].map((s) => connectionNotice(s as never))).toEqual([
      'connecting',
      null,
      'reconnecting',
      null,
      'unauthorized',
    ]);
  });
});

describe('queries while the host is gone (no «Поиск…» spinning on)', () => {
  const withWaits = () =>
    createWsTransport({
      wsUrl: 'ws://127.0.0.1:1/ws',
      uploadUrl: 'http://127.0.0.1:1/upload',
      token: 't',
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      offlineWaitMs: 10_000,
      lostWaitMs: 3_000,
    });

  it('a request made after the host went away fails OFFLINE after the short wait, not the start-up one', async () => {
    const t = withWaits();
    last().open();
    last().drop();
    expect(t.state()).toBe('reconnecting');
    let settled = false;
    const p = t.call('directory:search', { query: 'Иванов' }).then((e) => ((settled = true), e));
    await vi.advanceTimersByTimeAsync(2_900);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
  });

  it('at start-up a request still waits the whole start-up wait for the first socket', async () => {
    const t = withWaits();
    let settled = false;
    void t.call('app:info', {}).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(3_100);
    expect(settled).toBe(false);
    last().open();
    expect(last().sent).toHaveLength(1);
  });

  it('react-query retries OFFLINE only while the socket is up (a slow host), never with the host gone, nor other errors', () => {
    expect(shouldRetryQuery(0, 'OFFLINE', 'open')).toBe(true);
    expect(shouldRetryQuery(3, 'OFFLINE', 'open')).toBe(false);
    expect(shouldRetryQuery(0, 'OFFLINE', 'reconnecting')).toBe(false);
    expect(shouldRetryQuery(0, 'OFFLINE', 'connecting')).toBe(false);
    expect(shouldRetryQuery(0, 'VALIDATION', 'open')).toBe(false);
    expect(shouldRetryQuery(0, null, 'open')).toBe(false);
  });
});

/**
 * The fault proxy (tests/helpers/faultProxy.ts) itself: every fault observed from both ends, by a
 * real HTTP server counting what arrives (whole or cut) and a real client seeing what comes back.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { seededRandom, startFaultProxy, type FaultProxy } from '../../helpers/faultProxy';
import { until } from '../../helpers/until';

/** `closed`: the request's stream closed (its end or the cut), so `body` is final. */
type Arrival = { method: string; path: string; body: string; complete: boolean; closed: boolean; at: number };
const arrivals: Arrival[] = [];
let upstream: Server;
let wss: WebSocketServer;
let proxy: FaultProxy;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const a: Arrival = { method: req.method ?? '', path: req.url ?? '', body: '', complete: false, closed: false, at: Date.now() };
    req.on('close', () => (a.closed = true));
    arrivals.push(a);
    req.setEncoding('utf8');
    req.on('data', (c: string) => (a.body += c));
    req.on('end', () => {
      a.complete = true;
      const text = JSON.stringify({ path: a.path, echo: a.body, pad: 'ж'.repeat(500) });
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    });
  });
  wss = new WebSocketServer({ server: upstream });
  wss.on('connection', (ws) => ws.on('message', (m) => ws.send(`echo ${String(m)}`)));
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  proxy = await startFaultProxy({ target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, holdMs: 3_000 });
});
afterAll(async () => {
  await proxy?.close();
  for (const c of wss.clients) c.terminate();
  await new Promise((r) => upstream.close(r));
});
beforeEach(() => {
  proxy.plan(null);
  proxy.online();
  arrivals.length = 0;
});

type Got = { status: number; headers: Record<string, unknown>; body: string } | { error: string; partial: string };

/** One request on a fresh connection, with a timeout: what a console would see. */
function call(path: string, body?: string, timeoutMs = 5_000): Promise<Got> {
  return new Promise((resolve) => {
    let partial = '';
    const req = request(
      `${proxy.url}${path}`,
      { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, timeout: timeoutMs },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (c: string) => (partial += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: partial }));
        res.on('error', (err) => resolve({ error: err.message, partial }));
        res.on('aborted', () => resolve({ error: 'aborted', partial }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ error: err.message, partial }));
    req.end(body);
  });
}

const ok = (g: Got) => ('status' in g ? g : expect.fail(`expected an answer, got ${JSON.stringify(g)}`));

describe('fault proxy', () => {
  it('passes requests through unchanged: method, path, body, status, headers', async () => {
    const g = ok(await call('/api/v1/sync/push?x=1', '{"a":"б"}'));
    expect(g.status).toBe(200);
    expect(g.headers['x-upstream']).toBe('yes');
    expect(JSON.parse(g.body)).toMatchObject({ path: '/api/v1/sync/push?x=1', echo: '{"a":"б"}' });
    expect(arrivals).toMatchObject([{ method: 'POST', path: '/api/v1/sync/push?x=1', body: '{"a":"б"}', complete: true }]);
    expect(proxy.log().at(-1)).toMatchObject({ method: 'POST', path: '/api/v1/sync/push?x=1', fault: null });
  });

  it('drop: nothing reaches the server and no answer comes back (the client times out)', async () => {
    proxy.plan(() => ({ kind: 'drop' }));
    const g = await call('/dropped', 'x', 400);
    expect(g).toMatchObject({ error: 'timeout' });
    expect(arrivals).toEqual([]);
  });

  it('delay: the request reaches the server after the delay and is answered', async () => {
    proxy.plan(() => ({ kind: 'delay', ms: 300 }));
    const sent = Date.now();
    const g = ok(await call('/slow', 'x'));
    expect(g.status).toBe(200);
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0]!.at - sent).toBeGreaterThanOrEqual(290);
  });

  it('duplicate: the server receives the same request twice, the client one answer', async () => {
    proxy.plan(() => ({ kind: 'duplicate' }));
    const g = ok(await call('/twice', '{"seq":7}'));
    expect(JSON.parse(g.body)).toMatchObject({ echo: '{"seq":7}' });
    await until('the duplicate arrived', () => arrivals.length === 2);
    expect(arrivals.map((a) => [a.path, a.body, a.complete])).toEqual([
      ['/twice', '{"seq":7}', true],
      ['/twice', '{"seq":7}', true],
    ]);
  });

  it('reorder: a held request reaches the server after the next one; each client gets its own answer', async () => {
    proxy.plan((r) => (r.path === '/first' ? { kind: 'reorder' } : null));
    const first = call('/first', '1');
    await until('the first is held', () => proxy.log().some((e) => e.path === '/first'));
    const second = ok(await call('/second', '2'));
    const firstGot = ok(await first);
    expect(arrivals.map((a) => a.path)).toEqual(['/second', '/first']);
    expect(JSON.parse(firstGot.body)).toMatchObject({ echo: '1' });
    expect(JSON.parse(second.body)).toMatchObject({ echo: '2' });
  });

  it('cut at request: the server sees a request start and never its whole body; the client sees the connection die', async () => {
    proxy.plan(() => ({ kind: 'cut', at: 'request' }));
    const body = JSON.stringify({ mutations: 'x'.repeat(4000) });
    const g = await call('/cut-request', body);
    expect(g).toHaveProperty('error');
    await until('the server saw the request cut', () => arrivals[0]?.closed === true);
    expect(arrivals[0]).toMatchObject({ path: '/cut-request', complete: false });
    expect(arrivals[0]!.body.length).toBeLessThan(body.length);
  });

  it('cut at response: the server got and answered the whole request, the client gets part of the answer and an error', async () => {
    proxy.plan(() => ({ kind: 'cut', at: 'response' }));
    const g = await call('/cut-response', '{"seq":1}');
    expect(g).toHaveProperty('error');
    expect(arrivals).toMatchObject([{ path: '/cut-response', body: '{"seq":1}', complete: true }]);
  });

  it('odds with a seed: the same seed gives the same faults to the same requests, another seed others', async () => {
    const run = async (seed: number) => {
      proxy.plan({ seed, delay: 0.3, delayMs: [1, 5], duplicate: 0.2, cutResponse: 0.1 });
      const from = proxy.log().length;
      for (let i = 0; i < 40; i++) await call(`/odds/${i}`, String(i));
      return proxy
        .log()
        .slice(from)
        .map((e) => e.fault?.kind ?? 'pass');
    };
    const a = await run(42);
    const b = await run(42);
    const c = await run(43);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    for (const kind of ['pass', 'delay', 'duplicate', 'cut']) expect(a).toContain(kind);
    expect(() => proxy.plan({ seed: 1, drop: 0.6, delay: 0.6 })).toThrow(RangeError);
    const r = seededRandom(5);
    const r2 = seededRandom(5);
    expect([r(), r(), r()]).toEqual([r2(), r2(), r2()]);
  });

  it('passes a WebSocket upgrade through; offline cuts it and refuses everything until online', async () => {
    const ws = new WebSocket(`${proxy.url.replace('http', 'ws')}/api/v1/live`);
    const got: string[] = [];
    ws.on('message', (m) => got.push(String(m)));
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    ws.send('ping-1');
    await until('echo through the tunnel', () => got.includes('echo ping-1'));
    expect(proxy.upgrades()).toBeGreaterThanOrEqual(1);

    let closed = false;
    ws.on('close', () => (closed = true));
    proxy.offline();
    await until('the tunnel cut', () => closed);
    expect(await call('/while-offline', 'x', 2_000)).toHaveProperty('error');
    expect(arrivals).toEqual([]);
    const again = new WebSocket(`${proxy.url.replace('http', 'ws')}/api/v1/live`);
    await new Promise<void>((r) => again.once('error', () => r()));

    proxy.online();
    expect(ok(await call('/back', 'x')).status).toBe(200);
    expect(arrivals.map((a) => a.path)).toEqual(['/back']);
  });
});

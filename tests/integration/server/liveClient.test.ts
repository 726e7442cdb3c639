/**
 * The console's live client (src-main/sync/liveClient.ts) under plain Node against the real desk
 * server on PGlite: states, pokes, bye, reconnect after a server restart, no retry once the
 * session ended, a clean stop. A broken or silent server is a real `ws` server of the test's own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startDeskServer, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { POKE_CHANNEL } from '../../../src-shared/server/buckets';
import { createLiveClient, liveBackoffMs, type LiveClient, type LiveState, type SessionEnd } from '../../../src-main/sync/liveClient';
import { startFaultProxy } from '../../helpers/faultProxy';
import { send } from '../../helpers/http';
import { until } from '../../helpers/until';

const serverLog = createServerLogger({ level: 'silent', format: 'json' });
const log = pino({ level: 'silent' });
const tmp = mkdtempSync(join(tmpdir(), 'desk-liveclient-'));
const ADMIN_PASSWORD = 'admin password for tests';
const TIMINGS = { backoffBaseMs: 40, backoffCapMs: 400, silenceMs: 2_000, connectTimeoutMs: 2_000 };

let server: DeskServer;
let port = 0;
const clients: LiveClient[] = [];

const start = (p: number) =>
  startDeskServer({
    database: { kind: 'pglite', dataDir: join(tmp, 'pglite') },
    host: '127.0.0.1',
    port: p,
    tls: null,
    log: serverLog,
    adminPassword: ADMIN_PASSWORD,
    scrypt: { log2N: 12, r: 8, p: 1 },
  });

beforeAll(async () => {
  server = await start(0);
  port = server.port;
}, 180_000);
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});
afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function signIn(): Promise<string> {
  const r = await send(server.url, '/api/v1/session', { json: { login: 'admin', password: ADMIN_PASSWORD } });
  expect(r.status, r.text).toBe(201);
  return (r.json as { token: string }).token;
}

function client(serverUrl: string, token: () => string | null) {
  const states: LiveState[] = [];
  const byes: SessionEnd[] = [];
  let pokes = 0;
  const c = createLiveClient({
    serverUrl,
    token,
    onPoke: () => pokes++,
    onBye: (r) => byes.push(r),
    onState: (s) => states.push(s),
    log,
    timings: TIMINGS,
  });
  clients.push(c);
  return { c, states, byes, pokes: () => pokes, kinds: () => states.map((s) => (s.state === 'closed' ? `closed:${s.reason}` : s.state)) };
}

const commit = (buckets: string[]) =>
  server.storage.transaction(async (tx) => {
    await tx.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ buckets })]);
  });

/**
 * Checks the recorded history against the backoff: every announced retry delay lies within
 * liveBackoffMs's range for its attempt (never above the cap), and the next attempt started no
 * earlier than that delay after the close (less `TIMER_SLACK_MS`: Node schedules a timer from the
 * event loop's cached clock, which may be a few ms behind Date).
 */
const TIMER_SLACK_MS = 5;
function expectBackoff(states: readonly LiveState[]): void {
  let attempt = 0;
  let checked = 0;
  states.forEach((s, i) => {
    if (s.state === 'connecting') attempt = s.attempt;
    if (s.state === 'open') attempt = 0;
    if (s.state !== 'closed' || s.retryInMs === null) return;
    const raw = Math.min(TIMINGS.backoffCapMs, TIMINGS.backoffBaseMs * 2 ** (Math.max(1, attempt) - 1));
    expect(s.retryInMs, `delay after attempt ${attempt}`).toBeGreaterThanOrEqual(Math.round(raw / 2));
    expect(s.retryInMs, `delay after attempt ${attempt}`).toBeLessThanOrEqual(raw);
    const next = states[i + 1];
    if (next?.state !== 'connecting') return;
    expect(next.since.getTime() - s.since.getTime(), `spacing before attempt ${next.attempt}`).toBeGreaterThanOrEqual(s.retryInMs - TIMER_SLACK_MS);
    checked++;
  });
  expect(checked, 'retries seen').toBeGreaterThanOrEqual(2);
}

describe('live client against the desk server', () => {
  it('connects with the token, reports connecting → open, calls onPoke, and survives a server restart', async () => {
    const token = await signIn();
    const k = client(server.url, () => token);
    k.c.start();
    await until('open', () => k.c.state().state === 'open');
    expect(k.kinds()).toEqual(['connecting', 'open']);
    await commit(['ref']);
    await until('poked', () => k.pokes() === 1);

    await server.close();
    await until('closed by shutdown', () => k.kinds().includes('closed:shutdown'));
    // While the server is down: attempts keep coming, each one after a growing, capped delay.
    await until('several failed attempts', () => k.kinds().filter((s) => s === 'closed:unreachable').length >= 3);
    expectBackoff(k.states);

    server = await start(port);
    await until('open again', () => k.c.state().state === 'open', 20_000);
    await commit(['ref']);
    await until('poked after the restart', () => k.pokes() === 2);
  });

  it('bye: revoked ends the session: onBye once and no reconnect', async () => {
    const token = await signIn();
    const k = client(server.url, () => token);
    k.c.start();
    await until('open', () => k.c.state().state === 'open');
    expect((await send(server.url, '/api/v1/session', { method: 'DELETE', token })).status).toBe(200);
    await until('bye', () => k.byes.length === 1);
    expect(k.byes).toEqual(['revoked']);
    expect(k.c.state()).toMatchObject({ state: 'closed', reason: 'revoked', retryInMs: null });
    // Nothing is tried again, ever: no socket and no retry scheduled (every attempt starts from
    // start() or that retry).
    expect(k.c.activity()).toEqual({ attempts: 1, socket: false, retryScheduled: false });
    expect(k.kinds()).toEqual(['connecting', 'open', 'closed:revoked']);
    await until('the server forgot the socket', () => server.live.count() === 0);
  });

  it('a token the server does not know (401 on the upgrade) or no token at all: onBye unauthorized, no retry', async () => {
    const k = client(server.url, () => 'x'.repeat(43));
    k.c.start();
    await until('bye', () => k.byes.length === 1);
    expect(k.byes).toEqual(['unauthorized']);
    const none = client(server.url, () => null);
    none.c.start();
    await until('bye', () => none.byes.length === 1);
    expect(none.byes).toEqual(['unauthorized']);
    expect(none.kinds()).toEqual(['closed:unauthorized']);
  });

  it('stop() closes the socket on the server and cancels retries against a dead address', async () => {
    const token = await signIn();
    const k = client(server.url, () => token);
    k.c.start();
    await until('open', () => k.c.state().state === 'open');
    await until('server sees it', () => server.live.count() === 1);
    await k.c.stop();
    await until('server forgot it', () => server.live.count() === 0);
    expect(k.c.state()).toMatchObject({ state: 'closed', reason: 'stopped' });

    const dead = client('http://127.0.0.1:1', () => token);
    dead.c.start();
    await until('four attempts', () => dead.c.activity().attempts >= 4);
    expect(dead.kinds().filter((s) => s === 'closed:unreachable').length).toBeGreaterThanOrEqual(3);
    expectBackoff(dead.states);
    await dead.c.stop();
    // Nothing is tried again after stop(): no socket and no retry scheduled.
    const { attempts } = dead.c.activity();
    expect(dead.c.activity()).toEqual({ attempts, socket: false, retryScheduled: false });
    expect(dead.c.state()).toMatchObject({ state: 'closed', reason: 'stopped' });
  });
});

describe('live client through the fault proxy', () => {
  it('the network goes away (proxy offline): the socket is lost, retried with backoff, and open again when it returns', async () => {
    const proxy = await startFaultProxy({ target: server.url });
    try {
      const token = await signIn();
      const k = client(proxy.url, () => token);
      k.c.start();
      await until('open through the proxy', () => k.c.state().state === 'open');
      proxy.offline();
      await until('lost', () => k.kinds().includes('closed:lost'));
      await until('retries fail while offline', () => k.kinds().filter((s) => s === 'closed:unreachable').length >= 2);
      proxy.online();
      await until('open again', () => k.c.state().state === 'open', 10_000);
      await commit(['ref']);
      await until('poked through the proxy', () => k.pokes() === 1);
      expect(proxy.upgrades()).toBeGreaterThanOrEqual(2);
    } finally {
      await proxy.close();
    }
  });
});

describe('live client against a broken server', () => {
  const servers: WebSocketServer[] = [];
  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
  });
  async function fake(onConnection: (ws: import('ws').WebSocket, n: number) => void): Promise<{ url: string; connections: () => number }> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    servers.push(wss);
    let n = 0;
    wss.on('connection', (ws) => onConnection(ws, ++n));
    await new Promise((r) => wss.once('listening', r));
    return { url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`, connections: () => n };
  }

  it('a message outside the schema, binary or oversized is dropped with the socket, never passed on, and the client reconnects', async () => {
    for (const bad of ['{"type":"nope"}', '{"type":"bye","reason":"because"}', 'not json', Buffer.from([1, 2, 3]), 'x'.repeat(70 * 1024)]) {
      const f = await fake((ws) => {
        ws.send(JSON.stringify({ type: 'hello', serverTime: new Date().toISOString() }));
        ws.send(bad);
        ws.send(JSON.stringify({ type: 'poke' }));
      });
      const k = client(f.url, () => 'token');
      k.c.start();
      await until(`reconnected after ${String(bad).slice(0, 20)}`, () => f.connections() >= 2);
      expect(k.kinds()).toContain('closed:protocol');
      expect(k.pokes()).toBe(0);
      expect(k.byes).toEqual([]);
      await k.c.stop();
    }
  });

  it('a server that goes silent (no ping, no message) is given up after silenceMs and replaced', async () => {
    const f = await fake((ws) => ws.send(JSON.stringify({ type: 'hello', serverTime: new Date().toISOString() })));
    const k = client(f.url, () => 'token');
    k.c.start();
    await until('open', () => k.c.state().state === 'open');
    await until('silent → reconnected', () => f.connections() >= 2, 10_000);
    expect(k.kinds()).toContain('closed:silent');
  });
});

describe('liveBackoffMs', () => {
  it('grows exponentially, stays within [half, all] of the step, and never passes the cap', () => {
    const t = { backoffBaseMs: 500, backoffCapMs: 30_000 };
    expect([1, 2, 3, 4].map((a) => liveBackoffMs(a, t, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => liveBackoffMs(a, t, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect(liveBackoffMs(20, t, () => 1)).toBe(30_000);
    expect(liveBackoffMs(1000, t, () => 0.5)).toBe(22_500);
    // Jitter spreads a desk of consoles that lost the server at the same moment.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const spread = new Set(Array.from({ length: 50 }, () => liveBackoffMs(6, t, random)));
    expect(spread.size).toBeGreaterThan(40);
  });
});

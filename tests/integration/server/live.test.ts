/**
 * The live WebSocket of an in-process desk server on PGlite (the embedded default; NOTIFY works
 * inside its one process): auth before the upgrade, pokes only to users whose buckets advanced,
 * coalescing, bye on revoke/expiry/shutdown, heartbeat, limits, hostile frames, and WSS.
 * Two server processes on one PostgreSQL: live-two-servers.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDeskServer, type DeskServer } from '../../../src-server/app';
import type { LiveStats } from '../../../src-server/live/hub';
import { createServerLogger } from '../../../src-server/log';
import type { User } from '../../../src-shared/server/api';
import { POKE_CHANNEL } from '../../../src-shared/server/buckets';
import { send } from '../../helpers/http';
import { selfSignedCert } from '../../helpers/tls';
import { isProbe, mustOpen, openLive, type LiveProbe } from '../../helpers/liveSocket';
import { until } from '../../helpers/until';

const log = createServerLogger({ level: 'silent', format: 'json' });
const tmp = mkdtempSync(join(tmpdir(), 'desk-live-'));
const ADMIN_PASSWORD = 'admin password for tests';
const HOUR = 3_600_000;
const HEARTBEAT_MS = 300;
const LIMITS = { maxSocketsPerUser: 3, maxSockets: 7 };

let server: DeskServer;
let clock = new Date('2026-11-24T07:00:00Z').getTime();
const users: Record<string, { id: string; password: string }> = {};
let adminToken = '';
const open: LiveProbe[] = [];

afterAll(async () => {
  for (const p of open) p.ws.terminate();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function tokenOf(login: string, password = users[login]!.password): Promise<string> {
  const r = await send(server.url, '/api/v1/session', { json: { login, password } });
  expect(r.status, r.text).toBe(201);
  return (r.json as { token: string }).token;
}

async function live(token: string, opts?: Parameters<typeof mustOpen>[2]): Promise<LiveProbe> {
  const p = await mustOpen(server.url, token, opts);
  open.push(p);
  await until('hello', () => p.messages.length > 0);
  return p;
}

/** A committed change touching these buckets, as push will write it: pg_notify inside the transaction. */
async function commitTouching(...buckets: string[]): Promise<void> {
  await server.storage.transaction(async (tx) => {
    await tx.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ buckets })]);
  });
}

/**
 * Polls until the hub has received `notifies` more poke payloads than at `since` and has no poke
 * waiting for its coalescing window: from then on nothing more is sent for them.
 */
async function hubDone(since: LiveStats, notifies: number): Promise<LiveStats> {
  await until(`the hub processed ${notifies} more NOTIFYs and has no poke waiting`, () => {
    const s = server.live.stats();
    return s.notifies >= since.notifies + notifies && s.waiting === 0;
  });
  return server.live.stats();
}

async function closeAll(): Promise<void> {
  for (const p of open.splice(0)) p.ws.close();
  await until('every live socket closed on the server', () => server.live.count() === 0);
}
// A failed test must not leave its sockets to the next one (the limits count them).
afterEach(async () => {
  for (const p of open.splice(0)) p.ws.terminate();
  await until('every live socket closed on the server', () => server.live.count() === 0);
});

async function startServer(tls: { cert: Buffer; key: Buffer } | null = null): Promise<DeskServer> {
  return startDeskServer({
    database: { kind: 'pglite', dataDir: join(tmp, 'pglite') },
    host: '127.0.0.1',
    port: 0,
    tls,
    log,
    adminPassword: ADMIN_PASSWORD,
    now: () => new Date(clock),
    scrypt: { log2N: 12, r: 8, p: 1 },
    live: { heartbeatMs: HEARTBEAT_MS, sessionCheckMs: 200, ...LIMITS },
  });
}

beforeAll(async () => {
  server = await startServer();
  adminToken = await tokenOf('admin', ADMIN_PASSWORD);
  for (const [login, role, queues] of [
    ['op-support', 'operator', ['support']],
    ['op-claims', 'operator', ['claims']],
    ['lead', 'shift-lead', []],
    ['tech', 'technician', []],
  ] as const) {
    const password = `${login} password 1`;
    const r = await send(server.url, '/api/v1/users', { token: adminToken, json: { login, displayName: login, role, password, queues } });
    expect(r.status, r.text).toBe(201);
    users[login] = { id: (r.json as { user: User }).user.id, password };
  }
}, 180_000);

describe('live WebSocket', () => {
  it('answers hello after an authenticated upgrade and refuses, before upgrading, anything without a live session', async () => {
    const p = await live(await tokenOf('op-support'));
    expect(p.messages[0]).toMatchObject({ type: 'hello' });
    expect(Date.parse((p.messages[0] as { serverTime: string }).serverTime)).not.toBeNaN();
    expect(server.live.count()).toBe(1);

    for (const [token, headers, status, code] of [
      [null, {}, 401, 'UNAUTHORIZED'],
      ['x'.repeat(43), {}, 401, 'UNAUTHORIZED'],
      [null, { authorization: 'Basic YWRtaW46YWRtaW4=' }, 401, 'UNAUTHORIZED'],
    ] as const) {
      const r = await openLive(server.url, token, { headers });
      expect(isProbe(r)).toBe(false);
      if (!isProbe(r)) expect([r.status, (JSON.parse(r.body) as { error: { code: string } }).error.code]).toEqual([status, code]);
    }
    // Only the declared path upgrades.
    const wrongPath = await new Promise<number>((resolve, reject) => {
      import('ws')
        .then(({ WebSocket }) => {
          const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/v1/users`, { headers: { authorization: `Bearer ${adminToken}` } });
          ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          ws.once('open', () => reject(new Error('upgraded on a path that is not the live socket')));
          ws.once('error', () => undefined);
        })
        .catch(reject);
    });
    expect(wrongPath).toBe(404);
    // A plain request on the live path is told what the path expects.
    const plain = await send(server.url, '/api/v1/live', { token: adminToken });
    expect([plain.status, plain.text]).toEqual([400, expect.stringContaining('WebSocket upgrade')]);
    await closeAll();
  });

  it('pokes only the sockets whose user receives one of the committed buckets (bucketsOf from the user row)', async () => {
    const support = await live(await tokenOf('op-support'));
    const claims = await live(await tokenOf('op-claims'));
    const lead = await live(await tokenOf('lead'));
    const tech = await live(await tokenOf('tech'));

    await commitTouching('queue:support');
    await until('support operator and lead poked', () => support.pokes() === 1 && lead.pokes() === 1);
    // NOTIFYs arrive in commit order: once the claims poke reached op-claims, the support one has
    // already been dealt with, and it did not reach op-claims or the technician.
    await commitTouching('queue:claims');
    await until('claims operator poked', () => claims.pokes() === 1);
    await commitTouching(`tech:${users.tech!.id}`);
    await until('technician poked', () => tech.pokes() === 1);
    expect([support.pokes(), claims.pokes(), tech.pokes()]).toEqual([1, 1, 1]);
    await until('lead poked for every bucket', () => lead.pokes() === 3);

    // `ref` reaches everyone; another operator's call log (`user:<id>`) only its owner.
    await commitTouching(`user:${users['op-claims']!.id}`);
    await until('owner poked for their call log', () => claims.pokes() === 2);
    await commitTouching('ref');
    await until('everyone poked for ref', () => support.pokes() === 2 && claims.pokes() === 3 && tech.pokes() === 2);
    expect(support.pokes()).toBe(2);
    await closeAll();
  });

  it('a burst of commits becomes a few pokes per socket (at most one per 20 ms), never one per commit', async () => {
    const p = await live(await tokenOf('lead'));
    const before = server.live.stats();
    const started = Date.now();
    const COMMITS = 60;
    // Separate transactions issued at once: PGlite commits them back to back, faster than 20 ms apart.
    await Promise.all(Array.from({ length: COMMITS }, () => commitTouching('queue:support')));
    const after = await hubDone(before, COMMITS);
    // Every poke went out between the first commit and now, at most one per 20 ms.
    const window = Date.now() - started;
    const sent = after.sent - before.sent;
    await until('every poke the hub sent arrived', () => p.pokes() === sent);
    expect(after.due - before.due).toBe(COMMITS);
    expect(sent + after.coalesced - before.coalesced).toBe(COMMITS);
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(Math.floor(window / 20) + 1);
    expect(sent).toBeLessThan(COMMITS / 2);
    // A change after the burst is still announced, by exactly one poke.
    await commitTouching('queue:support');
    const last = await hubDone(after, 1);
    expect(last.sent - after.sent).toBe(1);
    await until('the next poke', () => p.pokes() === sent + 1);
    await closeAll();
  });

  it("a queue change takes effect on the user's open socket at once; a malformed payload pokes everyone", async () => {
    const claims = await live(await tokenOf('op-claims'));
    const id = users['op-claims']!.id;
    const assign = (queues: string[]) => send(server.url, `/api/v1/users/${id}/queues`, { method: 'PUT', token: adminToken, json: { queues } });
    const opened = server.live.stats();
    let committed = 0;
    expect((await assign(['claims', 'support'])).status).toBe(200);
    // The recheck is announced through NOTIFY: keep committing until the socket hears a support change.
    await until('op-claims poked for its new queue', async () => {
      await commitTouching('queue:support');
      committed++;
      return claims.pokes() > 0;
    });
    expect((await assign(['claims'])).status).toBe(200);
    await server.live.recheckUser(id);
    // The pokes of the loop above, a trailing one included, are all delivered before counting on.
    const quiet = await hubDone(opened, committed);
    await until('every poke of the loop arrived', () => claims.pokes() === quiet.sent - opened.sent);
    const seen = claims.pokes();
    await commitTouching('queue:support');
    await commitTouching('queue:claims');
    const after = await hubDone(quiet, 2);
    // Only the claims change was meant for the socket: the support one no longer is.
    expect(after.due - quiet.due).toBe(1);
    expect(after.sent - quiet.sent).toBe(1);
    await until('the claims poke', () => claims.pokes() === seen + 1);

    await server.storage.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, '{"buckets": "not a list"']);
    const malformed = await hubDone(after, 1);
    expect(malformed.due - after.due).toBe(1);
    await until('poked on a malformed payload', () => claims.pokes() === seen + 2);
    await closeAll();
  });

  it('revoked sessions end with bye: revoked and a close (admin revoke, sign-out), on the same process at once', async () => {
    const token = await tokenOf('op-support');
    const a = await live(token);
    const b = await live(await tokenOf('op-support'));
    const other = await live(await tokenOf('op-claims'));
    const out = await send(server.url, '/api/v1/session', { method: 'DELETE', token });
    expect(out.status).toBe(200);
    await until('signed-out socket closed', () => a.closed() !== null);
    expect(a.byes()).toEqual(['revoked']);
    expect(a.closed()!.code).toBe(1000);
    expect(b.closed()).toBeNull();

    const r = await send(server.url, `/api/v1/users/${users['op-support']!.id}/sessions/revoke`, { method: 'POST', token: adminToken });
    expect(r.status, r.text).toBe(200);
    await until('every socket of the user closed', () => b.closed() !== null);
    expect(b.byes()).toEqual(['revoked']);
    expect(other.closed()).toBeNull();
    // The revoked token cannot come back.
    const again = await openLive(server.url, token);
    expect(isProbe(again) ? 'upgraded' : again.status).toBe(401);
    await closeAll();
  });

  it('the console may not talk: any message, binary or oversized frame closes its socket', async () => {
    const token = await tokenOf('lead');
    const text = await live(token);
    text.ws.send('{"type":"poke"}');
    await until('closed after a text message', () => text.closed() !== null);
    expect(text.closed()!.code).toBe(1008);
    const binary = await live(token);
    binary.ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    await until('closed after a binary message', () => binary.closed() !== null);
    expect(binary.closed()!.code).toBe(1008);
    const big = await live(token);
    big.ws.send('x'.repeat(64 * 1024));
    await until('closed after an oversized frame', () => big.closed() !== null);
    expect(big.closed()!.code).toBe(1009);
    await until('server forgot them', () => server.live.count() === 0);
    await closeAll();
  });

  it('a socket that stops answering pings is dropped; one that answers stays', async () => {
    const token = await tokenOf('lead');
    const deaf = await live(token, { autoPong: false });
    const fine = await live(token);
    await until('the deaf socket dropped', () => deaf.closed() !== null, 10 * HEARTBEAT_MS + 5_000);
    expect(deaf.closed()!.code).toBe(1006);
    expect(fine.closed()).toBeNull();
    expect(server.live.count()).toBe(1);
    await closeAll();
  });

  it('limits sockets per user (429) and in total (503), and frees a slot when a socket closes', async () => {
    const lead = await tokenOf('lead');
    // Broken handshakes (no Sec-WebSocket-Key) with a good token are answered 400 by the WebSocket
    // layer and must not hold on to a slot of the user.
    for (let i = 0; i < LIMITS.maxSocketsPerUser + 1; i++) {
      const answer = await new Promise<string>((resolve, reject) => {
        const s = connect(server.port, '127.0.0.1', () =>
          s.write(`GET /api/v1/live HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${lead}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`),
        );
        let text = '';
        s.on('data', (c: Buffer) => (text += c.toString('latin1')));
        s.on('close', () => resolve(text));
        s.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
    }
    const first = await live(lead);
    await live(lead);
    await live(lead);
    const fourth = await openLive(server.url, lead);
    expect(isProbe(fourth) ? 'upgraded' : fourth.status).toBe(429);
    first.ws.close();
    await until('slot freed', () => server.live.count() === 2);
    open.splice(open.indexOf(first), 1);
    await live(lead);
    // 3 of the lead + 3 of op-claims + 1 of tech = 7 = the total limit.
    const claims = await tokenOf('op-claims');
    for (let i = 0; i < 3; i++) await live(claims);
    await live(await tokenOf('tech'));
    const over = await openLive(server.url, await tokenOf('op-support'));
    expect(isProbe(over) ? 'upgraded' : over.status).toBe(503);
    await closeAll();
  });

  it('an expired session ends with bye: expired at the periodic check', async () => {
    const p = await live(await tokenOf('tech'));
    clock += 13 * HOUR;
    await until('expired socket closed', () => p.closed() !== null);
    expect(p.byes()).toEqual(['expired']);
    await closeAll();
  });

  it('shutdown says bye: shutdown to every socket and closes them; the same data served over WSS afterwards', async () => {
    adminToken = await tokenOf('admin', ADMIN_PASSWORD);
    const a = await live(await tokenOf('lead'));
    const b = await live(await tokenOf('op-claims'));
    await server.close();
    expect(a.byes()).toEqual(['shutdown']);
    expect(b.byes()).toEqual(['shutdown']);
    await until('both closed', () => a.closed() !== null && b.closed() !== null);
    expect(a.closed()!.code).toBe(1001);
    open.splice(0);

    const { cert, key } = selfSignedCert(tmp);
    server = await startServer({ cert: readFileSync(cert), key: readFileSync(key) });
    expect(server.url).toMatch(/^https:/);
    const ca = readFileSync(cert);
    const r = await send(server.url, '/api/v1/session', { json: { login: 'lead', password: users.lead!.password }, ca });
    const secure = await mustOpen(server.url, (r.json as { token: string }).token, { ca });
    open.push(secure);
    await until('hello over WSS', () => secure.messages.length > 0);
    await commitTouching('queue:support');
    await until('poke over WSS', () => secure.pokes() === 1);
    // Without trusting the certificate the client refuses to talk.
    await expect(openLive(server.url, 'x'.repeat(43))).rejects.toThrow(/self-signed|certificate/i);
  });
});

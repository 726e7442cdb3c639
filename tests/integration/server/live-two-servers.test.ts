/**
 * Two desk server processes on one PostgreSQL 15 (a private Debian cluster): A in this process,
 * B a real child process (`npm run server` with DATABASE_URL), each with its own LISTEN. A change
 * committed through A's storage pokes a console connected to B, and only a console whose user
 * receives the bucket; a revoke or queue change made through A reaches B's sockets at once
 * (B's periodic session check is the default 30 s: only the announcement can explain a quick bye).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskServer, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import type { User } from '../../../src-shared/server/api';
import { POKE_CHANNEL } from '../../../src-shared/server/buckets';
import { send } from '../../helpers/http';
import { mustOpen, type LiveProbe } from '../../helpers/liveSocket';
import { startPostgres, type PgCluster } from '../../helpers/postgres';
import { startServerProcess, type ServerProcess } from '../../helpers/serverProcess';
import { until } from '../../helpers/until';

const log = createServerLogger({ level: 'silent', format: 'json' });
const tmp = mkdtempSync(join(tmpdir(), 'desk-live2-'));
const ADMIN_PASSWORD = 'admin password for tests';

let cluster: PgCluster;
let a: DeskServer;
let b: ServerProcess;
let bUrl = '';
let adminToken = '';
const users: Record<string, { id: string; password: string }> = {};
const sockets: LiveProbe[] = [];

afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  b?.kill();
  await a?.close();
  await cluster?.destroy();
  rmSync(tmp, { recursive: true, force: true });
});

async function tokenOf(login: string, password = users[login]!.password): Promise<string> {
  const r = await send(a.url, '/api/v1/session', { json: { login, password } });
  expect(r.status, r.text).toBe(201);
  return (r.json as { token: string }).token;
}

async function liveOn(url: string, token: string): Promise<LiveProbe> {
  const p = await mustOpen(url, token);
  sockets.push(p);
  await until('hello', () => p.messages.length > 0);
  return p;
}

const commitOnA = (...buckets: string[]) =>
  a.storage.transaction(async (tx) => {
    await tx.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ buckets })]);
  });

beforeAll(async () => {
  cluster = await startPostgres();
  a = await startDeskServer({
    database: { kind: 'postgres', url: cluster.url },
    host: '127.0.0.1',
    port: 0,
    tls: null,
    log,
    adminPassword: ADMIN_PASSWORD,
    scrypt: { log2N: 12, r: 8, p: 1 },
  });
  adminToken = await tokenOf('admin', ADMIN_PASSWORD);
  for (const [login, queues] of [
    ['op-support', ['support']],
    ['op-claims', ['claims']],
  ] as const) {
    const password = `${login} password 1`;
    const r = await send(a.url, '/api/v1/users', { token: adminToken, json: { login, displayName: login, role: 'operator', password, queues } });
    expect(r.status, r.text).toBe(201);
    users[login] = { id: (r.json as { user: User }).user.id, password };
  }
  const pw = join(tmp, 'admin-password');
  writeFileSync(pw, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
  b = startServerProcess(['--port', '0', '--admin-password-file', pw, '--log-level', 'warn'], { DATABASE_URL: cluster.url });
  bUrl = (await b.waitFor(/Desk server: (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
}, 180_000);

describe('live pokes across two server processes on one PostgreSQL', () => {
  it("a change committed through A's storage pokes the console on B whose user receives the bucket, and not the other", async () => {
    const supportOnB = await liveOn(bUrl, await tokenOf('op-support'));
    const claimsOnB = await liveOn(bUrl, await tokenOf('op-claims'));
    const supportOnA = await liveOn(a.url, await tokenOf('op-support'));

    await commitOnA('queue:support');
    await until('support consoles on both processes poked', () => supportOnB.pokes() === 1 && supportOnA.pokes() === 1);
    // B handles NOTIFYs in commit order: once the claims poke reached B, the support one was not sent to op-claims.
    await commitOnA('queue:claims');
    await until('claims console on B poked', () => claimsOnB.pokes() === 1);
    expect(supportOnB.pokes()).toBe(1);

    // A rolled-back change pokes nobody.
    await a.storage
      .transaction(async (tx) => {
        await tx.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ buckets: ['queue:support'] })]);
        throw new Error('refused');
      })
      .catch((e: unknown) => expect((e as Error).message).toBe('refused'));
    await commitOnA('queue:claims');
    await until('second claims poke', () => claimsOnB.pokes() === 2);
    expect(supportOnB.pokes()).toBe(1);
  });

  it("a queue change, a sign-out and a revoke made through A reach B's sockets at once", async () => {
    const claimsOnB = await liveOn(bUrl, await tokenOf('op-claims'));
    const id = users['op-claims']!.id;
    const put = await send(a.url, `/api/v1/users/${id}/queues`, { method: 'PUT', token: adminToken, json: { queues: ['claims', 'support'] } });
    expect(put.status, put.text).toBe(200);
    await until(
      'op-claims on B poked for its new queue',
      async () => {
        await commitOnA('queue:support');
        return claimsOnB.pokes() > 0;
      },
      10_000,
    );

    // Signing out through A ends that token's socket on B (and only that one).
    const token = await tokenOf('op-claims');
    const signedOut = await liveOn(bUrl, token);
    expect((await send(a.url, '/api/v1/session', { method: 'DELETE', token })).status).toBe(200);
    await until('bye on B after the sign-out', () => signedOut.closed() !== null, 10_000);
    expect(signedOut.byes()).toEqual(['revoked']);
    expect(claimsOnB.closed()).toBeNull();

    const started = Date.now();
    const r = await send(a.url, `/api/v1/users/${id}/sessions/revoke`, { method: 'POST', token: adminToken });
    expect(r.status, r.text).toBe(200);
    await until('bye on B', () => claimsOnB.closed() !== null, 10_000);
    expect(claimsOnB.byes()).toEqual(['revoked']);
    // Far sooner than B's 30 s periodic check.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('when the LISTEN connections die, each process listens again and pokes its sockets (what was notified in between is lost)', async () => {
    const onB = await liveOn(bUrl, await tokenOf('op-support'));
    const onA = await liveOn(a.url, await tokenOf('op-support'));
    const killed = await a.storage.query<{ n: number }>(
      "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'desk-server-listen'",
    );
    // poke and live_user, on each of the two processes.
    expect(killed.rows[0]!.n).toBe(4);
    await until('both consoles poked by the catch-up', () => onB.pokes() === 1 && onA.pokes() === 1, 20_000);
    await commitOnA('queue:support');
    await until('and by commits again', () => onB.pokes() === 2 && onA.pokes() === 2);
  });

  it('SIGTERM to B: its consoles hear bye: shutdown, and it exits 0', async () => {
    const p = await liveOn(bUrl, await tokenOf('op-support'));
    process.kill(b.pid, 'SIGTERM');
    await until('closed', () => p.closed() !== null);
    expect(p.byes()).toEqual(['shutdown']);
    expect(p.closed()!.code).toBe(1001);
    expect(await b.exited).toBe(0);
  });
});

/**
 * Issue 12 item 7 with real parts: console hosts' write path and sync client on real SQLite files,
 * the real desk server (PGlite, and PostgreSQL 15 when installed) behind the fault proxy, the live
 * socket wired to the sync client. One invariant checker after every run: no acknowledged change
 * lost, none applied twice, each console's order kept, every console equal to the server for its
 * buckets (hash over sorted (kind, row id, version)).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskServer, type Database, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { startFaultProxy, type FaultProxy } from '../../helpers/faultProxy';
import { send } from '../../helpers/http';
import { postgresAvailable, startPostgres, type PgCluster } from '../../helpers/postgres';
import { until } from '../../helpers/until';
import { createRig, makeOperators, signIn, type Person } from './rig';

const serverLog = createServerLogger({ level: 'silent', format: 'json' });
const tmp = mkdtempSync(join(tmpdir(), 'desk-converge-'));
const ADMIN_PASSWORD = 'admin password for tests';
let cluster: PgCluster | null = null;
afterAll(async () => {
  await cluster?.destroy();
  rmSync(tmp, { recursive: true, force: true });
});

type Backend = { name: string; database(): Promise<Database> };
const backends: Backend[] = [{ name: 'PGlite', database: async () => ({ kind: 'pglite', dataDir: join(tmp, 'pglite') }) }];
if (postgresAvailable()) {
  backends.push({
    name: 'PostgreSQL 15',
    async database() {
      cluster ??= await startPostgres();
      return { kind: 'postgres', url: cluster.url };
    },
  });
}

describe.each(backends)('consoles converge on $name', (backend) => {
  let server: DeskServer;
  let proxy: FaultProxy;
  let adminToken = '';
  let people: Record<string, Person> = {};
  const rig = createRig({ tmp, serverUrl: () => proxy.url, db: () => server.storage });
  const { hosts, write, settleAndCheck } = rig;
  const host = (login: string) => rig.host(people[login]!);

  beforeAll(async () => {
    server = await startDeskServer({
      database: await backend.database(),
      host: '127.0.0.1',
      port: 0,
      tls: null,
      log: serverLog,
      adminPassword: ADMIN_PASSWORD,
      scrypt: { log2N: 12, r: 8, p: 1 },
      live: { coalesceMs: 5 },
    });
    proxy = await startFaultProxy({ target: server.url });
    adminToken = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    people = await makeOperators(server.url, adminToken, ['op-a', 'op-b']);
  }, 180_000);

  afterAll(async () => {
    await rig.close();
    await proxy?.close();
    await server?.close();
  });

  it('a ticket created in one console reaches another by the live poke, without a periodic pull', async () => {
    const a = host('op-a');
    const b = host('op-b');
    a.client.start();
    b.client.start();
    await until('both sockets open and the first cycles done', () => a.client.state().status === 'online' && b.client.state().status === 'online');
    let id = '';
    write(a, () => (id = a.ticket('Пропал интернет в подъезде')));
    await until('the ticket is in the other console', () => b.ticketRow(id) !== undefined, 15_000);
    expect(b.ticketRow(id)?.subject).toBe('Пропал интернет в подъезде');
    await settleAndCheck();
  }, 60_000);

  it('through drop, delay, duplicate, reorder, cut and offline, three consoles converge on tickets, comments and calls', async () => {
    const [a, b] = hosts.length >= 2 ? [hosts[0]!, hosts[1]!] : [host('op-a'), host('op-b')];
    const a2 = host('op-a');
    a2.client.start();
    await until('the third console is online', () => a2.client.state().status === 'online');
    const all = [a, b, a2];
    proxy.plan({ seed: 12, drop: 0.08, delay: 0.15, delayMs: [5, 60], duplicate: 0.1, reorder: 0.08, cutRequest: 0.05, cutResponse: 0.08 });
    const tickets: string[] = [];
    for (let i = 0; i < 60; i++) {
      const h = all[i % 3]!;
      if (i === 20) proxy.offline();
      if (i === 35) proxy.online();
      // Comments go to a ticket this console already holds (its own or pulled), often another's.
      const held = tickets.filter((t) => h.ticketRow(t) !== undefined);
      if (i % 4 === 0 || held.length === 0) write(h, () => tickets.push(h.ticket(`Заявка ${i}`)));
      else if (i % 4 === 1) write(h, () => h.offer());
      else {
        const id = held[(i * 7) % held.length]!;
        write(h, () => h.runMutation('ticket.comment', { id, text: `Комментарий ${i} ${randomUUID()}`, followUp: false, channel: null, callId: null }));
      }
      // Past the push debounce now and then, so that many requests meet the faults.
      await new Promise((r) => setTimeout(r, i % 3 === 0 ? 30 : 2));
    }
    proxy.plan(null);
    proxy.online();
    await settleAndCheck();
    const faults = proxy.log().filter((e) => e.fault !== null).length;
    expect(faults, 'the proxy really interfered').toBeGreaterThan(5);
  }, 120_000);

  it('a revoked session ends the sync with «signedOut» through the live bye, and the host forgets the token', async () => {
    const b = hosts.find((h) => h.person === people['op-b'])!;
    const r = await send(server.url, `/api/v1/users/${people['op-b']!.id}/sessions/revoke`, { method: 'POST', token: adminToken });
    expect(r.status, r.text).toBe(200);
    await until('the console heard the bye', () => b.sessionEnded.length > 0);
    expect(b.sessionEnded).toEqual(['revoked']);
    expect(b.client.state().status).toBe('signedOut');
    // A local write after that waits in the outbox: nothing is sent until a new sign-in.
    const before = proxy.log().length;
    b.ticket('После отзыва');
    await new Promise((res) => setTimeout(res, 200));
    expect(proxy.log().length).toBe(before);
    expect(b.client.state()).toMatchObject({ status: 'signedOut', pending: 1 });
  }, 60_000);
});

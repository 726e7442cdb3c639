/**
 * Issue 12 item 7, crashes with real parts: the desk server as a child process (`npm run server`
 * on PostgreSQL 15) SIGKILLed by PID at seeded moments while consoles push, and PostgreSQL itself
 * stopped `-m immediate` mid-push and restarted. Consoles on real SQLite files keep writing
 * throughout; afterwards the invariant checker (rig.ts) must hold: nothing acknowledged lost,
 * nothing applied twice, order kept, every console equal to the server for its buckets.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerLogger } from '../../../src-server/log';
import { openPostgresStorage } from '../../../src-server/storage/postgres';
import type { Storage } from '../../../src-server/storage/types';
import { seededRandom, startFaultProxy, type FaultProxy } from '../../helpers/faultProxy';
import { postgresAvailable, startPostgres, type PgCluster } from '../../helpers/postgres';
import { startServerProcess, type ServerProcess } from '../../helpers/serverProcess';
import { createRig, makeOperators, signIn, type Person } from './rig';

const tmp = mkdtempSync(join(tmpdir(), 'desk-converge-crash-'));
const ADMIN_PASSWORD = 'admin password for tests';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

describe.skipIf(!postgresAvailable())('consoles converge across crashes of the desk server and of PostgreSQL', () => {
  let cluster: PgCluster;
  let db: Storage;
  let server: ServerProcess | null = null;
  let proxy: FaultProxy;
  let port = 0;
  let people: Record<string, Person> = {};
  const pw = join(tmp, 'admin-password');
  const rig = createRig({ tmp, serverUrl: () => proxy.url, db: () => db });
  const kills: number[] = [];

  async function startServer(): Promise<void> {
    server = startServerProcess(['--port', String(port), '--admin-password-file', pw, '--log-level', 'warn'], { DATABASE_URL: cluster.url });
    await server.waitFor(/Desk server: (http:\/\/127\.0\.0\.1:\d+)/);
  }

  /** SIGKILL to the server's process group by PID, then the same server again on the same port. */
  async function killAndRestart(): Promise<void> {
    const s = server!;
    kills.push(s.pid);
    s.kill();
    await s.exited;
    await startServer();
  }

  beforeAll(async () => {
    writeFileSync(pw, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
    cluster = await startPostgres();
    db = await openPostgresStorage({ url: cluster.url, log: createServerLogger({ level: 'silent', format: 'json' }) });
    port = await freePort();
    await startServer();
    const url = `http://127.0.0.1:${port}`;
    proxy = await startFaultProxy({ target: url });
    people = await makeOperators(url, await signIn(url, 'admin', ADMIN_PASSWORD), ['op-a', 'op-b']);
  }, 240_000);

  afterAll(async () => {
    await rig.close();
    await proxy?.close();
    server?.kill();
    await db?.close();
    await cluster?.destroy();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the server SIGKILLed at seeded moments of a push, then PostgreSQL stopped -m immediate mid-push: nothing lost, nothing twice', async () => {
    const random = seededRandom(7);
    const a = rig.host(people['op-a']!);
    const b = rig.host(people['op-b']!);
    for (const h of [a, b]) h.client.start();
    const tickets: string[] = [];
    let crash: Promise<void> | null = null;
    let pushesSeen = 0;
    // The kill rides on a push request reaching the proxy: a seeded delay after it, the server
    // is SIGKILLed somewhere between reading the request and committing or answering it.
    proxy.plan((req) => {
      if (!req.path.endsWith('/sync/push')) return null;
      pushesSeen++;
      if (crash === null && kills.length < 3 && pushesSeen % 4 === 0) {
        const after = Math.round(random() * 40);
        crash = new Promise<void>((resolve) => setTimeout(resolve, after)).then(killAndRestart).finally(() => (crash = null));
      }
      return null;
    });
    const writeOne = async (i: number): Promise<void> => {
      const h = i % 2 === 0 ? a : b;
      const held = tickets.filter((t) => h.ticketRow(t) !== undefined);
      if (i % 3 === 0 || held.length === 0) rig.write(h, () => tickets.push(h.ticket(`Заявка ${i}`)));
      else if (i % 3 === 1) rig.write(h, () => h.offer());
      else
        rig.write(h, () =>
          h.runMutation('ticket.comment', {
            id: held[i % held.length]!,
            text: `Комментарий ${i} ${randomUUID()}`,
            followUp: false,
            channel: null,
            callId: null,
          }),
        );
      await new Promise((r) => setTimeout(r, i % 3 === 0 ? 40 : 5));
    };
    // Writes go on until the server was killed three times (a restart takes a few seconds).
    let i = 0;
    while ((i < 60 || kills.length < 3) && i < 2_000) await writeOne(i++);
    await (crash ?? Promise.resolve());
    proxy.plan(null);

    // PostgreSQL goes down hard while pushes keep coming, then recovers.
    const stopping = new Promise<void>((resolve) => setTimeout(resolve, Math.round(random() * 30))).then(() => cluster.stopImmediate());
    for (const end = i + 10; i < end;) await writeOne(i++);
    await stopping;
    for (const end = i + 10; i < end;) await writeOne(i++);
    await cluster.restart();
    for (const end = i + 10; i < end;) await writeOne(i++);
    expect(kills.length, 'the server really was killed mid-push').toBe(3);
    await rig.settleAndCheck(90_000);
  }, 240_000);
});

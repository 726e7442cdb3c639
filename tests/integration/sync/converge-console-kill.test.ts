/**
 * Issue 12 item 7: a console host SIGKILLed (by PID) mid-write and mid-push, several times, on
 * one SQLite file, against the real desk server (PGlite, in process). After each kill the same
 * file is opened again and synced: the server holds exactly the console's seqs 1..N once each, in
 * order, every one of them written locally, and the console equals the server for its buckets.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskServer, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { runAndKill } from '../../helpers/killWriter';
import { until } from '../../helpers/until';
import { openConsole } from './kit';
import { makeOperators, signIn } from './rig';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'desk-console-kill-'));
const ADMIN_PASSWORD = 'admin password for tests';

describe('a console killed mid-write converges', () => {
  let server: DeskServer;
  let token = '';

  beforeAll(async () => {
    server = await startDeskServer({
      database: { kind: 'pglite', dataDir: join(tmp, 'pglite') },
      host: '127.0.0.1',
      port: 0,
      tls: null,
      log: createServerLogger({ level: 'silent', format: 'json' }),
      adminPassword: ADMIN_PASSWORD,
      scrypt: { log2N: 12, r: 8, p: 1 },
    });
    const people = await makeOperators(server.url, await signIn(server.url, 'admin', ADMIN_PASSWORD), ['op-a']);
    token = people['op-a']!.token();
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('after SIGKILLs at random moments the server has seqs 1..N once each, all written locally, and the console equals the server', async () => {
    const dir = mkdtempSync(join(tmp, 'console-'));
    writeFileSync(join(dir, 'server.json'), JSON.stringify({ url: server.url, token }));
    for (let round = 0; round < 3; round++) {
      await runAndKill({ script: join(HERE, 'killConsoleChild.ts'), cwd: ROOT, dataDir: dir, ms: 300 + Math.floor(Math.random() * 700) });
    }
    const c = openConsole(dir, { url: server.url, token });
    try {
      // The killed runs were pushing, not only writing.
      const before = await server.storage.query<{ n: string }>('SELECT count(*) AS n FROM sync_mutations WHERE client_id = $1', [c.store.clientId()]);
      expect(Number(before.rows[0]!.n)).toBeGreaterThan(0);
      c.client.start();
      await until('the outbox drains', async () => (await c.client.syncNow()).pending === 0, 60_000);
      const top = (c.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as { seq: number } | undefined)?.seq ?? 0;
      expect(top).toBeGreaterThan(10);
      const stored = await server.storage.query<{ seq: string; mutation_id: string; status: string }>(
        'SELECT seq, mutation_id, status FROM sync_mutations WHERE client_id = $1 ORDER BY seq',
        [c.store.clientId()],
      );
      // Nothing lost, nothing twice, in order: exactly the seqs the console handed out.
      expect(stored.rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: top }, (_, i) => i + 1));
      expect(stored.rows.filter((r) => r.status !== 'applied')).toEqual([]);
      // Each is a write the console made and kept (its first history event carries the mutation id).
      const local = new Set((c.db.prepare('SELECT substr(id, 1, 36) AS m FROM ticket_events').all() as { m: string }[]).map((r) => r.m));
      expect(stored.rows.filter((r) => !local.has(r.mutation_id))).toEqual([]);
      // The console equals the server: every ticket and event, at the server's versions.
      const server1 = await server.storage.query<{ k: string; id: string; v: number }>(
        "SELECT 'ticket' AS k, id, row_version AS v FROM sync_tickets UNION ALL SELECT 'ticketEvent', id, row_version FROM sync_ticket_events ORDER BY 1, 2",
      );
      const mine = c.db.prepare("SELECT kind AS k, id, version AS v FROM sync_rows WHERE kind IN ('ticket', 'ticketEvent') ORDER BY 1, 2").all() as {
        k: string;
        id: string;
        v: number;
      }[];
      expect(mine.map((r) => `${r.k}:${r.id}:${r.v}`)).toEqual(server1.rows.map((r) => `${r.k}:${r.id}:${Number(r.v)}`));
    } finally {
      await c.client.stop();
      c.close();
    }
  }, 180_000);
});

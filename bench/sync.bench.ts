/**
 * `npm run bench:sync -- [--consoles N] [--tickets N] [--quick] [--postgres]`: issue 12 item 8, the desk
 * server and the console sync client with real parts: real HTTP and live WebSockets on loopback,
 * every console a real sync client + live client + mutation runner on its own SQLite file.
 * - The desk server runs as deployed, a process of its own (`src-server/cli.ts` on PGlite in a
 *   temporary data folder; with `--postgres` on a private PostgreSQL 15 cluster from Debian's
 *   package, started and removed by the bench), for parts 1–3. Part 4 seeds the server's tables directly, so its
 *   server runs in this process.
 * - Consoles A and B run in this thread, where the clock is read; the other consoles of a desk in
 *   two console threads (syncWorker.ts), because on a desk every console is a computer of its
 *   own. Every console signs in as a shift lead of its own (every bucket: the heaviest pull).
 *
 * 1. PROPAGATION: console A creates a ticket (`ticket.create`, the mutation runner); the clock
 *    starts when A's local transaction has committed and stops when the row is committed in
 *    console B's SQLite file. B is observed through the sync client's after-page callback
 *    (`onPage`, fired right after the page's transaction committed), and the row is then read
 *    back from B's database to prove it is there. The path: A's kick → push → the server's
 *    NOTIFY → live poke to every console → each console's pull → apply. The push debounce is 0
 *    here (the product default, 300 ms, groups quick edits and would be the whole figure).
 *    `propagation_p99_ms_1`: A and B alone; `propagation_p99_ms_50`: `--consoles` (50) consoles
 *    connected, every one pulling on every poke. Target p99 < 50 ms.
 * 2. DRAIN: `drain_500_s` = a console of the desk (signed in, its seat given) goes offline, writes
 *    500 changes (250 tickets created, each then commented) and comes back; from its sync start to
 *    every change acknowledged (outbox empty). Target < 2 s.
 * 3. PUSH THROUGHPUT: `push_mutations_per_s` = `--consoles` consoles each writing a ticket and
 *    syncing it, in a loop, all at once, for a fixed time; acknowledged mutations per second.
 * 4. INITIAL PULL: `pull_vs_floor` = a fresh console's pull of `--tickets` (100,000) tickets, each
 *    with 2 history events, seeded on the server with `INSERT … SELECT generate_series` in the
 *    shape push writes (the seed is not the bench) ÷ the floor: a raw better-sqlite3 insert of the
 *    same rows (read back from the console after the pull) into a fresh console file, prepared
 *    statements, one transaction. Target ≤ 3.
 * The machine's load is not controlled: run it on a quiet machine for figures to compare. On two
 * cores the server, the bench thread and the console threads share the same two cores.
 * Prints a table, then one JSON object as the last line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { startDeskServer, type DeskServer } from '../src-server/app';
import { createServerLogger } from '../src-server/log';
import { openDatabase, type Db } from '../src-main/db/open';
import type { PageEffect } from '../src-main/sync/apply';
import { readFlags } from '../src-main/config';
import { uuidv7 } from '../src-shared/ids';
import { BenchError, openConsole, settled, until, type BenchConsole } from './syncConsole';
import type { WorkerAnswer, WorkerRequest } from './syncWorker';
import { startPostgres, type PgCluster } from '../tests/helpers/postgres';

const ADMIN_PASSWORD = 'bench admin password';

const PARTS = ['propagation', 'drain', 'push', 'pull'] as const;
type Part = (typeof PARTS)[number];
type Options = { consoles: number; tickets: number; quick: boolean; postgres: boolean; only: ReadonlySet<Part> };

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { consoles: 50, tickets: 100_000, quick: false, postgres: false, only: new Set(PARTS) };
  const usage = '(usage: npm run bench:sync -- [--consoles N] [--tickets N] [--quick] [--postgres] [--only propagation,drain,push,pull])';
  const flags = readFlags(
    argv,
    { consoles: { type: 'string' }, tickets: { type: 'string' }, quick: { type: 'boolean' }, postgres: { type: 'boolean' }, only: { type: 'string' } },
    {
      unknown: (raw) => new BenchError(`unknown option ${raw} ${usage}`),
      missing: (raw) => new BenchError(`${raw} needs a whole number, got nothing`),
    },
  );
  let consoles: string | undefined;
  let tickets: string | undefined;
  for (const f of flags) {
    if (f.name === 'quick') o.quick = true;
    if (f.name === 'postgres') o.postgres = true;
    if (f.name === 'consoles') consoles = f.value ?? '';
    if (f.name === 'tickets') tickets = f.value ?? '';
    if (f.name === 'only') {
      const parts = (f.value ?? '').split(',');
      const bad = parts.find((x) => !(PARTS as readonly string[]).includes(x));
      if (bad !== undefined) throw new BenchError(`--only takes parts from ${PARTS.join(', ')}, got ${bad}`);
      o.only = new Set(parts as Part[]);
    }
  }
  if (o.quick) {
    o.consoles = 3;
    o.tickets = 500;
  }
  if (consoles !== undefined) {
    // The desk server hands out 99 seat codes (01–99); the bench's other consoles take 4.
    if (!/^\d+$/.test(consoles) || Number(consoles) < 2 || Number(consoles) > 90)
      throw new BenchError(`--consoles needs a whole number from 2 to 90, got ${consoles}`);
    o.consoles = Number(consoles);
  }
  if (tickets !== undefined) {
    if (!/^\d+$/.test(tickets) || Number(tickets) < 100) throw new BenchError(`--tickets needs a whole number ≥ 100, got ${tickets}`);
    o.tickets = Number(tickets);
  }
  return o;
}

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Where the consoles reach the desk server. */
type Endpoint = { readonly url: string };

async function signIn(server: Endpoint, login = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (r.status !== 201) throw new BenchError(`sign-in of ${login} answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/**
 * A shift lead of the desk, created by the admin and signed in: every bench console is a person of
 * its own (the server allows a few live sockets per person). A shift lead receives every bucket:
 * the heaviest pull there is.
 */
async function signInLead(server: Endpoint, adminToken: string, login: string): Promise<string> {
  const password = `${login} bench password`;
  const r = await fetch(`${server.url}/api/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ login, displayName: `Старший смены ${login}`, role: 'shift-lead', password }),
  });
  if (r.status !== 201) throw new BenchError(`creating ${login} answered ${r.status}: ${await r.text()}`);
  return signIn(server, login, password);
}

/**
 * The desk server as it is deployed: a process of its own (`npm run server`: src-server/cli.ts on
 * PGlite in a data folder), started in its own process group and stopped by PID. The consoles of
 * this bench share one process; the server does not share it with them, as on a desk where it runs
 * on its own machine (here: its own core of the two).
 */
async function startServerProcess(root: string, databaseUrl: string | null): Promise<Endpoint & { close(): Promise<void> }> {
  const dir = mkdtempSync(join(root, 'server-'));
  const passwordFile = join(dir, 'admin-password');
  writeFileSync(passwordFile, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-server/cli.ts', '--port', '0', '--data-dir', join(dir, 'data'), '--admin-password-file', passwordFile, '--log-level', 'warn'],
    {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, DESK_LOG_FORMAT: 'json', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  let exited = false;
  const ended = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  let url: string | null = null;
  await until('the desk server process listens', () => (url = /Desk server: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? null) !== null || exited, 120_000);
  if (url === null) throw new BenchError(`the desk server process exited: ${out.slice(-2000)}`);
  const pid = child.pid as number;
  return {
    url,
    async close() {
      if (exited) return;
      process.kill(-pid, 'SIGTERM');
      const deadline = performance.now() + 30_000;
      await until('the desk server process stops', () => exited || performance.now() > deadline, 35_000);
      if (!exited) process.kill(-pid, 'SIGKILL');
      await ended;
    },
  };
}

/** A thread of consoles (syncWorker.ts) and its request/answer channel. */
type ConsoleThread = { call(m: DistributiveOmit<WorkerRequest, 'id'>): Promise<WorkerAnswer & { ok: true }>; stop(): Promise<void> };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function startConsoleThread(): ConsoleThread {
  const w = new Worker(new URL('./syncWorker.ts', import.meta.url));
  let next = 0;
  const waiting = new Map<number, { resolve: (a: WorkerAnswer & { ok: true }) => void; reject: (e: Error) => void }>();
  const fail = (err: Error) => {
    for (const p of waiting.values()) p.reject(err);
    waiting.clear();
  };
  w.on('message', (a: WorkerAnswer) => {
    const p = waiting.get(a.id);
    waiting.delete(a.id);
    if (a.ok) p?.resolve(a);
    else p?.reject(new BenchError(`a console thread failed: ${a.error}`));
  });
  w.on('error', (err) => fail(err));
  w.on('exit', (code) => fail(new BenchError(`a console thread exited (${code})`)));
  return {
    call: (m) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject });
        w.postMessage({ ...m, id });
      }),
    async stop() {
      await w.terminate();
    },
  };
}

/** Consoles A and B in this thread, the others (`n` − 2) spread over console threads. */
type Desk = { consoles: BenchConsole[]; threads: ConsoleThread[]; seen: Map<string, number> };

/** How many threads carry the consoles other than A and B. */
const CONSOLE_THREADS = 2;

/**
 * `n` consoles signed in with their live sockets open; console 1 (B) notes when a page brings a
 * ticket. A and B run in this thread, where the clock is read; the others in console threads (a
 * desk's consoles are computers of their own: one event loop for all fifty would queue B's pull
 * behind 48 others that no real console waits for). The desk server hands out at most 99 seat
 * codes (01–99), so a desk is opened once and serves both the propagation and the push figures.
 */
async function openDesk(server: Endpoint, root: string, n: number, tag: string): Promise<Desk> {
  const consoles: BenchConsole[] = [];
  const seen = new Map<string, number>();
  const admin = await signIn(server);
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) tokens.push(await signInLead(server, admin, `${tag}-${i}`));
  for (let i = 0; i < Math.min(n, 2); i++) {
    const creds = { url: server.url, token: tokens[i]! };
    const onPage =
      i === 1
        ? (e: PageEffect) => {
            const t = performance.now();
            for (const id of e.tickets) if (!seen.has(id)) seen.set(id, t);
          }
        : undefined;
    const c = openConsole(mkdtempSync(join(root, `${tag}-${i}-`)), creds, onPage);
    consoles.push(c);
    c.connect(creds);
    await c.live();
  }
  const rest = tokens.slice(2);
  const threads: ConsoleThread[] = [];
  for (let t = 0; t < CONSOLE_THREADS && rest.length > 0; t++) {
    const share = rest.filter((_, i) => i % CONSOLE_THREADS === t);
    if (share.length === 0) continue;
    const thread = startConsoleThread();
    threads.push(thread);
    await thread.call({ cmd: 'open', url: server.url, tokens: share, root, tag: `${tag}-t${t}` });
  }
  const desk = { consoles, threads, seen };
  await settleDesk(desk);
  return desk;
}

/** Every console of the desk synced with nothing pending. */
async function settleDesk(desk: Desk): Promise<void> {
  await Promise.all([...desk.consoles.map((c) => settled(c)), ...desk.threads.map((t) => t.call({ cmd: 'settle' }))]);
}

async function closeDesk(desk: Desk): Promise<void> {
  for (const c of desk.consoles) await c.close();
  for (const t of desk.threads) {
    await t.call({ cmd: 'close' });
    await t.stop();
  }
}

async function propagation(desk: Desk, samples: number): Promise<number[]> {
  const [a, b] = desk.consoles as [BenchConsole, BenchConsole];
  const { seen } = desk;
  const ms: number[] = [];
  for (let i = 0; i < samples + 3; i++) {
    const id = uuidv7();
    a.ticket(`Распространение ${i}`, id);
    // The local transaction has committed; the push waits for the next tick (kick), so nothing left yet.
    const t0 = performance.now();
    await until(`ticket ${i} reaches console B`, () => seen.has(id), 30_000);
    if (!b.has(id)) throw new BenchError(`console B reported ticket ${id} applied but its file has no such row`);
    if (i >= 3) ms.push((seen.get(id) as number) - t0); // the first three warm the statements and sockets
    await settleDesk(desk); // the next sample starts from a quiet desk
  }
  return ms.sort((x, y) => x - y);
}

async function drain(server: Endpoint, root: string, changes: number): Promise<number> {
  const c = openConsole(mkdtempSync(join(root, 'drain-')), null);
  try {
    // A console of the desk (signed in once: it has the server's seat code) goes offline, works, comes back.
    const creds = { url: server.url, token: await signIn(server) };
    c.connect(creds);
    await settled(c);
    await c.client.stop();
    const ids: string[] = [];
    for (let i = 0; i < changes / 2; i++) ids.push(c.ticket(`Офлайн ${i}`));
    for (const [i, id] of ids.entries()) c.comment(id, `Уточнение ${i}`);
    if (c.client.state().pending !== changes) throw new BenchError(`expected ${changes} offline changes, the outbox holds ${c.client.state().pending}`);
    const t0 = performance.now();
    c.connect(creds);
    await until('the offline changes drain', () => c.client.state().pending === 0);
    const s = (performance.now() - t0) / 1000;
    if (c.client.state().rejected !== 0) throw new BenchError(`${c.client.state().rejected} offline changes were rejected`);
    return s;
  } finally {
    await c.close();
  }
}

async function pushThroughput(desk: Desk, seconds: number): Promise<{ perS: number; total: number }> {
  const { consoles, threads } = desk;
  const acked = () => consoles.reduce((sum, c) => sum + c.store.ackedSeq(), 0);
  const before = acked();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let k = 0;
  // Each console: write one ticket, sync it, again, until the time is up (an operator desk at full tilt).
  const [, ...fromThreads] = await Promise.all([
    Promise.all(
      consoles.map(async (c) => {
        while (performance.now() < end) {
          c.ticket(`Поток ${k++}`);
          await c.client.syncNow();
        }
      }),
    ),
    ...threads.map((t) => t.call({ cmd: 'push', seconds })),
  ]);
  for (const c of consoles) await settled(c);
  const elapsed = (performance.now() - t0) / 1000;
  const total = acked() - before + fromThreads.reduce((sum, a) => sum + (a.acked ?? 0), 0);
  return { perS: total / elapsed, total };
}

/** Seeds `n` tickets with 2 history events each straight into the server's tables, in the shape push writes. */
async function seedServer(server: DeskServer, n: number): Promise<void> {
  const at = Date.parse('2026-11-24T07:00:00Z');
  await server.storage.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO sync_tickets (id, number, queue_id, buckets, data)
       SELECT 'seed-' || g, '90-' || lpad(g::text, 6, '0'), q, ARRAY['queue:' || q], jsonb_build_object(
         'id', 'seed-' || g, 'number', '90-' || lpad(g::text, 6, '0'), 'type', 'question', 'priority', 1 + g % 4,
         'status', 'new', 'channel', 'phone', 'queueId', q, 'assigneeId', NULL, 'assignee', NULL,
         'contractNo', 'Д-' || lpad((g % 20000)::text, 6, '0'), 'holderName', 'Абонент ' || g, 'phone', '+7903' || lpad((g % 10000000)::text, 7, '0'),
         'serial', NULL, 'subject', 'Нет связи, обращение ' || g, 'description', 'Пропадает интернет по вечерам', 'form', NULL, 'tariff', NULL,
         'createdAt', $2::bigint + g, 'createdBy', 'Оператор', 'updatedAt', $2::bigint + g, 'version', 2,
         'sla', jsonb_build_object('kind', 'desk', 'targetMinutes', 480, 'extendedMinutes', 0, 'budgetMs', 28800000, 'anchorAt', $2::bigint + g, 'metAt', NULL, 'dueAtMet', NULL),
         'deadline', NULL)
       FROM generate_series(1, $1::int) AS g, LATERAL (SELECT (ARRAY['support', 'support-2', 'repair'])[1 + g % 3] AS q) AS qq`,
      [n, at],
    );
    await tx.query(
      `INSERT INTO sync_ticket_events (id, ticket_id, buckets, data)
       SELECT 'seed-' || g || '-' || e, 'seed-' || g, ARRAY['queue:' || (ARRAY['support', 'support-2', 'repair'])[1 + g % 3]],
         CASE e WHEN 1 THEN jsonb_build_object('id', 'seed-' || g || '-1', 'ticketId', 'seed-' || g, 'at', $2::bigint + g, 'actor', 'Оператор', 'kind', 'created', 'data', '{}'::jsonb)
                ELSE jsonb_build_object('id', 'seed-' || g || '-2', 'ticketId', 'seed-' || g, 'at', $2::bigint + g + 1, 'actor', 'Оператор', 'kind', 'comment', 'data', jsonb_build_object('text', 'Перезагрузили роутер, не помогло')) END
       FROM generate_series(1, $1::int) AS g, generate_series(1, 2) AS e`,
      [n, at],
    );
  });
}

/** Every column of a table, to copy its rows as they are. */
const columnsOf = (db: Db, table: string): string[] =>
  (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((r) => r.name);

async function initialPull(server: DeskServer, root: string, n: number): Promise<{ pullS: number; floorS: number; tickets: number; events: number }> {
  // Signed in before the seed: the seed holds this process for seconds and a kept-alive socket may be cut meanwhile.
  const creds = { url: server.url, token: await signIn(server) };
  const t0 = performance.now();
  await seedServer(server, n);
  process.stderr.write(`  seeded ${n} tickets + ${2 * n} events on the server in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const c = openConsole(mkdtempSync(join(root, 'pull-')), null);
  try {
    const p0 = performance.now();
    c.connect(creds);
    await until('the initial pull ends', () => c.client.state().status === 'online', 600_000);
    const pullS = (performance.now() - p0) / 1000;
    const tickets = (c.db.prepare("SELECT count(*) AS n FROM tickets WHERE id LIKE 'seed-%'").get() as { n: number }).n;
    const events = (c.db.prepare("SELECT count(*) AS n FROM ticket_events WHERE ticket_id LIKE 'seed-%'").get() as { n: number }).n;
    if (tickets < n || events < 2 * n) throw new BenchError(`the pull brought ${tickets} tickets and ${events} events, expected ${n} and ${2 * n}`);
    // Floor: the same rows into a fresh console file (same schema, indexes and triggers), raw.
    const floorDb = openDatabase(join(mkdtempSync(join(root, 'floor-')), 'console.db'));
    try {
      const tables = ['tickets', 'ticket_events'];
      const rows = tables.map((t) => ({
        t,
        cols: columnsOf(c.db, t),
        rows: c.db
          .prepare(`SELECT * FROM ${t} WHERE ${t === 'tickets' ? 'id' : 'ticket_id'} LIKE 'seed-%'`)
          .raw(true)
          .all() as unknown[][],
      }));
      const f0 = performance.now();
      floorDb.transaction(() => {
        for (const { t, cols, rows: rs } of rows) {
          const ins = floorDb.prepare(`INSERT INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
          for (const r of rs) ins.run(r);
        }
      })();
      const floorS = (performance.now() - f0) / 1000;
      return { pullS, floorS, tickets, events };
    } finally {
      floorDb.close();
    }
  } finally {
    await c.close();
  }
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const root = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  let server: DeskServer | null = null;
  let desk: Awaited<ReturnType<typeof startServerProcess>> | null = null;
  let cluster: PgCluster | null = null;
  try {
    const samples = o.quick ? 5 : 100;
    const on = (part: Part) => o.only.has(part);
    if (o.postgres && (on('propagation') || on('push') || on('drain'))) {
      process.stderr.write('starting a private PostgreSQL 15 cluster …\n');
      // PostgreSQL's defaults (fsync on), as production runs it; the tests' clusters skip fsync.
      cluster = await startPostgres({ durable: true });
    }
    if (on('propagation') || on('push') || on('drain')) desk = await startServerProcess(root, cluster?.url ?? null);
    if (on('pull')) {
      // The initial pull's seed writes the server's tables directly: that server runs in this process.
      server = await startDeskServer({
        database: { kind: 'pglite', dataDir: join(root, 'pglite') },
        host: '127.0.0.1',
        port: 0,
        tls: null,
        log: createServerLogger({ level: 'silent', format: 'json' }),
        adminPassword: ADMIN_PASSWORD,
        scrypt: { log2N: 12, r: 8, p: 1 },
      });
    }
    // Each figure is printed when its part ends (a long run that fails later keeps what it measured).
    const row = (k: string, v: string) => console.log(`${k.padEnd(48)}  ${v}`);
    const out: Record<string, number | string | null> = { consoles: o.consoles, tickets: o.tickets, database: o.postgres ? 'postgresql' : 'pglite' };
    if (on('propagation')) {
      process.stderr.write('propagation, 2 consoles …\n');
      const pair = await openDesk(desk!, root, 2, 'p1');
      try {
        const p1 = await propagation(pair, samples);
        row('propagation A → B, 2 consoles p50 / p99', `${pct(p1, 50).toFixed(1)} / ${pct(p1, 99).toFixed(1)} ms over ${p1.length} (target p99 < 50)`);
        Object.assign(out, { propagation_p50_ms_1: r2(pct(p1, 50)), propagation_p99_ms_1: r2(pct(p1, 99)) });
      } finally {
        await closeDesk(pair);
      }
    }
    if (on('propagation') || on('push')) {
      process.stderr.write(`opening ${o.consoles} consoles …\n`);
      const consoles = await openDesk(desk!, root, o.consoles, 'desk');
      try {
        if (on('propagation')) {
          process.stderr.write(`propagation, ${o.consoles} consoles …\n`);
          const pN = await propagation(consoles, samples);
          row(
            ...[
              `propagation A → B, ${o.consoles} consoles p50 / p99`,
              `${pct(pN, 50).toFixed(1)} / ${pct(pN, 99).toFixed(1)} ms over ${pN.length} (target p99 < 50)`,
            ],
          );
          Object.assign(out, { propagation_p50_ms_50: r2(pct(pN, 50)), propagation_p99_ms_50: r2(pct(pN, 99)) });
        }
        if (on('push')) {
          process.stderr.write(`push throughput, ${o.consoles} consoles …\n`);
          const push = await pushThroughput(consoles, o.quick ? 1 : 10);
          row(`push, ${o.consoles} consoles writing`, `${Math.round(push.perS)} mutations/s (${push.total} acknowledged)`);
          out.push_mutations_per_s = Math.round(push.perS);
        }
      } finally {
        await closeDesk(consoles);
      }
    }
    if (on('drain')) {
      process.stderr.write('drain of 500 offline changes …\n');
      const drainS = await drain(desk!, root, 500);
      row('drain of 500 offline changes', `${drainS.toFixed(2)} s (target < 2)`);
      out.drain_500_s = r2(drainS);
    }
    if (on('pull')) {
      process.stderr.write(`initial pull of ${o.tickets} tickets …\n`);
      const pull = await initialPull(server!, root, o.tickets);
      row(
        ...[
          `initial pull, ${o.tickets} tickets + ${2 * o.tickets} events`,
          `${pull.pullS.toFixed(2)} s = ${Math.round(o.tickets / pull.pullS)} tickets/s; raw insert floor ${pull.floorS.toFixed(2)} s → ${(pull.pullS / pull.floorS).toFixed(2)}× floor (target ≤ 3)`,
        ],
      );
      Object.assign(out, { pull_s: r2(pull.pullS), pull_floor_s: r2(pull.floorS), pull_vs_floor: r2(pull.pullS / pull.floorS) });
    }
    console.log(JSON.stringify(out));
  } finally {
    await server?.close();
    await desk?.close();
    await cluster?.destroy();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof BenchError ? `bench:sync: ${err.message}` : err);
  process.exit(1);
});

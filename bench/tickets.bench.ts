/**
 * `npm run bench:tickets -- [--tickets N]` (default 100,000): the tickets issue's targets, each
 * next to a floor measured in the same run (ARCHITECTURE.md "bench/").
 *
 * 0. SEED (not a figure of merit, printed for reference): N open tickets through the real host
 *    (`tickets:create`, the mutator + outbox path), spread over 10 operators, 3 queues, 4
 *    priorities and 20,000 contracts, on the ISP desk (8 working hours reaction for every tariff),
 *    so every ticket has a RUNNING reaction clock — the worst case for recomputation.
 *    `synchronous=OFF` while seeding only (it is FULL again before anything is measured).
 * 1. SLA: `sla_recompute_100k_ms` = the host's recomputeSla over all open tickets (read the clock
 *    columns, derive each due date on the production calendar, write what changed, one
 *    transaction), median of 5, with nothing changed; `sla_recompute_rewrite_100k_ms` = the same
 *    after the desk's hours change so that EVERY row is rewritten (desk-profile switch);
 *    `sla_evaluate_100k_ms` = remaining working time + breach flag for every open ticket from the
 *    same columns (what a wallboard count needs). Floor: the bare SELECT of those columns.
 * 2. LIST: `list_query_p99_ms` = `tickets:list` through the host's dispatcher (input validation,
 *    SQL page + count, SLA view per row, output validation), 100-row pages of the views the UI
 *    asks for (all open by SLA risk at pages 0..49, mine, one queue, a contract search, a phone
 *    search, a number search), p50/p99 over 1,000 calls. Floor: the same page's raw SELECT.
 *    `list_query_after_write_p99_ms`: the same mix, each call right after a ticket write (how the
 *    UI refetches after 'tickets:changed'), 300 calls.
 * 3. FIRST PAINT: `list_first_paint_ms` = in Debian Chromium on the built renderer (browser mode,
 *    host in this process), from the click on the «Заявки» tab on a freshly loaded page (empty
 *    query cache) to the first rows painted (the renderer's `tickets:first-rows` mark, then one
 *    animation frame); median of 7 page loads (max printed too). Peer: the same click → paint on
 *    the «Звонки» tab (a small list), same page loads.
 * Prints a table, then one JSON object as the last line.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { chromium, type Browser } from '@playwright/test';
import { createHost, type Host } from '../src-main/host';
import { startWebServer, type WebServer } from '../src-main/web/server';
import { TICKETS_SQL } from '../src-main/tickets/repo';
import { RECOMPUTE_SQL } from '../src-main/sla/cache';
import { readFlags } from '../src-main/config';
import { compileWorkingTime, scheduleOf, type ScheduleKind, type WorkingTime } from '../src-shared/worktime/schedule';
import { evaluateClock, type SlaClock } from '../src-shared/worktime/sla';
import { RU_CALENDAR } from '../src-shared/worktime/calendar';
import { DESK_PRESETS } from '../src-shared/domain/deskPresets';
import { uuidv7 } from '../src-shared/ids';
import { mulberry32 } from '../src-shared/random';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER = join(ROOT, 'dist-renderer');
// Tuesday 24.11.2026 12:00 MSK: a working day, the desk open.
const NOW = new Date('2026-11-24T09:00:00Z');
const OPERATORS = Array.from({ length: 10 }, (_, i) => `Оператор ${i + 1}`);
const QUEUES = ['support', 'support-2', 'repair'];
const LIST_CALLS = 1_000;
const PAINT_RUNS = 7;

class BenchError extends Error {
  override readonly name = 'BenchError';
}

function parseArgs(argv: readonly string[]): { tickets: number } {
  let tickets = 100_000;
  const usage = '(usage: npm run bench:tickets -- [--tickets N])';
  const flags = readFlags(
    argv,
    { tickets: { type: 'string' } },
    {
      unknown: (raw) => new BenchError(`unknown option ${raw} ${usage}`),
      missing: () => new BenchError('--tickets needs a whole number ≥ 1000, got nothing'),
    },
  );
  for (const { value = '' } of flags) {
    if (!/^\d+$/.test(value) || Number(value) < 1000) throw new BenchError(`--tickets needs a whole number ≥ 1000, got ${value}`);
    tickets = Number(value);
  }
  return { tickets };
}

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const median = (xs: readonly number[]) =>
  pct(
    [...xs].sort((a, b) => a - b),
    50,
  );
const r2 = (x: number) => Math.round(x * 100) / 100;

async function must(host: Host, channel: string, input: unknown): Promise<unknown> {
  const r = await host.dispatch(channel, input, { transport: 'web' });
  if (!r.ok) throw new BenchError(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

const contractNo = (i: number) => `Д-${String(i).padStart(6, '0')}`;
const phoneOf = (i: number) => `+7903${String(1_000_000 + i).slice(-7)}`;

async function seed(host: Host, n: number): Promise<{ seconds: number; numbers: string[] }> {
  const rand = mulberry32(7);
  const setOperator = host.db.prepare("INSERT INTO settings (key, value) VALUES ('operator.name', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  host.db.pragma('synchronous = OFF');
  const numbers: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if (i % Math.ceil(n / OPERATORS.length) === 0) setOperator.run(OPERATORS[Math.floor(i / Math.ceil(n / OPERATORS.length))] ?? 'Оператор');
    const c = Math.floor(rand() * 20_000) + 1;
    const t = (await must(host, 'tickets:create', {
      id: uuidv7(NOW.getTime() + i),
      type: (['question', 'problem', 'maintenance'] as const)[i % 3],
      priority: (Math.floor(rand() * 4) + 1) as 1 | 2 | 3 | 4,
      channel: 'phone',
      queueId: QUEUES[i % QUEUES.length],
      contractNo: contractNo(c),
      phone: phoneOf(c),
      subject: `Нет связи, обращение ${i + 1}`,
      description: '',
    })) as { number: string };
    if (i % 997 === 0) numbers.push(t.number);
    if ((i + 1) % 20_000 === 0) process.stderr.write(`  seeded ${i + 1} / ${n}\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  host.db.pragma('synchronous = FULL');
  host.db.pragma('wal_checkpoint(TRUNCATE)');
  return { seconds, numbers };
}

type ClockTuple = [ScheduleKind, number, number];

function slaFigures(host: Host, n: number) {
  const recompute = () => host.tickets.recomputeSla(NOW);
  recompute(); // warm: statements, schedules compiled
  const runs: number[] = [];
  let last = recompute();
  for (let i = 0; i < 5; i++) {
    last = recompute();
    runs.push(last.ms);
  }
  if (last.clocks !== n) throw new BenchError(`recompute evaluated ${last.clocks} clocks, expected ${n} running ones`);

  // Floor: the bare read of the same rows and columns.
  const read = host.db.prepare(RECOMPUTE_SQL.running).raw(true);
  const floorRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const rows = read.all().length;
    floorRuns.push(performance.now() - t0);
    if (rows !== n) throw new BenchError(`floor read ${rows} rows`);
  }

  // Evaluate every open clock (remaining working time + breach) from the stored columns.
  const clocks = host.db
    .prepare<[], ClockTuple>(
      "SELECT sla_kind, sla_anchor_ms, sla_budget_ms FROM tickets WHERE status IN ('new', 'in_progress', 'waiting') AND sla_anchor_ms IS NOT NULL",
    )
    .raw(true);
  const profile = DESK_PRESETS.find((p) => p.seed === '001');
  if (!profile) throw new BenchError('no ISP preset');
  const wts = new Map<ScheduleKind, WorkingTime>();
  const wt = (k: ScheduleKind) => wts.get(k) ?? (wts.set(k, compileWorkingTime(RU_CALENDAR, scheduleOf(profile, k))), wts.get(k) as WorkingTime);
  const evalRuns: number[] = [];
  let breached = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    breached = 0;
    for (const [kind, anchorAt, budgetMs] of clocks.all()) {
      const c: SlaClock = { kind, targetMinutes: 480, extendedMinutes: 0, budgetMs, anchorAt, metAt: null, dueAtMet: null };
      if (evaluateClock(wt(kind), c, NOW.getTime() + 3 * 3_600_000).breached) breached++;
    }
    evalRuns.push(performance.now() - t0);
  }
  return { recomputeMs: median(runs), floorMs: median(floorRuns), evaluateMs: median(evalRuns), breachedAt3h: breached, last };
}

async function rewriteFigure(host: Host, n: number): Promise<{ ms: number; changed: number }> {
  // Change the desk's hours (10:00–18:00 → 09:00–18:00): every running clock's due date moves.
  const listed = (await must(host, 'profiles:list', {})) as {
    activeId: string;
    profiles: { id: string; workingHours: { days: ({ start: string; end: string } | null)[] } }[];
  };
  const active = listed.profiles.find((p) => p.id === listed.activeId);
  if (!active) throw new BenchError('no active profile');
  const days = active.workingHours.days.map((d) => (d === null ? null : { ...d, start: '09:00' }));
  const edited = { ...active, workingHours: { days } };
  const t0 = performance.now();
  await must(host, 'profiles:save', { profile: edited }); // saves and recomputes (same transaction path as a profile switch)
  const ms = performance.now() - t0;
  const again = host.tickets.recomputeSla(NOW);
  if (again.changed !== 0) throw new BenchError(`after the profile save ${again.changed} rows still changed: the save did not recompute`);
  return { ms, changed: n };
}

async function listFigures(host: Host, numbers: readonly string[]) {
  const rand = mulberry32(11);
  type Q = { input: Record<string, unknown>; floor: () => unknown };
  const page = (sql: string) => host.db.prepare(sql);
  const openPage = page(TICKETS_SQL.openPage);
  const minePage = page(TICKETS_SQL.minePage);
  const queuePage = page(TICKETS_SQL.queuePage);
  const byContract = page('SELECT id FROM tickets INDEXED BY ix_tickets_contract WHERE contract_no = ?');
  const byPhone = page('SELECT id FROM tickets INDEXED BY ix_tickets_phone_rev WHERE phone_rev >= ? AND phone_rev < ?');
  const byNumber = page('SELECT id FROM tickets INDEXED BY ux_tickets_number WHERE number = ?');
  // R-TKT-ASSIGN: «Мои» keys on the console's operator id (migration 0076); the seed's changing
  // display names do not split it, so this is the whole seeded set: the heaviest «Мои».
  const me = (page("SELECT value FROM settings WHERE key = 'operator.id'").get() as { value: string }).value;
  const queries: (() => Q)[] = [
    () => {
      const p = Math.floor(rand() * 50);
      return { input: { view: 'open', offset: p * 100, limit: 100 }, floor: () => openPage.all({ limit: 100, offset: p * 100, assignee: null, queue: null }) };
    },
    () => {
      return { input: { view: 'mine', offset: 0, limit: 100 }, floor: () => minePage.all({ limit: 100, offset: 0, assignee: me, queue: null }) };
    },
    () => {
      const q = QUEUES[Math.floor(rand() * QUEUES.length)] as string;
      return { input: { view: 'open', queueId: q, offset: 0, limit: 100 }, floor: () => queuePage.all({ limit: 100, offset: 0, assignee: null, queue: q }) };
    },
    () => {
      const c = contractNo(Math.floor(rand() * 20_000) + 1);
      return { input: { view: 'open', query: c, offset: 0, limit: 100 }, floor: () => byContract.all(c) };
    },
    () => {
      const ph = phoneOf(Math.floor(rand() * 20_000) + 1);
      const rev = [...ph.replace(/\D/g, '')].reverse().join('');
      return {
        input: { view: 'all', query: ph, offset: 0, limit: 100 },
        floor: () => byPhone.all(rev, `${rev}\u007f`),
      };
    },
    () => {
      const no = numbers[Math.floor(rand() * numbers.length)] as string;
      return { input: { view: 'all', query: no, offset: 0, limit: 100 }, floor: () => byNumber.get(no) };
    },
  ];
  const weights = [5, 1, 1, 1, 1, 1]; // the all-open view by risk is what the list opens on
  const pick = (): Q => {
    let r = rand() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return (queries[i] as () => Q)();
    }
    return (queries[0] as () => Q)();
  };
  for (let i = 0; i < 100; i++) await must(host, 'tickets:list', pick().input); // warm-up
  const ms: number[] = [];
  const floorMs: number[] = [];
  let rows = 0;
  for (let i = 0; i < LIST_CALLS; i++) {
    const q = pick();
    const t0 = performance.now();
    const out = (await must(host, 'tickets:list', q.input)) as { rows: unknown[] };
    ms.push(performance.now() - t0);
    rows += out.rows.length;
    const f0 = performance.now();
    q.floor();
    floorMs.push(performance.now() - f0);
  }
  ms.sort((a, b) => a - b);
  floorMs.sort((a, b) => a - b);
  // The list as the UI refetches it after 'tickets:changed': every call right after a write (a
  // priority change on a random ticket), so nothing the host caches between writes helps.
  const ids = host.db.prepare('SELECT id FROM tickets ORDER BY rowid LIMIT 5000').pluck().all() as string[];
  const afterWrite: number[] = [];
  for (let i = 0; i < 300; i++) {
    const id = ids[Math.floor(rand() * ids.length)] as string;
    await must(host, 'tickets:update', { id, priority: (Math.floor(rand() * 4) + 1) as 1 | 2 | 3 | 4 });
    const q = pick();
    const t0 = performance.now();
    await must(host, 'tickets:list', q.input);
    afterWrite.push(performance.now() - t0);
  }
  afterWrite.sort((a, b) => a - b);
  return {
    p50: pct(ms, 50),
    p99: pct(ms, 99),
    floorP50: pct(floorMs, 50),
    floorP99: pct(floorMs, 99),
    avgRows: rows / LIST_CALLS,
    afterWriteP99: pct(afterWrite, 99),
  };
}

/** Clicks a tab on a freshly loaded page and waits for its first rows to be painted. */
const CLICK_AND_WAIT = `async ([tab, mark, rowSel]) => {
  performance.clearMarks(mark);
  const button = document.querySelector('[data-testid="tab-' + tab + '"]');
  if (!button) throw new Error('no tab ' + tab);
  const t0 = performance.now();
  button.click();
  for (;;) {
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const marked = mark === '' ? true : performance.getEntriesByName(mark).length > 0;
    if (marked && document.querySelector(rowSel)) return performance.now() - t0;
    if (performance.now() - t0 > 20000) throw new Error('no rows after 20 s on ' + tab);
  }
}`;

async function paintFigures(host: Host): Promise<{ ticketsMs: number[]; callsMs: number[]; skipped: string | null }> {
  if (!existsSync(CHROMIUM_PATH)) return { ticketsMs: [], callsMs: [], skipped: `${CHROMIUM_PATH} not installed` };
  if (!existsSync(join(RENDERER, 'index.html'))) return { ticketsMs: [], callsMs: [], skipped: 'renderer not built (node scripts/build.mjs --renderer-only)' };
  let server: WebServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await startWebServer({ host, rendererDir: RENDERER, port: 0, log: pino({ level: 'silent' }) });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const ticketsMs: number[] = [];
    const callsMs: number[] = [];
    for (let i = 0; i < PAINT_RUNS + 1; i++) {
      await page.goto(server.url);
      await page.waitForSelector('[data-testid="tab-tickets"]', { timeout: 20_000 });
      const t = (await page.evaluate(`(${CLICK_AND_WAIT})(['tickets', 'tickets:first-rows', '[data-testid="ticket-row"]'])`)) as number;
      await page.goto(server.url);
      await page.waitForSelector('[data-testid="tab-calls"]', { timeout: 20_000 });
      const c = (await page.evaluate(`(${CLICK_AND_WAIT})(['calls', '', '[data-testid="call-log"]'])`)) as number;
      if (i === 0) continue; // first load warms the HTTP cache and the host's statements
      ticketsMs.push(t);
      callsMs.push(c);
    }
    return { ticketsMs, callsMs, skipped: null };
  } finally {
    await browser?.close();
    await server?.close();
  }
}

async function main(): Promise<void> {
  const { tickets } = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'bench-tickets-'));
  const host = createHost({ dataDir: dir, transport: 'web', log: pino({ level: 'silent' }), demo: false, now: () => NOW });
  try {
    await host.ready;
    process.stderr.write(`seeding ${tickets} tickets through tickets:create …\n`);
    const seeded = await seed(host, tickets);
    const sla = slaFigures(host, tickets);
    const rewrite = await rewriteFigure(host, tickets);
    const list = await listFigures(host, seeded.numbers);
    const paint = await paintFigures(host);

    const paintMedian = paint.skipped ? null : median(paint.ticketsMs);
    const rows: [string, string][] = [
      ['seed (tickets:create, synchronous=OFF)', `${tickets} in ${seeded.seconds.toFixed(1)} s = ${Math.round(tickets / seeded.seconds)} /s`],
      [
        'SLA recompute, all open (median of 5)',
        `${sla.recomputeMs.toFixed(1)} ms for ${sla.last.clocks} clocks (target < 200: ${(sla.recomputeMs / 200).toFixed(2)}×); floor read ${sla.floorMs.toFixed(1)} ms → ${(sla.recomputeMs / sla.floorMs).toFixed(2)}× floor`,
      ],
      ['SLA recompute after the desk hours change', `${rewrite.ms.toFixed(1)} ms, every row rewritten (profiles:save incl.)`],
      [
        'SLA evaluate (remaining + breach), all open',
        `${sla.evaluateMs.toFixed(1)} ms (${sla.breachedAt3h} breached 3 h later) → ${(sla.evaluateMs / sla.floorMs).toFixed(2)}× floor read`,
      ],
      [
        'tickets:list p50 / p99 (dispatch)',
        `${list.p50.toFixed(2)} / ${list.p99.toFixed(2)} ms (target p99 < 5: ${(list.p99 / 5).toFixed(2)}×), ${list.avgRows.toFixed(0)} rows per page avg`,
      ],
      ['tickets:list p99 right after a write', `${list.afterWriteP99.toFixed(2)} ms (target < 5: ${(list.afterWriteP99 / 5).toFixed(2)}×)`],
      ['  raw SELECT floor p50 / p99', `${list.floorP50.toFixed(3)} / ${list.floorP99.toFixed(3)} ms → p99 ${(list.p99 / list.floorP99).toFixed(1)}× floor`],
      [
        'first paint of the list (click → rows)',
        paint.skipped
          ? `skipped: ${paint.skipped}`
          : `median ${paintMedian?.toFixed(1)} ms, max ${Math.max(...paint.ticketsMs).toFixed(1)} ms over ${paint.ticketsMs.length} page loads (target < 300: ${((paintMedian ?? 0) / 300).toFixed(2)}×); peer «Звонки» tab median ${median(paint.callsMs).toFixed(1)} ms`,
      ],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
    console.log(
      JSON.stringify({
        tickets,
        sla_recompute_100k_ms: r2(sla.recomputeMs),
        sla_recompute_floor_read_ms: r2(sla.floorMs),
        sla_recompute_vs_floor: r2(sla.recomputeMs / sla.floorMs),
        sla_recompute_rewrite_100k_ms: r2(rewrite.ms),
        sla_evaluate_100k_ms: r2(sla.evaluateMs),
        list_query_p50_ms: r2(list.p50),
        list_query_p99_ms: r2(list.p99),
        list_query_floor_p99_ms: r2(list.floorP99),
        list_query_after_write_p99_ms: r2(list.afterWriteP99),
        list_first_paint_ms: paintMedian === null ? null : r2(paintMedian),
        list_first_paint_max_ms: paint.skipped ? null : r2(Math.max(...paint.ticketsMs)),
        calls_tab_first_paint_ms: paint.skipped ? null : r2(median(paint.callsMs)),
        seed_tickets_per_s: Math.round(tickets / seeded.seconds),
      }),
    );
  } finally {
    host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof BenchError ? `bench:tickets: ${err.message}` : err);
  process.exit(1);
});

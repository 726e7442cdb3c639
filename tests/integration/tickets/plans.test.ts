import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { TICKETS_SQL } from '../../../src-main/tickets/repo';
import { RECOMPUTE_SQL } from '../../../src-main/sla/cache';
import { useTempDir } from '../../helpers/tmp';
import { msk, openHarness, type Harness } from './harness';

const PARAMS: Record<string, unknown> = {
  limit: 100,
  offset: 0,
  assignee: 'Анна',
  queue: 'support',
  q: '37-0042',
  contract: 'Д-000001',
  rev: '5441',
  revEnd: '5441\u007f',
  open: 1,
  serial: '123456789012',
  from: 0,
  to: 1,
};

function plan(h: Harness, sql: string): string[] {
  const names = [...new Set((sql.match(/:(\w+)/g) ?? []).map((s) => s.slice(1)))];
  const st = h.host.db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = names.length > 0 ? st.all(Object.fromEntries(names.map((n) => [n, PARAMS[n]]))) : st.all(...Array((sql.match(/\?/g) ?? []).length).fill('x'));
  return (rows as { detail: string }[]).map((r) => r.detail);
}

/** 100,000 tickets straight into the table (the clock columns as the mutators write them), then derived by recomputeSla. */
function bulkTickets(h: Harness, n: number): void {
  const ins = h.host.db.prepare(
    `INSERT INTO tickets (id, number, type, priority, status, channel, queue_id, assignee, contract_no, holder_name, phone, phone_rev, serial, subject, description,
       form, tariff, created_at, created_by, updated_at, version, sla_kind, sla_target_min, sla_ext_min, sla_budget_ms, sla_anchor_ms, sla_met_ms, sla_due_met_ms,
       sla_deadline_ms, sla_due_ms, sla_sort_ms, sla_rank, sla_missing_year)
     VALUES (?, ?, 'problem', ?, ?, 'phone', ?, ?, ?, NULL, ?, ?, NULL, 'bulk', '', NULL, NULL, ?, 'bulk', ?, 1, 'desk', 480, 0, ?, ?, NULL, NULL, NULL, NULL, ?, ?, NULL)`,
  );
  const t0 = msk('2026-11-02 10:00');
  const statuses = ['new', 'in_progress', 'waiting'] as const;
  const operators = ['Анна', 'Борис', 'Вера', 'Глеб'];
  const queues = ['support', 'support-2', 'field', 'repair'];
  h.host.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = t0 + i * 20_000;
      const status = statuses[i % 3] as string;
      const phone = `+7903${String(1_000_000 + i).slice(-7)}`;
      ins.run(
        `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        `99-${String(i).padStart(6, '0')}`,
        1 + (i % 4),
        status,
        queues[i % 4],
        operators[i % 4],
        `Д-${String(i % 50_000).padStart(6, '0')}`,
        phone,
        [...phone.slice(1)].reverse().join(''),
        new Date(at).toISOString(),
        new Date(at).toISOString(),
        status === 'waiting' ? 480 * 60_000 - (i % 97) * 60_000 : 480 * 60_000,
        status === 'waiting' ? null : at,
        // derived as the store writes them: paused → rank 1 by budget; running → rank 0, due left to recomputeSla
        status === 'waiting' ? 480 * 60_000 - (i % 97) * 60_000 : null,
        status === 'waiting' ? 1 : 0,
      );
    }
  })();
}

describe('ticket list query plans and speed (R-SLA-REACT views, R-CALL-REPEAT)', () => {
  const tmp = useTempDir('tickets-plans-');
  let h: Harness | null = null;
  afterEach(() => {
    h?.close();
    h = null;
  });

  it('the list pages walk their partial / created indexes with no sort step; totals are one primary-key lookup', () => {
    h = openHarness(tmp());
    const expectations: [keyof typeof TICKETS_SQL, string][] = [
      ['openPage', 'ix_tickets_open_risk'],
      ['minePage', 'ix_tickets_mine_risk'],
      ['queuePage', 'ix_tickets_queue_risk'],
      ['allPage', 'ix_tickets_created'],
      ['allQueuePage', 'ix_tickets_queue_created'],
      ['missingYears', 'ix_tickets_missing_year'],
    ];
    for (const [name, index] of expectations) {
      const p = plan(h, TICKETS_SQL[name]);
      expect(
        p.some((d) => d.includes(index)),
        `${name}: ${p.join(' | ')}`,
      ).toBe(true);
      expect(
        p.some((d) => d.includes('TEMP B-TREE')),
        `${name}: ${p.join(' | ')}`,
      ).toBe(false);
    }
    expect(plan(h, TICKETS_SQL.total).join(' ')).toMatch(/USING PRIMARY KEY|USING INDEX sqlite_autoindex_ticket_counts/);
    expect(plan(h, RECOMPUTE_SQL.running)).toEqual(['SCAN tickets USING COVERING INDEX ix_tickets_running']);
  });

  it('the repeat-caller search probes one index per key (number, a number the desk server replaced, contract, phone suffix, operator) and never scans the table', () => {
    h = openHarness(tmp());
    for (const name of ['searchRiskPage', 'searchRecentPage', 'searchCount', 'duplicates'] as const) {
      const p = plan(h, TICKETS_SQL[name]);
      expect(
        p.some((d) => /^SCAN tickets\b/.test(d)),
        `${name}: ${p.join(' | ')}`,
      ).toBe(false);
      for (const index of name === 'duplicates'
        ? ['ix_tickets_contract', 'ix_tickets_serial']
        : [
            'ux_tickets_number',
            'ix_ticket_events_renumbered_from',
            'ix_tickets_contract',
            'ix_tickets_phone_rev',
            'ix_tickets_assignee',
            'ix_tickets_created_by',
          ]) {
        expect(
          p.some((d) => d.includes(`USING INDEX ${index}`) || d.includes(`USING COVERING INDEX ${index}`)),
          `${name} → ${index}: ${p.join(' | ')}`,
        ).toBe(true);
      }
    }
    for (const name of ['events', 'visitsOfTicket', 'visitsBetween', 'attachments'] as const) {
      expect(
        plan(h, TICKETS_SQL[name]).some((d) => d.startsWith('SEARCH')),
        name,
      ).toBe(true);
    }
  });

  it('with 100,000 open tickets every list page answers and recomputing every clock is right (speed: npm run bench:tickets)', async () => {
    h = openHarness(tmp(), { at: '2026-11-24 10:00' });
    bulkTickets(h, 100_000);
    const indexes = () => h!.host.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' ORDER BY name").all();
    const before = indexes();
    const first = h.host.tickets.recomputeSla(new Date(msk('2026-11-24 10:00')));
    expect(first).toMatchObject({ tickets: 100_000, clocks: 66_667, changed: 66_667 }); // the paused third needs no due
    expect(indexes()).toEqual(before); // rebuilt around the bulk update, same definitions
    expect(h.host.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const steady = h.host.tickets.recomputeSla(new Date(msk('2026-11-24 10:00')));
    expect(steady).toMatchObject({ tickets: 100_000, clocks: 66_667, changed: 0 });
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      const r = await h.host.dispatch(
        'tickets:list',
        { view: i % 3 === 0 ? 'open' : i % 3 === 1 ? 'mine' : 'all', offset: (i * 37) % 500, limit: 100 },
        { transport: 'web' },
      );
      times.push(performance.now() - t0);
      expect(r.ok).toBe(true);
    }
    times.sort((a, b) => a - b);
    const p99 = times[Math.floor(times.length * 0.99)] ?? 0;
    console.log(
      `100k tickets: recompute (every due moved) ${first.ms.toFixed(0)} ms, recompute (steady) ${steady.ms.toFixed(0)} ms, list p50 ${times[30]?.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
    );
    // The figures are printed for the reader; their targets (< 200 ms, < 5 ms) live in bench:tickets.
    const page = (await h.host.dispatch('tickets:list', { view: 'open', limit: 5 }, { transport: 'web' })) as {
      ok: true;
      value: { total: number; rows: { sla: { state: string } }[] };
    };
    expect(page.value.total).toBe(100_000);
    expect(page.value.rows.every((r) => r.sla.state === 'breached')).toBe(true); // the oldest running ones are long overdue
    const dues = (h.host.db.prepare(`${TICKETS_SQL.openPage}`).all({ limit: 1000, offset: 0 }) as { sla_rank: number; sla_sort_ms: number }[]).map(
      (r) => r.sla_sort_ms,
    );
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  }, 120_000);
});

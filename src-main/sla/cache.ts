/**
 * SLA in the host: the working-time schedules of the active desk profile compiled once per kind
 * (and again only when the profile changes), the derived ordering columns of a ticket
 * (sla_due_ms, sla_sort_ms, sla_rank — see migration 0040), the SlaView of the contract, and
 * recomputeSla over every open ticket after a profile change.
 */
import { performance } from 'node:perf_hooks';
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import type { SlaView } from '../../src-shared/ipc/ticketSchemas';
import { CalendarMissingError, type ProductionCalendar } from '../../src-shared/worktime/calendar';
import { compileWorkingTime, scheduleOf, type ScheduleKind, type WorkingTime } from '../../src-shared/worktime/schedule';
import { dueAt, evaluateClock, type SlaClock } from '../../src-shared/worktime/sla';
import type { Db } from '../db/open';
import { clockOf, iso, isoOrNull, type SlaColumns } from '../tickets/rows';

export type Derived = { readonly dueMs: number | null; readonly sortMs: number | null; readonly rank: 0 | 1 | 2; readonly missingYear: number | null };

const KINDS: readonly ScheduleKind[] = ['desk', 'desk-all-days', 'round-the-clock'];

export function createSlaCache(deps: { profile: () => DeskProfile; calendar: ProductionCalendar }) {
  let profile: DeskProfile | null = null;
  const compiled = new Map<ScheduleKind, WorkingTime>();

  const active = (): DeskProfile => (profile ??= deps.profile());

  function workingTime(kind: ScheduleKind): WorkingTime {
    let wt = compiled.get(kind);
    if (!wt) {
      wt = compileWorkingTime(deps.calendar, scheduleOf(active(), kind));
      compiled.set(kind, wt);
    }
    return wt;
  }

  /** The ordering columns of a clock (or a deadline): rank 0 running, 1 paused, 2 met / none. */
  function derive(cols: Omit<SlaColumns, 'sla_due_ms' | 'sla_sort_ms' | 'sla_rank' | 'sla_missing_year'> & { sla_missing_year?: number | null }): Derived {
    const c = clockOf({ ...cols, sla_due_ms: null, sla_sort_ms: null, sla_rank: 2, sla_missing_year: null });
    if (c === null) {
      // A deadline (claims): fixed instant; a missing calendar year is a fact of the claim.
      if (cols.sla_met_ms !== null) return { dueMs: cols.sla_deadline_ms, sortMs: null, rank: 2, missingYear: null };
      return {
        dueMs: cols.sla_deadline_ms,
        sortMs: cols.sla_deadline_ms,
        rank: 0,
        missingYear: cols.sla_deadline_ms === null ? (cols.sla_missing_year ?? null) : null,
      };
    }
    return deriveClock(c);
  }

  function deriveClock(c: SlaClock): Derived {
    if (c.targetMinutes === null || c.metAt !== null) return { dueMs: c.dueAtMet, sortMs: null, rank: 2, missingYear: null };
    if (c.anchorAt === null) return { dueMs: null, sortMs: c.budgetMs, rank: 1, missingYear: null };
    try {
      const due = dueAt(workingTime(c.kind), c);
      return { dueMs: due, sortMs: due, rank: 0, missingYear: null };
    } catch (err) {
      // "No calendar" clocks sort first among the running ones (NULL sorts low): a visible warning.
      if (err instanceof CalendarMissingError) return { dueMs: null, sortMs: null, rank: 0, missingYear: err.year };
      throw err;
    }
  }

  /** The contract's SlaView of a row at `now`. */
  function view(r: SlaColumns, now: number): SlaView {
    const asOf = iso(now);
    const c = clockOf(r);
    if (c === null) return deadlineView(r, now, asOf);
    const base = { schedule: c.kind, targetMinutes: c.targetMinutes, extendedMinutes: c.extendedMinutes, asOf };
    try {
      const ev = evaluateClock(workingTime(c.kind), c, now);
      return { ...base, state: ev.state, dueAt: isoOrNull(ev.dueAt), remainingMs: ev.remainingMs, breached: ev.breached, missingYear: null };
    } catch (err) {
      if (err instanceof CalendarMissingError) return { ...base, state: 'no-calendar', dueAt: null, remainingMs: null, breached: false, missingYear: err.year };
      throw err;
    }
  }

  function deadlineView(r: SlaColumns, now: number, asOf: string): SlaView {
    const base = { schedule: 'desk' as const, targetMinutes: null, extendedMinutes: 0, asOf };
    const due = r.sla_deadline_ms;
    if (due === null) return { ...base, state: 'no-calendar', dueAt: null, remainingMs: null, breached: false, missingYear: r.sla_missing_year };
    if (r.sla_met_ms !== null) {
      const late = r.sla_met_ms > due;
      return { ...base, state: late ? 'met-late' : 'met', dueAt: iso(due), remainingMs: null, breached: late, missingYear: null };
    }
    try {
      const remaining = workingTime('desk').workingTimeBetween(now, due);
      const breached = now >= due;
      return {
        ...base,
        state: breached ? 'breached' : 'running',
        dueAt: iso(due),
        remainingMs: breached ? Math.min(remaining, 0) : remaining,
        breached,
        missingYear: null,
      };
    } catch (err) {
      if (err instanceof CalendarMissingError)
        return { ...base, state: 'no-calendar', dueAt: iso(due), remainingMs: null, breached: now >= due, missingYear: err.year };
      throw err;
    }
  }

  return {
    profile: active,
    workingTime,
    derive,
    deriveClock,
    view,
    /** The active profile changed: schedules are compiled again on next use. */
    invalidate(): void {
      profile = null;
      compiled.clear();
    },
    /** Compiles all kinds now (so the first list after start pays nothing). */
    warm(): void {
      for (const k of KINDS) {
        try {
          workingTime(k);
        } catch (err) {
          if (!(err instanceof CalendarMissingError)) throw err;
        }
      }
    },
  };
}
export type SlaCache = ReturnType<typeof createSlaCache>;

export type RecomputeResult = {
  /** Open tickets. */
  readonly tickets: number;
  /** Running reaction clocks evaluated (the only ones a profile change can move). */
  readonly clocks: number;
  readonly changed: number;
  readonly breached: number;
  readonly missingYears: readonly number[];
  readonly ms: number;
};

const RUNNING = "status IN ('new', 'in_progress', 'waiting') AND sla_rank = 0 AND sla_deadline_ms IS NULL";
export const RECOMPUTE_SQL = {
  running: `SELECT rowid, sla_kind, sla_anchor_ms, sla_budget_ms, sla_sort_ms, sla_missing_year FROM tickets INDEXED BY ix_tickets_running WHERE ${RUNNING}`,
  openCount: "SELECT n FROM ticket_counts WHERE key = 'open'", // kept by triggers (migration 0050)
  update: 'UPDATE tickets SET sla_due_ms = ?, sla_sort_ms = ?, sla_missing_year = ? WHERE rowid = ?',
} as const;

type RunningTuple = [number, ScheduleKind, number, number, number | null, number | null];

/** From this many moved dues on, the ordering indexes are rebuilt instead of updated row by row. */
export const BULK_REINDEX_ROWS = 20_000;

/**
 * Recomputes the derived SLA columns of every open ticket (after a desk-profile change; the
 * benchmark's `sla_recompute_100k_ms`) in one transaction. Only running reaction clocks depend on
 * the profile's schedules: paused ones sort by their budget, met ones keep the due they had,
 * deadlines are fixed instants. So one covering index (ix_tickets_running) is read, the due of
 * each clock derived (one O(log days) step), and only the rows whose due changed are written.
 * When a profile change moves very many dues, the four indexes holding sla_sort_ms are dropped and
 * created again around the updates (same transaction): rebuilding is ~3× faster than updating
 * each entry (measured with 100,000 tickets).
 */
export function createSlaRecompute(db: Db, sla: SlaCache) {
  const running = db.prepare<[], RunningTuple>(RECOMPUTE_SQL.running).raw(true);
  const openCount = db.prepare<[], number>(RECOMPUTE_SQL.openCount).pluck();
  const sortIndexes = db.prepare<[], { name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' AND sql LIKE '%sla_sort_ms%' ORDER BY name",
  );
  const update = () => db.prepare<[number | null, number | null, number | null, number]>(RECOMPUTE_SQL.update);
  return (now: number): RecomputeResult => {
    const t0 = performance.now();
    const result = db.transaction(() => {
      let breached = 0,
        clocks = 0;
      const missing = new Set<number>();
      const changes: [number | null, number | null, number][] = []; // due, missing year, rowid
      let kind: ScheduleKind | null = null;
      let wt: WorkingTime | null = null;
      let wtMissing: number | null = null;
      for (const [rowid, k, anchorAt, budgetMs, sortMs, missingYear] of running.all()) {
        clocks++;
        if (k !== kind) {
          kind = k;
          wtMissing = null;
          try {
            wt = sla.workingTime(k);
          } catch (err) {
            if (!(err instanceof CalendarMissingError)) throw err;
            wt = null;
            wtMissing = err.year;
          }
        }
        let due: number | null = null;
        let year = wtMissing;
        if (wt !== null) {
          try {
            due = wt.addWorkingTime(anchorAt, budgetMs); // = dueAt() of a running clock
          } catch (err) {
            if (!(err instanceof CalendarMissingError)) throw err;
            year = err.year;
          }
        }
        if (year !== null) missing.add(year);
        if (due !== null && due <= now) breached++;
        if (due !== sortMs || year !== missingYear) changes.push([due, year, rowid]);
      }
      const rebuild = changes.length >= BULK_REINDEX_ROWS ? sortIndexes.all() : [];
      for (const ix of rebuild) db.exec(`DROP INDEX ${ix.name}`);
      const upd = update(); // prepared after the DROPs: it then maintains no dropped index
      for (const [due, year, rowid] of changes) upd.run(due, due, year, rowid);
      for (const ix of rebuild) db.exec(ix.sql);
      return { tickets: openCount.get() ?? 0, clocks, changed: changes.length, breached, missingYears: [...missing].sort((a, b) => a - b) };
    })();
    return { ...result, ms: performance.now() - t0 }; // including the commit
  };
}

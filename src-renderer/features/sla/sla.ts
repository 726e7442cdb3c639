/**
 * SLA clocks as the operator reads them (R-SLA-REACT, R-SLA-EXT): remaining working time, the
 * breach flag, paused / met states and the missing-calendar warning. Pure; unit-tested. The list
 * keeps running clocks live by recomputing `dueAt` against the desk's working time each second
 * (only for the rows on screen); everything else is shown as the host reported it.
 */
import type { SlaView } from '../../../src-shared/ipc/ticketSchemas';

import type { Locale } from '../../../src-shared/domain/values';
import { CalendarMissingError, isWorkingDay, workingDaysBetween, type ProductionCalendar } from '../../../src-shared/worktime/calendar';
import { moscowDate } from '../../../src-shared/worktime/moscow';

/** What the SLA cell shows. `remainingMs` is negative once breached. */
export type LiveSla = {
  readonly state: SlaView['state'];
  readonly remainingMs: number | null;
  readonly breached: boolean;
  readonly missingYear: number | null;
  /** The figure comes from the host's `asOf`, not recomputed (no working-time engine here). */
  readonly stale: boolean;
};

/**
 * Working time between two instants on the desk's schedule. Returns `{ missingYear }` when the
 * production calendar has no data for a year the span touches (CalendarMissingError) and `null`
 * when no engine is available (then the host's figure stands).
 */
export type WorkingBetween = (a: number, b: number) => number | { readonly missingYear: number } | null;

/** The clock at `nowMs` (host clock). Running clocks are recomputed from `dueAt`; others are as reported. */
export function liveSla(view: SlaView, nowMs: number, between: WorkingBetween | null): LiveSla {
  const asReported: LiveSla = { state: view.state, remainingMs: view.remainingMs, breached: view.breached, missingYear: view.missingYear, stale: false };
  if (view.state !== 'running' && view.state !== 'breached') return asReported;
  if (view.dueAt === null) return asReported;
  const due = Date.parse(view.dueAt);
  const r = between ? between(nowMs, due) : null;
  if (r === null) {
    // No engine: the host's figure as of `asOf`, flagged once the due instant itself has passed.
    const breached = view.breached || nowMs >= due;
    return { ...asReported, state: breached ? 'breached' : view.state, breached, stale: true };
  }
  if (typeof r === 'object') return { state: 'no-calendar', remainingMs: null, breached: false, missingYear: r.missingYear, stale: false };
  const breached = nowMs >= due;
  return { state: breached ? 'breached' : 'running', remainingMs: breached ? Math.min(r, 0) : r, breached, missingYear: null, stale: false };
}

const UNITS: Readonly<Record<Locale, { h: string; min: string; lessThanMin: string }>> = {
  ru: { h: 'ч', min: 'мин', lessThanMin: 'меньше минуты' },
  en: { h: 'h', min: 'min', lessThanMin: 'under a minute' },
};

/**
 * Working time as the desk says it: «1 ч 20 мин», «2 ч 05 мин», «35 мин». Whole minutes, rounded
 * down (a clock never promises more time than is left); the sign is the caller's business.
 */
export function formatWorkingDuration(ms: number, locale: Locale = 'ru'): string {
  const u = UNITS[locale];
  const totalMin = Math.floor(Math.abs(ms) / 60_000);
  if (totalMin === 0) return u.lessThanMin;
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  if (h === 0) return `${m} ${u.min}`;
  return `${h} ${u.h} ${String(m).padStart(2, '0')} ${u.min}`;
}

/** How urgent a running clock is, for the row's icon and tint (never colour alone: text says it too). */
export type SlaRisk = 'breached' | 'near' | 'ok' | 'none';

/** Near breach: under a quarter of the target, or under 30 minutes, is left. */
export function slaRisk(live: LiveSla, targetMinutes: number | null): SlaRisk {
  if (live.breached || live.state === 'breached') return 'breached';
  if (live.state !== 'running' || live.remainingMs === null) return 'none';
  const quarter = targetMinutes === null ? 0 : (targetMinutes * 60_000) / 4;
  return live.remainingMs < Math.max(30 * 60_000, quarter) ? 'near' : 'ok';
}

/**
 * R-CLAIM: the Moscow day a claim must be answered by (its clock is due at that day's end, the
 * next midnight) and the working days left counting today when today is one; null days when the
 * production calendar lacks a year of the span.
 */
export function claimDays(dueAt: string, nowMs: number, cal: ProductionCalendar): { readonly dueDay: string; readonly daysLeft: number | null } {
  const dueDay = moscowDate(Date.parse(dueAt) - 1);
  const today = moscowDate(nowMs);
  try {
    const after = workingDaysBetween(cal, today, dueDay);
    return { dueDay, daysLeft: dueDay < today ? 0 : after + (isWorkingDay(cal, today) ? 1 : 0) };
  } catch (err) {
    if (err instanceof CalendarMissingError) return { dueDay, daysLeft: null };
    throw err;
  }
}

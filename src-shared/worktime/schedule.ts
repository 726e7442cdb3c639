/**
 * Working-time engine (R-SLA-HOURS, R-SLA-DUTY, R-SLA-REACT): desk schedules in Moscow time over
 * the Russian production calendar. Pure. Instants are epoch milliseconds; durations are ms.
 *
 * Moscow is UTC+3 all year (no DST since 2014, see calendar.ts), so a Moscow wall-clock time is
 * a fixed offset from UTC and the machine's own time zone never enters the arithmetic.
 *
 * compileWorkingTime() precomputes, for every day the calendar covers, the day's open interval
 * [open, close) and a prefix sum of working ms from the start of coverage. Then:
 *   - workingTimeBetween is O(1) (two prefix look-ups plus the partial days);
 *   - addWorkingTime is O(log days) (binary search on the prefix sums);
 *   - nextOpen is O(1) (a precomputed "next open day" table).
 *
 * Boundaries, chosen so that workingTimeBetween(a, addWorkingTime(a, d)) === d always holds:
 *   - open intervals are half-open [open, close): isOpen(18:00) is false for a desk closing at 18:00;
 *   - addWorkingTime(at, 0) === at (after checking `at` is covered);
 *   - a positive add returns the instant at which the ms-th working ms ENDS: inside an open interval
 *     or exactly at its close. Adding exactly the rest of the day returns 18:00 that day, not the
 *     next opening (use nextOpen() on the result when "when does work resume" is wanted);
 *   - a negative add mirrors it: the result is where the |ms|-th working ms counted backwards
 *     BEGINS: inside an open interval or exactly at its opening (never at a close).
 *
 * Never guesses: any query touching an instant outside the covered years throws
 * CalendarMissingError naming the missing year. 'round-the-clock' needs no calendar at all.
 */
import { hhmmToMinutes, type DayHours, type DeskProfile } from '../domain/deskProfile';
import { CalendarMissingError, InvalidDateError, dayType, isIsoDate, type DayType, type IsoDate, type ProductionCalendar } from './calendar';
import { MOSCOW_OFFSET_MS } from './moscow';

/**
 * desk: the desk's hours on working days of the calendar (short pre-holiday days end
 *   `shortDayMinutes` earlier); desk-all-days: the same daily hours on every day incl. weekends and
 *   holidays (tariffs with includesWeekends); round-the-clock: every minute counts (duty faults).
 */
export type ScheduleKind = 'desk' | 'desk-all-days' | 'round-the-clock';

export type WorkSchedule = {
  readonly kind: ScheduleKind;
  /**
   * Monday..Sunday, null = closed that weekday. desk: a weekday's hours apply on calendar working
   * days; a working Saturday/Sunday (transferred working day) uses the first open Monday..Friday
   * hours. desk-all-days: a closed weekday borrows the first open weekday's hours. Ignored by
   * round-the-clock.
   */
  readonly days: readonly (DayHours | null)[];
  /** How much earlier a shortened pre-holiday day ends (minutes; 60 by the Labour Code art. 95). */
  readonly shortDayMinutes: number;
};

/** A schedule compiled over a calendar; all queries are O(1) or O(log days). */
export type WorkingTime = {
  readonly schedule: WorkSchedule;
  /** Instants the compiled data covers: [from, to). Outside → CalendarMissingError. */
  readonly coverage: { readonly fromMs: number; readonly toMs: number };
  isOpen(at: number): boolean;
  /** `at` itself when open, else the next opening instant. */
  nextOpen(at: number): number;
  /** The instant when `ms` of working time have passed after `at` (ms may be negative: before `at`). */
  addWorkingTime(at: number, ms: number): number;
  /** Working ms in [a, b); negative when b < a. */
  workingTimeBetween(a: number, b: number): number;
};

/** Labour Code art. 95 part 1: the working day before a non-working holiday is one hour shorter. */
export const SHORT_DAY_MINUTES = 60;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// The range of a JS Date: round-the-clock "covers" all of it.
const DATE_LIMIT_MS = 8.64e15;

// ---------------------------------------------------------------------------------------------
// Day numbers (Moscow wall-clock helpers for everybody are in ./moscow.ts)

function dayNumberOf(date: IsoDate): number {
  if (!isIsoDate(date)) throw new InvalidDateError(date);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday. */
function weekdayOfDayNumber(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

function moscowYearOf(at: number): number {
  return new Date(at + MOSCOW_OFFSET_MS).getUTCFullYear();
}

function checkInstant(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new RangeError(`${name} must be a finite number of epoch ms, got ${v}`);
}

// ---------------------------------------------------------------------------------------------
// Schedules

export function scheduleOf(profile: DeskProfile, kind: ScheduleKind): WorkSchedule {
  return { kind, days: profile.workingHours.days, shortDayMinutes: SHORT_DAY_MINUTES };
}

type Span = { readonly open: number; readonly close: number }; // minutes of the day, open < close

function spanOf(h: DayHours | null | undefined): Span | null {
  if (!h) return null;
  const open = hhmmToMinutes(h.start),
    close = hhmmToMinutes(h.end);
  return open < close ? { open, close } : null;
}

/** A schedule's spans resolved once per compile (the per-day loop must not re-parse HH:MM). */
type Spans = {
  /** Monday..Sunday own hours. */
  readonly own: readonly (Span | null)[];
  /** The first open weekday's hours, Monday first (desk-all-days fills closed weekdays with it). */
  readonly firstOpen: Span | null;
  /** The first open Monday..Friday hours (a transferred working Saturday/Sunday works them). */
  readonly firstOpenWorkweek: Span | null;
};

function spansOf(days: readonly (DayHours | null)[]): Spans {
  const own = days.map(spanOf);
  return { own, firstOpen: own.find((s) => s !== null) ?? null, firstOpenWorkweek: own.slice(0, 5).find((s) => s !== null) ?? null };
}

/**
 * The open span of one day, in minutes, for 'desk' and 'desk-all-days'.
 * desk:
 *   - holiday: closed;
 *   - weekend (a Saturday/Sunday that is not a working day): the desk's own hours for that weekday
 *     (null = closed; every preset closes on weekends, so they are closed there);
 *   - working or short Monday..Friday: that weekday's hours (null = closed);
 *   - working or short Saturday/Sunday (transferred working day): the first open Monday..Friday
 *     hours, else its own hours;
 *   - short: the close moves `shortDayMinutes` earlier, never before the opening.
 * desk-all-days: every calendar day, holidays too: that weekday's hours, else the first open
 *   weekday's; no shortening.
 */
function daySpan(schedule: WorkSchedule, spans: Spans, type: DayType, weekday: number): Span | null {
  const own = spans.own[weekday - 1] ?? null;
  if (schedule.kind === 'desk-all-days') return own ?? spans.firstOpen;
  if (type === 'holiday') return null;
  if (type === 'weekend') return own;
  const base = weekday >= 6 ? (spans.firstOpenWorkweek ?? own) : own;
  if (!base || type === 'working') return base;
  const close = Math.max(base.open, base.close - schedule.shortDayMinutes);
  return close > base.open ? { open: base.open, close } : null;
}

/**
 * Day types of `n` days from day number `firstDay`, the years [firstYear, lastYear] all having
 * data. A day no list of its year names is a plain weekday or weekend (the calendar's own rule);
 * the listed exceptions are classified by dayType itself, so calendar.ts stays the one authority.
 * (Calling dayType for each of the ~1,100 days took 4–10 ms cold, over the 5 ms compile budget.)
 */
function dayTypes(cal: ProductionCalendar, firstYear: number, lastYear: number, firstDay: number, n: number): DayType[] {
  const types = new Array<DayType>(n);
  for (let i = 0; i < n; i++) types[i] = weekdayOfDayNumber(firstDay + i) >= 6 ? 'weekend' : 'working';
  for (let y = firstYear; y <= lastYear; y++) {
    const data = cal.years.get(y);
    if (!data) throw new CalendarMissingError(y);
    for (const date of [...data.holidays, ...data.workingWeekends, ...data.shortDays]) types[dayNumberOf(date) - firstDay] = dayType(cal, date);
  }
  return types;
}

function checkSchedule(s: WorkSchedule): void {
  if (s.days.length !== 7) throw new RangeError(`schedule.days must have 7 entries (Monday..Sunday), got ${s.days.length}`);
  if (!Number.isFinite(s.shortDayMinutes) || s.shortDayMinutes < 0) throw new RangeError(`schedule.shortDayMinutes must be >= 0, got ${s.shortDayMinutes}`);
}

// ---------------------------------------------------------------------------------------------
// Compilation

function roundTheClock(schedule: WorkSchedule): WorkingTime {
  return {
    schedule,
    coverage: { fromMs: -DATE_LIMIT_MS, toMs: DATE_LIMIT_MS },
    isOpen(at) {
      checkInstant('at', at);
      return true;
    },
    nextOpen(at) {
      checkInstant('at', at);
      return at;
    },
    addWorkingTime(at, ms) {
      checkInstant('at', at);
      checkInstant('ms', ms);
      return at + ms;
    },
    workingTimeBetween(a, b) {
      checkInstant('a', a);
      checkInstant('b', b);
      return b - a;
    },
  };
}

export function compileWorkingTime(cal: ProductionCalendar, schedule: WorkSchedule): WorkingTime {
  checkSchedule(schedule);
  if (schedule.kind === 'round-the-clock') return roundTheClock(schedule);

  // Coverage: the first year with data and every following year up to the first gap.
  const years = [...cal.years.keys()];
  if (years.length === 0) throw new RangeError('the production calendar has no years');
  const firstYear = Math.min(...years);
  let lastYear = firstYear;
  while (cal.years.has(lastYear + 1)) lastYear++;
  const firstDay = Date.UTC(firstYear, 0, 1) / DAY_MS;
  const n = Date.UTC(lastYear + 1, 0, 1) / DAY_MS - firstDay;
  const fromMs = firstDay * DAY_MS - MOSCOW_OFFSET_MS;
  const toMs = fromMs + n * DAY_MS;
  const spanMs = n * DAY_MS;

  // Per day: open/close as ms after Moscow midnight (equal when closed) and prefix sums.
  const spans = spansOf(schedule.days);
  const types = dayTypes(cal, firstYear, lastYear, firstDay, n);
  const open = new Float64Array(n),
    close = new Float64Array(n),
    prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const s = daySpan(schedule, spans, types[i] as DayType, weekdayOfDayNumber(firstDay + i));
    open[i] = s ? s.open * MINUTE_MS : 0;
    close[i] = s ? s.close * MINUTE_MS : 0;
    prefix[i + 1] = (prefix[i] as number) + ((close[i] as number) - (open[i] as number));
  }
  const total = prefix[n] as number;
  // nextOpenDay[i] = first day j >= i with working time (n when none is left in coverage).
  const nextOpenDay = new Int32Array(n + 1);
  nextOpenDay[n] = n;
  for (let i = n - 1; i >= 0; i--) nextOpenDay[i] = (close[i] as number) > (open[i] as number) ? i : (nextOpenDay[i + 1] as number);

  const missingAfter = () => new CalendarMissingError(lastYear + 1);
  const missingAt = (at: number) => {
    const y = moscowYearOf(at);
    // Inside a hand-made calendar's gap the year itself may have data: name the first missing one.
    return new CalendarMissingError(at >= toMs && cal.years.has(y) ? lastYear + 1 : y);
  };

  /** Working ms in [fromMs, at); `at` may be toMs itself (no data past it is needed). */
  function cumulative(at: number): number {
    checkInstant('instant', at);
    const rel = at - fromMs;
    if (!(rel >= 0 && rel <= spanMs)) throw missingAt(at);
    const i = Math.floor(rel / DAY_MS);
    if (i >= n) return total;
    const off = rel - i * DAY_MS,
      o = open[i] as number,
      c = close[i] as number;
    return (prefix[i] as number) + (off <= o ? 0 : off >= c ? c - o : off - o);
  }

  /** Day index and offset of an instant strictly inside coverage (isOpen, nextOpen need the day). */
  function locate(at: number): { i: number; off: number } {
    checkInstant('at', at);
    const rel = at - fromMs;
    if (!(rel >= 0 && rel < spanMs)) throw missingAt(at);
    const i = Math.floor(rel / DAY_MS);
    return { i, off: rel - i * DAY_MS };
  }

  /** First j in [1, n] with prefix[j] >= target (strict=false) or > target (strict=true). */
  function searchPrefix(target: number, strict: boolean): number {
    let lo = 1,
      hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = prefix[mid] as number;
      if (strict ? p > target : p >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  function instantAt(i: number, target: number): number {
    return fromMs + i * DAY_MS + (open[i] as number) + (target - (prefix[i] as number));
  }

  return {
    schedule,
    coverage: { fromMs, toMs },
    isOpen(at) {
      const { i, off } = locate(at);
      return off >= (open[i] as number) && off < (close[i] as number);
    },
    nextOpen(at) {
      const { i, off } = locate(at);
      const o = open[i] as number,
        c = close[i] as number;
      if (off < c && o < c) return off >= o ? at : fromMs + i * DAY_MS + o;
      const j = nextOpenDay[i + 1] as number;
      if (j >= n) throw missingAfter();
      return fromMs + j * DAY_MS + (open[j] as number);
    },
    addWorkingTime(at, ms) {
      checkInstant('ms', ms);
      const start = cumulative(at);
      if (ms === 0) return at;
      const target = start + ms;
      if (ms > 0) {
        if (target > total) throw missingAfter();
        // The day in which the target-th ms ends: prefix[i] < target <= prefix[i + 1].
        const i = searchPrefix(target, false) - 1;
        return instantAt(i, target);
      }
      if (target < 0) throw new CalendarMissingError(firstYear - 1);
      // The day in which it begins: prefix[i] <= target < prefix[i + 1].
      const i = searchPrefix(target, true) - 1;
      return instantAt(i, target);
    },
    workingTimeBetween(a, b) {
      return cumulative(b) - cumulative(a);
    },
  };
}

export function addWorkingTime(wt: WorkingTime, at: number, ms: number): number {
  return wt.addWorkingTime(at, ms);
}
export function workingTimeBetween(wt: WorkingTime, a: number, b: number): number {
  return wt.workingTimeBetween(a, b);
}
export function nextOpen(wt: WorkingTime, at: number): number {
  return wt.nextOpen(at);
}

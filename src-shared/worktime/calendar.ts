import { z } from 'zod';
import ru2025 from './data/ru-2025.json' with { type: 'json' };
import ru2026 from './data/ru-2026.json' with { type: 'json' };
import ru2027 from './data/ru-2027.json' with { type: 'json' };

/**
 * Russian production calendar (производственный календарь, five-day week) and working-day
 * arithmetic over it: R-SLA-HOURS, R-SLA-REACT, R-BAL-SUSPEND / R-DEBT-STOP (30 working days),
 * R-CLAIM (14 working days). Data per year lives in ./data (see data/SOURCES.md).
 *
 * Dates are ISO strings ('YYYY-MM-DD') handled with UTC day numbers only: the local time zone
 * of the machine never enters the arithmetic, so a console in Vladivostok and a server in UTC
 * count the same days.
 */

/** Calendar date 'YYYY-MM-DD' (no time, no zone). */
export type IsoDate = string;
export type DayType = 'working' | 'short' | 'weekend' | 'holiday';

const DAY_MS = 86_400_000;

export class InvalidDateError extends Error {
  override readonly name = 'InvalidDateError';
  constructor(readonly input: string) {
    super(`invalid date ${JSON.stringify(input)}: expected a real calendar date as YYYY-MM-DD`);
  }
}

/** Asked about a date whose year has no shipped data. Never answered by guessing. */
export class CalendarMissingError extends Error {
  override readonly name = 'CalendarMissingError';
  constructor(readonly year: number) {
    super(`no production calendar data for year ${year}`);
  }
}

/** Calendar data rejected by createCalendar; `issues` are "field.path: problem" lines. */
export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
  constructor(
    readonly year: number | null,
    readonly issues: readonly string[],
  ) {
    super(`invalid production calendar data${year === null ? '' : ` for year ${year}`}: ${issues.join('; ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Day numbers (days since 1970-01-01 UTC)

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Day number of a valid ISO date, or null. Hand-rolled: it runs per row in imports and SLA scans. */
function tryDayNumber(s: string): number | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = digit(s, i);
    if (c < 0) return null;
    y = y * 10 + c;
  }
  const m1 = digit(s, 5),
    m2 = digit(s, 6),
    d1 = digit(s, 8),
    d2 = digit(s, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return null;
  const m = m1 * 10 + m2,
    d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function dayNumber(s: IsoDate): number {
  const n = tryDayNumber(s);
  if (n === null) throw new InvalidDateError(s);
  return n;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isoOfDay(n: number): IsoDate {
  const d = new Date(n * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function yearOfDay(n: number): number {
  return new Date(n * DAY_MS).getUTCFullYear();
}

/** 1 = Monday … 7 = Sunday (ISO 8601). 1970-01-01 was a Thursday. */
function weekdayOfDay(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

export function isIsoDate(s: string): boolean {
  return typeof s === 'string' && tryDayNumber(s) !== null; // typeof: also called on unvalidated JSON
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday (matches DeskProfile.workingHours.days order). */
export function isoWeekday(date: IsoDate): number {
  return weekdayOfDay(dayNumber(date));
}

export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return isoOfDay(dayNumber(date) + n);
}

// ---------------------------------------------------------------------------------------------
// Schema of one year's data (data/ru-YYYY.json)

const IsoDateSchema = z.string().refine(isIsoDate, { message: 'expected a real date as YYYY-MM-DD' });
const DateListSchema = z.array(IsoDateSchema).readonly();
const MONTHS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] as const;

type DayCode = 0 | 1 | 2 | 3;
const WORKING: DayCode = 0,
  SHORT: DayCode = 1,
  WEEKEND: DayCode = 2,
  HOLIDAY: DayCode = 3;

/** Day codes of a whole year by the README algorithm, from lists assumed to be valid dates. */
function classifyYear(year: number, holidays: readonly string[], workingWeekends: readonly string[], shortDays: readonly string[]): Uint8Array {
  const first = Date.UTC(year, 0, 1) / DAY_MS;
  const codes = new Uint8Array(Date.UTC(year + 1, 0, 1) / DAY_MS - first);
  const toSet = (list: readonly string[]) => new Set(list.map((s) => dayNumber(s)));
  const hol = toSet(holidays),
    ww = toSet(workingWeekends),
    short = toSet(shortDays);
  for (let i = 0; i < codes.length; i++) {
    const n = first + i;
    const weekend = weekdayOfDay(n) >= 6;
    // isWorkingDay(d) = d in workingWeekends OR (Mon..Fri AND d not in holidays)  (ru-calendar README)
    let code: DayCode;
    if (hol.has(n)) code = HOLIDAY;
    else if (weekend && !ww.has(n)) code = WEEKEND;
    else code = short.has(n) ? SHORT : WORKING;
    codes[i] = code;
  }
  return codes;
}

export const CalendarYearSchema = z
  .object({
    year: z.number().int().min(1992).max(2999),
    decree: z.string().min(1, 'decree must name the government decree (or say none)'),
    holidays: DateListSchema,
    workingWeekends: DateListSchema,
    shortDays: DateListSchema,
    workingDays: z.number().int().nonnegative(),
    daysOff: z.number().int().nonnegative(),
    normHours40: z.number().int().nonnegative(),
    workingDaysByMonth: z.record(z.enum(MONTHS), z.number().int().nonnegative()).optional(),
    transfers: z.array(z.object({ from: IsoDateSchema, to: IsoDateSchema, basis: z.string().min(1) }).readonly()).readonly(),
    sources: z.array(z.url()).min(1, 'sources must list at least one page that was read').readonly(),
    sourcesCitedNotOpened: z.array(z.url()).readonly(),
  })
  .readonly()
  .superRefine((y, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const lists = { holidays: y.holidays, workingWeekends: y.workingWeekends, shortDays: y.shortDays } as const;
    let listsValid = true;
    for (const [field, list] of Object.entries(lists)) {
      const seen = new Set<string>();
      list.forEach((d, i) => {
        if (!isIsoDate(d)) listsValid = false;
        else if (!d.startsWith(`${y.year}-`)) issue([field, i], `${d} is not in year ${y.year}`);
        if (seen.has(d)) issue([field, i], `${d} is listed twice`);
        seen.add(d);
      });
    }
    if (!listsValid) return; // element issues are already reported; counts would be noise
    const hol = new Set(y.holidays);
    y.workingWeekends.forEach((d, i) => {
      if (weekdayOfDay(dayNumber(d)) < 6) issue(['workingWeekends', i], `${d} is not a Saturday or Sunday`);
      if (hol.has(d)) issue(['workingWeekends', i], `${d} is also in holidays`);
    });
    y.transfers.forEach((t, i) => {
      if (isIsoDate(t.to) && !hol.has(t.to)) issue(['transfers', i, 'to'], `${t.to} (new day off) is missing from holidays`);
    });
    const codes = classifyYear(y.year, y.holidays, y.workingWeekends, y.shortDays);
    const first = Date.UTC(y.year, 0, 1) / DAY_MS;
    y.shortDays.forEach((d, i) => {
      if (codes[dayNumber(d) - first] !== SHORT) issue(['shortDays', i], `${d} is not a working day`);
    });
    const byMonth = new Array<number>(12).fill(0);
    let working = 0;
    codes.forEach((c, i) => {
      if (c === WORKING || c === SHORT) {
        working++;
        const m = new Date((first + i) * DAY_MS).getUTCMonth();
        byMonth[m] = (byMonth[m] ?? 0) + 1;
      }
    });
    // The stated totals are a cross-check of the lists against the published calendar.
    if (y.workingDays !== working) issue(['workingDays'], `states ${y.workingDays} but the lists give ${working}`);
    if (y.daysOff !== codes.length - working) issue(['daysOff'], `states ${y.daysOff} but the lists give ${codes.length - working}`);
    const norm = 8 * working - y.shortDays.length;
    if (y.normHours40 !== norm) issue(['normHours40'], `states ${y.normHours40} but 8 × ${working} − ${y.shortDays.length} = ${norm}`);
    if (y.workingDaysByMonth) {
      MONTHS.forEach((key, m) => {
        const stated = y.workingDaysByMonth?.[key];
        if (stated !== byMonth[m]) issue(['workingDaysByMonth', key], `states ${stated} but the lists give ${byMonth[m]}`);
      });
    }
  });

export type CalendarYear = z.infer<typeof CalendarYearSchema>;
export type ProductionCalendar = { readonly years: ReadonlyMap<number, CalendarYear> };

// ---------------------------------------------------------------------------------------------
// Index: per year, a day-code array and cumulative working-day counts (O(1) range counts).

type YearIndex = {
  readonly firstDay: number;
  readonly codes: Uint8Array;
  /** cumulative[i] = working days among the first i days of the year. */
  readonly cumulative: Uint32Array;
};

const indexes = new WeakMap<ProductionCalendar, ReadonlyMap<number, YearIndex>>();

function buildYearIndex(y: CalendarYear): YearIndex {
  const codes = classifyYear(y.year, y.holidays, y.workingWeekends, y.shortDays);
  const cumulative = new Uint32Array(codes.length + 1);
  let count = 0;
  codes.forEach((c, i) => {
    if (c === WORKING || c === SHORT) count++;
    cumulative[i + 1] = count;
  });
  return { firstDay: Date.UTC(y.year, 0, 1) / DAY_MS, codes, cumulative };
}

function indexOf(cal: ProductionCalendar): ReadonlyMap<number, YearIndex> {
  let idx = indexes.get(cal);
  if (!idx) {
    // A calendar assembled by hand (not via createCalendar) is indexed on first use.
    idx = new Map([...cal.years].map(([year, data]) => [year, buildYearIndex(data)]));
    indexes.set(cal, idx);
  }
  return idx;
}

function yearIndex(cal: ProductionCalendar, year: number): YearIndex {
  const yi = indexOf(cal).get(year);
  if (!yi) throw new CalendarMissingError(year);
  return yi;
}

function codeAt(cal: ProductionCalendar, n: number): DayCode {
  const yi = yearIndex(cal, yearOfDay(n));
  const c = yi.codes[n - yi.firstDay];
  if (c === undefined) throw new RangeError(`day ${n} outside its year index`);
  return c as DayCode;
}

function cumulativeAt(yi: YearIndex, i: number): number {
  const v = yi.cumulative[i];
  if (v === undefined) throw new RangeError(`cumulative index ${i} out of range`);
  return v;
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

/**
 * Validates years of calendar data and indexes them. Years must be contiguous so that
 * calendarCoverage() is one honest range (a gap would make "covered until" a lie).
 */
export function createCalendar(years: readonly unknown[]): ProductionCalendar {
  if (years.length === 0) throw new CalendarDataError(null, ['no years given']);
  const parsed = new Map<number, CalendarYear>();
  years.forEach((raw, i) => {
    const stated = typeof raw === 'object' && raw !== null && 'year' in raw && typeof raw.year === 'number' ? raw.year : null;
    const r = CalendarYearSchema.safeParse(raw);
    if (!r.success) throw new CalendarDataError(stated, stated === null ? [`entry #${i}`, ...describeIssues(r.error)] : describeIssues(r.error));
    if (parsed.has(r.data.year)) throw new CalendarDataError(r.data.year, ['year: given twice']);
    parsed.set(r.data.year, r.data);
  });
  const sorted = [...parsed.keys()].sort((a, b) => a - b);
  sorted.forEach((year, i) => {
    const prev = sorted[i - 1];
    if (prev !== undefined && year !== prev + 1) throw new CalendarDataError(year, [`year: gap after ${prev}; years must be contiguous`]);
  });
  const cal: ProductionCalendar = { years: new Map(sorted.map((y) => [y, parsed.get(y) as CalendarYear])) };
  indexes.set(cal, new Map(sorted.map((y) => [y, buildYearIndex(parsed.get(y) as CalendarYear)])));
  return cal;
}

/** The shipped federal calendar (data/SOURCES.md). */
export const RU_CALENDAR: ProductionCalendar = createCalendar([ru2025, ru2026, ru2027]);

// ---------------------------------------------------------------------------------------------
// Queries

const DAY_TYPE_OF_CODE: Readonly<Record<DayCode, DayType>> = { 0: 'working', 1: 'short', 2: 'weekend', 3: 'holiday' };

export function dayType(cal: ProductionCalendar, date: IsoDate): DayType {
  return DAY_TYPE_OF_CODE[codeAt(cal, dayNumber(date))];
}

/** Working days include shortened ones (art. 95: one hour shorter, still a working day). */
export function isWorkingDay(cal: ProductionCalendar, date: IsoDate): boolean {
  const c = codeAt(cal, dayNumber(date));
  return c === WORKING || c === SHORT;
}

/**
 * Number of working days d with from < d <= to; 0 when to <= from. Every year touched by that
 * range must have data (a range starting on Dec 31 of a missing year is fine: that day is
 * excluded). Counting the end day and not the start day makes "debt since D, today T"
 * (R-BAL-SUSPEND) and addWorkingDays inverse to each other.
 */
export function workingDaysBetween(cal: ProductionCalendar, from: IsoDate, to: IsoDate): number {
  const a = dayNumber(from),
    b = dayNumber(to);
  if (b <= a) return 0;
  let total = 0;
  for (let year = yearOfDay(a + 1), last = yearOfDay(b); year <= last; year++) {
    const yi = yearIndex(cal, year);
    const lo = Math.max(0, a + 1 - yi.firstDay);
    const hi = Math.min(yi.codes.length - 1, b - yi.firstDay);
    if (hi >= lo) total += cumulativeAt(yi, hi + 1) - cumulativeAt(yi, lo);
  }
  return total;
}

/** The n-th working day after `from` (n = 0 gives `from` itself); n must be a non-negative integer. */
export function addWorkingDays(cal: ProductionCalendar, from: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a non-negative integer, got ${n}`);
  let day = dayNumber(from);
  for (let left = n; left > 0;) {
    day++;
    const c = codeAt(cal, day);
    if (c === WORKING || c === SHORT) left--;
  }
  return isoOfDay(day);
}

/** First and last year with data (inclusive); createCalendar guarantees no gaps in between. */
export function calendarCoverage(cal: ProductionCalendar): { readonly from: number; readonly to: number } {
  const years = [...cal.years.keys()];
  if (years.length === 0) throw new CalendarDataError(null, ['calendar has no years']);
  return { from: Math.min(...years), to: Math.max(...years) };
}

/**
 * Moscow time, in one place for every layer (host, renderer, mutators, desk server): the desk works
 * by Moscow wall-clock time whatever zone the workstation or the server runs in (DOMAIN.md,
 * "Working time and SLAs"). Pure: no Intl, no tz database, no machine zone.
 *
 * Moscow has been UTC+3 all year since 26 Oct 2014 (Federal Law 248-FZ of 21.07.2014): no DST,
 * so a fixed offset is exact for every instant this console can meet.
 */
import { hhmmToMinutes } from '../domain/deskProfile';
import { InvalidDateError, isIsoDate, type IsoDate } from './calendar';

export const MOSCOW_OFFSET_MS = 3 * 3_600_000;
/** The offset as ISO 8601 writes it, for instants the desk reads ("2026-11-24T10:00:00+03:00"). */
export const MOSCOW_OFFSET = '+03:00';
export const MOSCOW_OFFSET_MINUTES = MOSCOW_OFFSET_MS / 60_000;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function instantMs(instant: Date | number): number {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(t)) throw new InvalidDateError(String(instant));
  return t;
}

/** Moscow wall-clock parts of an instant. */
export type MoscowParts = Readonly<{
  date: IsoDate;
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  isoWeekday: number; // 1 = Monday … 7 = Sunday
  minuteOfDay: number; // hour * 60 + minute
}>;

/** Wall-clock parts in Moscow of an instant. */
export function moscowParts(instant: Date | number): MoscowParts {
  const shifted = new Date(instantMs(instant) + MOSCOW_OFFSET_MS);
  const year = shifted.getUTCFullYear(),
    month = shifted.getUTCMonth() + 1,
    day = shifted.getUTCDate();
  const hour = shifted.getUTCHours(),
    minute = shifted.getUTCMinutes();
  return {
    date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`,
    year,
    month,
    day,
    hour,
    minute,
    second: shifted.getUTCSeconds(),
    // getUTCDay: 0 = Sunday; ISO counts Sunday as 7.
    isoWeekday: shifted.getUTCDay() === 0 ? 7 : shifted.getUTCDay(),
    minuteOfDay: hour * 60 + minute,
  };
}

/** Calendar date in Moscow of an instant (e.g. 2026-05-14T22:30Z is 2026-05-15 in Moscow). */
export function moscowDate(instant: Date | number): IsoDate {
  return moscowParts(instant).date;
}

/** The instant of Moscow midnight starting `date` (the start of that Moscow day). */
export function moscowMidnight(date: IsoDate): number {
  if (!isIsoDate(date)) throw new InvalidDateError(date);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - MOSCOW_OFFSET_MS;
}

/** The instant of a Moscow wall-clock time: moscowInstant('2026-11-24', '13:00'); '24:00' = next midnight. */
export function moscowInstant(date: IsoDate, time = '00:00'): number {
  return moscowMidnight(date) + hhmmToMinutes(time) * MINUTE_MS;
}

/** The Moscow day after `date` starts here: the end (exclusive) of `date`. */
export function endOfMoscowDay(date: IsoDate): number {
  return moscowMidnight(date) + DAY_MS;
}

/** An instant as Moscow ISO 8601 with its offset: "2026-11-24T10:00:00+03:00" (whole seconds). */
export function moscowIso(instant: Date | number): string {
  const p = moscowParts(instant);
  return `${p.date}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${MOSCOW_OFFSET}`;
}

/** "24.11.2026 14:00" in Moscow time (UX.md: Russian date format, Moscow time; the caller adds "МСК"). */
export function formatMoscow(instant: Date | number): string {
  const p = moscowParts(instant);
  return `${pad(p.day)}.${pad(p.month)}.${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** A calendar date without time: "2026-11-24" → "24.11.2026"; anything else is shown as given. */
export function formatIsoDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : date;
}

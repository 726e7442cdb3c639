/**
 * Russian formats for dates, times and counts (UX.md): `21.11.2026 14:02`, `1 000 000`.
 * Times are Moscow time (src-shared/worktime/moscow.ts, also for calendar dates: formatIsoDate): the
 * desk works by it whatever the workstation's zone is. Money is formatted by
 * src-shared/domain/money.ts (formatRub), not here.
 */
import { formatMoscow } from '../../src-shared/worktime/moscow';

const countFmt = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });

function toDate(x: string | Date): Date | null {
  const d = typeof x === 'string' ? new Date(x) : x;
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2026-11-21T11:02:00Z" → "21.11.2026 14:02" (Moscow time; the caller adds "МСК"). */
export function formatDateTimeMsk(x: string | Date): string {
  const d = toDate(x);
  if (!d) return String(x);
  return formatMoscow(d);
}

/** Moscow wall-clock "14:02". */
export function formatTimeMsk(x: string | Date): string {
  const d = toDate(x);
  if (!d) return String(x);
  return formatMoscow(d).slice(11);
}

/** 1000000 → "1 000 000" (no-break spaces, so numbers never wrap). */
export function formatCount(n: number): string {
  return countFmt.format(n);
}

/** Seconds → "0:42", "12:05", "1:02:05" (time left of an import). */
export function formatDuration(totalSec: number): string {
  const s = Math.max(0, Math.round(totalSec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Seconds → "mm:ss" as the desk profile's call warning/limit fields show it (900 → "15:00"). */
export function formatMmSs(totalSec: number): string {
  const s = Math.max(0, Math.round(totalSec));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** "15:00" / "5:30" / "15" (minutes) → seconds; null when it is not a duration. */
export function parseMmSs(text: string): number | null {
  const t = text.trim();
  const m = /^(\d{1,3})(?::([0-5]\d))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 60 + (m[2] === undefined ? 0 : Number(m[2]));
}

/** Milliseconds → "0:42" / "12:05" for the wait and talk columns; empty when unknown. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

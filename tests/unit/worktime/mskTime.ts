// Test helpers: Moscow wall-clock instants written and read as 'YYYY-MM-DD HH:MM[:SS.mmm]'.
import { moscowInstant } from '../../../src-shared/worktime/moscow';

export const MIN = 60_000;
export const HOUR = 3_600_000;

/** '2026-01-12 10:00' (Moscow) → epoch ms. */
export function msk(s: string): number {
  const [date, time] = s.split(' ');
  if (!date || !time) throw new Error(`expected 'YYYY-MM-DD HH:MM', got ${s}`);
  return moscowInstant(date, time);
}

/** Epoch ms → '2026-01-12 10:00' in Moscow; seconds and ms appended when not zero. */
export function fmt(at: number): string {
  const iso = new Date(at + 3 * HOUR).toISOString(); // Moscow = UTC+3, no DST
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return iso.slice(16, 23) === ':00.000' ? base : `${base}${iso.slice(16, 23)}`;
}

/**
 * R-CALL-15: the talk timer's thresholds. The desk profile sets `callLimit.warnAtSec` (default
 * 13:00, a warning before 15:00) and `callLimit.limitSec` (default 15:00, the one-click offer of a
 * technician visit). Pure: the host schedules timers from `msUntilNextLevel`.
 */
import type { TalkLimitLevel } from './call';

export type CallLimit = { readonly warnAtSec: number; readonly limitSec: number };

export function talkLimitLevel(talkMs: number, limit: CallLimit): TalkLimitLevel {
  if (talkMs >= limit.limitSec * 1000) return 'limit';
  if (talkMs >= limit.warnAtSec * 1000) return 'warn';
  return 'none';
}

/** Milliseconds of talk left until the next level, or null when the limit is already reached. */
export function msUntilNextLevel(talkMs: number, limit: CallLimit): number | null {
  const warn = limit.warnAtSec * 1000;
  const max = limit.limitSec * 1000;
  if (talkMs < warn) return warn - talkMs;
  if (talkMs < max) return max - talkMs;
  return null;
}

/** "mm:ss" (or "h:mm:ss" past an hour) for the running timer. */
export function formatTalkTime(talkMs: number): string {
  const total = Math.max(0, Math.floor(talkMs / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * Which sentence the eligibility card shows for the host's verdict (R-BAL-POSITIVE,
 * R-BAL-SUSPEND, R-DEBT-STOP). The host decides the level and the reasons; this only picks the
 * one plain line to read (the most serious reason of that level) and the secondary lines.
 */
import type { I18nKey } from '../i18n/types';

export type Level = 'ok' | 'warn' | 'block';
export type Reason = { readonly code: string; readonly [param: string]: string | number | null };
export type EligibilityView = { readonly level: Level; readonly reasons: readonly Reason[] };
export type Line = { readonly key: I18nKey; readonly params: Readonly<Record<string, string | number>> };
export type Verdict = { readonly level: Level; readonly primary: Line; readonly details: readonly Line[] };

const V = 'eligibility.verdict.' as const;

const num = (r: Reason, k: string): number => {
  const v = r[k];
  return typeof v === 'number' ? v : Number(v ?? NaN);
};

/** The i18n line for one reason and the level it stands for on its own. */
export function reasonLine(r: Reason): { line: Line; level: Level } {
  switch (r.code) {
    case 'balance-positive':
      return { line: { key: `${V}positive`, params: {} }, level: 'ok' };
    case 'balance-not-positive':
      return { line: { key: num(r, 'kopecks') === 0 ? `${V}zero` : `${V}negative`, params: {} }, level: 'block' };
    case 'balance-unknown':
      return { line: { key: `${V}unknown`, params: {} }, level: 'warn' };
    case 'balance-stale':
      return { line: { key: `${V}stale`, params: { hours: num(r, 'hours') } }, level: 'warn' };
    case 'debt-suspended':
      return { line: { key: `${V}debtSuspended`, params: { count: num(r, 'workingDays'), limit: num(r, 'limit') } }, level: 'block' };
    case 'debt-within-limit':
      return { line: { key: `${V}debtWithin`, params: { count: num(r, 'workingDays'), limit: num(r, 'limit') } }, level: 'warn' };
    case 'contract-suspended':
      return { line: { key: `${V}contractSuspended`, params: {} }, level: 'block' };
    case 'contract-closed':
      return { line: { key: `${V}contractClosed`, params: {} }, level: 'block' };
    case 'balance-time-unknown':
      return { line: { key: `${V}timeUnknown`, params: {} }, level: 'warn' };
    case 'calendar-missing':
      return { line: { key: `${V}calendarMissing`, params: { year: num(r, 'year') } }, level: 'warn' };
    default:
      return { line: { key: `${V}unknownReason`, params: { code: r.code } }, level: 'warn' };
  }
}

const LEVELS: readonly string[] = ['ok', 'warn', 'block'];

/** The level a reason stands for: the host sends it with the reason; the table above is the fallback. */
export function reasonLevel(r: Reason): Level {
  const l = r['level'];
  return typeof l === 'string' && LEVELS.includes(l) ? (l as Level) : reasonLine(r).level;
}

/**
 * The host sends reasons most severe first (reasons[0] is the headline, see
 * src-shared/domain/eligibility.ts); the verdict line is the first reason of the overall level.
 */
export function verdictOf(e: EligibilityView): Verdict {
  const primaryReason = e.level === 'ok' ? undefined : e.reasons.find((r) => reasonLevel(r) === e.level);
  const primary: Line =
    e.level === 'ok'
      ? { key: `${V}ok`, params: {} }
      : primaryReason
        ? reasonLine(primaryReason).line
        : { key: e.level === 'block' ? `${V}genericBlock` : `${V}genericWarn`, params: {} };
  const details = e.reasons
    // A stale balance has its own warning next to the balance figure; "positive" says nothing new.
    .filter((r) => r !== primaryReason && r.code !== 'balance-positive' && r.code !== 'balance-stale')
    .map((r) => reasonLine(r).line);
  return { level: e.level, primary, details };
}

/** The symbol shown with the colour, so the verdict never rests on colour alone. */
export function levelIcon(level: Level): string {
  return level === 'ok' ? '✔' : level === 'warn' ? '⚠' : '✖';
}

import type { DeskProfile } from './deskProfile';
import { CalendarMissingError, workingDaysBetween, type IsoDate, type ProductionCalendar } from '../worktime/calendar';
import { moscowDate } from '../worktime/moscow';
import type { ContractStatus } from './values';

/**
 * Eligibility verdict of the caller card (UX.md: one sentence, one colour): may this contract
 * get phone support right now? Rules: R-BAL-POSITIVE, R-BAL-SUSPEND / R-DEBT-STOP, contract
 * status. Every reason carries its own level and data so the UI renders a translated sentence.
 */

export type EligibilityLevel = 'ok' | 'warn' | 'block';

export type EligibilityInput = Readonly<{
  balanceKopecks: number | null;
  /** ISO instant of the balance snapshot (billing export / sync), e.g. "2026-05-14T11:02:00Z". */
  balanceAt: string | null;
  /** First day of the unpaid debt, null when nothing is overdue. */
  debtSince: IsoDate | null;
  status: ContractStatus;
}>;

export type EligibilityReason = Readonly<
  | { code: 'contract-closed'; level: 'block' }
  | { code: 'contract-suspended'; level: 'block' }
  | { code: 'balance-not-positive'; level: 'block'; kopecks: number }
  | { code: 'debt-suspended'; level: 'block'; workingDays: number; limit: number }
  | { code: 'balance-unknown'; level: 'warn' }
  | { code: 'balance-stale'; level: 'warn'; hours: number }
  | { code: 'balance-time-unknown'; level: 'warn' }
  | { code: 'calendar-missing'; level: 'warn'; year: number }
  | { code: 'debt-within-limit'; level: 'warn'; workingDays: number; limit: number }
  | { code: 'balance-positive'; level: 'ok'; kopecks: number }
>;

export type Eligibility = Readonly<{
  level: EligibilityLevel;
  /** Most severe first: reasons[0] is the headline. Empty when no rule of the desk applies. */
  reasons: readonly EligibilityReason[];
  balanceStale: boolean;
  /** Working days of debt (from < d <= today, Moscow date); null without debt, rule or calendar. */
  debtWorkingDays: number | null;
  /** Service suspended: by the contract status or by R-BAL-SUSPEND. */
  suspended: boolean;
}>;

const RANK: Readonly<Record<EligibilityLevel, number>> = { ok: 0, warn: 1, block: 2 };
const HOUR_MS = 3_600_000;

export class InvalidEligibilityInputError extends Error {
  override readonly name = 'InvalidEligibilityInputError';
}

export function assessEligibility(input: EligibilityInput, rules: DeskProfile['balance'], now: Date, cal: ProductionCalendar): Eligibility {
  if (input.balanceKopecks !== null && !Number.isSafeInteger(input.balanceKopecks)) {
    throw new InvalidEligibilityInputError(`balanceKopecks must be an integer, got ${input.balanceKopecks}`);
  }
  const reasons: EligibilityReason[] = [];
  let suspended = false;

  if (input.status === 'closed') reasons.push({ code: 'contract-closed', level: 'block' });
  if (input.status === 'suspended') {
    reasons.push({ code: 'contract-suspended', level: 'block' });
    suspended = true;
  }

  // R-BAL-POSITIVE: support only with a positive balance; an unknown balance must be checked.
  if (rules.requirePositive) {
    if (input.balanceKopecks === null) reasons.push({ code: 'balance-unknown', level: 'warn' });
    else if (input.balanceKopecks > 0) reasons.push({ code: 'balance-positive', level: 'ok', kopecks: input.balanceKopecks });
    else reasons.push({ code: 'balance-not-positive', level: 'block', kopecks: input.balanceKopecks });
  }

  // R-BAL-SUSPEND / R-DEBT-STOP: debt older than N working days suspends service. "Older than
  // 30" means 31 or more; days are counted in Moscow dates on the production calendar.
  let debtWorkingDays: number | null = null;
  const limit = rules.debtSuspendWorkingDays;
  if (limit !== null && input.debtSince !== null) {
    try {
      debtWorkingDays = workingDaysBetween(cal, input.debtSince, moscowDate(now));
    } catch (e) {
      // Never fall back to calendar days: tell the operator the calendar is missing.
      if (!(e instanceof CalendarMissingError)) throw e;
      reasons.push({ code: 'calendar-missing', level: 'warn', year: e.year });
    }
    if (debtWorkingDays !== null && debtWorkingDays > limit) {
      reasons.push({ code: 'debt-suspended', level: 'block', workingDays: debtWorkingDays, limit });
      suspended = true;
    } else if (debtWorkingDays !== null) {
      // Support allowed, but the debt is worth saying out loud (seed 000: reaction depends on it).
      reasons.push({ code: 'debt-within-limit', level: 'warn', workingDays: debtWorkingDays, limit });
    }
  }

  // R-BAL-POSITIVE: the balance "may be stale offline"; only matters where a balance rule applies.
  let balanceStale = false;
  const balanceRuleApplies = rules.requirePositive || limit !== null;
  if (input.balanceAt !== null) {
    const at = Date.parse(input.balanceAt);
    if (Number.isNaN(at)) throw new InvalidEligibilityInputError(`balanceAt is not an ISO instant: ${JSON.stringify(input.balanceAt)}`);
    const ageMs = now.getTime() - at;
    balanceStale = ageMs > rules.staleAfterHours * HOUR_MS;
    if (balanceStale && balanceRuleApplies) reasons.push({ code: 'balance-stale', level: 'warn', hours: Math.floor(ageMs / HOUR_MS) });
  } else if (input.balanceKopecks !== null && balanceRuleApplies) {
    // A balance without a timestamp cannot be called fresh.
    balanceStale = true;
    reasons.push({ code: 'balance-time-unknown', level: 'warn' });
  }

  // Stable sort: within a level the order above (status, balance, debt, freshness) is kept.
  const sorted = [...reasons].sort((a, b) => RANK[b.level] - RANK[a.level]);
  const level = sorted[0]?.level ?? 'ok';
  return { level, reasons: sorted, balanceStale, debtWorkingDays, suspended };
}

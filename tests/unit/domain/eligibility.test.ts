import { describe, expect, it } from 'vitest';
import { assessEligibility, InvalidEligibilityInputError, type EligibilityInput } from '../../../src-shared/domain/eligibility';
import { DESK_PRESETS } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';

function rulesOf(seed: DeskProfile['seed']): DeskProfile['balance'] {
  const p = DESK_PRESETS.find((x) => x.seed === seed);
  if (!p) throw new Error(`no preset ${seed}`);
  return p.balance;
}
const ISP = rulesOf('001'); // requirePositive, stale after 4 h
const RESTAURANT = rulesOf('000'); // debt > 30 working days suspends
const SAAS = rulesOf('002'); // no balance rules

/** Noon in Moscow (09:00 UTC) of a date. */
const mskNoon = (date: string) => new Date(`${date}T09:00:00Z`);
const input = (over: Partial<EligibilityInput>): EligibilityInput => ({ balanceKopecks: 50_000, balanceAt: null, debtSince: null, status: 'active', ...over });
/** Debt only: no balance snapshot, so no freshness reason mixes into the debt checks. */
const debtor = (debtSince: string): EligibilityInput => input({ balanceKopecks: null, debtSince });

describe('R-BAL-POSITIVE (ISP desk 001)', () => {
  const now = new Date('2026-05-14T09:00:00Z');
  const fresh = '2026-05-14T08:00:00Z';

  it('R-BAL-POSITIVE: a positive, fresh balance allows support', () => {
    const e = assessEligibility(input({ balanceKopecks: 15_000, balanceAt: fresh }), ISP, now, RU_CALENDAR);
    expect(e).toEqual({
      level: 'ok',
      reasons: [{ code: 'balance-positive', level: 'ok', kopecks: 15_000 }],
      balanceStale: false,
      debtWorkingDays: null,
      suspended: false,
    });
  });

  it('R-BAL-POSITIVE: zero and negative balances block', () => {
    for (const kopecks of [0, -1, -123_456]) {
      const e = assessEligibility(input({ balanceKopecks: kopecks, balanceAt: fresh }), ISP, now, RU_CALENDAR);
      expect(e.level).toBe('block');
      expect(e.reasons[0]).toEqual({ code: 'balance-not-positive', level: 'block', kopecks });
    }
  });

  it('R-BAL-POSITIVE: an unknown balance needs a check (warn)', () => {
    const e = assessEligibility(input({ balanceKopecks: null }), ISP, now, RU_CALENDAR);
    expect(e.level).toBe('warn');
    expect(e.reasons).toEqual([{ code: 'balance-unknown', level: 'warn' }]);
  });

  it('R-BAL-POSITIVE: a balance older than staleAfterHours warns with its age in hours', () => {
    const e = assessEligibility(input({ balanceKopecks: 15_000, balanceAt: '2026-05-13T03:00:00Z' }), ISP, now, RU_CALENDAR);
    expect(e.level).toBe('warn');
    expect(e.balanceStale).toBe(true);
    expect(e.reasons).toEqual([
      { code: 'balance-stale', level: 'warn', hours: 30 },
      { code: 'balance-positive', level: 'ok', kopecks: 15_000 },
    ]);
    // exactly at the limit (4 h) is still fresh
    expect(assessEligibility(input({ balanceAt: '2026-05-14T05:00:00Z' }), ISP, now, RU_CALENDAR).balanceStale).toBe(false);
  });

  it('R-BAL-POSITIVE: a stale negative balance still blocks; staleness is the second reason', () => {
    const e = assessEligibility(input({ balanceKopecks: -100, balanceAt: '2026-05-10T09:00:00Z' }), ISP, now, RU_CALENDAR);
    expect(e.level).toBe('block');
    expect(e.reasons.map((r) => r.code)).toEqual(['balance-not-positive', 'balance-stale']);
  });

  it('R-BAL-POSITIVE: a balance without a timestamp cannot count as fresh', () => {
    const e = assessEligibility(input({ balanceKopecks: 100, balanceAt: null }), ISP, now, RU_CALENDAR);
    expect(e.balanceStale).toBe(true);
    expect(e.reasons[0]).toEqual({ code: 'balance-time-unknown', level: 'warn' });
  });

  it('R-BAL-POSITIVE: a malformed timestamp is an input error, not a guess', () => {
    expect(() => assessEligibility(input({ balanceAt: 'вчера' }), ISP, now, RU_CALENDAR)).toThrow(InvalidEligibilityInputError);
    expect(() => assessEligibility(input({ balanceKopecks: 1.5 }), ISP, now, RU_CALENDAR)).toThrow(InvalidEligibilityInputError);
  });
});

describe('R-BAL-SUSPEND / R-DEBT-STOP (restaurant desk 000)', () => {
  it('R-BAL-SUSPEND: counts working days across the 2026 New Year holidays (hand-checked: 10)', () => {
    // (2025-12-25, 2026-01-20]: Dec 26, 29, 30 = 3; Dec 31 and Jan 1–11 off; Jan 12–16 = 5; Jan 19, 20 = 2
    const e = assessEligibility(debtor('2025-12-25'), RESTAURANT, mskNoon('2026-01-20'), RU_CALENDAR);
    expect(e.debtWorkingDays).toBe(10);
    expect(e.level).toBe('warn');
    expect(e.reasons).toEqual([{ code: 'debt-within-limit', level: 'warn', workingDays: 10, limit: 30 }]);
  });

  it('R-BAL-SUSPEND: counts working days across the 2026 May holidays (hand-checked: 13)', () => {
    // (2026-04-24, 2026-05-15]: Apr 27–30 = 4; May 1–3 off; May 4–8 = 5; May 9–11 off; May 12–15 = 4
    const e = assessEligibility(debtor('2026-04-24'), RESTAURANT, mskNoon('2026-05-15'), RU_CALENDAR);
    expect(e.debtWorkingDays).toBe(13);
  });

  it('R-DEBT-STOP: 30 working days of debt is within the limit, 31 suspends', () => {
    // (2026-03-31, …]: April = 22, May 4–8 → 27, May 12 → 28, 13 → 29, 14 → 30, 15 → 31
    const at30 = assessEligibility(debtor('2026-03-31'), RESTAURANT, mskNoon('2026-05-14'), RU_CALENDAR);
    expect(at30).toMatchObject({ level: 'warn', debtWorkingDays: 30, suspended: false });
    const at31 = assessEligibility(debtor('2026-03-31'), RESTAURANT, mskNoon('2026-05-15'), RU_CALENDAR);
    expect(at31).toMatchObject({ level: 'block', debtWorkingDays: 31, suspended: true });
    expect(at31.reasons[0]).toEqual({ code: 'debt-suspended', level: 'block', workingDays: 31, limit: 30 });
  });

  it('R-DEBT-STOP: the day changes at Moscow midnight, not UTC midnight', () => {
    const before = assessEligibility(debtor('2026-03-31'), RESTAURANT, new Date('2026-05-14T20:59:00Z'), RU_CALENDAR);
    const after = assessEligibility(debtor('2026-03-31'), RESTAURANT, new Date('2026-05-14T21:00:00Z'), RU_CALENDAR);
    expect([before.debtWorkingDays, before.suspended]).toEqual([30, false]);
    expect([after.debtWorkingDays, after.suspended]).toEqual([31, true]);
  });

  it('R-BAL-SUSPEND: no debt, no debt reason; a positive balance is not required at 000', () => {
    const e = assessEligibility(input({ balanceKopecks: -500_00, balanceAt: '2026-05-14T08:00:00Z' }), RESTAURANT, mskNoon('2026-05-14'), RU_CALENDAR);
    expect(e).toEqual({ level: 'ok', reasons: [], balanceStale: false, debtWorkingDays: null, suspended: false });
  });

  it('R-BAL-SUSPEND: a year without calendar data (2029) warns calendar-missing instead of guessing', () => {
    const e = assessEligibility(debtor('2029-01-15'), RESTAURANT, mskNoon('2029-02-20'), RU_CALENDAR);
    expect(e.level).toBe('warn');
    expect(e.reasons).toEqual([{ code: 'calendar-missing', level: 'warn', year: 2029 }]);
    expect(e.debtWorkingDays).toBeNull();
    expect(e.suspended).toBe(false);
  });

  it('R-BAL-SUSPEND: at the ISP desk (no debt rule) debtSince is not counted', () => {
    const e = assessEligibility(input({ debtSince: '2020-01-01', balanceAt: '2026-05-14T08:00:00Z' }), ISP, mskNoon('2026-05-14'), RU_CALENDAR);
    expect(e.debtWorkingDays).toBeNull();
    expect(e.level).toBe('ok');
  });
});

describe('contract status', () => {
  const now = mskNoon('2026-05-14');

  it('R-DEBT-STOP: a suspended contract blocks and is reported as suspended', () => {
    const e = assessEligibility(input({ status: 'suspended', balanceAt: '2026-05-14T08:00:00Z' }), ISP, now, RU_CALENDAR);
    expect(e.level).toBe('block');
    expect(e.suspended).toBe(true);
    expect(e.reasons.map((r) => r.code)).toEqual(['contract-suspended', 'balance-positive']);
  });

  it('R-ID-CONTRACT: a closed contract blocks even with a positive balance; it is the headline', () => {
    const e = assessEligibility(
      input({ status: 'closed', balanceKopecks: -5, debtSince: '2026-01-12', balanceAt: '2026-05-14T08:00:00Z' }),
      RESTAURANT,
      now,
      RU_CALENDAR,
    );
    expect(e.level).toBe('block');
    expect(e.reasons.map((r) => r.code)).toEqual(['contract-closed', 'debt-suspended']);
  });

  it('R-ID-STAFF: a desk without balance rules (002) allows support with no reasons', () => {
    const e = assessEligibility(input({ balanceKopecks: -1, balanceAt: '2020-01-01T00:00:00Z' }), SAAS, now, RU_CALENDAR);
    expect(e.level).toBe('ok');
    expect(e.reasons).toEqual([]);
    expect(e.balanceStale).toBe(true); // still exposed for the card's "as of" line
  });
});

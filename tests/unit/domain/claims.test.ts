import { describe, expect, it } from 'vitest';
import { CLAIM_ANSWER_WORKING_DAYS, claimDeadline } from '../../../src-shared/domain/claims';
import { CalendarMissingError, RU_CALENDAR, workingDaysBetween } from '../../../src-shared/worktime/calendar';

describe('claim deadline (R-CLAIM)', () => {
  it('R-CLAIM: 14 working days; received on a plain working day, day 1 is the next working day', () => {
    expect(CLAIM_ANSWER_WORKING_DAYS).toBe(14);
    // Thu 01.10.2026: 02(1) · 05 06 07 08 09 (6) · 12 13 14 15 16 (11) · 19 20 21 (14); no holidays in October.
    expect(claimDeadline(RU_CALENDAR, '2026-10-01')).toBe('2026-10-21');
  });

  it('R-CLAIM: across the New Year holidays: received Mon 28.12.2026 → Tue 26.01.2027', () => {
    // 29(1) 30(2) Dec; 31.12.2026 (moved day off) and 01–10.01.2027 are off;
    // 11 12 13 14 15 (7) · 18 19 20 21 22 (12) · 25 (13) · 26 (14).
    expect(claimDeadline(RU_CALENDAR, '2026-12-28')).toBe('2027-01-26');
    expect(workingDaysBetween(RU_CALENDAR, '2026-12-28', '2027-01-26')).toBe(14);
  });

  it('R-CLAIM: received on a day off: day 1 is the first working day after it', () => {
    // Sat 03.10.2026: 05 06 07 08 09 (5) · 12 13 14 15 16 (10) · 19 20 21 22 (14).
    expect(claimDeadline(RU_CALENDAR, '2026-10-03')).toBe('2026-10-22');
    // Mon 02.03.2026: 03 04 05 06 (4) · 09.03 is the day off moved from Sun 08.03 · 10 11 12 13 (8) · 16–20 (13) · 23 (14).
    expect(claimDeadline(RU_CALENDAR, '2026-03-02')).toBe('2026-03-23');
  });

  it('R-CLAIM: a transferred working Saturday counts (received Fri 31.10.2025)', () => {
    // Sat 01.11 (1, working) · 02 Sun, 03 (moved) and 04 (holiday) off · 05 06 07 (4) · 10–14 (9) · 17–21 (14).
    expect(claimDeadline(RU_CALENDAR, '2025-10-31')).toBe('2025-11-21');
  });

  it('R-CLAIM: a deadline in a year without data throws CalendarMissingError naming it', () => {
    // Mon 20.12.2027: 21 22 23 24 (4) · 27 28 29 30 (8) · 31.12 off · the rest would be in 2028.
    expect(() => claimDeadline(RU_CALENDAR, '2027-12-20')).toThrow(CalendarMissingError);
    expect(() => claimDeadline(RU_CALENDAR, '2027-12-20')).toThrow(/2028/);
    expect(() => claimDeadline(RU_CALENDAR, '2026-13-01')).toThrow(/invalid date/);
  });
});

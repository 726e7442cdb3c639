import { describe, expect, it } from 'vitest';
import { CalendarMissingError, RU_CALENDAR, addDays, dayType, type CalendarYear, type ProductionCalendar } from '../../../src-shared/worktime/calendar';
import {
  SHORT_DAY_MINUTES,
  addWorkingTime,
  compileWorkingTime,
  nextOpen,
  scheduleOf,
  workingTimeBetween,
  type WorkSchedule,
} from '../../../src-shared/worktime/schedule';
import { moscowInstant, moscowMidnight } from '../../../src-shared/worktime/moscow';
import { presetById } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { HOUR, MIN, fmt, msk } from './mskTime';

function preset(id: string): DeskProfile {
  const p = presetById(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
}

const isp = preset('internet-provider'); // seed 001: Mon–Fri 10:00–18:00
const saas = preset('saas-platform'); // seed 002: Mon–Fri 08:00–20:00; Network/Enterprise incl. weekends
const ispDesk = compileWorkingTime(RU_CALENDAR, scheduleOf(isp, 'desk'));
const saasDesk = compileWorkingTime(RU_CALENDAR, scheduleOf(saas, 'desk'));
const saasAllDays = compileWorkingTime(RU_CALENDAR, scheduleOf(saas, 'desk-all-days'));

/** The CalendarMissingError thrown by fn, or a failure. */
function missingYear(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalendarMissingError) return e.year;
    throw e;
  }
  throw new Error('expected CalendarMissingError');
}

describe('Moscow instants', () => {
  it('R-SLA-HOURS: Moscow wall-clock times are UTC+3 whatever the machine zone', () => {
    expect(moscowMidnight('2026-01-12')).toBe(Date.UTC(2026, 0, 11, 21));
    expect(moscowInstant('2026-07-01', '10:30')).toBe(Date.UTC(2026, 6, 1, 7, 30));
    expect(moscowInstant('2026-07-01', '24:00')).toBe(moscowMidnight('2026-07-02'));
    expect(fmt(msk('2026-11-24 13:00'))).toBe('2026-11-24 13:00');
    expect(() => moscowMidnight('2026-02-30')).toThrow(/invalid date/);
  });
});

describe('scheduleOf', () => {
  it('R-SLA-HOURS: takes the desk hours and the art. 95 one-hour shortening', () => {
    const s = scheduleOf(isp, 'desk');
    expect(s).toEqual({ kind: 'desk', days: isp.workingHours.days, shortDayMinutes: 60 });
    expect(SHORT_DAY_MINUTES).toBe(60);
    expect(scheduleOf(saas, 'desk-all-days').kind).toBe('desk-all-days');
  });
});

describe("compileWorkingTime 'desk' (R-SLA-HOURS)", () => {
  it('R-SLA-HOURS: coverage is Moscow midnight 2025-01-01 to Moscow midnight 2028-01-01', () => {
    expect(ispDesk.coverage).toEqual({ fromMs: moscowMidnight('2025-01-01'), toMs: moscowMidnight('2028-01-01') });
  });

  it('R-SLA-HOURS: every day of 2025–2027 follows dayType: 24 h working, 23 h short, 0 off (00:00–24:00 desk)', () => {
    const h24 = { start: '00:00', end: '24:00' };
    const wt = compileWorkingTime(RU_CALENDAR, { kind: 'desk', days: [h24, h24, h24, h24, h24, h24, h24], shortDayMinutes: 60 });
    const expected = { working: 24 * HOUR, short: 23 * HOUR, weekend: 24 * HOUR, holiday: 0 };
    const weekendClosed = compileWorkingTime(RU_CALENDAR, scheduleOf({ ...isp, workingHours: { days: [h24, h24, h24, h24, h24, null, null] } }, 'desk'));
    for (let d = '2025-01-01'; d < '2028-01-01'; d = addDays(d, 1)) {
      const t = dayType(RU_CALENDAR, d);
      const day = [moscowMidnight(d), moscowMidnight(addDays(d, 1))] as const;
      // A desk open 7 days works weekends too (its own Saturday/Sunday hours), never holidays.
      expect(wt.workingTimeBetween(...day), d).toBe(expected[t]);
      expect(weekendClosed.workingTimeBetween(...day), d).toBe(t === 'weekend' ? 0 : expected[t]);
    }
  });

  it('R-SLA-HOURS: [open, close) — open at 10:00, closed at 18:00; nextOpen of an open instant is itself', () => {
    expect(ispDesk.isOpen(msk('2026-11-24 09:59'))).toBe(false);
    expect(ispDesk.isOpen(msk('2026-11-24 10:00'))).toBe(true);
    expect(ispDesk.isOpen(msk('2026-11-24 17:59'))).toBe(true);
    expect(ispDesk.isOpen(msk('2026-11-24 18:00'))).toBe(false);
    expect(fmt(nextOpen(ispDesk, msk('2026-11-24 12:34')))).toBe('2026-11-24 12:34');
    expect(fmt(nextOpen(ispDesk, msk('2026-11-24 07:00')))).toBe('2026-11-24 10:00');
    expect(fmt(nextOpen(ispDesk, msk('2026-11-27 18:00')))).toBe('2026-11-30 10:00'); // Fri evening → Mon
  });

  it('R-SLA-HOURS: a positive add ends at the close, not at the next opening; 0 returns the instant', () => {
    expect(fmt(addWorkingTime(ispDesk, msk('2026-11-24 12:00'), 6 * HOUR))).toBe('2026-11-24 18:00');
    expect(fmt(addWorkingTime(ispDesk, msk('2026-11-24 12:00'), 6 * HOUR + 1))).toBe('2026-11-25 10:00:00.001');
    expect(addWorkingTime(ispDesk, msk('2026-11-24 21:17'), 0)).toBe(msk('2026-11-24 21:17'));
    // From closed time the count starts at the next opening.
    expect(fmt(addWorkingTime(ispDesk, msk('2026-11-24 20:00'), HOUR))).toBe('2026-11-25 11:00');
  });

  it('R-SLA-HOURS: a negative add walks back and lands at an opening, never at a close', () => {
    expect(fmt(addWorkingTime(ispDesk, msk('2026-11-25 12:00'), -2 * HOUR))).toBe('2026-11-25 10:00');
    expect(fmt(addWorkingTime(ispDesk, msk('2026-11-25 12:00'), -2 * HOUR - 1))).toBe('2026-11-24 17:59:59.999');
    expect(fmt(addWorkingTime(ispDesk, msk('2026-11-25 08:00'), -30 * MIN))).toBe('2026-11-24 17:30');
  });

  it('R-SLA-HOURS: workingTimeBetween is [a, b) and antisymmetric', () => {
    expect(workingTimeBetween(ispDesk, msk('2026-11-24 09:00'), msk('2026-11-24 19:00'))).toBe(8 * HOUR);
    expect(workingTimeBetween(ispDesk, msk('2026-11-24 19:00'), msk('2026-11-24 09:00'))).toBe(-8 * HOUR);
    expect(workingTimeBetween(ispDesk, msk('2026-11-24 13:00'), msk('2026-11-24 13:00'))).toBe(0);
    expect(workingTimeBetween(ispDesk, msk('2026-11-27 17:00'), msk('2026-11-30 11:00'))).toBe(2 * HOUR);
  });

  it('R-SLA-HOURS: invalid input is rejected, not coerced', () => {
    expect(() => ispDesk.isOpen(Number.NaN)).toThrow(RangeError);
    expect(() => ispDesk.addWorkingTime(msk('2026-11-24 12:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => compileWorkingTime(RU_CALENDAR, { kind: 'desk', days: [], shortDayMinutes: 60 })).toThrow(/7 entries/);
  });

  it('R-SLA-HOURS: a working Saturday uses the weekday hours (first open Mon–Fri); a desk closed on Mondays still opens', () => {
    const tueToFri = compileWorkingTime(RU_CALENDAR, scheduleOf({ ...isp, workingHours: { days: [null, ...isp.workingHours.days.slice(1)] } }, 'desk'));
    expect(tueToFri.isOpen(msk('2026-11-23 12:00'))).toBe(false); // Monday: closed that weekday
    expect(tueToFri.workingTimeBetween(msk('2025-11-01 00:00'), msk('2025-11-02 00:00'))).toBe(7 * HOUR); // Tue hours, short day
  });
});

describe('hand-checked tables (values worked out from ru-calendar data by hand)', () => {
  type Row = readonly [what: string, from: string, minutes: number, expected: string];
  const addTable = (name: string, wt: typeof ispDesk, rows: readonly Row[]) => {
    for (const [what, from, minutes, expected] of rows) {
      it(`R-SLA-REACT: ${name}: ${what}`, () => {
        const at = msk(from);
        const due = addWorkingTime(wt, at, minutes * MIN);
        expect(fmt(due)).toBe(expected);
        expect(workingTimeBetween(wt, at, due)).toBe(minutes * MIN);
      });
    }
  };

  // 001 ISP, 10:00–18:00 Mon–Fri, shortened days 10:00–17:00. 2025-12-30 (Tue) is a full day (the eve
  // of a MOVED day off is not short); 2025-12-31 is the day off moved from 2025-01-05; 2026-01-01…09 are
  // holidays (Jan 9 moved from Jan 3), Jan 10–11 a weekend; Jan 12 (Mon) is the first working day.
  addTable('001 New Year 2026', ispDesk, [
    ['30.12 17:00 + 8 h: 1 h on 30.12, then 7 h on 12.01', '2025-12-30 17:00', 480, '2026-01-12 17:00'],
    ['30.12 12:00 + 6 h: exactly the rest of 30.12 ends at its 18:00 close', '2025-12-30 12:00', 360, '2025-12-30 18:00'],
    ['31.12 09:00 (holiday) + 1 h: counting starts 12.01 10:00', '2025-12-31 09:00', 60, '2026-01-12 11:00'],
    ['12.01 10:00 − 1 h: back over the holidays into 30.12', '2026-01-12 10:00', -60, '2025-12-30 17:00'],
    ['05.01 11:00 (holiday Monday) + 8 h: the whole of 12.01', '2026-01-05 11:00', 480, '2026-01-12 18:00'],
  ]);
  // 001 ISP, May 2026: 30.04 (Thu) short → 10–17; 01.05 (Fri) holiday; 02–03 weekend; 04–07 full;
  // 08.05 (Fri) short → 10–17; 09.05 (Sat) holiday; 10 Sun; 11.05 (Mon) holiday moved from 09.05.
  addTable('001 May 2026', ispDesk, [
    ['30.04 12:00 + 8 h: 5 h on short 30.04 (to 17:00), 3 h on 04.05', '2026-04-30 12:00', 480, '2026-05-04 13:00'],
    ['08.05 16:00 + 2 h: 1 h on short 08.05, 1 h on 12.05', '2026-05-08 16:00', 120, '2026-05-12 11:00'],
    ['12.05 10:30 − 1 h: 30 min on 12.05, 30 min back from the short 08.05 close (17:00)', '2026-05-12 10:30', -60, '2026-05-08 16:30'],
  ]);
  // 001 ISP, working Saturdays: 2025-11-01 (transferred, short: 10–17); then 02.11 Sun, 03.11 (moved
  // day off) and 04.11 (holiday): next opening 05.11. 2027-02-20 (transferred, short) likewise.
  addTable('001 working Saturdays', ispDesk, [
    ['31.10.2025 (Fri) 16:00 + 8 h: 2 h Fri, 6 h on Sat 01.11', '2025-10-31 16:00', 480, '2025-11-01 16:00'],
    ['01.11.2025 16:00 + 2 h: 1 h to the short 17:00 close, 1 h on 05.11', '2025-11-01 16:00', 120, '2025-11-05 11:00'],
    ['19.02.2027 (Fri) 17:00 + 8 h: 1 h Fri, 7 h = the whole short Sat 20.02', '2027-02-19 17:00', 480, '2027-02-20 17:00'],
  ]);
  // 002 SaaS standard (desk), 08:00–20:00, shortened 08:00–19:00; 240 min.
  addTable('002 standard 240 min', saasDesk, [
    ['30.12.2025 18:00: 2 h on 30.12, 2 h on 12.01', '2025-12-30 18:00', 240, '2026-01-12 10:00'],
    ['08.05.2026 (short) 17:00: 2 h to 19:00, then 12.05 08:00 + 2 h', '2026-05-08 17:00', 240, '2026-05-12 10:00'],
    ['20.02.2027 (working Sat) 07:00: opens 08:00 with Monday hours', '2027-02-20 07:00', 240, '2027-02-20 12:00'],
    ['20.02.2027 17:00: 2 h to the short 19:00 close, then 2 h on 24.02 (21 Sun, 22–23 off)', '2027-02-20 17:00', 240, '2027-02-24 10:00'],
  ]);
  // 002 Enterprise / Network (desk-all-days), 08:00–20:00 EVERY day, holidays too, never shortened; 120 min.
  addTable('002 Enterprise 120 min incl. weekends', saasAllDays, [
    ['30.12.2025 19:00: 1 h on 30.12, 1 h on the 31.12 holiday', '2025-12-30 19:00', 120, '2025-12-31 09:00'],
    ['01.01.2026 21:00: the next morning, a holiday', '2026-01-01 21:00', 120, '2026-01-02 10:00'],
    ['08.05.2026 19:30: short day not shortened (to 20:00), then Sat 09.05 holiday', '2026-05-08 19:30', 120, '2026-05-09 09:30'],
    ['20.02.2027 19:00 (working Sat, not shortened here)', '2027-02-20 19:00', 120, '2027-02-21 09:00'],
  ]);

  type Span = readonly [what: string, from: string, to: string, hours: number];
  const betweenTable = (name: string, wt: typeof ispDesk, rows: readonly Span[]) => {
    for (const [what, from, to, hours] of rows) {
      it(`R-SLA-HOURS: ${name}: ${what}`, () => {
        expect(workingTimeBetween(wt, msk(from), msk(to))).toBe(hours * HOUR);
      });
    }
  };
  betweenTable('001', ispDesk, [
    ['29.12.2025–12.01.2026 incl.: only 29.12, 30.12, 12.01 count (3 × 8 h)', '2025-12-29 00:00', '2026-01-13 00:00', 24],
    ['31.12.2025–11.01.2026: all days off', '2025-12-31 00:00', '2026-01-12 00:00', 0],
    ['27.04–12.05.2026: 3×8 + 7 (30.04) + 4×8 + 7 (08.05) + 8 (12.05)', '2026-04-27 00:00', '2026-05-13 00:00', 78],
    ['Sat 01.11.2025 (working, short)', '2025-11-01 00:00', '2025-11-02 00:00', 7],
  ]);
  betweenTable('002 standard', saasDesk, [
    ['29.12.2025–12.01.2026 incl.: 3 × 12 h', '2025-12-29 00:00', '2026-01-13 00:00', 36],
    ['Sat 20.02.2027 (working, short: 08–19)', '2027-02-20 00:00', '2027-02-21 00:00', 11],
  ]);
  betweenTable('002 Enterprise', saasAllDays, [
    ['01.01–11.01.2026: 11 holiday/weekend days × 12 h', '2026-01-01 00:00', '2026-01-12 00:00', 132],
    ['Sat 20.02.2027: 12 h, not shortened', '2027-02-20 00:00', '2027-02-21 00:00', 12],
  ]);

  it('R-SLA-HOURS: nextOpen across the holidays and the working Saturday', () => {
    expect(fmt(nextOpen(ispDesk, msk('2025-12-30 18:00')))).toBe('2026-01-12 10:00');
    expect(fmt(nextOpen(ispDesk, msk('2026-01-09 12:00')))).toBe('2026-01-12 10:00'); // Fri 09.01: moved day off
    expect(fmt(nextOpen(ispDesk, msk('2025-10-31 18:00')))).toBe('2025-11-01 10:00'); // working Saturday
    expect(fmt(nextOpen(ispDesk, msk('2025-11-01 17:00')))).toBe('2025-11-05 10:00');
    expect(ispDesk.isOpen(msk('2026-04-30 16:59'))).toBe(true);
    expect(ispDesk.isOpen(msk('2026-04-30 17:00'))).toBe(false); // short day
    expect(saasAllDays.isOpen(msk('2026-05-09 12:00'))).toBe(true); // holiday, weekends included
    expect(saasDesk.isOpen(msk('2026-05-09 12:00'))).toBe(false);
  });
});

describe('calendar coverage: never guess (R-SLA-HOURS)', () => {
  it('R-SLA-HOURS: addWorkingTime across 2027-12-31 into 2028 throws CalendarMissingError naming 2028', () => {
    // 30.12.2027 (Thu) 17:00: 1 h left that day, 31.12.2027 is a day off, the rest would be in 2028.
    expect(missingYear(() => addWorkingTime(ispDesk, msk('2027-12-30 17:00'), 8 * HOUR))).toBe(2028);
    expect(fmt(addWorkingTime(ispDesk, msk('2027-12-30 17:00'), HOUR))).toBe('2027-12-30 18:00'); // still inside
    expect(missingYear(() => nextOpen(ispDesk, msk('2027-12-30 18:00')))).toBe(2028);
    expect(missingYear(() => ispDesk.isOpen(msk('2028-01-10 12:00')))).toBe(2028);
    expect(missingYear(() => workingTimeBetween(ispDesk, msk('2027-12-01 12:00'), msk('2028-01-10 12:00')))).toBe(2028);
    expect(missingYear(() => saasAllDays.addWorkingTime(msk('2027-12-31 19:00'), 2 * HOUR))).toBe(2028);
  });

  it('R-SLA-HOURS: before 2025 too: walking back past 2025-01-09 names 2024', () => {
    // 01–08.01.2025 are holidays; 09.01 (Thu) is the first working day of the data.
    expect(missingYear(() => addWorkingTime(ispDesk, msk('2025-01-09 10:00'), -HOUR))).toBe(2024);
    expect(missingYear(() => workingTimeBetween(ispDesk, msk('2024-12-31 12:00'), msk('2025-01-10 12:00')))).toBe(2024);
  });

  it('R-SLA-HOURS: the end of coverage itself can be counted up to (no 2028 data is needed for [a, 2028-01-01))', () => {
    const end = moscowMidnight('2028-01-01');
    expect(workingTimeBetween(saasAllDays, msk('2027-12-31 00:00'), end)).toBe(12 * HOUR);
    expect(addWorkingTime(compileWorkingTime(RU_CALENDAR, scheduleOf(isp, 'round-the-clock')), end, HOUR)).toBe(end + HOUR);
  });

  it('R-SLA-HOURS: a hand-built calendar with a gap is covered only up to the gap, and the gap year is named', () => {
    const y2025 = RU_CALENDAR.years.get(2025) as CalendarYear;
    const y2027 = RU_CALENDAR.years.get(2027) as CalendarYear;
    const gappy: ProductionCalendar = {
      years: new Map([
        [2025, y2025],
        [2027, y2027],
      ]),
    };
    const wt = compileWorkingTime(gappy, scheduleOf(isp, 'desk'));
    expect(wt.coverage.toMs).toBe(moscowMidnight('2026-01-01'));
    expect(missingYear(() => wt.isOpen(msk('2027-06-01 12:00')))).toBe(2026);
    expect(missingYear(() => wt.isOpen(msk('2026-06-01 12:00')))).toBe(2026);
  });

  it("R-SLA-DUTY: 'round-the-clock' counts every minute and needs no calendar", () => {
    const wt = compileWorkingTime(RU_CALENDAR, scheduleOf(isp, 'round-the-clock'));
    const at = msk('2030-01-01 03:00');
    expect(wt.isOpen(at)).toBe(true);
    expect(wt.nextOpen(at)).toBe(at);
    expect(fmt(wt.addWorkingTime(at, 90 * MIN))).toBe('2030-01-01 04:30');
    expect(wt.workingTimeBetween(msk('2026-01-01 00:00'), msk('2026-01-02 00:00'))).toBe(24 * HOUR);
  });
});

describe('at scale (ARCHITECTURE: O(1) / O(log n) queries; speed in bench:tickets)', () => {
  it('R-SLA-REACT: 100,000 adds + spans round-trip exactly', () => {
    const schedule: WorkSchedule = scheduleOf(isp, 'desk');
    const wt = compileWorkingTime(RU_CALENDAR, schedule);
    const base = msk('2025-02-01 00:00');
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const at = base + i * 7 * MIN;
      sum += wt.workingTimeBetween(at, wt.addWorkingTime(at, 8 * HOUR));
    }
    expect(sum).toBe(100_000 * 8 * HOUR);
  });
});

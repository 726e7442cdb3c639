import { describe, expect, it } from 'vitest';
import {
  CalendarDataError,
  CalendarMissingError,
  InvalidDateError,
  RU_CALENDAR,
  addDays,
  addWorkingDays,
  calendarCoverage,
  createCalendar,
  dayType,
  isWorkingDay,
  isoWeekday,
  workingDaysBetween,
  type IsoDate,
} from '../../../src-shared/worktime/calendar';
import { moscowDate, moscowParts } from '../../../src-shared/worktime/moscow';
import ru2026 from '../../../src-shared/worktime/data/ru-2026.json';

const cal = RU_CALENDAR;

function daysOfYear(year: number): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) out.push(d);
  return out;
}

describe('production calendar data (R-SLA-HOURS)', () => {
  it('R-SLA-HOURS: covers 2025–2027', () => {
    expect(calendarCoverage(cal)).toEqual({ from: 2025, to: 2027 });
  });

  for (const year of [2025, 2026, 2027]) {
    it(`R-SLA-HOURS: ${year} has 247 working days by dayType, matching the stated totals and months`, () => {
      const days = daysOfYear(year);
      const working = days.filter((d) => isWorkingDay(cal, d));
      expect(working).toHaveLength(247);
      const data = cal.years.get(year);
      expect(data?.workingDays).toBe(247);
      expect(days.length - working.length).toBe(data?.daysOff);
      const short = days.filter((d) => dayType(cal, d) === 'short');
      expect(short).toEqual(data?.shortDays);
      expect(8 * working.length - short.length).toBe(1972);
      const perMonth = Array.from({ length: 12 }, (_, m) => working.filter((d) => Number(d.slice(5, 7)) === m + 1).length);
      expect(perMonth).toEqual(Object.values(data?.workingDaysByMonth ?? {}));
      expect(data?.sources.length).toBeGreaterThan(0);
    });
  }

  it('R-SLA-HOURS: 2026 New Year holidays run Jan 1–11, Jan 12 is a working day', () => {
    for (let d = '2026-01-01'; d <= '2026-01-11'; d = addDays(d, 1)) expect(isWorkingDay(cal, d), d).toBe(false);
    expect(dayType(cal, '2026-01-03')).toBe('holiday'); // Saturday inside the art. 112 list
    expect(dayType(cal, '2026-01-09')).toBe('holiday'); // Friday: day off moved from Jan 3 by decree
    expect(dayType(cal, '2026-01-10')).toBe('weekend');
    expect(dayType(cal, '2026-01-12')).toBe('working');
    expect(dayType(cal, '2025-12-31')).toBe('holiday'); // moved from 2025-01-05
    expect(dayType(cal, '2025-12-30')).toBe('working'); // not short: the eve of a moved day off
  });

  it('R-SLA-HOURS: 2026 May holidays (1–3 and 9–11 May) with short Friday May 8', () => {
    const may = ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-08', '2026-05-09', '2026-05-10', '2026-05-11', '2026-05-12'];
    expect(may.map((d) => dayType(cal, d))).toEqual(['holiday', 'weekend', 'weekend', 'working', 'short', 'holiday', 'weekend', 'holiday', 'working']);
    expect(dayType(cal, '2026-04-30')).toBe('short');
  });

  it('R-SLA-HOURS: transferred working Saturdays are working and short (2025-11-01, 2027-02-20)', () => {
    expect(isoWeekday('2025-11-01')).toBe(6);
    expect(dayType(cal, '2025-11-01')).toBe('short');
    expect(dayType(cal, '2025-11-03')).toBe('holiday');
    expect(isoWeekday('2027-02-20')).toBe(6);
    expect(dayType(cal, '2027-02-20')).toBe('short');
    expect(dayType(cal, '2027-02-22')).toBe('holiday');
    expect(dayType(cal, '2027-02-13')).toBe('weekend'); // an ordinary Saturday
  });

  it('R-SLA-HOURS: pre-holiday short days, but not Fridays before a Monday holiday', () => {
    expect(dayType(cal, '2025-03-07')).toBe('short'); // before Sat Mar 8
    expect(dayType(cal, '2026-11-03')).toBe('short');
    expect(dayType(cal, '2026-02-20')).toBe('working');
    expect(dayType(cal, '2026-03-06')).toBe('working');
    expect(dayType(cal, '2026-03-09')).toBe('holiday'); // automatic art. 112 part 2 shift from Sun Mar 8
  });
});

describe('working-day arithmetic (R-SLA-REACT, R-BAL-SUSPEND, R-CLAIM)', () => {
  it('R-BAL-SUSPEND: counts across the year boundary 2025-12-30 → 2026-01-12', () => {
    // (Dec 30, Jan 12]: Dec 31 holiday, Jan 1–11 off, Jan 12 working.
    expect(workingDaysBetween(cal, '2025-12-30', '2026-01-12')).toBe(1);
    expect(workingDaysBetween(cal, '2025-12-29', '2026-01-12')).toBe(2);
    expect(addWorkingDays(cal, '2025-12-30', 1)).toBe('2026-01-12');
    expect(addWorkingDays(cal, '2025-12-26', 3)).toBe('2026-01-12'); // Dec 29, Dec 30, Jan 12
  });

  it('R-BAL-SUSPEND: empty and reversed ranges count 0', () => {
    expect(workingDaysBetween(cal, '2026-03-10', '2026-03-10')).toBe(0);
    expect(workingDaysBetween(cal, '2026-03-12', '2026-03-10')).toBe(0);
    expect(workingDaysBetween(cal, '2026-03-10', '2026-03-11')).toBe(1);
    expect(addWorkingDays(cal, '2026-01-03', 0)).toBe('2026-01-03');
  });

  it('R-BAL-SUSPEND: whole years and multi-year ranges match the yearly totals', () => {
    expect(workingDaysBetween(cal, '2025-01-01', '2025-12-31')).toBe(247); // Jan 1 is a holiday anyway
    expect(workingDaysBetween(cal, '2024-12-31', '2027-12-31')).toBe(3 * 247);
  });

  it('R-CLAIM: 14 working days after 2026-04-28 skips the May holidays', () => {
    // Apr 29, 30; May 4–8 (5); May 12–15 (4); May 18, 19, 20 → 14th is May 20
    expect(addWorkingDays(cal, '2026-04-28', 14)).toBe('2026-05-20');
  });

  it('R-SLA-REACT: workingDaysBetween(a, addWorkingDays(a, n)) === n for every n up to 400 from several starts', () => {
    for (const a of ['2025-01-01', '2025-04-30', '2025-12-30', '2026-05-09', '2026-12-31']) {
      const max = Math.min(400, workingDaysBetween(cal, a, '2027-12-31'));
      for (let n = 0; n <= max; n++) {
        const b = addWorkingDays(cal, a, n);
        expect(workingDaysBetween(cal, a, b)).toBe(n);
        if (n > 0) expect(isWorkingDay(cal, b)).toBe(true);
      }
    }
  });

  it('R-SLA-HOURS: a year without data throws CalendarMissingError, never a guess', () => {
    expect(() => dayType(cal, '2028-01-10')).toThrow(CalendarMissingError);
    expect(() => isWorkingDay(cal, '2024-06-03')).toThrow('no production calendar data for year 2024');
    expect(() => workingDaysBetween(cal, '2027-12-20', '2028-01-20')).toThrow(CalendarMissingError);
    expect(() => addWorkingDays(cal, '2027-12-28', 5)).toThrow(CalendarMissingError);
    try {
      workingDaysBetween(cal, '2026-06-01', '2029-02-01');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarMissingError);
      expect((e as CalendarMissingError).year).toBe(2028);
    }
    // the start day itself is excluded, so Dec 31 of a missing year may start a range
    expect(workingDaysBetween(cal, '2024-12-31', '2025-01-09')).toBe(1);
  });

  it('R-SLA-HOURS: malformed dates are rejected, not coerced', () => {
    expect(() => dayType(cal, '2026-02-30')).toThrow(InvalidDateError);
    expect(() => addDays('2026-1-5', 1)).toThrow(InvalidDateError);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('createCalendar validation', () => {
  it('R-SLA-HOURS: wrong totals are reported with the year and field', () => {
    expect(() => createCalendar([{ ...ru2026, workingDays: 248 }])).toThrow(/year 2026: workingDays: states 248 but the lists give 247/);
  });

  it('R-SLA-HOURS: a holiday outside its year and a working weekday "weekend" are named', () => {
    const bad = { ...ru2026, holidays: [...ru2026.holidays, '2027-01-01'], workingWeekends: ['2026-03-10'] };
    expect(() => createCalendar([bad])).toThrow(CalendarDataError);
    expect(() => createCalendar([bad])).toThrow(/holidays\.18: 2027-01-01 is not in year 2026/);
    expect(() => createCalendar([bad])).toThrow(/workingWeekends\.0: 2026-03-10 is not a Saturday or Sunday/);
  });

  it('R-SLA-HOURS: bad date strings, missing sources and gaps between years are rejected', () => {
    expect(() => createCalendar([{ ...ru2026, shortDays: ['2026-13-01'] }])).toThrow(/shortDays\.0: expected a real date/);
    expect(() => createCalendar([{ ...ru2026, sources: [] }])).toThrow(/sources/);
    const [y2025, , y2027] = [...RU_CALENDAR.years.values()];
    expect(() => createCalendar([y2025, y2027])).toThrow(/gap after 2025/);
    expect(() => createCalendar([ru2026, ru2026])).toThrow(/given twice/);
    expect(() => createCalendar([])).toThrow(CalendarDataError);
  });
});

describe('Moscow time', () => {
  it('R-SLA-HOURS: Moscow is UTC+3 all year (no DST)', () => {
    expect(moscowDate(Date.UTC(2026, 4, 14, 20, 59))).toBe('2026-05-14');
    expect(moscowDate(Date.UTC(2026, 4, 14, 21, 0))).toBe('2026-05-15');
    expect(moscowDate(new Date('2026-12-31T21:30:00Z'))).toBe('2027-01-01');
    const p = moscowParts(new Date('2026-07-01T05:07:09Z'));
    expect(p).toEqual({ date: '2026-07-01', year: 2026, month: 7, day: 1, hour: 8, minute: 7, second: 9, isoWeekday: 3, minuteOfDay: 487 });
    expect(moscowParts(Date.UTC(2026, 0, 15, 12)).hour).toBe(15); // winter: same offset
    expect(() => moscowDate(Number.NaN)).toThrow(InvalidDateError);
  });
});

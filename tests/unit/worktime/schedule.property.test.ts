import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RU_CALENDAR, addDays, dayType } from '../../../src-shared/worktime/calendar';
import { compileWorkingTime, scheduleOf, type WorkingTime } from '../../../src-shared/worktime/schedule';
import { moscowMidnight } from '../../../src-shared/worktime/moscow';
import { presetById } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { HOUR } from './mskTime';

const isp = presetById('internet-provider') as DeskProfile; // 10:00–18:00 Mon–Fri
const saas = presetById('saas-platform') as DeskProfile; // 08:00–20:00 Mon–Fri

const FROM = moscowMidnight('2025-01-01');
const TO = moscowMidnight('2028-01-01');
// Instants leave ~2 months of margin at both ends so ±300 working hours stay inside the data.
const MARGIN = 75 * 24 * HOUR;
const instant = fc.integer({ min: FROM + MARGIN, max: TO - MARGIN });
const anyInstant = fc.integer({ min: FROM, max: TO - 1 });
const duration = fc.integer({ min: -300 * HOUR, max: 300 * HOUR });
const RUNS = { numRuns: 1000 } as const;

const cases: readonly (readonly [string, WorkingTime])[] = [
  ['desk (001)', compileWorkingTime(RU_CALENDAR, scheduleOf(isp, 'desk'))],
  ['desk (002)', compileWorkingTime(RU_CALENDAR, scheduleOf(saas, 'desk'))],
  ['desk-all-days (002)', compileWorkingTime(RU_CALENDAR, scheduleOf(saas, 'desk-all-days'))],
];

for (const [name, wt] of cases) {
  describe(`working-time properties, ${name}`, () => {
    it('R-SLA-REACT: workingTimeBetween(a, addWorkingTime(a, d)) === d, for d of either sign', () => {
      fc.assert(
        fc.property(instant, duration, (a, d) => wt.workingTimeBetween(a, wt.addWorkingTime(a, d)) === d),
        RUNS,
      );
    });

    it('R-SLA-REACT: addWorkingTime is monotonic in d and never moves the wrong way', () => {
      fc.assert(
        fc.property(instant, duration, duration, (a, d1, d2) => {
          const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
          const x = wt.addWorkingTime(a, lo),
            y = wt.addWorkingTime(a, hi);
          return x <= y && (lo < 0 ? x < a : x >= a) && (hi > 0 ? y > a : y <= a);
        }),
        RUNS,
      );
    });

    it('R-SLA-REACT: workingTimeBetween is monotonic in b and additive', () => {
      fc.assert(
        fc.property(anyInstant, anyInstant, anyInstant, (a, b, c) => {
          const [x, y] = b <= c ? [b, c] : [c, b];
          const mono = wt.workingTimeBetween(a, x) <= wt.workingTimeBetween(a, y);
          const additive = wt.workingTimeBetween(a, b) + wt.workingTimeBetween(b, c) === wt.workingTimeBetween(a, c);
          return mono && additive;
        }),
        RUNS,
      );
    });

    it('R-SLA-HOURS: nextOpen(x) >= x, it is open, and nothing between x and it is working time', () => {
      fc.assert(
        fc.property(instant, (x) => {
          const o = wt.nextOpen(x);
          return o >= x && wt.isOpen(o) && wt.workingTimeBetween(x, o) === 0;
        }),
        RUNS,
      );
    });

    it('R-SLA-HOURS: a positive add lands in open time or exactly at a close', () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: 1, max: 300 * HOUR }), (a, d) => {
          const r = wt.addWorkingTime(a, d);
          return wt.isOpen(r) || wt.isOpen(r - 1);
        }),
        RUNS,
      );
    });
  });
}

describe("'desk': no working time on days off", () => {
  const wt = cases[0]?.[1] as WorkingTime;
  // Every non-working day of 2025–2027 (holidays, moved days off, ordinary weekends).
  const daysOff: string[] = [];
  for (let d = '2025-01-01'; d < '2028-01-01'; d = addDays(d, 1)) {
    const t = dayType(RU_CALENDAR, d);
    if (t === 'holiday' || t === 'weekend') daysOff.push(d);
  }

  it('R-SLA-HOURS: an interval inside a holiday or weekend counts 0 and is never open', () => {
    expect(daysOff).toContain('2026-01-09'); // moved day off
    fc.assert(
      fc.property(fc.constantFrom(...daysOff), fc.integer({ min: 0, max: 24 * HOUR - 1 }), fc.integer({ min: 0, max: 24 * HOUR - 1 }), (day, x, y) => {
        const m = moscowMidnight(day);
        const [a, b] = x <= y ? [x, y] : [y, x];
        return wt.workingTimeBetween(m + a, m + b) === 0 && !wt.isOpen(m + a);
      }),
      RUNS,
    );
  });
});

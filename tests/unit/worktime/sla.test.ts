import { describe, expect, it } from 'vitest';
import { CalendarMissingError, RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { compileWorkingTime, scheduleOf } from '../../../src-shared/worktime/schedule';
import {
  dueAt,
  evaluateClock,
  extendClock,
  meetClock,
  pauseClock,
  retargetClock,
  reactionFor,
  resumeClock,
  scheduleKindFor,
  startClock,
  type SlaClock,
} from '../../../src-shared/worktime/sla';
import { presetById } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { HOUR, MIN, fmt, msk } from './mskTime';

const preset = (id: string) => presetById(id) as DeskProfile;
const isp = preset('internet-provider'); // '*' 480 min (one working day), 10:00–18:00
const saas = preset('saas-platform'); // '*' 240; Network, Enterprise 120 incl. weekends
const ispDesk = compileWorkingTime(RU_CALENDAR, scheduleOf(isp, 'desk'));
const saasAllDays = compileWorkingTime(RU_CALENDAR, scheduleOf(saas, 'desk-all-days'));
const duty = compileWorkingTime(RU_CALENDAR, scheduleOf(preset('restaurant-integrator'), 'round-the-clock'));

/** An ISP clock started 30.04.2026 12:00 (short day, closes 17:00): due 04.05 13:00 (hand-checked in schedule.test). */
const started = () => startClock(msk('2026-04-30 12:00'), 480, 'desk');

describe('reactionFor (R-SLA-REACT)', () => {
  it('R-SLA-REACT: the exact tariff row, else the * row, else null', () => {
    expect(reactionFor(saas, 'Enterprise', 3)).toEqual({ minutes: 120, includesWeekends: true });
    expect(reactionFor(saas, 'Network', 3)).toEqual({ minutes: 120, includesWeekends: true });
    expect(reactionFor(saas, 'Базовый', 3)).toEqual({ minutes: 240, includesWeekends: false });
    expect(reactionFor(saas, null, 3)).toEqual({ minutes: 240, includesWeekends: false });
    expect(reactionFor(isp, 'Домашний', 3)).toEqual({ minutes: 480, includesWeekends: false });
    expect(reactionFor(preset('restaurant-integrator'), 'Any', 3)).toBeNull(); // seed 000 gives no figures
    const onlyNamed = { ...saas, reactionTimes: saas.reactionTimes.filter((r) => r.tariff !== '*') };
    expect(reactionFor(onlyNamed, 'Базовый', 3)).toBeNull();
  });

  it('R-SLA-REACT, R-TKT-PRIO: the time is per tariff and priority; П1 and П4 differ wherever the seed allows', () => {
    expect([1, 2, 3, 4].map((p) => reactionFor(saas, 'Базовый', p as 1 | 2 | 3 | 4)?.minutes)).toEqual([120, 180, 240, 240]); // «2-4 часа»
    expect([1, 2, 3, 4].map((p) => reactionFor(saas, 'Enterprise', p as 1 | 2 | 3 | 4)?.minutes)).toEqual([60, 90, 120, 120]); // «1-2 часа»
    expect([1, 2, 3, 4].map((p) => reactionFor(isp, 'Домашний', p as 1 | 2 | 3 | 4)?.minutes)).toEqual([120, 240, 480, 480]); // a working day at most
    expect(reactionFor(isp, null, 1)?.minutes).toBeLessThan(reactionFor(isp, null, 4)?.minutes ?? 0);
  });

  it('R-TKT-PRIO: retargetClock keeps the time already used and moves the due by the difference', () => {
    const c = startClock(msk('2026-04-30 12:00'), 480, 'desk');
    const used = pauseClock(ispDesk, c, msk('2026-04-30 13:00')); // 1 h used, 7 h left
    expect(retargetClock(used, 120).budgetMs).toBe(60 * MIN);
    expect(retargetClock(used, 120).targetMinutes).toBe(120);
    expect(retargetClock(retargetClock(used, 120), 480)).toEqual(used);
    const met = meetClock(ispDesk, c, msk('2026-04-30 13:00'));
    expect(retargetClock(met, 120)).toBe(met);
    expect(() => retargetClock(c, 0)).toThrow(RangeError);
  });

  it('R-SLA-REACT: includesWeekends counts in the desk-all-days schedule', () => {
    expect(scheduleKindFor(reactionFor(saas, 'Enterprise', 3))).toBe('desk-all-days');
    expect(scheduleKindFor(reactionFor(saas, null, 3))).toBe('desk');
    expect(scheduleKindFor(null)).toBe('desk');
  });
});

describe('reaction clock (R-SLA-REACT)', () => {
  it('R-SLA-REACT: startClock holds the whole budget, anchored at the start', () => {
    expect(started()).toEqual({
      kind: 'desk',
      targetMinutes: 480,
      extendedMinutes: 0,
      budgetMs: 8 * HOUR,
      anchorAt: msk('2026-04-30 12:00'),
      metAt: null,
      dueAtMet: null,
    } satisfies SlaClock);
    expect(() => startClock(msk('2026-04-30 12:00'), 0, 'desk')).toThrow(RangeError);
  });

  it('R-SLA-REACT: running: due across the May holidays, remaining working time, breach at the due instant', () => {
    const c = started();
    expect(fmt(dueAt(ispDesk, c) as number)).toBe('2026-05-04 13:00');
    expect(evaluateClock(ispDesk, c, msk('2026-04-30 16:00'))).toEqual({
      state: 'running',
      dueAt: msk('2026-05-04 13:00'),
      remainingMs: 4 * HOUR,
      breached: false,
    });
    // Over the holidays the remaining time does not shrink.
    expect(evaluateClock(ispDesk, c, msk('2026-05-02 12:00')).remainingMs).toBe(3 * HOUR);
    expect(evaluateClock(ispDesk, c, msk('2026-05-04 12:59')).state).toBe('running');
    expect(evaluateClock(ispDesk, c, msk('2026-05-04 13:00'))).toMatchObject({ state: 'breached', remainingMs: 0, breached: true });
    expect(evaluateClock(ispDesk, c, msk('2026-05-05 11:00'))).toMatchObject({ state: 'breached', remainingMs: -6 * HOUR, breached: true });
  });

  it('R-SLA-REACT: pausing while waiting on the customer keeps the remaining budget; resuming moves the due date', () => {
    const paused = pauseClock(ispDesk, started(), msk('2026-04-30 14:00')); // 2 h used
    expect(paused).toMatchObject({ budgetMs: 6 * HOUR, anchorAt: null });
    expect(dueAt(ispDesk, paused)).toBeNull();
    expect(evaluateClock(ispDesk, paused, msk('2026-05-20 12:00'))).toEqual({ state: 'paused', dueAt: null, remainingMs: 6 * HOUR, breached: false });
    expect(pauseClock(ispDesk, paused, msk('2026-05-06 09:00'))).toBe(paused); // already paused
    const resumed = resumeClock(paused, msk('2026-05-06 09:00')); // before opening: counts from 10:00
    expect(fmt(dueAt(ispDesk, resumed) as number)).toBe('2026-05-06 16:00');
    expect(resumeClock(resumed, msk('2026-05-07 09:00'))).toBe(resumed); // already running
  });

  it('R-SLA-REACT: a clock paused after its breach stays breached with a negative budget', () => {
    const p = pauseClock(ispDesk, started(), msk('2026-05-04 15:00')); // 2 h past due
    expect(evaluateClock(ispDesk, p, msk('2026-05-04 16:00'))).toEqual({ state: 'paused', dueAt: null, remainingMs: -2 * HOUR, breached: true });
    // Resumed with a negative budget, the due instant lies before the resume instant.
    expect(fmt(dueAt(ispDesk, resumeClock(p, msk('2026-05-05 12:00'))) as number)).toBe('2026-05-05 10:00');
  });

  it('R-SLA-EXT: an extension adds working time and is recorded', () => {
    const c = extendClock(extendClock(started(), 60), 30);
    expect(c).toMatchObject({ extendedMinutes: 90, budgetMs: 9.5 * HOUR, targetMinutes: 480 });
    expect(fmt(dueAt(ispDesk, c) as number)).toBe('2026-05-04 14:30');
    const p = extendClock(pauseClock(ispDesk, started(), msk('2026-04-30 14:00')), 120);
    expect(p.budgetMs).toBe(8 * HOUR);
    expect(() => extendClock(c, 0)).toThrow(RangeError);
    expect(() => extendClock(c, Number.NaN)).toThrow(RangeError);
  });

  it('R-SLA-REACT: met on time, met late, and met exactly at the due instant (on time)', () => {
    const onTime = meetClock(ispDesk, started(), msk('2026-05-04 11:00'));
    expect(onTime).toMatchObject({ metAt: msk('2026-05-04 11:00'), dueAtMet: msk('2026-05-04 13:00'), anchorAt: null });
    expect(evaluateClock(ispDesk, onTime, msk('2026-06-01 12:00'))).toEqual({
      state: 'met',
      dueAt: msk('2026-05-04 13:00'),
      remainingMs: 2 * HOUR,
      breached: false,
    });
    const late = meetClock(ispDesk, started(), msk('2026-05-05 10:30'));
    expect(evaluateClock(ispDesk, late, msk('2026-06-01 12:00'))).toEqual({
      state: 'met-late',
      dueAt: msk('2026-05-04 13:00'),
      remainingMs: -5.5 * HOUR,
      breached: true,
    });
    expect(evaluateClock(ispDesk, meetClock(ispDesk, started(), msk('2026-05-04 13:00')), 0).state).toBe('met');
    expect(dueAt(ispDesk, onTime)).toBeNull();
  });

  it('R-SLA-REACT: met while paused: due as if resumed at that moment', () => {
    const paused = pauseClock(ispDesk, started(), msk('2026-04-30 14:00')); // 6 h left
    const met = meetClock(ispDesk, paused, msk('2026-05-06 10:00'));
    expect(fmt(met.dueAtMet as number)).toBe('2026-05-06 16:00');
    expect(evaluateClock(ispDesk, met, msk('2026-05-06 10:00')).state).toBe('met');
    const pausedLate = pauseClock(ispDesk, started(), msk('2026-05-04 15:00')); // −2 h
    expect(evaluateClock(ispDesk, meetClock(ispDesk, pausedLate, msk('2026-05-06 10:00')), 0).state).toBe('met-late');
  });

  it('R-SLA-REACT: a met clock is final: pause, resume, extend and meet leave it as it is', () => {
    const met = meetClock(ispDesk, started(), msk('2026-05-04 11:00'));
    expect(pauseClock(ispDesk, met, msk('2026-05-04 12:00'))).toBe(met);
    expect(resumeClock(met, msk('2026-05-04 12:00'))).toBe(met);
    expect(extendClock(met, 60)).toBe(met);
    expect(meetClock(ispDesk, met, msk('2026-05-05 12:00'))).toBe(met);
  });

  it('R-SLA-REACT: no reaction time for the tariff → state none, whatever happens', () => {
    const none = startClock(msk('2026-04-30 12:00'), null, 'desk');
    expect(none.budgetMs).toBe(0);
    expect(evaluateClock(ispDesk, none, msk('2027-01-01 00:00'))).toEqual({ state: 'none', dueAt: null, remainingMs: null, breached: false });
    expect(dueAt(ispDesk, none)).toBeNull();
    expect(extendClock(none, 30)).toBe(none);
    expect(evaluateClock(ispDesk, meetClock(ispDesk, none, msk('2026-05-04 11:00')), 0).state).toBe('none');
  });

  it('R-SLA-REACT: Enterprise (120 min incl. weekends) runs through the May holidays', () => {
    const c = startClock(msk('2026-05-08 19:30'), reactionFor(saas, 'Enterprise', 3)?.minutes ?? null, 'desk-all-days');
    expect(fmt(dueAt(saasAllDays, c) as number)).toBe('2026-05-09 09:30');
    expect(evaluateClock(saasAllDays, c, msk('2026-05-09 09:00'))).toMatchObject({ state: 'running', remainingMs: 30 * MIN });
  });

  it('R-SLA-DUTY: a duty fault clock counts round the clock', () => {
    const c = startClock(msk('2026-05-09 03:00'), 60, 'round-the-clock');
    expect(fmt(dueAt(duty, c) as number)).toBe('2026-05-09 04:00');
  });

  it('R-SLA-HOURS: a clock that needs 2028 throws CalendarMissingError (callers show it)', () => {
    const c = startClock(msk('2027-12-30 17:00'), 480, 'desk');
    expect(() => evaluateClock(ispDesk, c, msk('2027-12-30 17:30'))).toThrow(CalendarMissingError);
    expect(() => dueAt(ispDesk, c)).toThrow(/2028/);
  });
});

describe('clocks at scale', () => {
  it('R-SLA-REACT: 100,000 clocks evaluate, the same verdicts every time (speed: sla_evaluate_100k_ms in bench:tickets)', () => {
    const base = msk('2026-01-12 00:00');
    const clocks = Array.from({ length: 100_000 }, (_, i) => startClock(base + i * 10 * MIN, 480, 'desk'));
    const now = msk('2026-06-01 12:00');
    const run = () => {
      let breached = 0;
      for (const c of clocks) if (evaluateClock(ispDesk, c, now).breached) breached++;
      return breached;
    };
    const breached = run();
    expect(breached).toBeGreaterThan(0);
    expect(run()).toBe(breached); // evaluation is pure: the same clocks, the same verdicts
  });
});

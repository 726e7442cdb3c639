import { describe, expect, it } from 'vitest';
import type { SlaView } from '../../../src-shared/ipc/ticketSchemas';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { compileWorkingTime, scheduleOf } from '../../../src-shared/worktime/schedule';
import { DESK_PRESETS as PRESETS } from '../../../src-shared/domain/deskPresets';
import { formatWorkingDuration, liveSla, slaRisk, type WorkingBetween } from '../../../src-renderer/features/sla/sla';
import { workingBetween } from '../../../src-renderer/features/sla/worktime';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const view = (v: Partial<SlaView>): SlaView => ({
  state: 'running',
  schedule: 'desk',
  targetMinutes: 240,
  extendedMinutes: 0,
  dueAt: '2026-11-24T15:00:00+03:00',
  remainingMs: 120 * MIN,
  breached: false,
  missingYear: null,
  asOf: '2026-11-24T13:00:00+03:00',
  ...v,
});
/** Wall-clock minutes: every minute counts (enough to test the state logic). */
const wall: WorkingBetween = (a, b) => b - a;

describe('SLA clock text (R-SLA-REACT): working time as the desk says it', () => {
  it('formats whole minutes, rounded down, with zero-padded minutes after hours', () => {
    expect(formatWorkingDuration(80 * MIN)).toBe('1 ч 20 мин');
    expect(formatWorkingDuration(125 * MIN + 59_000)).toBe('2 ч 05 мин');
    expect(formatWorkingDuration(35 * MIN)).toBe('35 мин');
    expect(formatWorkingDuration(-35 * MIN)).toBe('35 мин');
    expect(formatWorkingDuration(24 * 60 * MIN)).toBe('24 ч 00 мин');
    expect(formatWorkingDuration(30_000)).toBe('меньше минуты');
    expect(formatWorkingDuration(80 * MIN, 'en')).toBe('1 h 20 min');
  });
});

describe('live SLA clocks (R-SLA-REACT, R-SLA-EXT)', () => {
  it('recomputes a running clock from dueAt each tick', () => {
    const v = view({});
    expect(liveSla(v, at('2026-11-24T13:40:00+03:00'), wall)).toMatchObject({ state: 'running', remainingMs: 80 * MIN, breached: false });
  });
  it('flags a breach once the due instant has passed, with the overdue time', () => {
    const v = view({});
    const l = liveSla(v, at('2026-11-24T15:35:00+03:00'), wall);
    expect(l).toMatchObject({ state: 'breached', remainingMs: -35 * MIN, breached: true });
    expect(slaRisk(l, 240)).toBe('breached');
  });
  it('does not tick paused, met, none or no-calendar clocks', () => {
    for (const state of ['paused', 'met', 'met-late', 'none', 'no-calendar'] as const) {
      const v = view({ state, remainingMs: state === 'paused' ? 50 * MIN : null, missingYear: state === 'no-calendar' ? 2028 : null });
      expect(liveSla(v, at('2026-11-30T10:00:00+03:00'), wall)).toMatchObject({ state, remainingMs: v.remainingMs, missingYear: v.missingYear });
    }
  });
  it('shows the missing-calendar warning when the engine cannot count a year', () => {
    const noCal: WorkingBetween = () => ({ missingYear: 2028 });
    expect(liveSla(view({}), at('2026-11-24T13:00:00+03:00'), noCal)).toMatchObject({ state: 'no-calendar', missingYear: 2028 });
  });
  it('keeps the host figure (flagged stale) when there is no engine', () => {
    expect(liveSla(view({}), at('2026-11-24T14:00:00+03:00'), null)).toMatchObject({ state: 'running', remainingMs: 120 * MIN, stale: true });
    expect(liveSla(view({}), at('2026-11-24T15:01:00+03:00'), null)).toMatchObject({ state: 'breached', breached: true });
  });
  it('near breach: under 30 minutes or a quarter of the target left', () => {
    expect(slaRisk(liveSla(view({}), at('2026-11-24T14:40:00+03:00'), wall), 240)).toBe('near');
    expect(slaRisk(liveSla(view({}), at('2026-11-24T13:30:00+03:00'), wall), 240)).toBe('ok');
    expect(slaRisk(liveSla(view({}), at('2026-11-24T14:10:00+03:00'), wall), 240)).toBe('near');
  });
  it('R-SLA-HOURS: counts only the desk working time (ISP desk 10:00–18:00) across a night', () => {
    const isp = PRESETS.find((p) => p.seed === '001');
    if (!isp) throw new Error('preset 001 missing');
    const between = workingBetween(isp, 'desk');
    expect(between).not.toBeNull();
    // Due Wednesday 11:00; at Tuesday 17:00 there are 1 h (to 18:00) + 1 h (10:00–11:00) left.
    const v = view({ dueAt: '2026-11-25T11:00:00+03:00' });
    const l = liveSla(v, at('2026-11-24T17:00:00+03:00'), between);
    expect(l.remainingMs).toBe(120 * MIN);
    const wt = compileWorkingTime(RU_CALENDAR, scheduleOf(isp, 'desk'));
    expect(l.remainingMs).toBe(wt.workingTimeBetween(at('2026-11-24T17:00:00+03:00'), at('2026-11-25T11:00:00+03:00')));
  });
  it('a clock reaching past the shipped calendar says which year is missing', () => {
    const isp = PRESETS.find((p) => p.seed === '001');
    const between = workingBetween(isp ?? null, 'desk');
    const l = liveSla(view({ dueAt: '2028-01-20T11:00:00+03:00' }), at('2027-12-30T12:00:00+03:00'), between);
    expect(l).toMatchObject({ state: 'no-calendar', missingYear: 2028 });
  });
});

import { describe, expect, it } from 'vitest';
import type { VisitSlot } from '../../../src-shared/ipc/ticketSchemas';
import { bookable, dayLabel, defaultSlotIndex, desiredAtIso, groupByDay, slotLabel, stepSlot } from '../../../src-renderer/features/visits/slots';

const slot = (start: string, o: Partial<VisitSlot> = {}): VisitSlot => {
  const s = Date.parse(start);
  const iso = (ms: number) => new Date(ms).toISOString();
  return { start: iso(s), end: iso(s + 7_200_000), etaFrom: iso(s), etaTo: iso(s + 7_200_000), meetsReaction: true, free: 2, moves: [], ...o };
};

describe('visit slot list (R-VIS-WINDOW, R-VIS-ETA, R-VIS-QUEUE)', () => {
  it('groups slots by Moscow day with the weekday', () => {
    const days = groupByDay([slot('2026-11-24T10:30:00+03:00'), slot('2026-11-24T12:30:00+03:00'), slot('2026-11-25T10:30:00+03:00')]);
    expect(days.map((d) => [d.date, d.isoWeekday, d.slots.map((x) => x.index)])).toEqual([
      ['2026-11-24', 2, [0, 1]],
      ['2026-11-25', 3, [2]],
    ]);
    expect(dayLabel('2026-11-24')).toBe('24.11');
  });
  it('labels a slot in Moscow time; a slot ending at midnight ends at 24:00', () => {
    expect(slotLabel(slot('2026-11-24T13:00:00+03:00'))).toBe('13:00–15:00');
    expect(slotLabel(slot('2026-11-24T22:00:00+03:00'))).toBe('22:00–24:00');
  });
  it('R-SLA-REACT: preselects the first bookable slot within the reaction time, else the first bookable one', () => {
    const late = slot('2026-11-24T10:30:00+03:00', { meetsReaction: false });
    const full = slot('2026-11-24T12:30:00+03:00', { free: 0 });
    const ok = slot('2026-11-24T14:30:00+03:00');
    expect(defaultSlotIndex([full, late, ok])).toBe(2);
    expect(defaultSlotIndex([full, late])).toBe(1);
    expect(defaultSlotIndex([full])).toBe(-1);
  });
  it('R-VIS-QUEUE: a full slot is bookable when this priority moves someone out', () => {
    const move = {
      visitId: 'v',
      ticketNumber: '37-0001',
      holderName: null,
      phone: '+79030000000',
      fromStart: '2026-11-24T10:30:00.000Z',
      toStart: '2026-11-24T12:30:00.000Z',
      toEtaFrom: '2026-11-24T12:30:00.000Z',
      toEtaTo: '2026-11-24T14:30:00.000Z',
    };
    expect(bookable(slot('2026-11-24T13:00:00+03:00', { free: 0, moves: [move] }))).toBe(true);
    expect(bookable(slot('2026-11-24T13:00:00+03:00', { free: 0 }))).toBe(false);
  });
  it('arrow keys step over slots that cannot be booked', () => {
    const s = [slot('2026-11-24T10:30:00+03:00'), slot('2026-11-24T12:30:00+03:00', { free: 0 }), slot('2026-11-24T14:30:00+03:00')];
    expect(stepSlot(s, 0, 1)).toBe(2);
    expect(stepSlot(s, 2, -1)).toBe(0);
    expect(stepSlot(s, 2, 1)).toBe(2);
  });
  it('R-VIS-FORM: a desired time typed in Moscow time becomes an instant', () => {
    expect(desiredAtIso('24.11.2026 13:30')).toBe('2026-11-24T13:30:00+03:00');
    expect(desiredAtIso(' 2026-11-24 9:05 ')).toBe('2026-11-24T09:05:00+03:00');
    expect(desiredAtIso('')).toBeNull();
    expect(desiredAtIso('24.11.2026 25:00')).toBeNull();
    expect(desiredAtIso('31.11.2026 10:00')).toBeNull();
  });
});

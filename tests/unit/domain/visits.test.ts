import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarMissingError, RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import {
  BOOKING_LEAD_MS,
  CANCEL_NOTICE_MS,
  SLOT_MS,
  cancellationTerms,
  etaWindow,
  planQueue,
  proposeSlots,
  slotStartsOn,
  visitScript,
  visitWindowFor,
  type BookedVisit,
} from '../../../src-shared/domain/visits';
import { presetById } from '../../../src-shared/domain/deskPresets';
import { DeskProfileSchema, type DeskProfile } from '../../../src-shared/domain/deskProfile';
import { HOUR, fmt, msk } from '../worktime/mskTime';

const isp = presetById('internet-provider') as DeskProfile; // visits 10:30–17:00, 2 crews
const restaurant = presetById('restaurant-integrator') as DeskProfile; // 08:00–18:00, extendedEnd 22:00
const premium: DeskProfile = { ...restaurant, visitWindows: { ...restaurant.visitWindows, extendedTariffs: ['Премиум'] } };

const times = (starts: readonly number[]) => starts.map((s) => fmt(s).slice(11));
const visit = (id: string, slot: string, priority: number, createdAt = 0): BookedVisit => ({ id, slotStart: msk(slot), priority, createdAt });

describe('visit windows and slots (R-VIS-WINDOW)', () => {
  it('R-VIS-WINDOW: the window is 10:30–17:00, or to extendedEnd for the listed tariffs', () => {
    expect(visitWindowFor(isp, 'Домашний')).toEqual({ start: '10:30', end: '17:00' });
    expect(visitWindowFor(premium, 'Премиум')).toEqual({ start: '08:00', end: '22:00' });
    expect(visitWindowFor(premium, 'Базовый')).toEqual({ start: '08:00', end: '18:00' });
    expect(visitWindowFor(premium, null)).toEqual({ start: '08:00', end: '18:00' });
    expect(visitWindowFor(restaurant, 'Премиум')).toEqual({ start: '08:00', end: '18:00' }); // no tariff listed in the preset
  });

  it('R-VIS-WINDOW: 10:30–17:00 gives hourly 2-hour slots and a last one ending at 17:00', () => {
    expect(times(slotStartsOn(RU_CALENDAR, isp, null, '2026-11-24'))).toEqual(['10:30', '11:30', '12:30', '13:30', '14:30', '15:00']);
  });

  it('R-VIS-WINDOW: the 22:00 tariff (seed 000) runs hourly to 20:00; other tariffs end 16:00 (+2 h = 18:00)', () => {
    expect(times(slotStartsOn(RU_CALENDAR, premium, 'Премиум', '2026-11-24'))).toEqual([
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
      '17:00',
      '18:00',
      '19:00',
      '20:00',
    ]);
    expect(times(slotStartsOn(RU_CALENDAR, premium, 'Базовый', '2026-11-24'))).toEqual([
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
    const ispLate: DeskProfile = { ...isp, visitWindows: { ...isp.visitWindows, extendedEnd: '22:00', extendedTariffs: ['Премиум'] } };
    expect(times(slotStartsOn(RU_CALENDAR, ispLate, 'Премиум', '2026-11-24')).slice(-3)).toEqual(['18:30', '19:30', '20:00']);
  });

  it('R-VIS-WINDOW: no slots on holidays, moved days off or weekends; a working Saturday has them', () => {
    expect(slotStartsOn(RU_CALENDAR, isp, null, '2026-01-05')).toEqual([]); // New Year holidays
    expect(slotStartsOn(RU_CALENDAR, isp, null, '2026-01-09')).toEqual([]); // Friday, moved day off
    expect(slotStartsOn(RU_CALENDAR, isp, null, '2026-05-11')).toEqual([]); // Monday, moved from 09.05
    expect(slotStartsOn(RU_CALENDAR, isp, null, '2026-11-21')).toEqual([]); // Saturday
    expect(times(slotStartsOn(RU_CALENDAR, isp, null, '2025-11-01'))).toHaveLength(6); // working Saturday
    expect(times(slotStartsOn(RU_CALENDAR, isp, null, '2027-02-20'))[0]).toBe('10:30'); // working Saturday
    // A shortened pre-holiday day keeps the full visit window.
    expect(times(slotStartsOn(RU_CALENDAR, isp, null, '2026-04-30')).at(-1)).toBe('15:00');
  });

  it('R-VIS-WINDOW: a window shorter than one slot has none; a year without data throws', () => {
    const tiny: DeskProfile = { ...isp, visitWindows: { ...isp.visitWindows, start: '16:00' } };
    expect(slotStartsOn(RU_CALENDAR, tiny, null, '2026-11-24')).toEqual([]);
    expect(() => slotStartsOn(RU_CALENDAR, isp, null, '2028-01-10')).toThrow(CalendarMissingError);
  });
});

describe('ETA, cancellation and the customer script (R-VIS-ETA, R-VIS-CANCEL)', () => {
  it('R-VIS-ETA: the customer hears the slot: centre ± one hour', () => {
    const s = msk('2026-11-24 13:00');
    expect(etaWindow(s)).toEqual({ from: s, to: msk('2026-11-24 15:00') });
    expect(SLOT_MS).toBe(2 * HOUR);
  });

  it('R-VIS-CANCEL: free until one hour before the slot, that instant included; billable after', () => {
    const s = msk('2026-11-24 13:00');
    expect(cancellationTerms(s, msk('2026-11-24 12:00'))).toEqual({ billable: false, freeUntil: msk('2026-11-24 12:00') });
    expect(cancellationTerms(s, msk('2026-11-24 12:00') + 1).billable).toBe(true);
    expect(cancellationTerms(s, msk('2026-11-23 18:00')).billable).toBe(false);
    expect(CANCEL_NOTICE_MS).toBe(HOUR);
  });

  it('R-VIS-ETA, R-VIS-CANCEL: the script line in Russian and English, Moscow time', () => {
    const s = msk('2026-11-24 13:00');
    expect(visitScript('ru', s)).toBe('Мастер приедет 24.11.2026 между 13:00 и 15:00 (МСК). Отменить выезд можно не позднее чем за час — до 12:00.');
    expect(visitScript('en', s)).toBe(
      'The technician will arrive on 24.11.2026 between 13:00 and 15:00 (Moscow time). You can cancel up to one hour before — until 12:00.',
    );
    expect(visitScript('ru', msk('2026-03-02 22:00'))).toContain('02.03.2026 между 22:00 и 24:00');
  });
});

describe('planQueue (R-VIS-QUEUE)', () => {
  const slots = ['2026-11-24 10:30', '2026-11-24 11:30', '2026-11-24 12:30'].map(msk);

  it('R-VIS-QUEUE: a slot with room takes the visit, nobody moves', () => {
    const r = planQueue([visit('a', '2026-11-24 10:30', 3)], visit('new', '2026-11-24 10:30', 3), slots, 2);
    expect(r).toEqual({ accepted: true, moves: [] });
  });

  it('R-VIS-QUEUE: a higher priority moves the lowest-priority, latest-booked visit to the next slot', () => {
    const booked = [visit('early', '2026-11-24 10:30', 3, 1), visit('late', '2026-11-24 10:30', 3, 2)];
    const r = planQueue(booked, visit('urgent', '2026-11-24 10:30', 1, 9), slots, 2);
    expect(r).toEqual({ accepted: true, moves: [{ id: 'late', from: msk('2026-11-24 10:30'), to: msk('2026-11-24 11:30') }] });
    // The lowest priority goes first even when booked earlier.
    const mixed = [visit('p4', '2026-11-24 10:30', 4, 1), visit('p2', '2026-11-24 10:30', 2, 2)];
    expect(planQueue(mixed, visit('urgent', '2026-11-24 10:30', 1), slots, 2).moves.map((m) => m.id)).toEqual(['p4']);
  });

  it('R-VIS-QUEUE: equal or lower priority cannot displace anyone: not accepted', () => {
    const booked = [visit('a', '2026-11-24 10:30', 2), visit('b', '2026-11-24 10:30', 3)];
    expect(planQueue(booked, visit('new', '2026-11-24 10:30', 3), slots, 2)).toEqual({ accepted: false, moves: [] });
    expect(planQueue(booked, visit('new', '2026-11-24 10:30', 4), slots, 2)).toEqual({ accepted: false, moves: [] });
  });

  it('R-VIS-QUEUE: moves cascade; a moved visit that outranks nobody where it arrives tries the next slot', () => {
    const booked = [
      visit('a1', '2026-11-24 10:30', 2),
      visit('a2', '2026-11-24 10:30', 3), // slot 1
      visit('b1', '2026-11-24 11:30', 2),
      visit('b2', '2026-11-24 11:30', 4), // slot 2: a2 (3) displaces b2 (4)
      visit('c1', '2026-11-24 12:30', 1), // slot 3 has room for b2
    ];
    const r = planQueue(booked, visit('new', '2026-11-24 10:30', 1), slots, 2);
    expect(r.accepted).toBe(true);
    expect(r.moves).toEqual([
      { id: 'a2', from: msk('2026-11-24 10:30'), to: msk('2026-11-24 11:30') },
      { id: 'b2', from: msk('2026-11-24 11:30'), to: msk('2026-11-24 12:30') },
    ]);
    const fullOfEquals = [
      visit('a0', '2026-11-24 10:30', 1),
      visit('a1', '2026-11-24 10:30', 3),
      visit('b1', '2026-11-24 11:30', 3),
      visit('b2', '2026-11-24 11:30', 2),
    ];
    // a1 (3) cannot displace b1 (3) or b2 (2): it passes slot 2 and lands in slot 3.
    expect(planQueue(fullOfEquals, visit('new', '2026-11-24 10:30', 1), slots, 2).moves).toEqual([
      { id: 'a1', from: msk('2026-11-24 10:30'), to: msk('2026-11-24 12:30') },
    ]);
  });

  it('R-VIS-QUEUE: no room for the moved visit before the slots run out: not accepted', () => {
    const booked = slots.map((s, i) => ({ id: `v${i}`, slotStart: s, priority: 3, createdAt: 0 }));
    expect(planQueue(booked, visit('new', '2026-11-24 10:30', 1), slots, 1)).toEqual({ accepted: false, moves: [] });
  });

  it('R-VIS-QUEUE: rebooking an existing visit frees its old place; capacity must be a positive integer', () => {
    const booked = [visit('a', '2026-11-24 10:30', 3), visit('b', '2026-11-24 11:30', 3)];
    expect(planQueue(booked, visit('a', '2026-11-24 11:30', 3), slots, 2)).toEqual({ accepted: true, moves: [] });
    expect(() => planQueue(booked, visit('x', '2026-11-24 10:30', 1), slots, 0)).toThrow(RangeError);
  });

  it('R-VIS-QUEUE (property): never over capacity, never moves equal/higher priority, never earlier, each visit at most once', () => {
    const slotStarts = Array.from({ length: 6 }, (_, i) => msk('2026-11-24 10:30') + i * HOUR);
    const arb = fc
      .record({
        capacity: fc.integer({ min: 1, max: 3 }),
        // per booked visit: slot index, priority; trimmed below to respect capacity
        visits: fc.array(
          fc.record({ slot: fc.integer({ min: 0, max: 5 }), priority: fc.integer({ min: 1, max: 4 }), createdAt: fc.integer({ min: 0, max: 1000 }) }),
          { maxLength: 18 },
        ),
        incoming: fc.record({ slot: fc.integer({ min: 0, max: 5 }), priority: fc.integer({ min: 1, max: 4 }) }),
      })
      .map(({ capacity, visits, incoming }) => {
        const count = new Map<number, number>();
        const booked: BookedVisit[] = [];
        visits.forEach((v, i) => {
          const n = count.get(v.slot) ?? 0;
          if (n >= capacity) return;
          count.set(v.slot, n + 1);
          booked.push({ id: `v${i}`, slotStart: slotStarts[v.slot] as number, priority: v.priority, createdAt: v.createdAt });
        });
        return { capacity, booked, incoming: { id: 'new', slotStart: slotStarts[incoming.slot] as number, priority: incoming.priority, createdAt: 2000 } };
      });
    fc.assert(
      fc.property(arb, ({ capacity, booked, incoming }) => {
        const r = planQueue(booked, incoming, slotStarts, capacity);
        if (!r.accepted) return r.moves.length === 0;
        const where = new Map(booked.map((v) => [v.id, v.slotStart]));
        where.set(incoming.id, incoming.slotStart);
        const byId = new Map(booked.map((v) => [v.id, v]));
        const ids = new Set<string>();
        for (const m of r.moves) {
          const v = byId.get(m.id);
          if (!v || ids.has(m.id) || m.from !== v.slotStart || m.to <= m.from || v.priority <= incoming.priority) return false;
          ids.add(m.id);
          where.set(m.id, m.to);
        }
        const load = new Map<number, number>();
        for (const s of where.values()) load.set(s, (load.get(s) ?? 0) + 1);
        return [...load.values()].every((n) => n <= capacity);
      }),
      { numRuns: 500 },
    );
  });
});

describe('proposeSlots (R-VIS-WINDOW, R-VIS-QUEUE)', () => {
  const base = { tariff: null, dueAt: null, priority: 3, booked: [] as BookedVisit[] };

  it('R-VIS-WINDOW: from now + 1 h over the next working days, chronological, with ETA and free places', () => {
    const r = proposeSlots(RU_CALENDAR, isp, { ...base, now: msk('2026-11-24 10:00'), days: 2 });
    expect(r.map((s) => fmt(s.start))).toEqual([
      '2026-11-24 11:30',
      '2026-11-24 12:30',
      '2026-11-24 13:30',
      '2026-11-24 14:30',
      '2026-11-24 15:00',
      '2026-11-25 10:30',
      '2026-11-25 11:30',
      '2026-11-25 12:30',
      '2026-11-25 13:30',
      '2026-11-25 14:30',
      '2026-11-25 15:00',
    ]);
    expect(r[0]).toEqual({
      start: msk('2026-11-24 11:30'),
      end: msk('2026-11-24 13:30'),
      etaFrom: msk('2026-11-24 11:30'),
      etaTo: msk('2026-11-24 13:30'),
      meetsReaction: true,
      free: 2,
      moves: [],
    });
    // Exactly one hour of lead is enough.
    expect(fmt(proposeSlots(RU_CALENDAR, isp, { ...base, now: msk('2026-11-24 09:30'), days: 1 })[0]?.start as number)).toBe('2026-11-24 10:30');
    expect(BOOKING_LEAD_MS).toBe(HOUR);
    expect(proposeSlots(RU_CALENDAR, isp, { ...base, now: msk('2026-11-24 10:00'), days: 0 })).toEqual([]);
  });

  it('R-VIS-WINDOW: days without slots left and days off are skipped (Friday evening → Monday; New Year)', () => {
    const fri = proposeSlots(RU_CALENDAR, isp, { ...base, now: msk('2026-11-20 16:00'), days: 1 });
    expect(fri.map((s) => fmt(s.start))[0]).toBe('2026-11-23 10:30');
    expect(fri).toHaveLength(6);
    const ny = proposeSlots(RU_CALENDAR, isp, { ...base, now: msk('2025-12-30 12:00'), days: 2 });
    expect(ny.map((s) => fmt(s.start))).toEqual([
      '2025-12-30 13:30',
      '2025-12-30 14:30',
      '2025-12-30 15:00',
      '2026-01-12 10:30',
      '2026-01-12 11:30',
      '2026-01-12 12:30',
      '2026-01-12 13:30',
      '2026-01-12 14:30',
      '2026-01-12 15:00',
    ]);
  });

  it('R-VIS-WINDOW: fromDate starts the list later; the 22:00 tariff offers evening slots', () => {
    const r = proposeSlots(RU_CALENDAR, isp, { ...base, now: msk('2026-11-24 10:00'), fromDate: '2026-12-01', days: 1 });
    expect(fmt(r[0]?.start as number)).toBe('2026-12-01 10:30');
    const evening = proposeSlots(RU_CALENDAR, premium, { ...base, tariff: 'Премиум', now: msk('2026-11-24 18:30'), days: 1 });
    expect(evening.map((s) => fmt(s.start).slice(11))).toEqual(['20:00']);
  });

  it('R-SLA-REACT: meetsReaction flags slots starting after the reaction due instant', () => {
    const r = proposeSlots(RU_CALENDAR, isp, { ...base, now: msk('2026-11-24 10:00'), days: 1, dueAt: msk('2026-11-24 13:30') });
    expect(r.map((s) => [fmt(s.start).slice(11), s.meetsReaction])).toEqual([
      ['11:30', true],
      ['12:30', true],
      ['13:30', true],
      ['14:30', false],
      ['15:00', false],
    ]);
  });

  it('R-VIS-QUEUE: a full slot is offered only when the priority displaces someone, with the moves to notify', () => {
    const booked = [visit('a', '2026-11-24 13:30', 3, 1), visit('b', '2026-11-24 13:30', 3, 2), visit('c', '2026-11-24 12:30', 3, 3)];
    const normal = proposeSlots(RU_CALENDAR, isp, { ...base, booked, now: msk('2026-11-24 10:00'), days: 1 });
    expect(normal.map((s) => [fmt(s.start).slice(11), s.free])).toEqual([
      ['11:30', 2],
      ['12:30', 1],
      ['14:30', 2],
      ['15:00', 2],
    ]);
    const urgent = proposeSlots(RU_CALENDAR, isp, { ...base, booked, priority: 1, now: msk('2026-11-24 10:00'), days: 1 });
    const slot = urgent.find((s) => s.start === msk('2026-11-24 13:30'));
    expect(slot).toMatchObject({ free: 0, moves: [{ id: 'b', from: msk('2026-11-24 13:30'), to: msk('2026-11-24 14:30') }] });
  });

  it('R-VIS-QUEUE: visitCrews is the slot capacity; stored profiles without it default to 2', () => {
    const one: DeskProfile = { ...isp, visitCrews: 1 };
    const r = proposeSlots(RU_CALENDAR, one, { ...base, booked: [visit('a', '2026-11-24 11:30', 2)], now: msk('2026-11-24 10:00'), days: 1 });
    expect(r.map((s) => fmt(s.start).slice(11))).toEqual(['12:30', '13:30', '14:30', '15:00']);
    const { visitCrews: _omit, ...stored } = isp;
    expect(DeskProfileSchema.parse(stored).visitCrews).toBe(2);
    expect(DeskProfileSchema.safeParse({ ...isp, visitCrews: 0 }).error?.issues[0]?.message).toBe('visitCrews must be at least 1');
    expect(DeskProfileSchema.safeParse({ ...isp, visitCrews: 1.5 }).error?.issues[0]?.message).toBe('visitCrews must be whole');
  });

  it('R-SLA-HOURS: running into a year without data throws CalendarMissingError', () => {
    expect(() => proposeSlots(RU_CALENDAR, isp, { ...base, now: msk('2027-12-30 10:00'), days: 3 })).toThrow(CalendarMissingError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  MOSCOW_OFFSET,
  MOSCOW_OFFSET_MINUTES,
  MOSCOW_OFFSET_MS,
  endOfMoscowDay,
  formatIsoDate,
  formatMoscow,
  moscowDate,
  moscowInstant,
  moscowIso,
  moscowMidnight,
  moscowParts,
} from '../../../src-shared/worktime/moscow';

// The one Moscow-time module every layer uses (R-SLA-HOURS: the desk works by Moscow time).
describe('Moscow time', () => {
  it('has the fixed offset of UTC+3 (no DST since 2014) in every unit', () => {
    expect(MOSCOW_OFFSET_MS).toBe(10_800_000);
    expect(MOSCOW_OFFSET_MINUTES).toBe(180);
    expect(MOSCOW_OFFSET).toBe('+03:00');
    expect(Date.parse(`2026-11-24T00:00:00${MOSCOW_OFFSET}`)).toBe(moscowMidnight('2026-11-24'));
  });

  it('gives wall-clock parts and the date across the UTC midnight', () => {
    const at = Date.UTC(2026, 4, 14, 22, 30, 5); // 2026-05-15 01:30:05 in Moscow, a Friday
    expect(moscowParts(at)).toEqual({ date: '2026-05-15', year: 2026, month: 5, day: 15, hour: 1, minute: 30, second: 5, isoWeekday: 5, minuteOfDay: 90 });
    expect(moscowDate(at)).toBe('2026-05-15');
    expect(moscowParts(Date.UTC(2026, 10, 29, 12)).isoWeekday).toBe(7); // Sunday is 7
    expect(() => moscowParts(Number.NaN)).toThrow(/invalid date/);
  });

  it('starts and ends a Moscow day at its midnights, refusing a date that does not exist', () => {
    expect(moscowMidnight('2026-01-01')).toBe(Date.UTC(2025, 11, 31, 21));
    expect(endOfMoscowDay('2026-12-31')).toBe(moscowMidnight('2027-01-01'));
    expect(moscowInstant('2026-11-24', '13:30')).toBe(Date.UTC(2026, 10, 24, 10, 30));
    expect(moscowInstant('2026-11-24', '24:00')).toBe(moscowMidnight('2026-11-25'));
    // Date.parse would roll 2026-02-30 over to 2 March; the desk's day arithmetic must not.
    expect(() => moscowMidnight('2026-02-30')).toThrow(/invalid date/);
  });

  it('writes an instant as Moscow ISO with its offset, which parses back to the same instant', () => {
    const at = Date.UTC(2026, 10, 21, 11, 2, 7);
    expect(moscowIso(at)).toBe('2026-11-21T14:02:07+03:00');
    expect(Date.parse(moscowIso(at))).toBe(at);
    expect(moscowIso(Date.UTC(2026, 11, 31, 21))).toBe('2027-01-01T00:00:00+03:00');
  });

  it('formats for Russian screens: dd.mm.yyyy hh:mm and a calendar date without zone', () => {
    expect(formatMoscow(Date.UTC(2026, 10, 21, 11, 2))).toBe('21.11.2026 14:02');
    expect(formatIsoDate('2026-09-24')).toBe('24.09.2026');
    expect(formatIsoDate('not a date')).toBe('not a date');
  });
});

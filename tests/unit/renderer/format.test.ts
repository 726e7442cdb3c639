import { describe, expect, it } from 'vitest';
import { formatCount, formatDateTimeMsk, formatDuration, formatMmSs, formatTimeMsk, parseMmSs } from '../../../src-renderer/lib/format';
import { formatIsoDate } from '../../../src-shared/worktime/moscow';

describe('Russian formats in Moscow time (UX.md)', () => {
  it('formats an instant as DD.MM.YYYY HH:MM in Moscow time, whatever its offset', () => {
    expect(formatDateTimeMsk('2026-11-21T11:02:00Z')).toBe('21.11.2026 14:02');
    expect(formatDateTimeMsk('2026-11-21T14:02:00+03:00')).toBe('21.11.2026 14:02');
    expect(formatDateTimeMsk('2026-11-21T23:30:00-02:00')).toBe('22.11.2026 04:30');
    expect(formatDateTimeMsk(new Date(Date.UTC(2026, 11, 31, 21, 5)))).toBe('01.01.2027 00:05');
  });
  it('keeps unparseable input visible rather than printing "Invalid Date"', () => {
    expect(formatDateTimeMsk('вчера')).toBe('вчера');
  });
  it('formats the Moscow wall clock with a 24-hour day', () => {
    expect(formatTimeMsk('2026-11-21T21:00:00Z')).toBe('00:00');
    expect(formatTimeMsk('2026-11-21T09:07:00Z')).toBe('12:07');
  });
  it('turns an ISO calendar date into DD.MM.YYYY without a zone shift', () => {
    expect(formatIsoDate('2026-09-24')).toBe('24.09.2026');
  });
  it('groups counts with no-break spaces', () => {
    expect(formatCount(1_000_000)).toBe('1\u00a0000\u00a0000');
    expect(formatCount(56)).toBe('56');
  });
  it('formats time left of an import', () => {
    expect(formatDuration(42)).toBe('0:42');
    expect(formatDuration(725)).toBe('12:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(-3)).toBe('0:00');
  });
  it('R-CALL-15: call warning and limit are mm:ss in the profile form', () => {
    expect(formatMmSs(900)).toBe('15:00');
    expect(formatMmSs(780)).toBe('13:00');
    expect(parseMmSs('15:00')).toBe(900);
    expect(parseMmSs(' 5:30 ')).toBe(330);
    expect(parseMmSs('15')).toBe(900);
    expect(parseMmSs('15:60')).toBeNull();
    expect(parseMmSs('13 минут')).toBeNull();
    expect(parseMmSs('')).toBeNull();
  });
});

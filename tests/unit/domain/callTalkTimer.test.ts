import { describe, expect, it } from 'vitest';
import { formatTalkTime, msUntilNextLevel, talkLimitLevel } from '../../../src-shared/domain/talkTimer';
import { DESK_PRESETS } from '../../../src-shared/domain/deskPresets';

const DEFAULT = { warnAtSec: 13 * 60, limitSec: 15 * 60 };

describe('R-CALL-15: talk-time thresholds', () => {
  it('R-CALL-15: none before 13:00, warn from 13:00, limit from 15:00 (defaults)', () => {
    expect(talkLimitLevel(12 * 60_000 + 59_999, DEFAULT)).toBe('none');
    expect(talkLimitLevel(13 * 60_000, DEFAULT)).toBe('warn');
    expect(talkLimitLevel(15 * 60_000 - 1, DEFAULT)).toBe('warn');
    expect(talkLimitLevel(15 * 60_000, DEFAULT)).toBe('limit');
  });

  it('R-CALL-15: the time to the next threshold drives the host timer', () => {
    expect(msUntilNextLevel(0, DEFAULT)).toBe(13 * 60_000);
    expect(msUntilNextLevel(13 * 60_000, DEFAULT)).toBe(2 * 60_000);
    expect(msUntilNextLevel(15 * 60_000, DEFAULT)).toBeNull();
  });

  it('R-CALL-15: a desk profile sets its own thresholds', () => {
    const custom = { warnAtSec: 300, limitSec: 600 };
    expect(talkLimitLevel(299_000, custom)).toBe('none');
    expect(talkLimitLevel(300_000, custom)).toBe('warn');
    expect(talkLimitLevel(600_000, custom)).toBe('limit');
  });

  it('R-CALL-15: every preset warns before its limit', () => {
    for (const p of DESK_PRESETS) expect(p.callLimit.warnAtSec).toBeLessThan(p.callLimit.limitSec);
  });

  it('formats the running timer', () => {
    expect(formatTalkTime(0)).toBe('00:00');
    expect(formatTalkTime(12 * 60_000 + 41_500)).toBe('12:41');
    expect(formatTalkTime(3_725_000)).toBe('1:02:05');
  });
});

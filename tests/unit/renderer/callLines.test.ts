import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Call } from '../../../src-shared/domain/call';
import { displayNumber, endedBetween, endedConsultation, focusCall, hostOffsetMs, splitLines, talkLevel, talkMs } from '../../../src-renderer/shared/callLines';

const T0 = '2026-11-24T10:00:00.000Z';
function mk(p: Partial<Call> & { id: string }): Call {
  return {
    direction: 'inbound',
    remoteNumber: '+79039691445',
    remoteName: null,
    line: null,
    state: 'ringing',
    muted: false,
    onHold: false,
    offeredAt: T0,
    answeredAt: null,
    endedAt: null,
    outcome: null,
    candidates: [],
    contractNo: null,
    verified: false,
    talkLimit: 'none',
    escalatedAt: null,
    atRisk: false,
    transfer: null,
    earlyMedia: false,
    ...p,
  };
}
const LIMIT = { warnAtSec: 13 * 60, limitSec: 15 * 60 };

afterEach(() => {
  vi.useRealTimers();
});

describe('call panel lines', () => {
  it('one active and one held line, ringing calls apart, ended ones gone', () => {
    const calls = [
      mk({ id: 'c', state: 'ringing', offeredAt: '2026-11-24T10:02:00Z' }),
      mk({ id: 'a', state: 'active', answeredAt: T0 }),
      mk({ id: 'h', state: 'held', onHold: true, offeredAt: '2026-11-24T09:58:00Z' }),
      mk({ id: 'e', state: 'ended', outcome: 'answered' }),
    ];
    const l = splitLines(calls);
    expect(l.active?.id).toBe('a');
    expect(l.held?.id).toBe('h');
    expect(l.ringing.map((c) => c.id)).toEqual(['c']);
    expect(l.live.map((c) => c.id)).toEqual(['h', 'a', 'c']);
    expect(focusCall(l)?.id).toBe('c');
    expect(focusCall(splitLines([calls[1] as Call]))?.id).toBe('a');
  });
  it('a dialled call is the active line', () => {
    expect(splitLines([mk({ id: 'o', direction: 'outbound', state: 'dialing' })]).active?.id).toBe('o');
  });
  it('calls that ended or left the snapshot are reported once, in their latest form', () => {
    const prev = [mk({ id: 'a', state: 'active', answeredAt: T0 }), mk({ id: 'b', state: 'ringing' }), mk({ id: 'x', state: 'ended' })];
    const next = [mk({ id: 'a', state: 'ended', answeredAt: T0, outcome: 'answered' })];
    const ended = endedBetween(prev, next);
    expect(ended.map((c) => [c.id, c.state, c.outcome])).toEqual([
      ['a', 'ended', 'answered'],
      ['b', 'ended', null],
    ]);
    expect(endedBetween(next, next)).toEqual([]);
  });
});

describe('a consultation that ended before the attended transfer', () => {
  const customer = mk({ id: 'h', state: 'held', onHold: true, answeredAt: T0 });
  const consult = mk({
    id: 'k',
    direction: 'outbound',
    state: 'ended',
    offeredAt: '2026-11-24T10:01:00Z',
    answeredAt: '2026-11-24T10:01:05Z',
    endedAt: '2026-11-24T10:01:30Z',
    outcome: 'answered',
  });
  it('is found while the customer waits on hold and no other line is up', () => {
    expect(endedConsultation([customer, consult], splitLines([customer, consult]))?.id).toBe('k');
  });
  it('is not: a transferred, unanswered or earlier call; another line up; nobody on hold', () => {
    const only = (c: Call) => endedConsultation([customer, c], splitLines([customer, c]));
    expect(only({ ...consult, outcome: 'transferred' })).toBeNull();
    expect(only({ ...consult, answeredAt: null, outcome: 'cancelled' })).toBeNull();
    expect(only({ ...consult, offeredAt: '2026-11-24T09:59:00Z' })).toBeNull();
    expect(only({ ...consult, direction: 'inbound' })).toBeNull();
    const dialing = mk({ id: 'd', direction: 'outbound', state: 'dialing', offeredAt: '2026-11-24T10:02:00Z' });
    expect(endedConsultation([customer, consult, dialing], splitLines([customer, consult, dialing]))).toBeNull();
    const resumed = { ...customer, state: 'active' as const, onHold: false };
    expect(endedConsultation([resumed, consult], splitLines([resumed, consult]))).toBeNull();
  });
  it('the newest one when there were several', () => {
    const later = { ...consult, id: 'k2', endedAt: '2026-11-24T10:03:00Z' };
    expect(endedConsultation([customer, later, consult], splitLines([customer, later, consult]))?.id).toBe('k2');
  });
});

describe('talk timer on the host clock', () => {
  it('the offset is host minus local time', () => {
    expect(hostOffsetMs('2026-11-24T10:00:05.000Z', Date.parse('2026-11-24T10:00:00.000Z'))).toBe(5000);
    expect(hostOffsetMs('garbage', 0)).toBe(0);
  });
  it('counts from answeredAt, stops at endedAt, nothing before the answer', () => {
    const now = Date.parse('2026-11-24T10:01:00Z');
    expect(talkMs(mk({ id: 'a', answeredAt: T0 }), now, 0)).toBe(60_000);
    expect(talkMs(mk({ id: 'a', answeredAt: T0 }), now, 2_000)).toBe(62_000);
    expect(talkMs(mk({ id: 'a', answeredAt: T0, endedAt: '2026-11-24T10:00:30Z' }), now, 0)).toBe(30_000);
    expect(talkMs(mk({ id: 'r' }), now, 0)).toBeNull();
  });
  it('R-CALL-15: warns at 13:00 and offers the visit at 15:00 of talk (fake timers)', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(T0));
    const c = mk({ id: 'a', state: 'active', answeredAt: T0 });
    const level = () => talkLevel(c.talkLimit, talkMs(c, Date.now(), 0), LIMIT);
    expect(level()).toBe('none');
    vi.advanceTimersByTime(13 * 60_000 - 1);
    expect(level()).toBe('none');
    vi.advanceTimersByTime(1);
    expect(level()).toBe('warn');
    vi.advanceTimersByTime(2 * 60_000 - 1);
    expect(level()).toBe('warn');
    vi.advanceTimersByTime(1);
    expect(level()).toBe('limit');
  });
  it('R-CALL-15: the host level wins when it is further (its event came first), never goes back', () => {
    expect(talkLevel('limit', 1000, LIMIT)).toBe('limit');
    expect(talkLevel('warn', 15 * 60_000, LIMIT)).toBe('limit');
    expect(talkLevel('none', null, LIMIT)).toBe('none');
    expect(talkLevel('warn', 1000, null)).toBe('warn');
  });
  it('R-CALL-15: a desk profile with other thresholds moves the levels', () => {
    const short = { warnAtSec: 60, limitSec: 120 };
    expect(talkLevel('none', 59_999, short)).toBe('none');
    expect(talkLevel('none', 60_000, short)).toBe('warn');
    expect(talkLevel('none', 120_000, short)).toBe('limit');
  });
  it('shows Russian numbers formatted, extensions as they are', () => {
    const fmt = (e: string) => `F(${e})`;
    expect(displayNumber('+79039691445', fmt)).toBe('F(+79039691445)');
    expect(displayNumber('101', fmt)).toBe('101');
    expect(displayNumber('sip:101@pbx', fmt)).toBe('sip:101@pbx');
  });
});

import { describe, expect, it } from 'vitest';
import { AgentStateError, acceptsCalls, initialAgentState, reduceAgent } from '../../../src-shared/domain/agent';

const T = '2026-11-23T10:00:00.000Z';
const at = (sec: number) => new Date(Date.parse(T) + sec * 1000).toISOString();

describe('agent state (pure)', () => {
  it('available → on-call → wrap-up (desk time) → available', () => {
    let s = initialAgentState(T);
    s = reduceAgent(s, { type: 'callUp', at: at(1) });
    expect(s).toMatchObject({ state: 'on-call', since: at(1) });
    s = reduceAgent(s, { type: 'callsDown', at: at(61), answered: true, wrapUpSec: 30 });
    expect(s).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: at(91) });
    s = reduceAgent(s, { type: 'wrapUpDone', at: at(91) });
    expect(s).toMatchObject({ state: 'available', wrapUpEndsAt: null });
  });

  it('an unanswered call needs no wrap-up', () => {
    const s = reduceAgent(reduceAgent(initialAgentState(T), { type: 'callUp', at: at(1) }), { type: 'callsDown', at: at(9), answered: false, wrapUpSec: 30 });
    expect(s.state).toBe('available');
  });

  it('break with a reason, back to available; not while on a call', () => {
    let s = reduceAgent(initialAgentState(T), { type: 'set', at: at(1), state: 'break', reason: 'обед' });
    expect(s).toMatchObject({ state: 'break', reason: 'обед' });
    s = reduceAgent(s, { type: 'set', at: at(2), state: 'available', reason: 'ignored' });
    expect(s).toMatchObject({ state: 'available', reason: null });
    const onCall = reduceAgent(s, { type: 'callUp', at: at(3) });
    expect(() => reduceAgent(onCall, { type: 'set', at: at(4), state: 'break', reason: 'x' })).toThrow(AgentStateError);
  });

  it('the operator may end wrap-up early', () => {
    const wrap = reduceAgent(reduceAgent(initialAgentState(T), { type: 'callUp', at: at(1) }), { type: 'callsDown', at: at(5), answered: true, wrapUpSec: 30 });
    expect(reduceAgent(wrap, { type: 'set', at: at(6), state: 'available', reason: null }).state).toBe('available');
  });

  it('calls are offered when available or on a call (call waiting), never on a third line', () => {
    const available = initialAgentState(T);
    const onCall = reduceAgent(available, { type: 'callUp', at: at(1) });
    const wrap = reduceAgent(onCall, { type: 'callsDown', at: at(2), answered: true, wrapUpSec: 30 });
    const brk = reduceAgent(available, { type: 'set', at: at(1), state: 'break', reason: null });
    expect(acceptsCalls(available, 0)).toBe(true);
    expect(acceptsCalls(onCall, 1)).toBe(true);
    expect(acceptsCalls(onCall, 2)).toBe(false);
    expect(acceptsCalls(available, 2)).toBe(false);
    expect(acceptsCalls(wrap, 0)).toBe(false);
    expect(acceptsCalls(brk, 0)).toBe(false);
  });
});

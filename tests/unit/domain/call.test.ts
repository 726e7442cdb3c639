import { describe, expect, it } from 'vitest';
import { CallTransitionError, endOutcome, newCall, reduceCall, talkMs, waitMs } from '../../../src-shared/domain/call';

const T0 = '2026-11-23T10:00:00.000Z';
const at = (sec: number) => new Date(Date.parse(T0) + sec * 1000).toISOString();
const inbound = (candidates: string[] = []) =>
  newCall({ id: 'c1', direction: 'inbound', remoteNumber: '+79039691445', remoteName: 'Caller', line: '1001', offeredAt: T0, candidates });

describe('call state machine (pure reducer)', () => {
  it('an inbound call rings, is answered, held, resumed and ends', () => {
    let c = inbound();
    expect(c.state).toBe('ringing');
    c = reduceCall(c, { type: 'answered', at: at(12) });
    expect(c).toMatchObject({ state: 'active', answeredAt: at(12) });
    c = reduceCall(c, { type: 'hold', on: true });
    expect(c).toMatchObject({ state: 'held', onHold: true });
    c = reduceCall(c, { type: 'hold', on: false });
    c = reduceCall(c, { type: 'mute', on: true });
    expect(c).toMatchObject({ state: 'active', onHold: false, muted: true });
    c = reduceCall(c, { type: 'ended', at: at(70), outcome: 'answered' });
    expect(c).toMatchObject({ state: 'ended', endedAt: at(70), outcome: 'answered', muted: false });
  });

  it('an outbound call starts dialing', () => {
    const c = newCall({ id: 'o1', direction: 'outbound', remoteNumber: '+74951234567', remoteName: null, line: null, offeredAt: T0, contractNo: 'D-1' });
    expect(c).toMatchObject({ state: 'dialing', contractNo: 'D-1' });
  });

  it('R-ID-PHONE: one candidate is preset, several (a shared phone) are left to the operator', () => {
    expect(inbound(['A-1']).contractNo).toBe('A-1');
    expect(inbound(['A-1', 'B-2'])).toMatchObject({ contractNo: null, candidates: ['A-1', 'B-2'] });
    expect(reduceCall(inbound(), { type: 'candidates', candidates: ['Z-9'] }).contractNo).toBe('Z-9');
  });

  it('refuses impossible transitions with a named error', () => {
    const ringing = inbound();
    expect(() => reduceCall(ringing, { type: 'hold', on: true })).toThrow(CallTransitionError);
    const ended = reduceCall(ringing, { type: 'ended', at: at(5), outcome: 'missed' });
    expect(() => reduceCall(ended, { type: 'answered', at: at(6) })).toThrow(/not possible while the call is ended/);
    // a second end report (BYE and transport loss) keeps the first
    expect(reduceCall(ended, { type: 'ended', at: at(9), outcome: 'interrupted' })).toBe(ended);
  });

  it('identification: verified only with a contract', () => {
    const c = reduceCall(inbound(), { type: 'identified', contractNo: 'A-1', verified: true });
    expect(c).toMatchObject({ contractNo: 'A-1', verified: true });
    expect(reduceCall(c, { type: 'identified', contractNo: null, verified: true })).toMatchObject({ contractNo: null, verified: false });
  });

  it('a transfer result is kept on the call, also after it ended; a call never answered has none', () => {
    const status = { state: 'trying' as const, target: 'sip:2001@pbx:5080', code: null, reason: null };
    expect(inbound().transfer).toBeNull();
    expect(() => reduceCall(inbound(), { type: 'transfer', status })).toThrow(CallTransitionError);
    let c = reduceCall(reduceCall(inbound(), { type: 'answered', at: at(1) }), { type: 'transfer', status });
    expect(c).toMatchObject({ state: 'active', transfer: status });
    c = reduceCall(c, { type: 'ended', at: at(9), outcome: 'transferred' });
    c = reduceCall(c, { type: 'transfer', status: { ...status, state: 'done', code: 200, reason: 'OK' } });
    expect(c).toMatchObject({ state: 'ended', outcome: 'transferred', transfer: { state: 'done', code: 200 } });
  });

  it('early media: an outgoing call still dialing marks it (183 with SDP); the answer clears it; nothing else may', () => {
    const dialing = newCall({ id: 'o1', direction: 'outbound', remoteNumber: '2002', remoteName: null, line: null, offeredAt: T0 });
    expect(dialing.earlyMedia).toBe(false);
    const early = reduceCall(dialing, { type: 'earlyMedia' });
    expect(early).toMatchObject({ state: 'dialing', earlyMedia: true });
    expect(reduceCall(early, { type: 'earlyMedia' })).toBe(early); // a second 183 changes nothing
    expect(reduceCall(early, { type: 'answered', at: at(8) })).toMatchObject({ state: 'active', earlyMedia: false });
    expect(() => reduceCall(inbound(), { type: 'earlyMedia' })).toThrow(CallTransitionError);
    expect(() => reduceCall(reduceCall(dialing, { type: 'answered', at: at(1) }), { type: 'earlyMedia' })).toThrow(CallTransitionError);
  });

  it('R-CALL-15: the first escalation time is kept', () => {
    const c = reduceCall(reduceCall(inbound(), { type: 'answered', at: at(1) }), { type: 'escalated', at: at(900) });
    expect(reduceCall(c, { type: 'escalated', at: at(960) }).escalatedAt).toBe(at(900));
  });
});

describe('end outcomes', () => {
  const answered = { direction: 'inbound' as const, answeredAt: at(3) };
  const unansweredIn = { direction: 'inbound' as const, answeredAt: null };
  const unansweredOut = { direction: 'outbound' as const, answeredAt: null };
  it.each([
    [answered, 'hangup', 'answered'],
    [answered, 'transferred', 'transferred'],
    [answered, 'interrupted', 'interrupted'],
    [unansweredIn, 'remote-cancel', 'missed'],
    [unansweredIn, 'declined', 'declined'],
    [unansweredIn, 'busy', 'busy'],
    [unansweredIn, 'not-offered', 'missed'],
    [unansweredOut, 'local-cancel', 'cancelled'],
    [unansweredOut, 'busy', 'busy'],
    [unansweredOut, 'no-answer', 'no-answer'],
    [unansweredOut, 'failed', 'failed'],
  ] as const)('%o + %s → %s', (call, cause, outcome) => {
    expect(endOutcome(call, cause)).toBe(outcome);
  });
});

describe('R-CALL-WAIT: wait time is part of the call record', () => {
  it('is offered → answered for an answered call', () => {
    expect(waitMs({ offeredAt: T0, answeredAt: at(95), endedAt: at(300) })).toBe(95_000);
  });
  it('is offered → end for a call nobody answered', () => {
    expect(waitMs({ offeredAt: T0, answeredAt: null, endedAt: at(120) })).toBe(120_000);
  });
  it('is unknown while it still rings', () => {
    expect(waitMs({ offeredAt: T0, answeredAt: null, endedAt: null })).toBeNull();
  });
  it('talk time runs from answer to end (hold included), or to now while up', () => {
    expect(talkMs({ answeredAt: at(10), endedAt: at(70) })).toBe(60_000);
    expect(talkMs({ answeredAt: at(10), endedAt: null }, at(25))).toBe(15_000);
    expect(talkMs({ answeredAt: null, endedAt: at(70) })).toBeNull();
  });
});

describe('a call at risk (the PBX stopped answering keep-alives)', () => {
  it('is marked and unmarked while up; an ended call carries no mark and ignores it', () => {
    const up = reduceCall(inbound(), { type: 'answered', at: at(1) });
    const risky = reduceCall(up, { type: 'atRisk', on: true });
    expect(risky.atRisk).toBe(true);
    expect(reduceCall(risky, { type: 'atRisk', on: true })).toBe(risky); // no change, no new object (no event)
    expect(reduceCall(risky, { type: 'atRisk', on: false }).atRisk).toBe(false);
    const ended = reduceCall(risky, { type: 'ended', at: at(5), outcome: 'interrupted' });
    expect(ended.atRisk).toBe(false);
    expect(reduceCall(ended, { type: 'atRisk', on: true })).toBe(ended);
  });
});

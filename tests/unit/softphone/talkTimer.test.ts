import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCallStack, inbound, SINGLE_PHONE } from './fixture';

const T0 = new Date('2026-11-23T10:00:00.000Z');
const MIN = 60_000;

describe('R-CALL-15 in the host: the talk timer on the active call (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function answeredCall() {
    const s = createCallStack();
    const c = s.calls.offer(inbound());
    vi.advanceTimersByTime(5_000);
    s.calls.apply(c.id, { type: 'answered', at: new Date().toISOString() });
    return { s, id: c.id };
  }

  it('R-CALL-15: warns at 13:00 and offers the visit at 15:00 of talk (defaults)', () => {
    const { s, id } = answeredCall();
    vi.advanceTimersByTime(13 * MIN - 1);
    expect(s.calls.get(id)?.talkLimit).toBe('none');
    vi.advanceTimersByTime(1);
    expect(s.calls.get(id)?.talkLimit).toBe('warn');
    expect(s.last()?.calls[0]?.talkLimit).toBe('warn'); // emitted in calls:state
    vi.advanceTimersByTime(2 * MIN - 1);
    expect(s.calls.get(id)?.talkLimit).toBe('warn');
    vi.advanceTimersByTime(1);
    expect(s.calls.get(id)?.talkLimit).toBe('limit');
    expect(s.last()?.calls[0]?.talkLimit).toBe('limit');
    expect(vi.getTimerCount()).toBe(0); // nothing left to wake up for this call
    s.close();
  });

  it('R-CALL-15: hold time counts as talk (the caller is still on the line)', () => {
    const { s, id } = answeredCall();
    s.calls.apply(id, { type: 'hold', on: true });
    vi.advanceTimersByTime(13 * MIN);
    expect(s.calls.get(id)?.talkLimit).toBe('warn');
    s.close();
  });

  it("R-CALL-15: the desk profile's thresholds are honoured", () => {
    const s = createCallStack({ profile: { callLimit: { warnAtSec: 240, limitSec: 300 } } });
    const c = s.calls.offer(inbound());
    s.calls.apply(c.id, { type: 'answered', at: new Date().toISOString() });
    vi.advanceTimersByTime(4 * MIN);
    expect(s.calls.get(c.id)?.talkLimit).toBe('warn');
    vi.advanceTimersByTime(1 * MIN);
    expect(s.calls.get(c.id)?.talkLimit).toBe('limit');
    s.close();
  });

  it('R-CALL-15: the timer stops when the call ends and an unanswered call has none', () => {
    const { s, id } = answeredCall();
    vi.advanceTimersByTime(10 * MIN);
    s.calls.end(id, 'hangup');
    expect(vi.getTimerCount()).toBe(1); // only the wrap-up timer is left
    vi.advanceTimersByTime(20 * MIN);
    expect(s.calls.get(id)?.talkLimit).toBe('none');
    const ringing = s.calls.offer(inbound());
    vi.advanceTimersByTime(20 * MIN);
    expect(s.calls.get(ringing.id)?.talkLimit).toBe('none');
    s.close();
  });

  it('R-CALL-15: one click records the escalation and stores a prefilled visit request', () => {
    const { s, id } = answeredCall();
    vi.advanceTimersByTime(15 * MIN);
    const visit = s.calls.escalate(id, 'Нет линка на ONT после перезагрузки');
    expect(visit).toMatchObject({
      callId: id,
      contractNo: 'D-100',
      holderName: 'Иванов Иван Иванович',
      phone: SINGLE_PHONE,
      address: 'Москва, ул. Ленина, 1, кв. 5',
      notes: 'Нет линка на ONT после перезагрузки',
      status: 'new',
    });
    const escalatedAt = new Date().toISOString();
    expect(s.calls.get(id)?.escalatedAt).toBe(escalatedAt);
    expect(s.repo.get(id)?.escalatedAt).toBe(escalatedAt);
    expect(s.calls.visitRequests()).toEqual([visit]);
    // a second click returns the same request, the escalation time stays
    vi.advanceTimersByTime(10_000);
    expect(s.calls.escalate(id, 'again')).toEqual(visit);
    expect(s.calls.visitRequests()).toHaveLength(1);
    const outbox = s.db.prepare("SELECT name, args FROM outbox WHERE name = 'call.escalate'").all() as { name: string; args: string }[];
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0]?.args ?? '{}')).toMatchObject({ id, at: escalatedAt, visit: { id: visit.id, contractNo: 'D-100' } });
    s.close();
  });

  it('R-CALL-15: escalation with no identified contract still stores the caller and the notes', () => {
    const s = createCallStack();
    const c = s.calls.offer(inbound('+74950000000'));
    s.calls.apply(c.id, { type: 'answered', at: new Date().toISOString() });
    const v = s.calls.escalate(c.id, 'notes');
    expect(v).toMatchObject({ contractNo: null, holderName: null, address: null, phone: '+74950000000', notes: 'notes' });
    s.close();
  });

  it('keeps the phone of the contract when the caller ID is not a phone', () => {
    const s = createCallStack();
    const c = s.calls.offer({ ...inbound('1002'), remoteName: null });
    s.calls.identify(c.id, 'D-100', true);
    expect(s.calls.escalate(c.id, '').phone).toBe(SINGLE_PHONE);
    s.close();
  });
});

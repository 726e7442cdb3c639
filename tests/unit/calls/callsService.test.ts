import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCallStack, inbound, SHARED_PHONE, SINGLE_PHONE } from '../softphone/fixture';
import { wrapUpSecOf } from '../../../src-main/agent/service';
import { presetById, DEFAULT_PRESET_ID } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';

const T0 = new Date('2026-11-23T10:00:00.000Z');

describe('calls service: screen pop, agent state, wrap-up', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('R-ID-PHONE: the ringing call carries every contract on a shared phone, one is preset', () => {
    const s = createCallStack();
    const shared = s.calls.offer(inbound(SHARED_PHONE));
    expect(shared).toMatchObject({ state: 'ringing', candidates: ['D-200', 'D-300'], contractNo: null });
    const single = s.calls.offer(inbound(SINGLE_PHONE));
    expect(single).toMatchObject({ candidates: ['D-100'], contractNo: 'D-100' });
    const unknown = s.calls.offer(inbound('+74950000000'));
    expect(unknown).toMatchObject({ candidates: [], contractNo: null });
    // calls:state went out with the card before anyone answered
    expect(s.snapshots[0]?.calls[0]?.candidates).toEqual(['D-200', 'D-300']);
    expect(s.notifications[0]).toMatch(/^Входящий звонок: Caller · \+7 903 111-22-33\nдоговор D-200, D-300$/);
    s.close();
  });

  it('the SIP leg is attached before calls:state goes out (a listener may act on it at once)', () => {
    const s = createCallStack();
    const order: string[] = [];
    const c = s.calls.offer(inbound(), (call) => order.push(`attach ${call.state} ${s.snapshots.length}`));
    expect(order).toEqual(['attach ringing 0']);
    expect(s.snapshots).toHaveLength(1);
    expect(s.snapshots[0]?.calls[0]?.id).toBe(c.id);
    s.close();
  });

  it('R-CALL-WAIT: the log row exists from the offer, before any answer', () => {
    const s = createCallStack();
    const c = s.calls.offer(inbound());
    expect(s.repo.get(c.id)).toMatchObject({
      offeredAt: T0.toISOString(),
      answeredAt: null,
      endedAt: null,
      outcome: null,
      operator: 'Анна',
      contractNo: 'D-100',
    });
    vi.advanceTimersByTime(42_000);
    s.calls.apply(c.id, { type: 'answered', at: new Date().toISOString() });
    expect(s.repo.get(c.id)?.waitMs).toBe(42_000);
    s.close();
  });

  it('R-CALL-WAIT: the screen pop leaves before the row is written, and the row is committed before offer() returns', () => {
    // The pop's latency (issue 11 item 5): the fsync of the row comes after the event, in the
    // same synchronous turn, so no request on the call (answer, hang-up) can run before the row.
    const rowAtEmit: unknown[] = [];
    const s = createCallStack({ onEmit: (snap) => rowAtEmit.push(snap.calls[0] ? s.repo.get(snap.calls[0].id) : 'no call') });
    const c = s.calls.offer(inbound());
    expect(rowAtEmit).toEqual([null]);
    expect(s.repo.get(c.id)).toMatchObject({ offeredAt: T0.toISOString(), contractNo: 'D-100' });
    s.close();
  });

  it('R-CALL-WAIT: a row that cannot be written takes the popped call back off the screen, and the offer fails', () => {
    const s = createCallStack();
    s.db.exec("CREATE TEMP TRIGGER no_room BEFORE INSERT ON calls BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    expect(() => s.calls.offer(inbound())).toThrow(/disk is full/);
    expect(s.snapshots.map((x) => x.calls.length)).toEqual([1, 0]);
    expect(s.calls.live()).toEqual([]);
    s.close();
  });

  it('agent: on-call while a call is up, wrap-up for the desk time after it, then available', () => {
    const s = createCallStack();
    const c = s.calls.offer(inbound());
    expect(s.agent.state().state).toBe('available'); // ringing is not "on a call"
    s.calls.apply(c.id, { type: 'answered', at: new Date().toISOString() });
    expect(s.agent.state().state).toBe('on-call');
    vi.advanceTimersByTime(60_000);
    s.calls.end(c.id, 'hangup');
    expect(s.agent.state()).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: new Date(T0.getTime() + 90_000).toISOString() });
    expect(s.agent.acceptsCalls(0)).toBe(false);
    vi.advanceTimersByTime(30_000);
    expect(s.agent.state().state).toBe('available');
    expect(s.agentStates.map((a) => a.state)).toEqual(['on-call', 'wrap-up', 'available']);
    s.close();
  });

  it('agent: calls:wrapUp stores code and note and ends wrap-up early', () => {
    const s = createCallStack();
    const c = s.calls.offer(inbound());
    s.calls.apply(c.id, { type: 'answered', at: new Date().toISOString() });
    s.calls.end(c.id, 'hangup');
    const row = s.calls.wrapUp(c.id, 'solved', 'перезагрузили роутер');
    expect(row).toMatchObject({ wrapUpCode: 'solved', note: 'перезагрузили роутер', outcome: 'answered' });
    expect(s.agent.state().state).toBe('available');
    expect(s.calls.snapshot().calls).toEqual([]); // the wrapped-up card leaves the snapshot
    expect(() => s.calls.wrapUp(c.id, 'no-such-code', null)).toThrow(/unknown wrap-up code/);
    s.close();
  });

  it('agent: a missed call needs no wrap-up; break with a reason; not changed during a call', () => {
    const s = createCallStack();
    const c = s.calls.offer(inbound());
    s.calls.end(c.id, 'remote-cancel');
    expect(s.agent.state().state).toBe('available');
    expect(s.repo.get(c.id)?.outcome).toBe('missed');
    expect(s.agent.set('break', 'обучение')).toMatchObject({ state: 'break', reason: 'обучение' });
    expect(s.agent.acceptsCalls(0)).toBe(false);
    s.agent.set('available', null);
    const d = s.calls.offer({ direction: 'outbound', remoteNumber: '+74951234567', remoteName: null, line: null, sipCallId: null });
    expect(s.agent.state().state).toBe('on-call'); // dialing counts as busy
    expect(() => s.agent.set('break', 'x')).toThrow(/on a call/);
    s.calls.end(d.id, 'local-cancel');
    expect(s.repo.get(d.id)?.outcome).toBe('cancelled');
    s.close();
  });

  it('a refused (silent) call is logged but never shown', () => {
    const s = createCallStack();
    const c = s.calls.offer({ ...inbound(), silent: true });
    s.calls.end(c.id, 'busy', { silent: true });
    expect(s.snapshots).toEqual([]);
    expect(s.notifications).toEqual([]);
    expect(s.repo.get(c.id)).toMatchObject({ outcome: 'busy', waitMs: 0 });
    s.close();
  });

  it('keeps at most 5 ended calls in the snapshot', () => {
    const s = createCallStack();
    for (let i = 0; i < 8; i++) s.calls.end(s.calls.offer(inbound()).id, 'remote-cancel');
    expect(s.calls.snapshot().calls).toHaveLength(5);
    s.close();
  });

  it('the wrap-up time defaults to 30 s and follows a profile that sets it', () => {
    const p = presetById(DEFAULT_PRESET_ID) as DeskProfile;
    expect(wrapUpSecOf(p)).toBe(30);
    expect(wrapUpSecOf({ ...p, wrapUpSec: 45 } as DeskProfile)).toBe(45);
  });
});

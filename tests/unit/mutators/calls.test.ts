import { describe, expect, it } from 'vitest';
import {
  callAnswered,
  callEnded,
  callEscalate,
  callIdentify,
  callInterrupted,
  callOffered,
  callWrapUp,
  redirectRecord,
} from '../../../src-shared/mutators/calls';
import { MutationError } from '../../../src-shared/mutators/index';
import { context, fakeStore } from './fakeStore';

const ID = '0190c0de-3333-7000-8000-000000000001';
const T = (s: string) => `2026-11-24T07:${s}.000Z`;
const offered = (over: Record<string, unknown> = {}) =>
  callOffered.args.parse({
    id: ID,
    sipCallId: 'abc@pbx',
    direction: 'inbound',
    remoteNumber: '+79039691445',
    remoteName: 'Иванов',
    line: '1001',
    offeredAt: T('00:00'),
    operator: 'Анна',
    contractNo: 'D-100',
    verified: false,
    ...over,
  });

function offeredStore() {
  const store = fakeStore();
  callOffered.apply(store, offered(), context('2026-11-24 10:00'));
  return store;
}

describe('call-log mutators against an in-memory store (the server replays the same code)', () => {
  it('R-CALL-WAIT: call.offered writes the entry with nothing answered or ended yet; a replay is a no-op, another call with the id a CONFLICT', () => {
    const store = fakeStore();
    expect(callOffered.apply(store, offered(), context('2026-11-24 10:00'))).toEqual({ created: true });
    expect(store.callLog.get(ID)).toEqual({
      id: ID,
      sipCallId: 'abc@pbx',
      direction: 'inbound',
      remoteNumber: '+79039691445',
      remoteName: 'Иванов',
      line: '1001',
      offeredAt: T('00:00'),
      answeredAt: null,
      endedAt: null,
      waitMs: null,
      talkMs: null,
      operator: 'Анна',
      contractNo: 'D-100',
      verified: false,
      outcome: null,
      wrapUpCode: null,
      note: null,
      ticketId: null,
      escalatedAt: null,
      callerStaff: null,
      decisions: [],
    });
    expect(callOffered.apply(store, offered(), context('2026-11-24 10:01'))).toEqual({ created: false });
    expect(() => callOffered.apply(store, offered({ remoteNumber: '+74951234567' }), context('2026-11-24 10:01'))).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/remoteNumber/) }),
    );
    expect(callOffered.reads(offered())).toMatchObject({ calls: [ID] });
  });

  it('call.offered args are the domain shape: camelCase, a boolean verified; the old row shape and over-long PBX text are refused', () => {
    expect(callOffered.args.safeParse({ ...offered(), verified: 1 }).success).toBe(false);
    expect(callOffered.args.safeParse({ ...offered(), remote_number: '+79039691445' }).success).toBe(false);
    expect(callOffered.args.safeParse({ ...offered(), remoteName: 'x'.repeat(161) }).success).toBe(false);
    expect(callOffered.args.safeParse({ ...offered(), remoteName: 'Иванов\u202e' }).success).toBe(false);
  });

  it('R-CALL-WAIT: call.answered sets answeredAt and the wait; unknown calls change nothing', () => {
    const store = offeredStore();
    expect(callAnswered.apply(store, { id: ID, answeredAt: T('01:35'), waitMs: 95_000 }, context('2026-11-24 10:01'))).toEqual({ changed: true });
    expect(store.callLog.get(ID)).toMatchObject({ answeredAt: T('01:35'), waitMs: 95_000, endedAt: null });
    expect(callAnswered.apply(store, { id: 'nope', answeredAt: T('01:35'), waitMs: 1 }, context('2026-11-24 10:01'))).toEqual({ changed: false });
  });

  it('call.ended: the first end wins, a late second end (or an interrupted close) never rewrites it', () => {
    const store = offeredStore();
    const ctx = context('2026-11-24 10:02');
    expect(callEnded.apply(store, { id: ID, endedAt: T('02:00'), outcome: 'missed', waitMs: 120_000, talkMs: null }, ctx)).toEqual({ changed: true });
    expect(callEnded.apply(store, { id: ID, endedAt: T('03:00'), outcome: 'answered', waitMs: 1, talkMs: 2 }, ctx)).toEqual({ changed: false });
    expect(callInterrupted.apply(store, { id: ID, endedAt: T('04:00'), outcome: 'interrupted', waitMs: 1, talkMs: null }, ctx)).toEqual({ changed: false });
    expect(store.callLog.get(ID)).toMatchObject({ endedAt: T('02:00'), outcome: 'missed', waitMs: 120_000, talkMs: null });
  });

  it('call.interrupted closes an open call with outcome interrupted only', () => {
    const store = offeredStore();
    expect(callInterrupted.args.safeParse({ id: ID, endedAt: T('04:00'), outcome: 'missed', waitMs: 1, talkMs: null }).success).toBe(false);
    callInterrupted.apply(store, { id: ID, endedAt: T('04:00'), outcome: 'interrupted', waitMs: 240_000, talkMs: null }, context('2026-11-24 10:04'));
    expect(store.callLog.get(ID)).toMatchObject({ endedAt: T('04:00'), outcome: 'interrupted', waitMs: 240_000 });
  });

  it('call.identify sets the contract and the verification', () => {
    const store = offeredStore();
    callIdentify.apply(store, { id: ID, contractNo: 'D-300', verified: true, callerStaff: null }, context('2026-11-24 10:01'));
    expect(store.callLog.get(ID)).toMatchObject({ contractNo: 'D-300', verified: true });
    expect(callIdentify.apply(store, { id: 'nope', contractNo: null, verified: false, callerStaff: null }, context('2026-11-24 10:01'))).toEqual({
      changed: false,
    });
  });

  it('call.wrapUp stores the code and note and returns the entry; a call not in the log is NOT_FOUND', () => {
    const store = offeredStore();
    expect(callWrapUp.apply(store, { id: ID, code: 'visit-booked', note: 'заявка' }, context('2026-11-24 10:05'))).toMatchObject({
      id: ID,
      wrapUpCode: 'visit-booked',
      note: 'заявка',
    });
    expect(() => callWrapUp.apply(store, { id: 'nope', code: null, note: null }, context('2026-11-24 10:05'))).toThrow(MutationError);
    expect(() => callWrapUp.apply(store, { id: 'nope', code: null, note: null }, context('2026-11-24 10:05'))).toThrow(/call nope is not in the call log/);
  });

  it('R-CALL-15: call.escalate marks the call once and stores one visit request per call', () => {
    const store = offeredStore();
    const visit = {
      id: '0190c0de-3333-7000-8000-0000000000v1',
      callId: ID,
      contractNo: 'D-100',
      holderName: 'Иванов',
      phone: '+79039691445',
      address: 'Москва',
      notes: 'визит',
      createdAt: T('15:00'),
      status: 'new' as const,
    };
    const ctx = context('2026-11-24 10:15');
    expect(callEscalate.apply(store, { id: ID, at: T('15:00'), visit }, ctx)).toEqual(visit);
    const again = { ...visit, id: '0190c0de-3333-7000-8000-0000000000v2', createdAt: T('16:00') };
    expect(callEscalate.apply(store, { id: ID, at: T('16:00'), visit: again }, ctx)).toEqual(visit);
    expect(store.callLog.get(ID)?.escalatedAt).toBe(T('15:00'));
    expect([...store.visitRequests.values()]).toEqual([visit]);
    expect(() => callEscalate.apply(store, { id: 'nope', at: T('15:00'), visit: { ...visit, callId: 'nope' } }, ctx)).toThrow(/not in the call log/);
  });

  it('R-BAL-SCOPE: redirect.record stores the redirect under the mutation id (a replay writes the same row)', () => {
    const store = fakeStore();
    const ctx = context('2026-11-24 10:00');
    const args = {
      contractNo: 'D-100',
      phone: null,
      reason: 'вопрос по счёту',
      redirectLabel: 'Биллинг',
      redirectPhone: '+74950000000',
      recordedAt: T('00:00'),
    };
    expect(redirectRecord.apply(store, args, ctx)).toEqual({ id: ctx.mutationId });
    expect(store.redirects.get(ctx.mutationId)).toEqual({ id: ctx.mutationId, ...args });
    expect(redirectRecord.args.safeParse({ ...args, reason: '' }).success).toBe(false);
  });
});

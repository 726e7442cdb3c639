import { describe, expect, it } from 'vitest';
import { callIdentify, callOffered } from '../../../src-shared/mutators/calls';
import { MutationError, type ContractInfo, type MutationContext } from '../../../src-shared/mutators/index';
import { ticketCreate } from '../../../src-shared/mutators/tickets';
import { visitBook } from '../../../src-shared/mutators/visits';
import { verdictChecks, verdictDemand } from '../../../src-shared/domain/verdict';
import { CONTRACTS, context, fakeStore, msk, preset } from './fakeStore';

const CALL = '0190c0de-4444-7000-8000-000000000001';
const TICKET = '0190c0de-4444-7000-8000-000000000002';
const at = '2026-11-24 10:00';

/** Д-000001 as the directory has it, with a balance (the fake directory's own has none). */
function withStanding(ctx: MutationContext, balanceKopecks: number): MutationContext {
  const base = CONTRACTS['Д-000001'] as ContractInfo;
  const standing = { balanceKopecks, balanceAt: new Date(ctx.now - 3_600_000).toISOString(), debtSince: null, status: 'active' as const };
  return { ...ctx, contract: (no) => (no === 'Д-000001' ? { ...base, standing } : null) };
}

function onCall(ctx: MutationContext, verified: boolean, callerStaff: boolean | null = null) {
  const store = fakeStore();
  callOffered.apply(
    store,
    callOffered.args.parse({
      id: CALL,
      sipCallId: null,
      direction: 'inbound',
      remoteNumber: '+79039691445',
      remoteName: null,
      line: null,
      offeredAt: new Date(ctx.now - 60_000).toISOString(),
      operator: 'Анна',
      contractNo: 'Д-000001',
      verified: false,
    }),
    ctx,
  );
  callIdentify.apply(store, callIdentify.args.parse({ id: CALL, contractNo: 'Д-000001', verified, callerStaff }), ctx);
  return store;
}

const ticket = (over: Record<string, unknown> = {}) =>
  ticketCreate.args.parse({ id: TICKET, type: 'problem', subject: 'Нет интернета', contractNo: 'Д-000001', callId: CALL, ...over });

describe('the verdict travels: the host refuses or records a ticket for a contract that failed the card', () => {
  it('R-ID-CONTRACT: a ticket on a call whose contract is not verified needs a reason, refused in Russian naming the check', () => {
    const ctx = context(at);
    const store = onCall(ctx, false);
    expect(() => ticketCreate.apply(store, ticket(), ctx)).toThrow(
      new MutationError(
        'VALIDATION',
        'Нужна причина: договор не проверен (номер договора и фамилия владельца не подтверждены). Укажите, почему заявка всё же оформляется.',
        undefined,
        { kind: 'verdictReason' },
      ),
    );
    expect(() => ticketCreate.apply(store, ticket({ verdictReason: '   ' }), ctx)).toThrow(MutationError);
    expect(store.tickets.size).toBe(0); // nothing half-written
    expect(store.callLog.get(CALL)?.decisions).toEqual([]);

    ticketCreate.apply(store, ticket({ verdictReason: 'абонент не помнит номер договора, адрес совпал' }), ctx);
    expect(store.events.find((e) => e.kind === 'verdict-override')?.data).toEqual({
      what: 'ticket',
      checks: ['unverified'],
      reason: 'абонент не помнит номер договора, адрес совпал',
      callId: CALL,
      visitId: null,
    });
    expect(store.callLog.get(CALL)?.decisions).toEqual([
      {
        at: new Date(msk(at)).toISOString(),
        what: 'ticket',
        ticketId: TICKET,
        visitId: null,
        contractNo: 'Д-000001',
        verified: false,
        callerStaff: null,
        level: null,
        checks: ['unverified'],
        reason: 'абонент не помнит номер договора, адрес совпал',
      },
    ]);
  });

  it('R-BAL-POSITIVE: a verified caller with a negative balance still needs a reason; with a positive one nothing is asked and the call keeps the verdict', () => {
    const ctx = withStanding(context(at), -123_456);
    const store = onCall(ctx, true);
    expect(() => ticketCreate.apply(store, ticket(), ctx)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('баланс не положительный') }),
    );

    const fine = withStanding(context(at), 50_000);
    const ok = onCall(fine, true);
    ticketCreate.apply(ok, ticket({ verdictReason: 'лишнее' }), fine);
    expect(ok.events.some((e) => e.kind === 'verdict-override')).toBe(false);
    expect(ok.callLog.get(CALL)?.decisions).toMatchObject([{ verified: true, level: 'ok', checks: [], reason: null }]);
  });

  it('a desk profile set to refuse refuses even with a reason (CONFLICT), in the operator language', () => {
    const ctx = { ...withStanding(context(at, preset('001', { unverifiedPolicy: 'refuse' })), -100), locale: 'en' as const };
    const store = onCall(ctx, true);
    expect(() => ticketCreate.apply(store, ticket({ verdictReason: 'очень надо' }), ctx)).toThrow(
      new MutationError('CONFLICT', 'Refused for this contract: the balance is not positive.', undefined, { kind: 'verdictRefused' }),
    );
    expect(store.tickets.size).toBe(0);
  });

  it('visit.book passes the same gate and records the visit on the call', () => {
    const ctx = withStanding(context('2026-11-24 09:00'), -100);
    const store = onCall(ctx, false);
    const args = (over: Record<string, unknown> = {}) =>
      visitBook.args.parse({
        id: '0190c0de-4444-7000-8000-000000000010',
        ticketId: null,
        newTicketId: '0190c0de-4444-7000-8000-000000000011',
        callId: CALL,
        contractNo: 'Д-000001',
        address: 'ул. Тверская, 7',
        responsible: 'Иванов',
        phone: '+79039691445',
        slotStart: new Date(msk('2026-11-25 10:30')).toISOString(),
        ...over,
      });
    expect(() => visitBook.apply(store, args(), ctx)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('не подтверждены); баланс не положительный') }),
    );
    expect(store.visits.size).toBe(0);
    visitBook.apply(store, args({ verdictReason: 'авария на линии, выезд нужен' }), ctx);
    expect(store.callLog.get(CALL)?.decisions).toMatchObject([
      {
        what: 'visit',
        visitId: '0190c0de-4444-7000-8000-000000000010',
        checks: ['unverified', 'balance-not-positive'],
        reason: 'авария на линии, выезд нужен',
      },
    ]);
  });

  it('R-ID-STAFF: on a staff-only desk a caller who is not the customer staff is never verified and gets no ticket, reason or not', () => {
    const saas = preset('002');
    const ctx = context(at, saas);
    const partner = onCall(ctx, true, false);
    expect(partner.callLog.get(CALL)).toMatchObject({ verified: false, callerStaff: false });
    expect(() => ticketCreate.apply(partner, ticket({ verdictReason: 'партнёр просит' }), ctx)).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('поддержка только для сотрудников клиента') }),
    );
    // Unanswered is not verified either; the customer's own staff is.
    expect(onCall(ctx, true, null).callLog.get(CALL)?.verified).toBe(false);
    const staff = onCall(ctx, true, true);
    expect(staff.callLog.get(CALL)).toMatchObject({ verified: true, callerStaff: true });
    ticketCreate.apply(staff, ticket(), ctx);
    expect(staff.callLog.get(CALL)?.decisions).toMatchObject([{ callerStaff: true, checks: [] }]);
    // The rule itself: a partner is refused whatever the desk's policy.
    expect(verdictDemand(verdictChecks({ onCall: true, verified: false, callerStaff: false, staffOnly: true, eligibility: null }), 'reason')).toBe('refuse');
  });

  it('a ticket with no call and no phone typed takes the directory phone of the contract', () => {
    const store = fakeStore();
    ticketCreate.apply(store, ticket({ callId: null }), context(at));
    expect(store.tickets.get(TICKET)?.phone).toBe('+74951234567');
  });
});

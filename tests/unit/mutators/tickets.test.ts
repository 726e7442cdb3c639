import { describe, expect, it } from 'vitest';
import { mutators, MutationError, type MutatorName } from '../../../src-shared/mutators/index';
import { ticketCreate, ticketHandoff, ticketTransition, ticketUpdate } from '../../../src-shared/mutators/tickets';
import { CONTRACTS, context, fakeStore, msk, preset } from './fakeStore';

const ID = '0190c0de-1111-7000-8000-000000000001';
const create = (over: Record<string, unknown> = {}) =>
  ticketCreate.args.parse({ id: ID, type: 'problem', subject: 'Нет интернета', contractNo: 'д-000001', ...over });

describe('ticket mutators against an in-memory store (the server runs the same code)', () => {
  it('R-TKT-ASSIGN, R-SLA-REACT: ticket.create assigns the actor, fills holder and tariff from the contract and starts the tariff clock', () => {
    const store = fakeStore();
    const ctx = context('2026-11-24 10:00');
    const r = ticketCreate.apply(store, create({ phone: '8 903 969-14-45' }), ctx);
    expect(r).toEqual({ ticketId: ID, touched: [ID], created: true });
    const t = store.tickets.get(ID);
    expect(t).toMatchObject({
      number: '42-0001',
      contractNo: 'Д-000001',
      holderName: CONTRACTS['Д-000001']?.holderName,
      tariff: 'Домашний 100',
      assignee: 'Анна',
      phone: '+79039691445',
      queueId: 'support',
      sla: { kind: 'desk', targetMinutes: 480, budgetMs: 480 * 60_000, anchorAt: msk('2026-11-24 10:00'), metAt: null },
      deadline: null,
    });
    expect(store.events).toEqual([expect.objectContaining({ id: `${ctx.mutationId}.0`, ticketId: ID, kind: 'created', actor: 'Анна' })]);
  });

  it('a retried create (same id) changes nothing; `complete` gives the number only to a new ticket', () => {
    const store = fakeStore();
    const args = create();
    const completed = ticketCreate.complete?.(store, args, context('2026-11-24 10:00'));
    expect(completed?.number).toBe('42-0001');
    ticketCreate.apply(store, completed ?? args, context('2026-11-24 10:00'));
    expect(ticketCreate.complete?.(store, args, context('2026-11-24 10:01'))).toBe(args);
    expect(ticketCreate.apply(store, args, context('2026-11-24 10:01'))).toEqual({ ticketId: ID, touched: [], created: false });
    expect(store.events).toHaveLength(1);
    expect(store.tickets.get(ID)?.number).toBe('42-0001');
  });

  it('R-SLA-DUTY: the mutator itself refuses a question in duty hours and runs a fault round the clock', () => {
    const profile = preset('000', { reactionTimes: [{ tariff: '*', minutes: [120, 120, 120, 120], includesWeekends: false }] });
    const store = fakeStore();
    expect(() => ticketCreate.apply(store, create({ type: 'question' }), context('2026-11-27 19:00', profile))).toThrow(
      new MutationError('CONFLICT', 'Дежурный режим: принимаются только аварийные заявки; остальные — с 30.11.2026 08:00 МСК', undefined, {
        kind: 'dutyMode',
        params: { from: '30.11.2026 08:00' },
      }),
    );
    expect(store.tickets.size).toBe(0);
    ticketCreate.apply(store, create(), context('2026-11-27 19:00', profile));
    expect(store.tickets.get(ID)?.sla).toMatchObject({ kind: 'round-the-clock', targetMinutes: 120 });
  });

  it('ticket.transition: TransitionError becomes CONFLICT; waiting pauses, in_progress meets', () => {
    const store = fakeStore();
    ticketCreate.apply(store, create(), context('2026-11-24 10:00'));
    expect(() => ticketTransition.apply(store, ticketTransition.args.parse({ id: ID, to: 'closed' }), context('2026-11-24 10:30'))).toThrow(MutationError);
    ticketTransition.apply(store, ticketTransition.args.parse({ id: ID, to: 'waiting' }), context('2026-11-24 11:00'));
    expect(store.tickets.get(ID)?.sla).toMatchObject({ anchorAt: null, budgetMs: 420 * 60_000 });
    ticketTransition.apply(store, ticketTransition.args.parse({ id: ID, to: 'in_progress' }), context('2026-11-25 10:00'));
    expect(store.tickets.get(ID)?.sla).toMatchObject({ metAt: msk('2026-11-25 10:00'), dueAtMet: msk('2026-11-25 17:00') });
    expect(store.events.at(-1)?.data).toMatchObject({ from: 'waiting', to: 'in_progress', sla: 'resumed-met' });
    try {
      ticketTransition.apply(store, ticketTransition.args.parse({ id: 'nope', to: 'closed' }), context('2026-11-25 10:00'));
    } catch (err) {
      expect(err).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('ticket.update writes nothing when nothing changes; ticket.handoff clears the assignee and extends (R-TKT-HANDOFF, R-SLA-EXT)', () => {
    const store = fakeStore();
    ticketCreate.apply(store, create(), context('2026-11-24 10:00'));
    expect(ticketUpdate.apply(store, ticketUpdate.args.parse({ id: ID, priority: 3, subject: 'Нет интернета' }), context('2026-11-24 10:05')).touched).toEqual(
      [],
    );
    expect(store.events).toHaveLength(1);
    ticketHandoff.apply(store, ticketHandoff.args.parse({ id: ID, queueId: 'repair', reason: 'ремонт', extendMinutes: 60 }), context('2026-11-24 10:10'));
    expect(store.tickets.get(ID)).toMatchObject({ queueId: 'repair', assignee: null, version: 2, sla: { extendedMinutes: 60, budgetMs: 540 * 60_000 } });
    expect(store.events.slice(1).map((e) => e.kind)).toEqual(['handoff', 'sla-extended']);
  });

  it('reads(args) declares every ticket, call, queue and number the mutation touches (what a server preloads)', () => {
    const store = fakeStore();
    store.calls.set('call-1', { id: 'call-1', contractNo: 'Д-000001', remoteNumber: '+79039691445', ticketId: null });
    const other = '0190c0de-1111-7000-8000-000000000002';
    ticketCreate.apply(store, create({ id: other }), context('2026-11-24 10:00'));
    store.read.tickets.clear();
    store.read.queues.clear();
    store.read.numbers = 0;
    // The call was never verified: the verdict gate reads it and wants a reason (issue 11).
    const args = create({ callId: 'call-1', relatedTo: [other], verdictReason: 'абонент назвал только адрес' });
    ticketCreate.apply(store, args, context('2026-11-24 10:00'));
    const declared = ticketCreate.reads(args);
    expect([...store.read.tickets].every((id) => declared.tickets.includes(id))).toBe(true);
    expect([...store.read.calls].every((id) => declared.calls.includes(id))).toBe(true);
    expect([...store.read.queues].every((id) => declared.queues.includes(id))).toBe(true);
    expect(store.read.numbers > 0).toBe(declared.ticketNumber);
  });

  it("the registry: keys are the mutators' names, every one has reads and apply (the call log too), args schemas reject unknown keys", () => {
    for (const [key, m] of Object.entries(mutators)) {
      expect(m.name).toBe(key);
      expect(m.args.safeParse({ definitelyNotAnArg: 1 }).success, key).toBe(false);
    }
    const runnable = Object.entries(mutators)
      .filter(([, m]) => 'apply' in m && 'reads' in m)
      .map(([k]) => k as MutatorName);
    // The call log and the redirects write through named mutators too (one write path).
    expect(runnable.sort()).toEqual(
      [
        'call.answered',
        'call.ended',
        'call.escalate',
        'call.identify',
        'call.interrupted',
        'call.offered',
        'call.wrapUp',
        'redirect.record',
        'claim.answer',
        'claim.create',
        'ticket.assign',
        'ticket.attach',
        'ticket.comment',
        'ticket.create',
        'ticket.extendSla',
        'ticket.handoff',
        'ticket.linkCall',
        'ticket.notified',
        'ticket.transition',
        'ticket.update',
        'visit.act',
        'visit.assign',
        'visit.book',
        'visit.cancel',
        'visit.setStatus',
      ].sort(),
    );
    expect(Object.keys(mutators).filter((k) => !runnable.includes(k as MutatorName))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { MutationError } from '../../../src-shared/mutators/index';
import { claimAnswer, claimCreate } from '../../../src-shared/mutators/claims';
import { endOfMoscowDay } from '../../../src-shared/worktime/moscow';
import { visitBook, visitCancel } from '../../../src-shared/mutators/visits';
import { context, fakeStore, msk } from './fakeStore';

const uuid = (n: number) => `0190c0de-2222-7000-8000-${String(n).padStart(12, '0')}`;
const book = (n: number, over: Record<string, unknown> = {}) =>
  visitBook.args.parse({
    id: uuid(n),
    ticketId: null,
    newTicketId: uuid(100 + n),
    contractNo: 'Д-000001',
    address: 'ул. Тверская, 7',
    responsible: 'Иванов',
    phone: '+79039691445',
    slotStart: new Date(msk('2026-11-25 10:30')).toISOString(),
    ...over,
  });

describe('visit and claim mutators against an in-memory store', () => {
  it('R-VIS-QUEUE: visit.book moves the latest lower-priority visit of a full slot and reports it; reads() covers the slots it planned over', () => {
    const store = fakeStore();
    visitBook.apply(store, book(1), context('2026-11-24 09:00'));
    visitBook.apply(store, book(2), context('2026-11-24 09:01'));
    expect(() => visitBook.apply(store, book(3), context('2026-11-24 09:02'))).toThrow(MutationError);
    store.read.slots.length = 0;
    const args = book(4, { priority: 1 });
    const r = visitBook.apply(store, args, context('2026-11-24 09:03'));
    expect(r.moved).toEqual([{ visitId: uuid(2), ticketId: uuid(102), from: msk('2026-11-25 10:30'), to: msk('2026-11-25 11:30') }]);
    expect(store.visits.get(uuid(2))).toMatchObject({ slotStart: msk('2026-11-25 11:30'), etaFrom: msk('2026-11-25 11:30') });
    const range = visitBook.reads(args).visitSlots;
    expect(range).not.toBeNull();
    expect(store.read.slots.every((s) => s >= (range?.fromMs ?? 0) && s < (range?.toMs ?? 0))).toBe(true);
    expect(store.tickets.get(uuid(104))).toMatchObject({ type: 'visit', queueId: 'field', priority: 1 });
  });

  it('R-VIS-CANCEL: visit.cancel is free until one hour before the slot, billable after', () => {
    const store = fakeStore();
    visitBook.apply(store, book(1), context('2026-11-24 09:00'));
    visitBook.apply(store, book(2), context('2026-11-24 09:00'));
    expect(visitCancel.apply(store, visitCancel.args.parse({ id: uuid(1), reason: 'r' }), context('2026-11-25 09:30')).billable).toBe(false);
    expect(visitCancel.apply(store, visitCancel.args.parse({ id: uuid(2), reason: 'r' }), context('2026-11-25 09:31')).billable).toBe(true);
  });

  it('R-CLAIM: claim.create stores the deadline (14 working days) as the end of that Moscow day; claim.answer meets it', () => {
    const store = fakeStore();
    const args = claimCreate.args.parse({
      id: uuid(1),
      claim: {
        holderName: 'Иванов',
        contractNo: 'Д-000001',
        phone: '+79039691445',
        incident: 'x',
        incidentFrom: '2026-11-20',
        incidentTo: null,
        specialist: '',
        answerVia: 'post',
        answerAddress: 'адрес',
        signed: true,
        receivedOn: '2026-11-24',
      },
    });
    claimCreate.apply(store, args, context('2026-11-24 12:00'));
    expect(store.claims.get(uuid(1))).toMatchObject({ deadline: '2026-12-14', missingYear: null });
    expect(store.tickets.get(uuid(1))).toMatchObject({ sla: null, deadline: { dueMs: endOfMoscowDay('2026-12-14'), metAt: null } });
    expect(endOfMoscowDay('2026-12-14')).toBe(msk('2026-12-15 00:00'));
    claimAnswer.apply(store, claimAnswer.args.parse({ id: uuid(1), answer: 'ответ' }), context('2026-12-01 10:00'));
    expect(store.tickets.get(uuid(1))).toMatchObject({ status: 'resolved', deadline: { metAt: msk('2026-12-01 10:00') } });
  });
});

import { describe, expect, it } from 'vitest';
import { MutationError } from '../../../src-shared/mutators/index';
import { visitAct, visitAssign, visitBook, visitCancel, visitSetStatus } from '../../../src-shared/mutators/visits';
import { context, fakeStore, msk, type FakeStore } from './fakeStore';

const uuid = (n: number) => `0190c0de-3333-7000-8000-${String(n).padStart(12, '0')}`;
const TECH_1 = '0190c0de-4444-7000-8000-000000000001';
const TECH_2 = '0190c0de-4444-7000-8000-000000000002';
const OPERATOR = '0190c0de-4444-7000-8000-000000000003';
const GONE = '0190c0de-4444-7000-8000-000000000004';
const DISABLED = '0190c0de-4444-7000-8000-000000000005';

function desk(): FakeStore {
  const store = fakeStore();
  store.users.set(TECH_1, { id: TECH_1, displayName: 'Пётр Монтёров', role: 'technician', disabled: false });
  store.users.set(TECH_2, { id: TECH_2, displayName: 'Олег Кабелев', role: 'technician', disabled: false });
  store.users.set(OPERATOR, { id: OPERATOR, displayName: 'Анна Операторова', role: 'operator', disabled: false });
  store.users.set(DISABLED, { id: DISABLED, displayName: 'Бывший Техник', role: 'technician', disabled: true });
  visitBook.apply(
    store,
    visitBook.args.parse({
      id: uuid(1),
      ticketId: null,
      newTicketId: uuid(101),
      contractNo: 'Д-000001',
      address: 'ул. Тверская, 7',
      responsible: 'Иванов',
      phone: '+79039691445',
      slotStart: new Date(msk('2026-11-25 10:30')).toISOString(),
    }),
    context('2026-11-24 09:00'),
  );
  return store;
}

const assign = (technicianId: string | null) => visitAssign.args.parse({ id: uuid(1), technicianId });

function refusal(f: () => unknown): MutationError {
  try {
    f();
  } catch (err) {
    if (err instanceof MutationError) return err;
    throw err;
  }
  throw new Error('the mutation was not refused');
}

describe('visit.assign', () => {
  it('a booked visit starts unassigned; assigning records the technician, bumps the ticket and writes the history with the name', () => {
    const store = desk();
    expect(store.visits.get(uuid(1))?.technicianId).toBeNull();
    const before = store.tickets.get(uuid(101))!.version;
    const r = visitAssign.apply(store, assign(TECH_1), context('2026-11-24 09:10', undefined, 'Старшая смены'));
    expect(r).toMatchObject({ visitId: uuid(1), ticketId: uuid(101), touched: [uuid(101)] });
    expect(store.visits.get(uuid(1))?.technicianId).toBe(TECH_1);
    expect(store.tickets.get(uuid(101))!.version).toBe(before + 1);
    expect(store.events.at(-1)).toMatchObject({
      ticketId: uuid(101),
      kind: 'visit-assigned',
      actor: 'Старшая смены',
      data: {
        visitId: uuid(1),
        technicianId: TECH_1,
        technician: 'Пётр Монтёров',
        fromTechnicianId: null,
        slotStart: new Date(msk('2026-11-25 10:30')).toISOString(),
      },
    });
  });

  it('reassigning and unassigning are recorded with the previous technician; the same technician again writes nothing', () => {
    const store = desk();
    visitAssign.apply(store, assign(TECH_1), context('2026-11-24 09:10'));
    visitAssign.apply(store, assign(TECH_2), context('2026-11-24 09:11'));
    expect(store.events.at(-1)?.data).toMatchObject({ technicianId: TECH_2, fromTechnicianId: TECH_1, technician: 'Олег Кабелев' });
    const events = store.events.length;
    const version = store.tickets.get(uuid(101))!.version;
    expect(visitAssign.apply(store, assign(TECH_2), context('2026-11-24 09:12')).touched).toEqual([]);
    expect(store.events.length).toBe(events);
    expect(store.tickets.get(uuid(101))!.version).toBe(version);
    visitAssign.apply(store, assign(null), context('2026-11-24 09:13'));
    expect(store.visits.get(uuid(1))?.technicianId).toBeNull();
    expect(store.events.at(-1)?.data).toMatchObject({ technicianId: null, technician: null, fromTechnicianId: TECH_2 });
  });

  it('only an active technician of the desk is assigned: an operator, a disabled technician and an unknown user are refused with the reason', () => {
    for (const [who, says] of [
      [OPERATOR, 'is a operator, not a technician'],
      [DISABLED, 'is disabled'],
      [GONE, 'is not a user of this desk'],
    ] as const) {
      const store = desk();
      const err = refusal(() => visitAssign.apply(store, assign(who), context('2026-11-24 09:10')));
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toContain(says);
      expect(err.reason?.kind).toBe('notTechnician');
      expect(err.issues?.[0]?.path).toBe('technicianId');
      expect(store.visits.get(uuid(1))?.technicianId).toBeNull();
    }
  });

  it('R-VIS-CANCEL, R-VIS-ACT: a cancelled, done or not-done visit keeps its technician (CONFLICT, visitClosed); en route and on site may be reassigned', () => {
    const cancelled = desk();
    visitCancel.apply(cancelled, visitCancel.args.parse({ id: uuid(1), reason: 'клиент передумал' }), context('2026-11-24 09:05'));
    expect(refusal(() => visitAssign.apply(cancelled, assign(TECH_1), context('2026-11-24 09:10')))).toMatchObject({
      code: 'CONFLICT',
      reason: { kind: 'visitClosed' },
    });

    const done = desk();
    visitAssign.apply(done, assign(TECH_1), context('2026-11-24 09:06'));
    visitSetStatus.apply(done, visitSetStatus.args.parse({ id: uuid(1), status: 'arrived' }), context('2026-11-25 10:40'));
    visitAssign.apply(done, assign(TECH_2), context('2026-11-25 10:45'));
    expect(done.visits.get(uuid(1))?.technicianId).toBe(TECH_2);
    visitSetStatus.apply(done, visitSetStatus.args.parse({ id: uuid(1), status: 'done' }), context('2026-11-25 11:20'));
    visitAct.apply(done, visitAct.args.parse({ id: uuid(1), status: 'signed', signedBy: 'Иванов' }), context('2026-11-25 11:21'));
    expect(refusal(() => visitAssign.apply(done, assign(null), context('2026-11-25 11:30')))).toMatchObject({
      code: 'CONFLICT',
      reason: { kind: 'visitClosed' },
    });
    expect(done.visits.get(uuid(1))?.technicianId).toBe(TECH_2);
  });

  it('an unknown visit is NOT_FOUND; reads() declares the visit and the technician it checks, nothing for an unassign', () => {
    const store = desk();
    expect(refusal(() => visitAssign.apply(store, visitAssign.args.parse({ id: uuid(9), technicianId: TECH_1 }), context('2026-11-24 09:10'))).code).toBe(
      'NOT_FOUND',
    );
    store.read.visits.clear();
    store.read.users.clear();
    visitAssign.apply(store, assign(TECH_1), context('2026-11-24 09:10'));
    expect(visitAssign.reads(assign(TECH_1))).toMatchObject({ visits: [uuid(1)], users: [TECH_1] });
    expect([...store.read.visits]).toEqual([uuid(1)]);
    expect([...store.read.users]).toEqual([TECH_1]);
    expect(visitAssign.reads(assign(null)).users).toEqual([]);
  });

  it('the args schema refuses a technician id that is not a UUID and unknown fields', () => {
    expect(visitAssign.args.safeParse({ id: uuid(1), technicianId: 'tech-1' }).success).toBe(false);
    expect(visitAssign.args.safeParse({ id: uuid(1), technicianId: TECH_1, reason: 'x' }).success).toBe(false);
    expect(visitAssign.args.safeParse({ id: uuid(1) }).success).toBe(false);
  });
});

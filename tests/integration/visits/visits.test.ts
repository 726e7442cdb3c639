import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/tmp';
import { LANDLINE, MOBILE, SHARED, insertCall, iso, msk, newId, openHarness, ticketInput, type Harness } from '../tickets/harness';

type Slot = {
  start: string;
  end: string;
  etaFrom: string;
  etaTo: string;
  meetsReaction: boolean;
  free: number;
  moves: { visitId: string; ticketNumber: string; toStart: string }[];
};

describe('technician visits through the host (R-VIS-*, R-CALL-15)', () => {
  const tmp = useTempDir('tickets-visits-');
  let h: Harness | null = null;
  afterEach(() => {
    h?.close();
    h = null;
  });
  const open = (at = '2026-11-24 09:00') => (h = openHarness(tmp(), { at }));
  const booking = (over: Record<string, unknown> = {}) => ({
    id: newId(),
    ticketId: null,
    callId: null,
    contractNo: 'Д-000001',
    address: 'г. Москва, ул. Тверская, д. 7, кв. 12',
    responsible: 'Иванов Иван Петрович',
    phone: MOBILE,
    intercom: '12К',
    problemLocation: 'роутер в коридоре, кабель из щитка',
    slotStart: iso('2026-11-25 10:30'),
    ...over,
  });

  it('R-CALL-15 + R-VIS-FORM: from an escalated call the form comes prefilled (mobile preferred) with slots in the visit window, in one round trip', async () => {
    const { call, host } = open('2026-11-24 11:00');
    const callId = insertCall(host, { remote: LANDLINE }); // the caller rang from the landline
    await call('calls:escalate', { callId, notes: 'не работает интернет, перезагрузка не помогла' });
    const p = await call('visits:prefill', { callId });
    expect(p.draft).toEqual({
      ticketId: null,
      callId,
      contractNo: 'Д-000001',
      holderName: 'Иванов Иван Петрович',
      tariff: 'Домашний 100',
      address: 'г. Москва, ул. Тверская, д. 7, кв. 12',
      responsible: 'Иванов Иван Петрович',
      phone: MOBILE, // the contract's mobile beats the landline the call came from
      intercom: '',
      problemLocation: '',
      notes: 'не работает интернет, перезагрузка не помогла',
      priority: 3,
    });
    // ISP desk: 8 working hours from 11:00 → due 25.11 11:00 (as if the ticket were created now).
    expect(p.reactionDueAt).toBe(iso('2026-11-25 11:00'));
    expect(p.calendarMissingYear).toBeNull();
    // R-VIS-WINDOW 10:30–17:00, first slot at least an hour ahead: today 12:30, 13:30, 14:30, 15:00.
    expect(p.slots.slice(0, 5).map((s: Slot) => s.start)).toEqual(
      ['2026-11-24 12:30', '2026-11-24 13:30', '2026-11-24 14:30', '2026-11-24 15:00', '2026-11-25 10:30'].map(iso),
    );
    expect(p.slots[0]).toMatchObject({
      end: iso('2026-11-24 14:30'),
      etaFrom: iso('2026-11-24 12:30'),
      etaTo: iso('2026-11-24 14:30'),
      free: 2,
      meetsReaction: true,
      moves: [],
    });
    expect(p.slots.find((s: Slot) => s.start === iso('2026-11-25 11:30')).meetsReaction).toBe(false);
    expect(new Set(p.slots.map((s: Slot) => s.start.slice(0, 10))).size).toBe(5); // five working days
  });

  it("R-ID-PHONE: a call nobody identified is prefilled from the one contract on the caller's number; a shared number picks none", async () => {
    const { call, host } = open('2026-11-24 11:00');
    const single = insertCall(host, { remote: SHARED, contractNo: null });
    expect((await call('visits:prefill', { callId: single })).draft).toMatchObject({
      contractNo: 'Д-000003',
      holderName: 'Сидоров Олег Викторович',
      phone: SHARED,
      address: 'г. Химки, ул. Ленина, д. 3, кв. 45',
    });
    const shared = insertCall(host, { remote: LANDLINE, contractNo: null }); // on contracts 1 and 2
    expect((await call('visits:prefill', { callId: shared })).draft).toMatchObject({
      contractNo: null,
      holderName: null,
      phone: LANDLINE,
      address: '',
      responsible: '',
    });
  });

  it('one click to book: the visit ticket is created in the same mutation, the call linked and its request marked booked', async () => {
    const { call, host, outbox } = open();
    const callId = insertCall(host);
    const request = await call('calls:escalate', { callId, notes: 'выезд' });
    const r = await call('visits:book', booking({ callId, notes: 'выезд' }));
    expect(r.visit).toMatchObject({
      status: 'booked',
      slotStart: iso('2026-11-25 10:30'),
      slotEnd: iso('2026-11-25 12:30'),
      etaFrom: iso('2026-11-25 10:30'),
      etaTo: iso('2026-11-25 12:30'),
      intercom: '12К',
      callId,
      ticketNumber: r.ticket.number,
      act: { status: 'none', signedBy: null, at: null },
    });
    expect(r.ticket).toMatchObject({
      type: 'visit',
      queueId: 'field',
      department: 'Выездная служба',
      contractNo: 'Д-000001',
      holderName: 'Иванов Иван Петрович',
    });
    expect(r.ticket.calls.map((c: { id: string }) => c.id)).toEqual([callId]);
    expect(r.ticket.visits.map((v: { id: string }) => v.id)).toEqual([r.visit.id]);
    expect(r.script).toBe('Мастер приедет 25.11.2026 между 10:30 и 12:30 (МСК). Отменить выезд можно не позднее чем за час — до 09:30.');
    expect(r.moved).toEqual([]);
    expect(host.db.prepare('SELECT status FROM visit_requests WHERE id = ?').get(request.id)).toEqual({ status: 'booked' });
    const rows = outbox().filter((x) => x.name.startsWith('visit.') || x.name.startsWith('ticket.'));
    expect(rows.map((x) => x.name)).toEqual(['visit.book']); // one mutation: ticket + visit + links
    expect(rows[0]?.args).toMatchObject({ id: r.visit.id, newTicketId: r.ticket.id, number: r.ticket.number, callId });
    expect((await call('calls:log', {}))[0]).toMatchObject({ id: callId, ticketId: r.ticket.id });
    // Retrying the same booking returns the same visit and writes nothing.
    const again = await call('visits:book', { ...booking({ callId, notes: 'выезд' }), id: r.visit.id, newTicketId: r.ticket.id });
    expect(again.visit.id).toBe(r.visit.id);
    expect(outbox().filter((x) => x.name === 'visit.book')).toHaveLength(1);
  });

  it('R-VIS-QUEUE: a higher-priority visit takes a full slot, moves the latest lower one and lists whom to notify; an equal one is refused', async () => {
    const { call, fail } = open();
    const a = await call('visits:book', booking({ responsible: 'А' }));
    h!.setNow('2026-11-24 09:05');
    const b = await call('visits:book', booking({ responsible: 'Б', contractNo: 'Д-000002', phone: '+79165550102' }));
    const full = await fail('visits:book', booking({ priority: 3 }));
    expect(full.code).toBe('CONFLICT');
    expect(full.message).toMatch(/^the slot 25\.11\.2026 10:30–12:30 is full: 2 crew\(s\) booked there with the same or higher priority \(3\)/);
    // The proposal already shows the move for a priority-1 visit.
    const prefill = await call('visits:prefill', { ticketId: a.ticket.id, priority: 1 });
    const slot = prefill.slots.find((s: Slot) => s.start === iso('2026-11-25 10:30'));
    expect(slot).toMatchObject({ free: 0, moves: [{ visitId: b.visit.id, ticketNumber: b.ticket.number, toStart: iso('2026-11-25 11:30') }] });
    const urgent = await call('visits:book', booking({ priority: 1, responsible: 'В' }));
    expect(urgent.moved).toEqual([
      {
        visitId: b.visit.id,
        ticketNumber: b.ticket.number,
        holderName: 'Фёдорова Анна Сергеевна',
        phone: '+79165550102',
        fromStart: iso('2026-11-25 10:30'),
        toStart: iso('2026-11-25 11:30'),
        toEtaFrom: iso('2026-11-25 11:30'),
        toEtaTo: iso('2026-11-25 13:30'),
      },
    ]);
    const movedTicket = await call('tickets:get', { id: b.ticket.id });
    expect(movedTicket.visits[0]).toMatchObject({ slotStart: iso('2026-11-25 11:30'), etaFrom: iso('2026-11-25 11:30') });
    expect(movedTicket.history.at(-1)).toMatchObject({
      kind: 'visit-moved',
      data: { visitId: b.visit.id, from: iso('2026-11-25 10:30'), to: iso('2026-11-25 11:30'), byTicket: urgent.ticket.number },
    });
    const day = await call('visits:list', { fromDate: '2026-11-25', toDate: '2026-11-25' });
    expect(day.map((v: { responsible: string; slotStart: string }) => [v.responsible, v.slotStart])).toEqual([
      ['В', iso('2026-11-25 10:30')],
      ['А', iso('2026-11-25 10:30')],
      ['Б', iso('2026-11-25 11:30')],
    ]);
    expect(await fail('visits:book', booking({ slotStart: iso('2026-11-25 10:00') }))).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('is not a visit slot (R-VIS-WINDOW)'),
    });
    expect(await fail('visits:book', booking({ slotStart: iso('2026-11-28 10:30') }))).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('no visits that day'),
    }); // Saturday
  });

  it('R-VIS-CANCEL: cancelling up to one hour before the slot is free, a second later it is billable', async () => {
    const { call, fail } = open();
    const a = await call('visits:book', booking());
    const b = await call('visits:book', booking());
    h!.setNow('2026-11-25 09:30');
    const free = await call('visits:cancel', { id: a.visit.id, reason: 'клиент сам починил' });
    expect(free).toMatchObject({
      billable: false,
      visit: { status: 'cancelled', cancelBillable: false, statusReason: 'клиент сам починил', cancelledAt: iso('2026-11-25 09:30') },
    });
    h!.setNow(msk('2026-11-25 09:30') + 1000);
    const late = await call('visits:cancel', { id: b.visit.id, reason: 'передумал' });
    expect(late).toMatchObject({ billable: true, visit: { cancelBillable: true } });
    expect((await call('tickets:get', { id: b.ticket.id })).history.at(-1)).toMatchObject({
      kind: 'visit-cancelled',
      data: { billable: true, reason: 'передумал' },
    });
    expect(await fail('visits:cancel', { id: b.visit.id, reason: 'ещё раз' })).toMatchObject({ code: 'CONFLICT' });
    expect(await call('visits:list', { fromDate: '2026-11-25', toDate: '2026-11-25' })).toEqual([]);
    expect(await call('visits:list', { fromDate: '2026-11-25', toDate: '2026-11-25', includeCancelled: true })).toHaveLength(2);
  });

  it('R-VIS-ACT: the technician goes en route → arrived → done, the responsible person signs the act; "not done" needs a reason', async () => {
    const { call, fail } = open();
    const v = (await call('visits:book', booking())).visit;
    expect(await fail('visits:act', { id: v.id, status: 'signed', signedBy: 'Иванов' })).toMatchObject({ code: 'CONFLICT' });
    expect(await fail('visits:setStatus', { id: v.id, status: 'done' })).toMatchObject({
      code: 'CONFLICT',
      message: 'a visit cannot go from "booked" to "done"; allowed: en_route, arrived',
    });
    await call('visits:setStatus', { id: v.id, status: 'en_route' });
    h!.setNow('2026-11-25 10:45');
    expect((await call('visits:setStatus', { id: v.id, status: 'arrived' })).status).toBe('arrived');
    expect(await fail('visits:setStatus', { id: v.id, status: 'not_done' })).toMatchObject({
      code: 'VALIDATION',
      message: 'reason: say why the work was not done',
    });
    const done = await call('visits:setStatus', { id: v.id, status: 'done' });
    expect(done.status).toBe('done');
    const act = await call('visits:act', { id: v.id, status: 'signed', signedBy: 'Иванов И. П.' });
    expect(act.act).toEqual({ status: 'signed', signedBy: 'Иванов И. П.', at: iso('2026-11-25 10:45') });
    expect(await fail('visits:act', { id: v.id, status: 'refused', signedBy: 'Иванов И. П.' })).toMatchObject({ code: 'CONFLICT' });
    const t = await call('tickets:get', { id: v.ticketId });
    expect(t.history.map((e: { kind: string }) => e.kind)).toEqual(['created', 'visit-booked', 'visit-status', 'visit-status', 'visit-status', 'act']);
  });

  it('at the end of the calendar data the slots that exist are offered with the missing year named, and can be booked', async () => {
    const { call } = open('2027-12-28 09:00');
    const t = await call('tickets:create', ticketInput());
    const p = await call('visits:prefill', { ticketId: t.id });
    expect(p.calendarMissingYear).toBe(2028);
    expect([...new Set(p.slots.map((s: Slot) => s.start.slice(0, 10)))]).toEqual(['2027-12-28', '2027-12-29', '2027-12-30']); // 31 Dec is a holiday
    const last = p.slots.at(-1) as Slot;
    expect(last.start).toBe(iso('2027-12-30 15:00'));
    const r = await call('visits:book', booking({ ticketId: t.id, slotStart: last.start }));
    expect(r.visit.slotStart).toBe(last.start);
  });

  it('from a ticket: the visit is booked on it (no new ticket), prefilled from the ticket and its contract', async () => {
    const { call } = open('2026-11-24 10:00');
    const t = await call('tickets:create', ticketInput({ phone: null, form: { doing: 'включаю роутер', expected: 'интернет', actual: 'мигает красный' } }));
    const p = await call('visits:prefill', { ticketId: t.id });
    expect(p.draft).toMatchObject({
      ticketId: t.id,
      phone: MOBILE,
      notes: 'Что делаю: включаю роутер\nЧто ожидаю: интернет\nЧто получаю: мигает красный',
      tariff: 'Домашний 100',
    });
    expect(p.reactionDueAt).toBe(t.sla.dueAt);
    const r = await call('visits:book', booking({ ticketId: t.id, slotStart: p.slots[0].start }));
    expect(r.ticket.id).toBe(t.id);
    expect((await call('tickets:list', { view: 'all' })).total).toBe(1);
  });
});

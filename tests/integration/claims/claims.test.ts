import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/tmp';
import { iso, msk, newId, openHarness, type Harness } from '../tickets/harness';

const claim = (over: Record<string, unknown> = {}) => ({
  holderName: 'Иванов Иван Петрович',
  contractNo: 'Д-000001',
  phone: '8 903 969-14-45',
  incident: 'Интернет не работал трое суток, абонплата списана полностью',
  incidentFrom: '2026-11-17',
  incidentTo: '2026-11-19',
  specialist: 'Петров (выездной техник)',
  answerVia: 'email',
  answerAddress: 'ivanov@example.ru',
  signed: true,
  receivedOn: '2026-11-24',
  ...over,
});

describe('written claims (R-CLAIM) through the host', () => {
  const tmp = useTempDir('tickets-claims-');
  let h: Harness | null = null;
  afterEach(() => {
    h?.close();
    h = null;
  });

  it('R-CLAIM: a claim keeps every field, is due 14 working days after receipt, and answering it resolves the ticket', async () => {
    h = openHarness(tmp(), { at: '2026-11-24 12:00' });
    const { call, fail, outbox } = h;
    const t = await call('claims:create', { id: newId(), claim: claim() });
    expect(t).toMatchObject({
      type: 'claim',
      queueId: 'claims',
      department: 'Отдел по работе с претензиями',
      phone: '+79039691445',
      contractNo: 'Д-000001',
      holderName: 'Иванов Иван Петрович',
    });
    expect(t.subject).toBe('Претензия: Интернет не работал трое суток, абонплата списана полностью');
    // 25–27 Nov (3), 30 Nov–4 Dec (5), 7–11 Dec (5), 14 Dec: the 14th working day.
    expect(t.claim).toEqual({ ...claim(), phone: '+79039691445', deadline: '2026-12-14', missingYear: null, answeredAt: null }); // the phone normalized to E.164
    expect(t.sla).toMatchObject({ state: 'running', schedule: 'desk', targetMinutes: null, dueAt: iso('2026-12-15 00:00'), breached: false });
    expect(t.customerMessage).toBe(`Ваша претензия № ${t.number} принята. Ответ — до 14.12.2026.`);
    expect(outbox().at(-1)).toMatchObject({
      name: 'claim.create',
      args: { id: t.id, number: t.number, claim: { receivedOn: '2026-11-24', answerVia: 'email' } },
    });
    h.setNow('2026-12-14 20:00'); // after hours on the last day: no working time left, not yet late
    expect((await call('tickets:get', { id: t.id })).sla).toMatchObject({ state: 'running', remainingMs: 0, breached: false });
    const answered = await call('claims:answer', { id: t.id, answer: 'Перерасчёт за 3 дня выполнен' });
    expect(answered.status).toBe('resolved');
    expect(answered.claim.answeredAt).toBe(iso('2026-12-14 20:00'));
    expect(answered.sla).toMatchObject({ state: 'met', breached: false });
    expect(answered.history.slice(-2).map((e: { kind: string }) => e.kind)).toEqual(['claim-answered', 'status']);
    expect(await fail('claims:answer', { id: t.id, answer: 'ещё раз' })).toMatchObject({ code: 'CONFLICT' });
    expect(await fail('claims:create', { id: newId(), claim: claim({ holderName: ' ' }) })).toMatchObject({ code: 'VALIDATION' });
    // The reply names the field and the kind of problem; the UI words it (issue 11 item 3).
    expect(await fail('claims:create', { id: newId(), claim: claim({ incidentTo: '2026-11-01' }) })).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'claim.incidentTo', kind: 'dateOrder' }],
    });
  });

  it('R-CLAIM: a receipt date after today is refused (the 14 days never start from a future day); an e-mail answer needs an address', async () => {
    h = openHarness(tmp(), { at: '2026-11-24 23:30' });
    const { call, fail, outbox } = h;
    expect(await fail('claims:create', { id: newId(), claim: claim({ receivedOn: '2026-11-25' }) })).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'claim.receivedOn', kind: 'futureDate', params: { today: '2026-11-24' } }],
    });
    expect(await fail('claims:create', { id: newId(), claim: claim({ answerAddress: '' }) })).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'claim.answerAddress', kind: 'required' }],
    });
    expect(await fail('claims:create', { id: newId(), claim: claim({ answerAddress: '8 903 969-14-45' }) })).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'claim.answerAddress', kind: 'email' }],
    });
    expect(outbox()).toEqual([]); // nothing half-written
    // Today (Moscow) is fine, and so is a postal answer or one in person without an e-mail.
    expect((await call('claims:create', { id: newId(), claim: claim({ receivedOn: '2026-11-24' }) })).claim.deadline).toBe('2026-12-14');
    expect((await call('claims:create', { id: newId(), claim: claim({ answerVia: 'in-person', answerAddress: '' }) })).claim.answerVia).toBe('in-person');
  });

  it('R-CLAIM across the New Year holidays, and a late answer is met-late', async () => {
    h = openHarness(tmp(), { at: '2026-12-24 12:00' });
    const t = await h.call('claims:create', { id: newId(), claim: claim({ receivedOn: '2026-12-24' }) });
    // 25, 28, 29, 30 Dec; 31 Dec and 1–8 Jan are holidays; 11–15 and 18–22 Jan 2027.
    expect(t.claim.deadline).toBe('2027-01-22');
    h.setNow(msk('2027-01-23 00:00') + 60_000);
    expect((await h.call('tickets:get', { id: t.id })).sla).toMatchObject({ state: 'breached', breached: true });
    const late = await h.call('claims:answer', { id: t.id, answer: 'ответ' });
    expect(late.sla).toMatchObject({ state: 'met-late', breached: true });
  });

  it('R-CLAIM vs R-SLA-DUTY: a written claim that arrived is recorded even while duty mode takes only faults', async () => {
    h = openHarness(tmp(), { at: '2026-11-27 19:00' });
    await h.useDesk('000');
    expect(await h.fail('tickets:create', { id: newId(), type: 'question', subject: 'вопрос' })).toMatchObject({ code: 'CONFLICT' });
    const t = await h.call('claims:create', { id: newId(), claim: claim({ receivedOn: '2026-11-27' }) });
    expect(t.claim.deadline).toBe('2026-12-17');
  });

  it('a claim whose deadline needs a year without calendar data shows no deadline and the missing year, never a guess', async () => {
    h = openHarness(tmp(), { at: '2027-12-20 12:00' });
    const t = await h.call('claims:create', { id: newId(), claim: claim({ receivedOn: '2027-12-20' }) });
    expect(t.claim).toMatchObject({ deadline: null, missingYear: 2028 });
    expect(t.sla).toMatchObject({ state: 'no-calendar', missingYear: 2028, dueAt: null });
    expect(t.customerMessage).toBe(`Ваша претензия № ${t.number} принята.`);
    expect((await h.call('tickets:list', { view: 'open' })).calendarMissingYears).toEqual([2028]);
  });
});

/**
 * Requests from the renderer are hostile: text fields refuse control and direction
 * characters and have limits, contact phones are phone numbers stored as E.164, and a create
 * re-sent with an existing id is a retry only when its body is the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/tmp';
import { LANDLINE, MOBILE, iso, newId, openHarness, ticketInput, type Harness } from './harness';

const claim = (over: Record<string, unknown> = {}) => ({
  holderName: 'Иванов Иван Петрович',
  contractNo: 'Д-000001',
  phone: '8 903 969-14-45',
  incident: 'Интернет не работал трое суток',
  incidentFrom: '2026-11-17',
  incidentTo: null,
  specialist: '',
  answerVia: 'phone',
  answerAddress: '',
  signed: true,
  receivedOn: '2026-11-24',
  ...over,
});

const booking = (over: Record<string, unknown> = {}) => ({
  id: newId(),
  ticketId: null,
  newTicketId: newId(),
  callId: null,
  contractNo: 'Д-000001',
  address: 'г. Москва, ул. Тверская, д. 7, кв. 12',
  responsible: 'Иванов Иван Петрович',
  phone: MOBILE,
  slotStart: iso('2026-11-25 10:30'),
  ...over,
});

describe('hostile text and phones in ticket, visit and claim requests', () => {
  const tmp = useTempDir('tickets-input-');
  let h: Harness | null = null;
  afterEach(() => {
    h?.close();
    h = null;
  });
  const open = () => (h = openHarness(tmp(), { at: '2026-11-24 09:00' }));
  const rows = (hh: Harness) => (hh.host.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;

  it('refuses NUL, an RTL override and a lone surrogate in names and ticket fields, naming the field and the character', async () => {
    const { fail } = open();
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['tickets:create', ticketInput({ subject: 'Нет\u0000интернета' }), 'subject', 'U+0000'],
      ['tickets:create', ticketInput({ contractNo: 'Д-000001\u202e' }), 'contractNo', 'U+202E'],
      ['tickets:create', ticketInput({ description: 'текст \ud800' }), 'description', 'U+D800'],
      ['tickets:create', ticketInput({ form: { doing: 'a', expected: 'b\u2066', actual: 'c' } }), 'form.expected', 'U+2066'],
      ['claims:create', { id: newId(), claim: claim({ holderName: 'Иванов\u202eвонавИ' }) }, 'claim.holderName', 'U+202E'],
      ['visits:book', booking({ responsible: 'Иванов\u0007' }), 'responsible', 'U+0007'],
    ];
    for (const [channel, input, path, code] of cases) {
      const err = await fail(channel, input);
      expect(err.code, `${channel} ${path}`).toBe('VALIDATION');
      expect(err.message).toContain(path);
      expect(err.message).toContain(code);
    }
    expect(rows(h!)).toBe(0);
    expect(h!.outbox()).toEqual([]);
  });

  it('keeps line breaks in free text but not in one-line fields; refuses text over its limit', async () => {
    const { call, fail } = open();
    const t = await call('tickets:create', ticketInput({ description: 'строка 1\r\nстрока 2\tтаб' }));
    expect(t.description).toBe('строка 1\r\nстрока 2\tтаб');
    expect((await fail('tickets:create', ticketInput({ subject: 'строка 1\nстрока 2' }))).message).toContain('U+000A');
    expect((await fail('tickets:create', ticketInput({ subject: 'я'.repeat(301) }))).message).toMatch(/subject: .*300/);
    expect((await fail('tickets:comment', { id: t.id, text: 'x'.repeat(8001) })).code).toBe('VALIDATION');
  });

  it('R-VIS-FORM: "abc" is not a phone for a ticket, a visit or a claim; a phone in any usual form is stored as E.164', async () => {
    const { call, fail } = open();
    for (const [channel, input, path] of [
      ['tickets:create', ticketInput({ phone: 'abc' }), 'phone'],
      ['visits:book', booking({ phone: 'abc' }), 'phone'],
      ['claims:create', { id: newId(), claim: claim({ phone: '12' }) }, 'claim.phone'],
    ] as const) {
      const err = await fail(channel, input);
      expect(err).toMatchObject({ code: 'VALIDATION' });
      expect(err.message).toContain(`${path}: phone: not a phone number`);
    }
    expect(rows(h!)).toBe(0);
    const t = await call('tickets:create', ticketInput({ phone: '8 (903) 969-14-45' }));
    expect(t.phone).toBe(MOBILE);
    const none = await call('tickets:create', ticketInput({ phone: '  ' }));
    // No phone typed: the directory's phone of the contract (issue 11: «Телефон: нет» no more).
    expect([LANDLINE, MOBILE]).toContain(none.phone);
    const v = await call('visits:book', booking({ phone: '8-903-969-14-45' }));
    expect(v.visit.phone).toBe(MOBILE);
    const c = await call('claims:create', { id: newId(), claim: claim() });
    expect(c.claim.phone).toBe(MOBILE);
    expect(h!.outbox().find((r) => r.name === 'visit.book')?.args).toMatchObject({ phone: MOBILE });
  });

  it('a ticket create re-sent with its id and the same body returns the ticket; another body answers CONFLICT naming the id', async () => {
    const { call, fail, outbox } = open();
    const input = ticketInput({ phone: '8 903 969-14-45', description: 'нет связи' });
    const first = await call('tickets:create', input);
    const again = await call('tickets:create', { ...input, phone: '+79039691445' }); // the same phone, written otherwise
    expect(again).toMatchObject({ id: first.id, number: first.number });
    const err = await fail('tickets:create', { ...input, subject: 'Другая заявка' });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain(String(input.id));
    expect(err.message).toContain('subject');
    expect((await fail('tickets:create', { ...input, type: 'question' })).message).toContain('type');
    expect(outbox().filter((r) => r.name === 'ticket.create')).toHaveLength(1);
    expect((await call('tickets:get', { id: first.id })).subject).toBe(first.subject);
  });

  it('visit.book and claim.create: the same id with another body answers CONFLICT; the same body stays idempotent', async () => {
    const { call, fail, outbox } = open();
    const b = booking();
    const v = await call('visits:book', b);
    expect((await call('visits:book', b)).visit.id).toBe(v.visit.id);
    const vErr = await fail('visits:book', { ...b, responsible: 'Кто-то другой' });
    expect(vErr).toMatchObject({ code: 'CONFLICT' });
    expect(vErr.message).toContain(`visit ${b.id}`);
    expect(vErr.message).toContain('responsible');

    const id = newId();
    await call('claims:create', { id, claim: claim() });
    expect((await call('claims:create', { id, claim: claim() })).id).toBe(id);
    const cErr = await fail('claims:create', { id, claim: claim({ incident: 'совсем другое' }) });
    expect(cErr).toMatchObject({ code: 'CONFLICT' });
    expect(cErr.message).toContain(`claim ${id}`);
    // A plain ticket's id reused for a claim is not a retry either.
    const t = await call('tickets:create', ticketInput());
    expect((await fail('claims:create', { id: t.id, claim: claim() })).code).toBe('CONFLICT');
    expect(outbox().filter((r) => r.name === 'visit.book' || r.name === 'claim.create')).toHaveLength(2);
  });

  it('a ticket written before these checks (a phone kept as typed, a control character in its form) is still shown', async () => {
    const { call, host } = open();
    const c = await call('claims:create', { id: newId(), claim: claim() });
    host.db.prepare("UPDATE claims SET phone = 'abc', holder_name = 'Иванов\u0007' WHERE ticket_id = ?").run(c.id);
    host.db.prepare('UPDATE tickets SET form = ? WHERE id = ?').run(JSON.stringify({ doing: 'a\u0000', expected: '', actual: '' }), c.id);
    const t = await call('tickets:get', { id: c.id });
    expect(t.claim).toMatchObject({ phone: 'abc', holderName: 'Иванов\u0007' });
    expect(t.form).toEqual({ doing: 'a\u0000', expected: '', actual: '' });
  });
});

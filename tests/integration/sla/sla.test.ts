import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/tmp';
import { SHARED, iso, msk, openHarness, ticketInput, type Harness } from '../tickets/harness';

type Row = {
  id: string;
  number: string;
  priority: number;
  sla: { state: string; dueAt: string | null; remainingMs: number | null; missingYear: number | null };
};

describe('SLA clocks and the lists by risk (real SQLite, fixed clock)', () => {
  const tmp = useTempDir('tickets-sla-');
  let h: Harness | null = null;
  afterEach(() => {
    h?.close();
    h = null;
  });
  const open = (at: string) => (h = openHarness(tmp(), { at }));

  it('R-SLA-DUTY: outside hours duty mode refuses non-fault tickets naming when the desk opens, and runs fault tickets round the clock', async () => {
    const { call, fail, useDesk, outbox } = open('2026-11-27 19:00'); // Friday evening
    await useDesk('000', { reactionTimes: [{ tariff: '*', minutes: [240, 240, 240, 240], includesWeekends: false }] });
    expect(await fail('tickets:create', ticketInput({ type: 'question', subject: 'Как выгрузить отчёт?' }))).toEqual({
      code: 'CONFLICT',
      message: 'Дежурный режим: принимаются только аварийные заявки; остальные — с 30.11.2026 08:00 МСК',
      // What the renderer words in the operator's language (the message is for logs).
      reason: { kind: 'dutyMode', params: { from: '30.11.2026 08:00' } },
    });
    expect(await fail('tickets:create', ticketInput({ type: 'maintenance', subject: 'Поменять меню' }))).toMatchObject({ code: 'CONFLICT' });
    const fault = await call('tickets:create', ticketInput({ subject: 'Касса не печатает чеки' }));
    expect(fault.sla).toMatchObject({ state: 'running', schedule: 'round-the-clock', targetMinutes: 240, dueAt: iso('2026-11-27 23:00') });
    expect(fault.history[0].data).toMatchObject({ duty: true, schedule: 'round-the-clock' });
    expect(outbox().filter((r) => r.name === 'ticket.create')).toHaveLength(1); // refusals leave nothing
    // Inside working hours the same desk takes every type on its own schedule.
    h!.setNow('2026-11-30 09:00');
    const q = await call('tickets:create', ticketInput({ type: 'question', subject: 'Как выгрузить отчёт?' }));
    expect(q.sla).toMatchObject({ schedule: 'desk', dueAt: iso('2026-11-30 13:00') });
    await call('settings:setLocale', { locale: 'en' });
    h!.setNow('2026-11-28 12:00'); // Saturday: duty round the clock
    expect((await fail('tickets:create', ticketInput({ type: 'question' }))).message).toBe(
      'Duty mode: only fault tickets are accepted; others from 30.11.2026 08:00 MSK',
    );
  });

  it('R-SLA-REACT + R-SLA-HOURS: the clock skips the 4 November holiday and the short day before it; waiting pauses it, taking it into work meets it', async () => {
    const { call } = open('2026-11-03 16:00'); // Tuesday, shortened pre-holiday day (ends 17:00)
    const plain = await call('tickets:create', ticketInput({ subject: 'без паузы' }));
    // 1 h on the short day, 4 Nov is a holiday, 7 h on Thursday → due Thursday 17:00.
    expect(plain.sla).toMatchObject({ state: 'running', dueAt: iso('2026-11-05 17:00'), remainingMs: 8 * 3_600_000 });
    const t = await call('tickets:create', ticketInput({ subject: 'с паузой' }));
    h!.setNow('2026-11-03 16:30');
    const paused = await call('tickets:transition', { id: t.id, to: 'waiting', reason: 'ждём фото от клиента' });
    expect(paused.sla).toMatchObject({ state: 'paused', dueAt: null, remainingMs: 450 * 60_000 });
    expect(paused.history.at(-1).data).toMatchObject({ sla: 'paused' });
    h!.setNow('2026-11-05 12:00'); // the holiday and the pause cost nothing
    expect((await call('tickets:get', { id: t.id })).sla).toMatchObject({ state: 'paused', remainingMs: 450 * 60_000 });
    expect((await call('tickets:get', { id: plain.id })).sla).toMatchObject({ state: 'running', remainingMs: 5 * 3_600_000 });
    const met = await call('tickets:transition', { id: t.id, to: 'in_progress' });
    // Resumed and met at 12:00 Thursday; it would have run out on Friday 11:30 (6 h Thu + 1.5 h Fri).
    expect(met.sla).toMatchObject({ state: 'met', dueAt: iso('2026-11-06 11:30'), remainingMs: 450 * 60_000, breached: false });
    expect(met.history.at(-1).data).toMatchObject({ from: 'waiting', to: 'in_progress', sla: 'resumed-met' });
    expect(met.customerMessage).toBe(`Ваша заявка № ${met.number} принята.`); // the reaction is done: no deadline to promise
    h!.setNow('2026-11-05 17:30');
    expect((await call('tickets:get', { id: plain.id })).sla).toMatchObject({ state: 'breached', breached: true, remainingMs: -30 * 60_000 });
    h!.setNow('2026-11-06 10:30'); // the rest of Thursday (to 18:00) and Friday from 10:00 count
    expect((await call('tickets:get', { id: plain.id })).sla).toMatchObject({ state: 'breached', remainingMs: -90 * 60_000 });
    const late = await call('tickets:transition', { id: plain.id, to: 'resolved' });
    expect(late.sla).toMatchObject({ state: 'met-late', breached: true });
  });

  it('a year without calendar data is a visible "no-calendar" state and listed in calendarMissingYears, never a guess', async () => {
    const { call, useDesk } = open('2027-12-29 10:00'); // the shipped calendar ends with 2027
    await useDesk('004'); // 24 working hours of 09:00–18:00: 8 h + 9 h in 2027, the rest in 2028
    const t = await call('tickets:create', ticketInput({ type: 'question', subject: 'Терминал не видит сеть' }));
    expect(t.sla).toMatchObject({ state: 'no-calendar', missingYear: 2028, dueAt: null, remainingMs: null, breached: false });
    expect(t.customerMessage).toBe(`Ваша заявка № ${t.number} принята.`);
    const inYear = await call('tickets:create', ticketInput({ type: 'question', subject: 'короткий вопрос' }));
    await call('tickets:transition', { id: inYear.id, to: 'in_progress' });
    const list = await call('tickets:list', { view: 'open' });
    expect(list.calendarMissingYears).toEqual([2028]);
    expect(list.rows.map((r: Row) => r.id)).toEqual([t.id, inYear.id]); // the warning sorts first
    expect(h!.host.db.prepare('SELECT sla_rank, sla_due_ms, sla_missing_year FROM tickets WHERE id = ?').get(t.id)).toEqual({
      sla_rank: 0,
      sla_due_ms: null,
      sla_missing_year: 2028,
    });
  });

  // R-TKT-PRIO changed this order deliberately: priority first (it was the third key after risk).
  it('R-TKT-PRIO, R-SLA-REACT: open views put higher priority ahead, then risk — running by due (breached first), paused by budget left, met — then age', async () => {
    const { call } = open('2026-11-24 10:00');
    const mk = async (subject: string, over: Record<string, unknown> = {}) => (await call('tickets:create', ticketInput({ subject, ...over }))) as Row;
    const old = await mk('давний'); // due 24.11 18:00
    h!.setNow('2026-11-24 12:00');
    const pausedBig = await mk('пауза, много времени'); // paused right away: 8 h left
    await call('tickets:transition', { id: pausedBig.id, to: 'waiting' });
    const young = await mk('свежий', { priority: 4 }); // П4: 8 h, due 25.11 12:00
    const sameDueHighPrio = await mk('свежий, важный', { priority: 1 }); // П1: 2 h, due 24.11 14:00
    expect(young.sla.dueAt).toBe(iso('2026-11-25 12:00'));
    expect(sameDueHighPrio.sla.dueAt).toBe(iso('2026-11-24 14:00'));
    const met = await mk('в работе');
    await call('tickets:transition', { id: met.id, to: 'in_progress' });
    h!.setNow('2026-11-24 17:00');
    const pausedSmall = await mk('пауза, мало времени');
    h!.setNow('2026-11-25 11:00');
    await call('tickets:transition', { id: pausedSmall.id, to: 'waiting' }); // 1 h on 24.11 + 1 h on 25.11 used: 6 h left
    const closed = await mk('отменён');
    await call('tickets:transition', { id: closed.id, to: 'cancelled' });
    const list = await call('tickets:list', { view: 'open' });
    expect(list.rows.map((r: Row) => r.sla.state)).toEqual(['breached', 'breached', 'paused', 'paused', 'met', 'running']);
    expect(list.rows.map((r: Row) => r.id)).toEqual([sameDueHighPrio.id, old.id, pausedSmall.id, pausedBig.id, met.id, young.id]);
    expect(list.total).toBe(6);
    const all = await call('tickets:list', { view: 'all', limit: 2 });
    expect(all.total).toBe(7);
    expect(all.rows.map((r: Row) => r.id)).toEqual([closed.id, pausedSmall.id]); // newest first
    const page2 = await call('tickets:list', { view: 'open', offset: 2, limit: 2 });
    expect(page2.rows.map((r: Row) => r.id)).toEqual([pausedSmall.id, pausedBig.id]);
  });

  it('R-CALL-REPEAT: the list query finds tickets by number, contract, phone in any form and operator; "mine" and queues filter', async () => {
    const { call } = open('2026-11-24 10:00');
    const a = await call('tickets:create', ticketInput({ phone: '+7 (903) 969-14-45' }));
    const b = await call('tickets:create', ticketInput({ contractNo: 'Д-000003', phone: SHARED }));
    await call('tickets:assign', { id: b.id, assignee: 'Борис' });
    const c = await call('tickets:create', ticketInput({ contractNo: 'Д-000002', phone: null }));
    await call('tickets:handoff', { id: c.id, queueId: 'support-2', reason: 'вторая линия' });
    const ids = async (input: Record<string, unknown>) => ((await call('tickets:list', input)).rows as Row[]).map((r) => r.id).sort();
    expect(await ids({ view: 'all', query: a.number })).toEqual([a.id]);
    expect(await ids({ view: 'all', query: 'д-000003' })).toEqual([b.id]);
    for (const form of ['89039691445', '+7 903 969-14-45', '9039691445', '969-14-45']) expect(await ids({ view: 'all', query: form }), form).toEqual([a.id]);
    expect(await ids({ view: 'all', query: 'Борис' })).toEqual([b.id]);
    expect(await ids({ view: 'all', query: 'Анна' })).toEqual([a.id, b.id, c.id].sort()); // created by Анна
    expect(await ids({ view: 'mine' })).toEqual([a.id]); // b → Борис, c handed off (assignee cleared)
    expect(await ids({ view: 'open', queueId: 'support-2' })).toEqual([c.id]);
    expect(await ids({ view: 'all', queueId: 'support' })).toEqual([a.id, b.id].sort());
    await call('tickets:transition', { id: a.id, to: 'cancelled' });
    expect(await ids({ view: 'open', query: a.number })).toEqual([]);
    expect((await call('tickets:list', { view: 'all', query: a.number })).total).toBe(1);
    expect(await ids({ view: 'all', query: 'никто' })).toEqual([]);
  });

  it('R-TKT-PRIO: a priority change moves the reaction due by the difference, keeping the time used', async () => {
    const { call } = open('2026-11-24 10:00');
    const t = (await call('tickets:create', ticketInput({ priority: 3 }))) as Row;
    expect(t.sla.dueAt).toBe(iso('2026-11-24 18:00')); // П3: one working day of 10:00–18:00
    h!.setNow('2026-11-24 11:00');
    const p1 = (await call('tickets:update', { id: t.id, priority: 1 })) as Row;
    expect(p1.sla.dueAt).toBe(iso('2026-11-24 12:00')); // П1: 2 h from 10:00
    expect(p1.sla.remainingMs).toBe(60 * 60_000);
    const p4 = (await call('tickets:update', { id: t.id, priority: 4 })) as Row;
    expect(p4.sla.dueAt).toBe(iso('2026-11-24 18:00'));
  });

  it('R-CALL-REPEAT: the list query finds tickets by the holder’s surname and by subject words (prefix, case and ё folded)', async () => {
    const { call } = open('2026-11-24 10:00');
    const a = await call('tickets:create', ticketInput({ contractNo: 'Д-000002', subject: 'Роутер не раздаёт Wi-Fi' })); // Фёдорова Анна Сергеевна
    const b = await call('tickets:create', ticketInput({ subject: 'Нет интернета после грозы' })); // Иванов Иван Петрович
    const ids = async (query: string) => ((await call('tickets:list', { view: 'all', query })).rows as Row[]).map((r) => r.id).sort();
    for (const q of ['Фёдорова', 'федорова', 'ФЕДОР', 'Фёд']) expect(await ids(q), q).toEqual([a.id]);
    expect(await ids('иванов')).toEqual([b.id]);
    for (const q of ['раздает', 'роутер wi', 'ГРОЗ']) expect(await ids(q), q).toEqual([q === 'ГРОЗ' ? b.id : a.id]);
    // every word must match: a surname with another ticket's subject finds nothing
    expect(await ids('Иванов роутер')).toEqual([]);
    // words typed as FTS syntax are text
    for (const q of ['"', 'NEAR(a b)', 'a*', 'subject:роутер', '^роутер']) expect(Array.isArray(await ids(q)), q).toBe(true);
    // a renamed subject is found by its new words only
    await call('tickets:update', { id: a.id, subject: 'Медленный интернет' });
    expect(await ids('роутер')).toEqual([]);
    expect(await ids('медлен')).toEqual([a.id]);
  });

  it('a desk-profile change recomputes due and order of every open ticket at once', async () => {
    const { call, host, events } = open('2026-11-24 10:00');
    const t = await call('tickets:create', ticketInput());
    expect(t.sla.dueAt).toBe(iso('2026-11-24 18:00'));
    const before = events.length;
    await h!.useDesk('001', {
      workingHours: {
        days: [{ start: '09:00', end: '21:00' }, null, null, null, null, null, null].map((d, i) => (i < 5 ? { start: '09:00', end: '21:00' } : d)),
      },
    });
    expect(host.db.prepare('SELECT sla_due_ms FROM tickets WHERE id = ?').get(t.id)).toEqual({ sla_due_ms: msk('2026-11-24 18:00') });
    const changed = () => events.slice(before).filter((e) => e.event === 'tickets:changed' && (e.payload as { ids: string[] }).ids.length === 0);
    expect(changed()).toHaveLength(0); // nothing moved: nothing to tell
    expect((await call('tickets:get', { id: t.id })).sla.dueAt).toBe(iso('2026-11-24 18:00')); // 10:00 + 8 h, still inside 09–21
    await h!.useDesk('001', { workingHours: { days: [0, 1, 2, 3, 4, 5, 6].map((i) => (i < 5 ? { start: '10:00', end: '14:00' } : null)) } });
    expect(host.db.prepare('SELECT sla_due_ms FROM tickets WHERE id = ?').get(t.id)).toEqual({ sla_due_ms: msk('2026-11-25 14:00') });
    expect(changed()).toHaveLength(1);
    expect((await call('tickets:list', { view: 'open' })).rows[0].sla.dueAt).toBe(iso('2026-11-25 14:00'));
    const r = host.tickets.recomputeSla(new Date(msk('2026-11-26 10:00')));
    expect(r).toMatchObject({ tickets: 1, changed: 0, breached: 1, missingYears: [] });
  });
});

import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { TicketEventKindSchema, type TicketEvent } from '../../../src-shared/ipc/ticketSchemas';
import { describeEvent } from '../../../src-renderer/features/tickets/historyText';
import { ru } from '../../../src-renderer/i18n/ru';
import { en } from '../../../src-renderer/i18n/en';
import type { Translate } from '../../../src-renderer/i18n/types';

const i18n = i18next.createInstance();
await i18n.init({ resources: { ru: { translation: ru }, en: { translation: en } }, lng: 'ru', interpolation: { escapeValue: false }, initAsync: false });
const t: Translate = (k, o) => i18n.t(k, { ...o });
const ev = (kind: TicketEvent['kind'], data: Record<string, unknown>) => describeEvent({ kind, data }, t);
const slot = Date.parse('2026-11-24T13:00:00+03:00');

describe('R-TKT-HISTORY: every event kind in words', () => {
  it('renders each kind of the contract without raw keys or "undefined", even with empty data', () => {
    for (const kind of TicketEventKindSchema.options) {
      const text = describeEvent({ kind, data: {} }, t);
      expect(text.title, kind).not.toMatch(/undefined|null|\bhistory\.|\bticket\./);
      expect(text.title.length, kind).toBeGreaterThan(3);
    }
  });
  it('a code without a label (a newer version, another desk) is shown as is, never as a key path', () => {
    expect(ev('created', { type: 'audit', channel: 'fax' }).title).toBe('Заявка создана: audit · fax');
    expect(ev('status', { from: 'archived', to: 'new', sla: 'frozen' }).title).toBe('Статус: archived → Новая');
    expect(ev('field', { field: 'colour', from: 'red', to: 'blue' }).title).toBe('Изменено «colour»: red → blue');
    expect(ev('field', { field: 'priority', from: 7, to: 'toString' }).title).toBe('Изменено «приоритет»: 7 → toString');
    expect(ev('follow-up', { channel: 'pigeon', text: 'x' }).title).toBe('Дополнение от клиента (pigeon)');
    expect(ev('notified', { via: 'telegraph' }).title).toBe('Клиенту сообщён номер заявки telegraph');
    expect(ev('visit-status', { to: 'teleported' }).title).toBe('Выезд: teleported');
  });
  it('creation, status, fields, comments and follow-ups as the mutators record them', () => {
    expect(ev('created', { number: '37-0001', type: 'problem', channel: 'phone' }).title).toBe('Заявка создана: Проблема · Телефон');
    expect(ev('status', { from: 'new', to: 'waiting', reason: 'ждём фото', sla: 'paused' })).toEqual({
      title: 'Статус: Новая → Ждёт клиента · часы реакции на паузе',
      detail: 'ждём фото',
    });
    expect(ev('field', { field: 'priority', from: 3, to: 1 }).title).toBe('Изменено «приоритет»: П3 → П1');
    expect(ev('comment', { text: 'Перезвонили' })).toEqual({ title: 'Комментарий', detail: 'Перезвонили' });
    expect(ev('follow-up', { text: 'Ещё не работает', channel: 'email' })).toEqual({ title: 'Дополнение от клиента (Эл. почта)', detail: 'Ещё не работает' });
  });
  it('R-TKT-HANDOFF, R-SLA-EXT, R-TKT-NOTIFY, R-TKT-DEDUP, attachments and assignment', () => {
    // «Передана: …» needs no grammatical case; the queue's name, never its id (`repair`, `support-2`).
    expect(ev('handoff', { toQueue: 'repair', toDepartment: 'Сервисный центр (ремонт)', reason: 'замена платы' })).toEqual({
      title: 'Передана: Сервисный центр (ремонт)',
      detail: 'замена платы',
    });
    const names = (id: string) => ({ 'support-2': 'Техподдержка, 2-я линия' })[id] ?? null;
    expect(describeEvent({ kind: 'handoff', data: { toQueue: 'support-2', toDepartment: 'Техническая поддержка' } }, t, 'ru', names).title).toBe(
      'Передана: Техподдержка, 2-я линия',
    );
    expect(ev('sla-extended', { minutes: 90, reason: 'ждём партнёра' })).toEqual({ title: 'Время реакции продлено на 1 ч 30 мин', detail: 'ждём партнёра' });
    expect(ev('notified', { via: 'sms', number: '37-0001' }).title).toBe('Клиенту сообщён номер заявки в SMS');
    expect(ev('duplicate-linked', { ticketId: 'x', number: '37-0002' }).title).toBe('Связана с заявкой № 37-0002');
    expect(ev('attachment', { name: 'чек.jpg', size: 10 }).title).toBe('Приложен файл «чек.jpg»');
    expect(ev('assigned', { from: null, to: 'Смирнова' }).title).toBe('Назначена: Смирнова');
    expect(ev('assigned', { from: 'Смирнова', to: null }).title).toBe('Назначение снято');
  });
  it('R-VIS-*: visits with Moscow times from epoch-ms data, cancellation billing and the act', () => {
    expect(ev('visit-booked', { slotStart: slot, etaFrom: slot, etaTo: slot + 2 * 3_600_000 }).title).toBe('Назначен выезд мастера: 24.11.2026 13:00–15:00');
    expect(
      ev('visit-moved', { from: slot, to: slot + 2 * 3_600_000, etaFrom: slot + 2 * 3_600_000, etaTo: slot + 4 * 3_600_000, byTicket: '37-0009' }),
    ).toEqual({
      title: 'Выезд перенесён: 24.11.2026 13:00 → 24.11.2026 15:00–17:00',
      detail: 'место занял выезд более высокого приоритета (заявка № 37-0009)',
    });
    expect(ev('visit-status', { from: 'booked', to: 'not_done', reason: 'никого нет' })).toEqual({ title: 'Выезд: не выполнен', detail: 'никого нет' });
    expect(ev('visit-cancelled', { billable: true, reason: 'передумал', slotStart: slot }).title).toBe(
      'Выезд отменён менее чем за час — платно · 24.11.2026 13:00',
    );
    // visit.assign: the technician's name as recorded then; an unassign says so.
    const tech = '0190c0de-4444-7000-8000-000000000001';
    expect(ev('visit-assigned', { visitId: 'v', slotStart: new Date(slot).toISOString(), technicianId: tech, technician: 'Пётр Монтёров' }).title).toBe(
      'Выезд 24.11.2026 13:00 назначен технику Пётр Монтёров',
    );
    expect(
      ev('visit-assigned', { visitId: 'v', slotStart: new Date(slot).toISOString(), technicianId: null, technician: null, fromTechnicianId: tech }).title,
    ).toBe('С выезда 24.11.2026 13:00 снято назначение техника');
    expect(ev('visit-assigned', { technicianId: tech }).title).toBe('Выезд назначен технику —');
    expect(ev('act', { status: 'signed', signedBy: 'Иванов И. П.' }).title).toBe('Акт выполненных работ подписан: Иванов И. П.');
    expect(ev('act', { status: 'refused', signedBy: 'Иванов И. П.' }).title).toBe('Отказ от подписи акта: Иванов И. П.');
  });
  it('a ticket the desk server renumbered keeps its old number in the history (issue 12 item 3)', () => {
    expect(ev('renumbered', { from: '17-000123', to: '05-0042' })).toEqual({
      title: 'Номер изменён: 17-000123 → 05-0042',
      detail: 'номер 17-000123 на сервере уже был у другой заявки',
    });
    expect(describeEvent({ kind: 'renumbered', data: { from: '17-000123', to: '05-0042' } }, (k, o) => i18n.t(k, { ...o, lng: 'en' }), 'en').title).toBe(
      'Number changed: 17-000123 → 05-0042',
    );
  });
  it('English too', () => {
    expect(describeEvent({ kind: 'status', data: { from: 'new', to: 'in_progress' } }, (k, o) => i18n.t(k, { ...o, lng: 'en' }), 'en').title).toBe(
      'Status: New → In progress',
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { KeyInput } from '../../../src-renderer/lib/keys';
import { applyListAction, listKey, locate, PAGE_SIZE, pagesFor, ticketsTabKey } from '../../../src-renderer/features/tickets/listModel';
import { followUpText, formatBytes } from '../../../src-renderer/features/tickets/ticketText';
import { issuesByField } from '../../../src-renderer/lib/inputIssue';

const key = (k: Partial<KeyInput> & { key: string }): KeyInput => ({ ctrlKey: false, metaKey: false, altKey: false, target: 'other', ...k });

describe('virtualized ticket list paging', () => {
  it('fetches only the pages holding the rows on screen (100–200 rows per request)', () => {
    expect(PAGE_SIZE).toBeGreaterThanOrEqual(100);
    expect(PAGE_SIZE).toBeLessThanOrEqual(200);
    expect(pagesFor(0, 20)).toEqual([0]);
    expect(pagesFor(95, 115, 100)).toEqual([0, 1]);
    expect(pagesFor(99_980, 99_999, 100)).toEqual([999]);
    expect(pagesFor(5, 4)).toEqual([]);
    expect(pagesFor(0, -1)).toEqual([]);
  });
  it('locates a row in its page', () => {
    expect(locate(0, 100)).toEqual({ page: 0, offset: 0 });
    expect(locate(12_345, 100)).toEqual({ page: 123, offset: 45 });
  });
});

describe('ticket list keys (UX.md: next/previous ticket by key)', () => {
  it('↑/↓ and k/j move, also by physical key on the Russian layout', () => {
    expect(listKey(key({ key: 'ArrowDown' }))).toEqual({ type: 'move', delta: 1 });
    expect(listKey(key({ key: 'ArrowUp' }))).toEqual({ type: 'move', delta: -1 });
    expect(listKey(key({ key: 'j', code: 'KeyJ' }))).toEqual({ type: 'move', delta: 1 });
    expect(listKey(key({ key: 'л', code: 'KeyK' }))).toEqual({ type: 'move', delta: -1 });
  });
  it('PgUp/PgDn, Home/End and Enter; nothing with modifiers', () => {
    expect(listKey(key({ key: 'PageDown' }))).toEqual({ type: 'page', direction: 1 });
    expect(listKey(key({ key: 'Home' }))).toEqual({ type: 'home' });
    expect(listKey(key({ key: 'End' }))).toEqual({ type: 'end' });
    expect(listKey(key({ key: 'Enter' }))).toEqual({ type: 'open' });
    expect(listKey(key({ key: 'ArrowDown', ctrlKey: true }))).toBeNull();
    expect(listKey(key({ key: 'j', code: 'KeyJ', target: 'text' }))).toBeNull();
  });
  it('moves the selection within the list', () => {
    expect(applyListAction(-1, { type: 'move', delta: 1 }, 100_000, 12)).toBe(0);
    expect(applyListAction(-1, { type: 'move', delta: -1 }, 100_000, 12)).toBe(99_999);
    expect(applyListAction(5, { type: 'move', delta: -1 }, 10, 12)).toBe(4);
    expect(applyListAction(9, { type: 'move', delta: 1 }, 10, 12)).toBe(9);
    expect(applyListAction(0, { type: 'page', direction: 1 }, 100_000, 12)).toBe(11);
    expect(applyListAction(3, { type: 'page', direction: -1 }, 100_000, 12)).toBe(0);
    expect(applyListAction(3, { type: 'end' }, 100_000, 12)).toBe(99_999);
    expect(applyListAction(3, { type: 'home' }, 100_000, 12)).toBe(0);
    expect(applyListAction(3, { type: 'home' }, 0, 12)).toBe(-1);
  });
  it('`n` opens a new ticket only on the tab and outside fields; Alt+5 shows the tab', () => {
    expect(ticketsTabKey(key({ key: 'n', code: 'KeyN' }), true)).toEqual({ type: 'new' });
    expect(ticketsTabKey(key({ key: 'т', code: 'KeyN' }), true)).toEqual({ type: 'new' });
    expect(ticketsTabKey(key({ key: 'n', code: 'KeyN' }), false)).toBeNull();
    expect(ticketsTabKey(key({ key: 'n', code: 'KeyN', target: 'text' }), true)).toBeNull();
    expect(ticketsTabKey(key({ key: 'n', code: 'KeyN', ctrlKey: true }), true)).toBeNull();
    expect(ticketsTabKey(key({ key: '5', code: 'Digit5', altKey: true }), false)).toEqual({ type: 'tab' });
  });
});

describe('ticket text helpers', () => {
  it('R-TKT-NEW / R-TKT-DEDUP: a new request becomes a follow-up text with the problem form (R-TKT-FORM)', () => {
    const labels = { doing: 'Что делаю', expected: 'Что ожидаю', actual: 'Что получаю' };
    expect(followUpText({ subject: 'Нет связи', description: '', form: { doing: 'Открываю сайт', expected: 'Страница', actual: 'Ошибка' } }, labels)).toBe(
      'Нет связи\nЧто делаю: Открываю сайт\nЧто ожидаю: Страница\nЧто получаю: Ошибка',
    );
    expect(followUpText({ subject: ' Тема ', description: 'Подробно', form: null }, labels)).toBe('Тема\nПодробно');
  });
  it('groups host VALIDATION issues by field (claim.* under the claim form fields)', () => {
    // The kind is what is shown (the host's message is for logs): issue 11 item 3.
    const t = (key: string, o?: Record<string, unknown>) => `${key}${o && 'max' in o ? `:${String(o.max)}` : ''}`;
    const m = issuesByField(
      [
        { path: 'subject', message: 'subject must not be empty', kind: 'required' },
        { path: 'claim.phone', message: 'phone: a contact phone is required', kind: 'phone' },
        { path: 'subject', message: 'second', kind: 'tooLong', params: { max: 300 } },
      ],
      t as never,
    );
    expect(m.get('subject')).toEqual(['issue.required', 'issue.tooLong:300']);
    expect(m.get('phone')).toEqual(['issue.phone']);
  });
  it('R-TKT-FORM: attachment sizes in Russian units', () => {
    expect(formatBytes(512)).toBe('512 Б');
    expect(formatBytes(1536)).toBe('1,5 КБ');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 МБ');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
  });
});

/**
 * Typed UI strings (src-renderer/i18n/types.ts). The `@ts-expect-error` lines are the test proper:
 * this file is part of tsconfig.tests.json, and `npm run typecheck` fails with "Unused
 * '@ts-expect-error' directive" the day a wrong key or a one-language key compiles again. The
 * runtime assertions show what the operator would see otherwise.
 */
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { ru } from '../../../src-renderer/i18n/ru';
import { en } from '../../../src-renderer/i18n/en';
import { hasKey, type MissingKeys } from '../../../src-renderer/i18n/types';

const i18n = i18next.createInstance();
await i18n.init({ resources: { ru: { translation: ru }, en: { translation: en } }, lng: 'ru', interpolation: { escapeValue: false }, initAsync: false });

/** Compiles only when the two trees have the same keys, both ways (plural forms aside). */
function sameKeys<A, B>(_a: A, _b: B, ok: [MissingKeys<A, B> | MissingKeys<B, A>] extends [never] ? true : never): boolean {
  return ok;
}

describe('typed i18n keys', () => {
  it('a misspelt or unknown key fails typecheck (at run time it would show the key path)', () => {
    expect(i18n.t('app.title')).toBe('Операторская консоль');
    // @ts-expect-error misspelt key
    expect(i18n.t('app.titel')).toBe('app.titel');
    // @ts-expect-error no such key
    expect(i18n.t('nonexistent.key')).toBe('nonexistent.key');
    // @ts-expect-error a defaultValue does not let an unknown key through (strictKeyChecks)
    expect(i18n.t('tickets.nope', { defaultValue: 'x' })).toBe('x');
    // @ts-expect-error a group is not a string
    expect(typeof i18n.t('ticket.status')).toBe('string');
  });

  it("a plural group is one key taking a numeric count; options carry the string's variables", () => {
    expect(i18n.t('topbar.directory', { n: 3, count: 3 })).toBe('Справочник: 3 договора');
    expect(i18n.t('topbar.directory', { n: 1, count: 1, lng: 'en' })).toBe('Directory: 1 contract');
    // @ts-expect-error options given without the string's variable `n`
    expect(i18n.t('topbar.directory', { count: 3 })).toBe('Справочник: {{n}} договора');
    // @ts-expect-error a plural group takes a number
    i18n.t('topbar.directory', { n: 3, count: 'три' });
  });

  it('keys built from a typed union compile; from any string they do not', () => {
    const statuses = ['new', 'in_progress', 'closed'] as const;
    expect(statuses.map((s) => i18n.t(`ticket.status.${s}`))).toEqual(['Новая', 'В работе', 'Закрыта']);
    const fromData: string = 'archived';
    // @ts-expect-error a string from data is not a key: it goes through hasKey first
    expect(i18n.t(`ticket.status.${fromData}`)).toBe('ticket.status.archived');
  });

  it('hasKey narrows a code from data to a labelled one; own keys only', () => {
    const label = (code: string) => (hasKey(ru.wrapUpCode, code) ? i18n.t(`wrapUpCode.${code}`) : code);
    expect(label('solved')).toBe('решено');
    expect(label('ticket-created')).toBe('создана заявка');
    expect(label('my-own-code')).toBe('my-own-code');
    // `in` would say yes to these and show "[object Object]" or a function's text.
    expect(label('toString')).toBe('toString');
    expect(label('__proto__')).toBe('__proto__');
    expect(hasKey(ru.ticket.prio, 2)).toBe(true);
    expect(hasKey(ru.ticket.prio, 7)).toBe(false);
  });

  it('English and Russian have the same key tree, both ways (typecheck)', () => {
    const ruLike = { g: { a: 'А', n_one: '', n_few: '', n_many: '', n_other: '' } } as const;
    const enLike = { g: { a: 'A', n_one: '', n_other: '' } } as const;
    expect(sameKeys(ru, en, true)).toBe(true);
    // Russian has more plural forms than English: still the same keys.
    expect(sameKeys(ruLike, enLike, true)).toBe(true);
    // @ts-expect-error a key missing in English
    sameKeys(ruLike, { g: { n_one: '', n_other: '' } } as const, true);
    // @ts-expect-error a key only English has
    sameKeys(ruLike, { g: { ...enLike.g, b: 'B' } } as const, true);
    // @ts-expect-error a plural group in one language, a plain string in the other
    sameKeys(ruLike, { g: { a: 'A', n: '' } } as const, true);
    // @ts-expect-error a string in one language, a group in the other
    sameKeys(ruLike, { g: { a: { x: 'A' }, n_one: '', n_other: '' } } as const, true);
  });
});

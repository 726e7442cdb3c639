import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { levelIcon, reasonLine, verdictOf, type EligibilityView } from '../../../src-renderer/lib/verdict';
import { ru } from '../../../src-renderer/i18n/ru';
import { en } from '../../../src-renderer/i18n/en';

const i18n = i18next.createInstance();
await i18n.init({ resources: { ru: { translation: ru }, en: { translation: en } }, lng: 'ru', interpolation: { escapeValue: false }, initAsync: false });
const say = (e: EligibilityView, lng: 'ru' | 'en' = 'ru') => {
  const v = verdictOf(e);
  return i18n.t(v.primary.key, { ...v.primary.params, lng });
};

describe('eligibility verdict line (UX.md: one sentence, colour and words)', () => {
  it('R-BAL-POSITIVE: a positive balance reads "support is provided"', () => {
    const e: EligibilityView = { level: 'ok', reasons: [{ code: 'balance-positive', level: 'ok', kopecks: 123456 }] };
    expect(say(e)).toBe('Поддержка оказывается');
    expect(say(e, 'en')).toBe('Support is provided');
    expect(verdictOf(e).details).toEqual([]);
  });
  it('R-BAL-POSITIVE: a negative balance blocks, a zero one says so', () => {
    expect(say({ level: 'block', reasons: [{ code: 'balance-not-positive', level: 'block', kopecks: -350000 }] })).toBe(
      'Отрицательный баланс — поддержка не оказывается',
    );
    expect(say({ level: 'block', reasons: [{ code: 'balance-not-positive', level: 'block', kopecks: 0 }] })).toBe('Нулевой баланс — поддержка не оказывается');
  });
  it('R-BAL-SUSPEND: debt over the limit in working days, with Russian plurals', () => {
    const e = (d: number): EligibilityView => ({ level: 'block', reasons: [{ code: 'debt-suspended', level: 'block', workingDays: d, limit: 30 }] });
    expect(say(e(34))).toBe('Обслуживание приостановлено: долг 34 рабочих дня (> 30)');
    expect(say(e(31))).toBe('Обслуживание приостановлено: долг 31 рабочий день (> 30)');
    expect(say(e(35))).toBe('Обслуживание приостановлено: долг 35 рабочих дней (> 30)');
    expect(say(e(35), 'en')).toBe('Service suspended: debt of 35 working days (> 30)');
  });
  it('the headline is the first reason of the overall level (the host sends the most severe first)', () => {
    const e: EligibilityView = {
      level: 'block',
      reasons: [
        { code: 'contract-suspended', level: 'block' },
        { code: 'balance-not-positive', level: 'block', kopecks: -100 },
        { code: 'balance-stale', level: 'warn', hours: 30 },
      ],
    };
    const v = verdictOf(e);
    expect(i18n.t(v.primary.key)).toBe('Договор приостановлен — поддержка не оказывается');
    // the other block reason stays visible; the stale balance has its own warning line
    expect(v.details.map((d) => i18n.t(d.key, d.params))).toEqual(['Отрицательный баланс — поддержка не оказывается']);
  });
  it('a stale balance is amber: "check"', () => {
    expect(say({ level: 'warn', reasons: [{ code: 'balance-stale', level: 'warn', hours: 30 }] })).toBe('Баланс устарел — уточните');
    expect(say({ level: 'warn', reasons: [{ code: 'balance-unknown', level: 'warn' }] })).toBe('Баланс неизвестен — уточните');
  });
  it('debt within the limit and a missing calendar are said in words', () => {
    const within = verdictOf({ level: 'warn', reasons: [{ code: 'debt-within-limit', level: 'warn', workingDays: 12, limit: 30 }] });
    expect(i18n.t(within.primary.key, within.primary.params)).toBe('Долг 12 рабочих дней (предел 30)');
    expect(say({ level: 'warn', reasons: [{ code: 'calendar-missing', level: 'warn', year: 2031 }] })).toContain('на 2031 год');
  });
  it('falls back to a generic line for a level without a known reason, and levels come from the table when absent', () => {
    expect(say({ level: 'block', reasons: [{ code: 'something-new' }] })).toBe('Поддержка не оказывается');
    expect(reasonLine({ code: 'contract-closed' }).level).toBe('block');
    expect(i18n.t(reasonLine({ code: 'something-new' }).line.key, reasonLine({ code: 'something-new' }).line.params)).toBe('Причина: something-new');
  });
  it('never rests on colour alone: every level has its own symbol', () => {
    expect(new Set([levelIcon('ok'), levelIcon('warn'), levelIcon('block')]).size).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import type { z } from 'zod';
import { en } from '../../../src-renderer/i18n/en';
import { ru } from '../../../src-renderer/i18n/ru';
import { issuesByField, refusalText } from '../../../src-renderer/lib/inputIssue';
import { ERROR_KINDS } from '../../../src-shared/text/errors';
import { AppError } from '../../../src-shared/ipc/envelope';
import { zodIssues } from '../../../src-shared/ipc/envelope';
import { contract } from '../../../src-shared/ipc/contract';

// The app's own resources in a plain i18next instance (initI18n also sets document.lang: no DOM here).
async function translator(lng: 'ru' | 'en') {
  const i = i18next.createInstance();
  await i.init({ resources: { ru: { translation: ru }, en: { translation: en } }, lng, interpolation: { escapeValue: false } });
  return i.t.bind(i) as (key: string, values?: Record<string, unknown>) => string;
}

/** What the host answers to a ticket with these fields (the dispatcher's own mapping). */
function hostIssues(fields: Record<string, unknown>) {
  const input = { id: '01900000-0000-7000-8000-000000000000', type: 'problem', subject: 'Нет связи', ...fields };
  const r = contract.requests['tickets:create'].input.safeParse(input);
  return zodIssues(r.error as z.ZodError, input);
}

describe('host issues about typed text, in the operator language', () => {
  it('a refused character, a non-phone, an over-long and an empty text read in Russian on a Russian screen', async () => {
    const t = await translator('ru');
    const m = issuesByField(hostIssues({ subject: '\u202Eтема', phone: 'позвоните', description: 'я'.repeat(9000) }), t);
    expect(m.get('subject')).toEqual(['Недопустимый символ (U+202E): уберите управляющие символы и знаки направления текста']);
    expect(m.get('phone')?.[0]).toMatch(/^Это не номер телефона/);
    expect(m.get('description')?.[0]).toMatch(/^Слишком длинно: не больше \d+ символов$/);
    expect(issuesByField(hostIssues({ subject: '' }), t).get('subject')).toEqual(['Обязательное поле']);
  });

  it('and in English on an English screen', async () => {
    const t = await translator('en');
    expect(issuesByField(hostIssues({ phone: 'позвоните' }), t).get('phone')?.[0]).toMatch(/^Not a phone number/);
  });
});

describe('refusals other than VALIDATION, in the operator language (the host message stays for logs)', () => {
  it('R-SLA-DUTY: the duty-mode refusal, a missing ticket and a refused transition read in Russian, never the English message', async () => {
    const t = await translator('ru');
    const duty = new AppError('CONFLICT', 'Duty mode: only fault tickets are accepted; others from 30.11.2026 08:00 MSK', undefined, {
      kind: 'dutyMode',
      params: { from: '30.11.2026 08:00' },
    });
    expect(refusalText(duty, t)).toBe('Конфликт изменений: Дежурный режим: принимаются только аварийные заявки; остальные — с 30.11.2026 08:00 МСК');
    expect(refusalText(new AppError('NOT_FOUND', 'no ticket 123', undefined, { kind: 'ticketNotFound' }), t)).toBe(
      'Не найдено: Заявка не найдена — возможно, её удалили; обновите список',
    );
    // No reason: the code alone, not the host's sentence.
    expect(refusalText(new AppError('CONFLICT', 'the consult call is not connected'), t)).toBe('Конфликт изменений');
  });

  it('every kind has words in both languages, with no English on the Russian side and no placeholder left over', async () => {
    const [tr, te] = [await translator('ru'), await translator('en')];
    for (const kind of ERROR_KINDS) {
      // Every parameter some kind names (a person's name is given in the language of the screen).
      const r = refusalText({ code: 'CONFLICT', reason: { kind, params: { from: '30.11.2026 08:00', changes: 2, name: 'Анна' } } }, tr);
      const e = refusalText({ code: 'CONFLICT', reason: { kind, params: { from: '30.11.2026 08:00', changes: 2, name: 'Anna' } } }, te);
      expect(r, kind).not.toBe('Конфликт изменений');
      expect(r, kind).not.toMatch(/[A-Za-z]{2,}|\{\{/);
      expect(e, kind).not.toMatch(/[а-яё]|\{\{/i);
    }
  });
});

import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { en } from '../../../src-renderer/i18n/en';
import { ru } from '../../../src-renderer/i18n/ru';
import { issuesByField } from '../../../src-renderer/lib/inputIssue';
import { notAPhoneMessage } from '../../../src-shared/ipc/fields';
import { safeLine, unsafeCharMessage } from '../../../src-shared/text/safe';

// The app's own resources in a plain i18next instance (initI18n also sets document.lang: no DOM here).
async function translator(lng: 'ru' | 'en') {
  const i = i18next.createInstance();
  await i.init({ resources: { ru: { translation: ru }, en: { translation: en } }, lng, interpolation: { escapeValue: false } });
  return i.t.bind(i) as (key: string, values?: Record<string, unknown>) => string;
}

describe('host messages about typed text, in the operator language', () => {
  const tooLong = safeLine(300).safeParse('я'.repeat(301)).error?.issues[0]?.message ?? '';

  it('a refused character, a non-phone and an over-long text read in Russian on a Russian screen', async () => {
    const t = await translator('ru');
    const m = issuesByField(
      [
        { path: 'subject', message: unsafeCharMessage('U+202E') },
        { path: 'claim.phone', message: notAPhoneMessage('phone') },
        { path: 'description', message: tooLong },
        { path: 'address', message: 'address is required' },
      ],
      t,
    );
    expect(m.get('subject')).toEqual(['Недопустимый символ (U+202E): уберите управляющие символы и знаки направления текста']);
    expect(m.get('phone')?.[0]).toMatch(/^Это не номер телефона/);
    expect(m.get('description')).toEqual(['Слишком длинный текст: не больше 300 символов']);
    expect(m.get('address')).toEqual(['address is required']); // other messages unchanged
  });

  it('and in English on an English screen', async () => {
    const t = await translator('en');
    expect(issuesByField([{ path: 'phone', message: notAPhoneMessage('phone') }], t).get('phone')?.[0]).toMatch(/^Not a phone number/);
  });
});

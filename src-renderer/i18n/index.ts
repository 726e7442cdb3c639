import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ru } from './ru';
import { en } from './en';

// The key types (t() accepts only existing keys; en must mirror ru) are declared in ./types.ts.
export type { Locale } from '../../src-shared/domain/values';
import type { Locale } from '../../src-shared/domain/values';

/** Russian first (UX.md); the saved preference arrives with `app:info` and replaces it. */
export function initI18n(lng: Locale = 'ru'): I18n {
  void i18next.use(initReactI18next).init({
    resources: { ru: { translation: ru }, en: { translation: en } },
    lng,
    fallbackLng: 'ru',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

export async function applyLocale(lng: Locale): Promise<void> {
  if (i18next.language !== lng) await i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
}

import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { call } from '../api/client';
import { applyLocale, type Locale } from '../i18n';
import { useAppUi } from '../shared/appUi';
import { useErrorText } from './ErrorText';

/** Language of the interface: switches at once, then the host remembers it (`settings:setLocale`). */
export function LocaleSwitch() {
  const { t } = useTranslation();
  const locale = useAppUi((s) => s.locale);
  const setLocale = useAppUi((s) => s.setLocale);
  const errorText = useErrorText();
  const save = useMutation({ mutationFn: (l: Locale) => call('settings:setLocale', { locale: l }) });
  const change = (l: Locale) => {
    setLocale(l);
    void applyLocale(l);
    save.mutate(l);
  };
  return (
    <label className="locale-switch" title={save.isError ? errorText(save.error) : t('topbar.language')}>
      <span className="sr-only">{t('topbar.language')}</span>
      <select data-testid="locale-switch" value={locale} onChange={(e) => change(e.target.value === 'en' ? 'en' : 'ru')}>
        {/* Short in the top bar; the option's title and the label name the language in full, each
            language named in itself (and marked so, for screen readers). */}
        <option value="ru" title="Русский" lang="ru">
          RU
        </option>
        <option value="en" title="English" lang="en">
          EN
        </option>
      </select>
      {save.isError ? (
        <span className="locale-error" aria-live="polite">
          ⚠
        </span>
      ) : null}
    </label>
  );
}

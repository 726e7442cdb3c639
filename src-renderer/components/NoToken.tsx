import { useTranslation } from 'react-i18next';

/** Browser mode opened without `#token=…` (or a fresh tab): say where the right link is. */
export function NoToken() {
  const { t } = useTranslation();
  return (
    <main className="no-token" data-testid="no-token">
      <h1>{t('app.noToken')}</h1>
      <p>{t('app.noTokenHint')}</p>
    </main>
  );
}

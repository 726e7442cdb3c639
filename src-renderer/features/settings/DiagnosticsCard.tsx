import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

/**
 * «Сохранить диагностику»: the host writes one bundle into the data folder (no secrets in it) and
 * answers its content too, so browser mode can hand it over as a download without another route.
 */
export function DiagnosticsCard() {
  const { t, i18n } = useTranslation();
  const info = useQuery({ queryKey: ['app', 'info'], queryFn: () => call('app:info', {}), staleTime: Infinity });
  const save = useMutation({ mutationFn: () => call('diagnostics:save', {}) });
  const [href, setHref] = useState<string | null>(null);
  const saved = save.data;
  useEffect(() => {
    if (!saved || info.data?.transport !== 'web') return undefined;
    const url = URL.createObjectURL(new Blob([saved.content], { type: 'application/json' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [saved, info.data?.transport]);
  const kb = saved ? new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'ru-RU').format(Math.max(1, Math.round(saved.bytes / 1024))) : '';

  return (
    <section className="diagnostics" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title" className="card-title">
        {t('settings.diagnostics.title')}
      </h2>
      <p className="hint">{t('settings.diagnostics.hint')}</p>
      <button type="button" className="btn" onClick={() => save.mutate()} disabled={save.isPending} data-testid="diagnostics-save">
        {save.isPending ? t('settings.diagnostics.saving') : t('settings.diagnostics.save')}
      </button>
      {save.isError ? <ErrorText error={save.error} /> : null}
      {saved ? (
        <p className="hint" role="status" data-testid="diagnostics-saved">
          {t('settings.diagnostics.saved', { file: saved.fileName, size: t('settings.diagnostics.kb', { kb }) })}
          {href ? (
            <>
              {' · '}
              <a href={href} download={saved.fileName} data-testid="diagnostics-download">
                {t('settings.diagnostics.download')}
              </a>
            </>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatPhone } from '../../../src-shared/domain/phone';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTimeMsk } from '../../lib/format';
import { identificationKeys, useRedirects } from './queries';

const HISTORY_SHOWN = 5;

/**
 * R-BAL-SCOPE: support does not handle money questions; the way out is a recorded redirect with
 * its reason, to where the desk profile says (moneyRedirect).
 */
export function MoneyQuestion({ contractId, phone }: { readonly contractId: number; readonly phone: string | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const redirects = useRedirects(contractId);
  const record = useMutation({
    mutationFn: (r: string) => call('identification:moneyQuestion', { contractId, phone, reason: r }),
    onSuccess: () => {
      setOpen(false);
      setReason('');
      setTried(false);
      void qc.invalidateQueries({ queryKey: identificationKeys.redirects(contractId) });
    },
  });
  const missing = reason.trim() === '';
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    setTried(true);
    if (!missing) record.mutate(reason.trim());
  };
  const zone = t('topbar.zone');
  const done = record.data;

  return (
    <section className="money" aria-labelledby="money-title">
      <h3 id="money-title" className="card-subtitle">
        {t('money.button')}
      </h3>
      <p className="hint">{t('money.explain')}</p>
      {done ? (
        <div className="msg msg-info" role="status" data-testid="money-result">
          <strong>↪ {t('money.done', { label: done.redirectLabel, phone: done.redirectPhone ? formatPhone(done.redirectPhone) : '' })}</strong>
          <br />
          <span className="hint">{t('money.recordedAt', { at: `${formatDateTimeMsk(done.recordedAt)} ${zone}` })}</span>
        </div>
      ) : null}
      {open ? (
        <form className="money-form" onSubmit={submit} noValidate>
          <label className="field">
            <span className="field-label">{t('money.reason')}</span>
            <textarea
              className="input"
              rows={2}
              maxLength={500}
              autoFocus
              value={reason}
              aria-invalid={tried && missing}
              aria-describedby={tried && missing ? 'money-reason-error' : undefined}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
                if (e.key === 'Escape') setOpen(false);
              }}
              data-testid="money-reason"
            />
          </label>
          {tried && missing ? (
            <p id="money-reason-error" className="field-error">
              {t('money.reasonRequired')}
            </p>
          ) : null}
          {record.isError ? <ErrorText error={record.error} /> : null}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={record.isPending} data-testid="money-submit">
              {record.isPending ? t('money.saving') : t('money.submit')}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>
              {t('money.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="money-question">
          ₽ {t('money.button')}
        </button>
      )}
      <div className="money-history" data-testid="money-history">
        <h4 className="card-subtitle">{t('money.history')}</h4>
        {redirects.isError ? <ErrorText error={redirects.error} /> : null}
        {redirects.data && redirects.data.length === 0 ? <p className="hint">{t('money.historyEmpty')}</p> : null}
        {redirects.data && redirects.data.length > 0 ? (
          <ul>
            {redirects.data.slice(0, HISTORY_SHOWN).map((r) => (
              <li key={r.id}>
                <span className="mono">
                  {formatDateTimeMsk(r.recordedAt)} {zone}
                </span>{' '}
                — {r.reason}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PAID_SCOPE_TOPICS, paidScopeRoute, type PaidScopeTopic } from '../../../src-shared/domain/paidScope';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTimeMsk } from '../../lib/format';
import { useActiveProfile } from '../settings/queries';
import { identificationKeys } from './queries';

/**
 * R-PAID-SCOPE on the caller card: «Вопрос вне тарифа» (marketing, discounts, access rights…)
 * shows the desk's script — it is paid work, requested by e-mail — and records the outcome in the
 * contract's redirect history (the same record as a money question, R-BAL-SCOPE: the desk
 * profile keeps both routes in one line). Shown only where the desk has the rule.
 */
export function PaidScope({ contractId, phone }: { readonly contractId: number; readonly phone: string | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const route = paidScopeRoute(useActiveProfile().active);
  const [open, setOpen] = useState(false);
  const [topic, setTopic] = useState<PaidScopeTopic | null>(null);
  const record = useMutation({
    mutationFn: (reason: string) => call('identification:moneyQuestion', { contractId, phone, reason }),
    onSuccess: () => {
      setOpen(false);
      setTopic(null);
      void qc.invalidateQueries({ queryKey: identificationKeys.redirects(contractId) });
    },
  });
  if (route === null) return null;
  const where = route.email ?? route.label;
  const save = () => {
    if (topic !== null) record.mutate(t('paidScope.recorded', { topic: t(`paidScope.topic.${topic}`), where }));
  };
  const done = record.data;

  return (
    <section className="money" aria-labelledby="paid-title" data-testid="paid-scope">
      <h3 id="paid-title" className="card-subtitle">
        {t('paidScope.button')}
      </h3>
      {done ? (
        <p className="msg msg-info" role="status" data-testid="paid-result">
          ✉ {t('paidScope.done', { where })} · {t('money.recordedAt', { at: `${formatDateTimeMsk(done.recordedAt)} ${t('topbar.zone')}` })}
        </p>
      ) : null}
      {open ? (
        <div className="money-form">
          <fieldset className="field">
            <legend className="field-label">{t('paidScope.which')}</legend>
            {PAID_SCOPE_TOPICS.map((x) => (
              <label key={x} className="check">
                <input type="radio" name="paid-topic" checked={topic === x} onChange={() => setTopic(x)} data-testid={`paid-topic-${x}`} />{' '}
                {t(`paidScope.topic.${x}`)}
              </label>
            ))}
          </fieldset>
          <p className="msg msg-info" data-testid="paid-script">
            <strong>{t('paidScope.scriptTitle')}</strong>
            <br />
            {route.email ? t('paidScope.script', { email: route.email }) : t('paidScope.scriptNoEmail', { label: route.label })}
          </p>
          {record.isError ? <ErrorText error={record.error} /> : null}
          <div className="row">
            <button type="button" className="btn btn-primary" disabled={topic === null || record.isPending} onClick={save} data-testid="paid-submit">
              {record.isPending ? t('money.saving') : t('paidScope.submit')}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>
              {t('ticket.cancelTool')}
            </button>
          </div>
          {topic === null ? <p className="hint">{t('paidScope.pickFirst')}</p> : null}
        </div>
      ) : (
        <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="paid-open">
          ✉ {t('paidScope.button')}
        </button>
      )}
    </section>
  );
}

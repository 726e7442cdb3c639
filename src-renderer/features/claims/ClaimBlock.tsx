import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClaimView, Ticket } from '../../../src-shared/ipc/ticketSchemas';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { formatPhone } from '../../../src-shared/domain/phone';
import { formatIsoDate } from '../../../src-shared/worktime/moscow';
import { formatDateTimeMsk } from '../../lib/format';
import { displayNumber } from '../../shared/callLines';
import { useTicketWrite } from '../../shared/ticketCache';
import { deadlineText } from './claimDraft';

/** The claim on its ticket (R-CLAIM): every recorded field, the answer deadline, and the answer. */
export function ClaimBlock({ ticket: tk, claim: c }: { readonly ticket: Ticket; readonly claim: ClaimView }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState('');
  const save = useTicketWrite(
    () => call('claims:answer', { id: tk.id, answer: answer.trim() }),
    () => setAnswer(''),
  );
  const dl = deadlineText(c, t);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (answer.trim() !== '') save.mutate(undefined);
  };
  return (
    <section className="ticket-section claim-block" aria-labelledby="claim-block-title" data-testid="ticket-claim">
      <h3 id="claim-block-title" className="card-subtitle">
        {t('claims.blockTitle')}
      </h3>
      <p className={dl.ok ? 'claim-deadline' : 'msg msg-warn'} data-testid="ticket-claim-deadline">
        {dl.ok ? '◷ ' : '⚠ '}
        {dl.text}
        {c.answeredAt ? <span className="ok-text"> · ✔ {t('claims.answered', { at: formatDateTimeMsk(c.answeredAt) })}</span> : null}
      </p>
      <dl className="facts">
        <dt>{t('claims.holderName')}</dt>
        <dd>{c.holderName}</dd>
        <dt>{t('ticket.contract')}</dt>
        <dd>{c.contractNo}</dd>
        <dt>{t('claims.phone')}</dt>
        <dd data-testid="ticket-claim-phone">{displayNumber(c.phone, formatPhone)}</dd>
        <dt>{t('claims.incidentWhen')}</dt>
        <dd>{c.incidentTo ? `${formatIsoDate(c.incidentFrom)} — ${formatIsoDate(c.incidentTo)}` : formatIsoDate(c.incidentFrom)}</dd>
        <dt>{t('claims.incident')}</dt>
        <dd className="pre">{c.incident}</dd>
        <dt>{t('claims.specialist')}</dt>
        <dd>{c.specialist || '—'}</dd>
        <dt>{t('claims.answerVia')}</dt>
        <dd>
          {t(`claims.via_${c.answerVia}`)}
          {c.answerAddress ? ` · ${c.answerAddress}` : ''}
        </dd>
        <dt>{t('claims.signedShort')}</dt>
        <dd>{c.signed ? `✔ ${t('claims.signedYes')}` : `✖ ${t('claims.signedNo')}`}</dd>
        <dt>{t('claims.receivedOn')}</dt>
        <dd>{formatIsoDate(c.receivedOn)}</dd>
      </dl>
      {c.answeredAt === null ? (
        <form className="tool" onSubmit={submit}>
          <label className="field">
            <span className="field-label">{t('claims.answer')}</span>
            <textarea className="input" rows={2} maxLength={8000} value={answer} onChange={(e) => setAnswer(e.target.value)} data-testid="claim-answer" />
          </label>
          <button type="submit" className="btn btn-small" disabled={save.isPending || answer.trim() === ''} data-testid="claim-answer-save">
            {t('claims.answerSave')}
          </button>
          {save.isError ? <ErrorText error={save.error} /> : null}
        </form>
      ) : null}
    </section>
  );
}

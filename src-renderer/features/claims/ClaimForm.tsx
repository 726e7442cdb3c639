import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DEFAULT_PRIORITY, PRIORITIES, type Priority } from '../../../src-shared/domain/tickets';
import type { Ticket } from '../../../src-shared/ipc/ticketSchemas';
import { uuidv7 } from '../../../src-shared/ids';
import { call, isApiError } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { hostOffsetMs } from '../../lib/hostClock';
import { callerContext } from '../../shared/callerContext';
import { storeTicket } from '../../shared/ticketCache';
import { useTicketPaneUi } from '../../shared/ticketPaneUi';
import { issuesByField } from '../../lib/inputIssue';
import { ANSWER_VIAS, badDates, deadlineText, emptyClaim, toClaimInput, type AnswerVia, type ClaimFormState } from './claimDraft';
import { FormField } from '../../components/FormField';

/**
 * A written claim (R-CLAIM) with every field the rule lists, prefilled from the identified
 * contract; saved as a claim ticket whose answer deadline is 14 working days on the production
 * calendar. The id is made once per form (a retry saves once); a failed save keeps the input.
 */
export function ClaimForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const close = useTicketPaneUi((s) => s.closePane);
  const openTicket = useTicketPaneUi((s) => s.openTicket);
  const [ctx] = useState(() => callerContext(qc));
  const [id] = useState(() => uuidv7());
  const [f, setF] = useState<ClaimFormState>(() => emptyClaim(Date.now() + hostOffsetMs(), ctx));
  const [priority, setPriority] = useState<Priority>(DEFAULT_PRIORITY);
  const set = <K extends keyof ClaimFormState>(k: K, v: ClaimFormState[K]) => setF((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: (): Promise<Ticket> => call('claims:create', { id, claim: toClaimInput(f), priority, callId: ctx.callId }),
    onSuccess: (tk) => storeTicket(qc, tk),
  });
  const [checked, setChecked] = useState(false);
  const bad = badDates(f);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (!save.isPending && bad.size === 0) save.mutate();
  };

  if (save.data?.claim) {
    const tk = save.data;
    const claim = save.data.claim;
    const dl = deadlineText(claim, t);
    return (
      <div className="ticket claim-saved" data-testid="claim-saved">
        <p className="msg msg-ok" role="status">
          ✔ {t('claims.saved', { number: tk.number })}
        </p>
        <p className={`claim-deadline ${dl.ok ? '' : 'msg msg-warn'}`} data-testid="claim-deadline">
          {dl.ok ? '◷ ' : '⚠ '}
          {dl.text}
        </p>
        <div className="row form-actions">
          <button type="button" className="btn btn-primary" autoFocus onClick={() => openTicket(tk.id)} data-testid="claim-open-ticket">
            {t('claims.openTicket', { number: tk.number })}
          </button>
          <button type="button" className="btn btn-ghost" onClick={close}>
            {t('booking.done')}
          </button>
        </div>
      </div>
    );
  }

  const issues = isApiError(save.error) && save.error.code === 'VALIDATION' ? issuesByField(save.error.issues, t) : new Map<string, string[]>();
  const field = (name: string, label: ReactNode, control: ReactNode, className = '') => {
    const list = [...(checked && bad.has(name as 'receivedOn') ? [t('claims.badDate')] : []), ...(issues.get(name) ?? [])];
    return (
      <FormField name={name} label={label} errors={list} className={className}>
        {control}
      </FormField>
    );
  };
  const addressLabel = t(`claims.address_${f.answerVia}`);
  return (
    <form className="ticket claim-form" onSubmit={submit} noValidate aria-labelledby="claim-title" data-testid="claim-form">
      <header className="ticket-head">
        <h2 id="claim-title" className="card-title">
          {t('claims.title')}
        </h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={close} aria-label={t('ticket.close')} title={t('ticket.close')}>
          ✕
        </button>
      </header>
      <p className="hint">{t('claims.hint')}</p>
      {field(
        'holderName',
        t('claims.holderName'),
        <input
          className="input"
          maxLength={200}
          value={f.holderName}
          autoFocus
          onChange={(e) => set('holderName', e.target.value)}
          data-testid="claim-holder"
        />,
      )}
      <div className="grid-2">
        {field(
          'contractNo',
          t('ticket.contract'),
          <input className="input" maxLength={64} value={f.contractNo} onChange={(e) => set('contractNo', e.target.value)} data-testid="claim-contract" />,
        )}
        {field(
          'phone',
          t('claims.phone'),
          <input className="input" maxLength={32} inputMode="tel" value={f.phone} onChange={(e) => set('phone', e.target.value)} data-testid="claim-phone" />,
        )}
      </div>
      {field(
        'incident',
        t('claims.incident'),
        <textarea
          className="input"
          rows={3}
          maxLength={8000}
          value={f.incident}
          onChange={(e) => set('incident', e.target.value)}
          data-testid="claim-incident"
        />,
      )}
      <div className="grid-2">
        {field(
          'incidentFrom',
          f.period ? t('claims.incidentFrom') : t('claims.incidentDate'),
          <input
            className="input input-date"
            inputMode="numeric"
            placeholder={t('callLog.datePlaceholder')}
            value={f.incidentFrom}
            aria-invalid={checked && bad.has('incidentFrom')}
            onChange={(e) => set('incidentFrom', e.target.value)}
            data-testid="claim-incident-from"
          />,
        )}
        {f.period ? (
          field(
            'incidentTo',
            t('claims.incidentTo'),
            <input
              className="input input-date"
              inputMode="numeric"
              placeholder={t('callLog.datePlaceholder')}
              value={f.incidentTo}
              aria-invalid={checked && bad.has('incidentTo')}
              onChange={(e) => set('incidentTo', e.target.value)}
              data-testid="claim-incident-to"
            />,
          )
        ) : (
          <span />
        )}
      </div>
      <label className="check">
        <input type="checkbox" checked={f.period} onChange={(e) => set('period', e.target.checked)} data-testid="claim-period" />
        {t('claims.period')}
      </label>
      {field(
        'specialist',
        t('claims.specialist'),
        <input className="input" maxLength={200} value={f.specialist} onChange={(e) => set('specialist', e.target.value)} data-testid="claim-specialist" />,
      )}
      <fieldset className="fs">
        <legend>{t('claims.answerVia')}</legend>
        <div className="row">
          {ANSWER_VIAS.map((v) => (
            <label key={v} className="check">
              <input
                type="radio"
                name="answerVia"
                value={v}
                checked={f.answerVia === v}
                onChange={() => set('answerVia', v as AnswerVia)}
                data-testid={`claim-via-${v}`}
              />
              {t(`claims.via_${v}`)}
            </label>
          ))}
        </div>
        {f.answerVia !== 'in-person'
          ? field(
              'answerAddress',
              addressLabel,
              <input
                className="input"
                maxLength={500}
                value={f.answerAddress}
                onChange={(e) => set('answerAddress', e.target.value)}
                data-testid="claim-address"
              />,
            )
          : null}
      </fieldset>
      <div className="grid-2">
        {field(
          'receivedOn',
          t('claims.receivedOn'),
          <input
            className="input input-date"
            inputMode="numeric"
            placeholder={t('callLog.datePlaceholder')}
            value={f.receivedOn}
            aria-invalid={checked && bad.has('receivedOn')}
            onChange={(e) => set('receivedOn', e.target.value)}
            data-testid="claim-received"
          />,
        )}
        {field(
          'priority',
          t('ticket.priority'),
          <select className="input" value={priority} onChange={(e) => setPriority(Number(e.target.value) as Priority)} data-testid="claim-priority">
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`ticket.prio.${p}`)}
              </option>
            ))}
          </select>,
        )}
      </div>
      <label className="check">
        <input type="checkbox" checked={f.signed} onChange={(e) => set('signed', e.target.checked)} data-testid="claim-signed" />
        {t('claims.signed')}
      </label>
      {save.isError && issues.size === 0 ? <ErrorText error={save.error} testId="claim-error" /> : null}
      {issues.size > 0 ? <p className="msg msg-error">{t('newTicket.fixFields')}</p> : null}
      <div className="row form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="claim-save">
          {save.isPending ? t('newTicket.saving') : t('claims.save')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={close}>
          {t('newTicket.cancel')}
        </button>
      </div>
    </form>
  );
}

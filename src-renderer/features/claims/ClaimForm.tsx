import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DEFAULT_PRIORITY, PRIORITIES, type Priority } from '../../../src-shared/domain/tickets';
import { ClaimSchema, claimReceivedIssue, type Ticket } from '../../../src-shared/ipc/ticketSchemas';
import { formatIsoDate, moscowDate } from '../../../src-shared/worktime/moscow';
import { uuidv7 } from '../../../src-shared/ids';
import { call, isApiError } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { hostOffsetMs } from '../../lib/hostClock';
import { callerContext } from '../../shared/callerContext';
import { storeTicket } from '../../shared/ticketCache';
import { useTicketPaneUi } from '../../shared/ticketPaneUi';
import { issuesByField } from '../../lib/inputIssue';
import { useSchemaForm } from '../../lib/useSchemaForm';
import { ANSWER_VIAS, deadlineText, emptyClaim, toClaimInput, type ClaimFormState } from './claimDraft';
import { FormField, fieldA11y } from '../../components/FormField';

/** R-CLAIM: what a claim cannot be saved without (ClaimSchema; the e-mail address when answered by e-mail). */
const REQUIRED: ReadonlySet<string> = new Set(['holderName', 'contractNo', 'phone', 'incident', 'incidentFrom', 'receivedOn']);

/** The form's fields that the claim schema checks (paths of ClaimInput). */
const CLAIM_FIELDS = [
  'holderName',
  'contractNo',
  'phone',
  'incident',
  'incidentFrom',
  'incidentTo',
  'specialist',
  'answerVia',
  'answerAddress',
  'signed',
  'receivedOn',
] as const satisfies readonly (keyof ClaimFormState)[];

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
  const formId = useId();
  const [ctx] = useState(() => callerContext(qc));
  const [id] = useState(() => uuidv7());
  const [priority, setPriority] = useState<Priority>(DEFAULT_PRIORITY);
  // Checked here with the host's own ClaimSchema (and the same future-date rule), so the operator
  // sees every problem under its field before anything is sent; the host checks again.
  const form = useSchemaForm<ClaimFormState>({
    schema: ClaimSchema,
    toInput: toClaimInput,
    fields: CLAIM_FIELDS,
    extra: (v) => {
      const received = toClaimInput(v).receivedOn;
      const future = claimReceivedIssue(received, moscowDate(Date.now() + hostOffsetMs()));
      return future ? [{ ...future, params: { today: formatIsoDate(String(future.params.today)) } }] : [];
    },
    defaultValues: emptyClaim(Date.now() + hostOffsetMs(), ctx),
  });
  const { register, handleSubmit, watch, formState, formRef, focusFirstInvalid } = form;
  const save = useMutation({
    mutationFn: (f: ClaimFormState): Promise<Ticket> => call('claims:create', { id, claim: toClaimInput(f), priority, callId: ctx.callId }),
    onSuccess: (tk) => storeTicket(qc, tk),
  });
  const submit = handleSubmit((values) => {
    if (!save.isPending) save.mutate(values);
  }, focusFirstInvalid);
  const period = watch('period');
  const answerVia = watch('answerVia');

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
  const errorsOf = (name: string): string[] => {
    const own = formState.errors[name as keyof ClaimFormState]?.message;
    return [...(own ? [own] : []), ...(issues.get(name) ?? [])];
  };
  const addressRequired = answerVia === 'email';
  const field = (
    name: string,
    label: ReactNode,
    control: ReactNode,
    className = '',
    required = REQUIRED.has(name) || (name === 'answerAddress' && addressRequired),
  ) => (
    <FormField name={name} label={label} errors={errorsOf(name)} formId={formId} required={required} className={className}>
      {control}
    </FormField>
  );
  const a11y = (name: string, required = false) => fieldA11y(formId, name, errorsOf(name), required);
  const addressLabel = t(`claims.address_${answerVia}`);
  return (
    <form ref={formRef} className="ticket claim-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="claim-title" data-testid="claim-form">
      <header className="ticket-head">
        <h2 id="claim-title" className="card-title">
          {t('claims.title')}
        </h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={close} aria-label={t('ticket.close')} title={t('ticket.close')}>
          ✕
        </button>
      </header>
      <p className="hint">{t('claims.hint')}</p>
      <p className="hint">{t('form.legend')}</p>
      {field(
        'holderName',
        t('claims.holderName'),
        <input
          className="input"
          maxLength={200}
          {...register('holderName')}
          {...a11y('holderName', true)}
          autoFocus

          data-testid="claim-holder"
        />,
      )}
      <div className="grid-2">
        {field(
          'contractNo',
          t('ticket.contract'),
          <input className="input" maxLength={64} {...register('contractNo')} {...a11y('contractNo', true)} data-testid="claim-contract" />,
        )}
        {field(
          'phone',
          t('claims.phone'),
          <input className="input" maxLength={32} inputMode="tel" {...register('phone')} {...a11y('phone', true)} data-testid="claim-phone" />,
        )}
      </div>
      {field(
        'incident',
        t('claims.incident'),
        <textarea
          className="input"
          rows={3}
          maxLength={8000}
          {...register('incident')}
          {...a11y('incident', true)}

          data-testid="claim-incident"
        />,
      )}
      <div className="grid-2">
        {field(
          'incidentFrom',
          period ? t('claims.incidentFrom') : t('claims.incidentDate'),
          <input
            className="input input-date"
            inputMode="numeric"
            placeholder={t('callLog.datePlaceholder')}
            {...register('incidentFrom')}
            {...a11y('incidentFrom', true)}

            data-testid="claim-incident-from"
          />,
        )}
        {period ? (
          field(
            'incidentTo',
            t('claims.incidentTo'),
            <input
              className="input input-date"
              inputMode="numeric"
              placeholder={t('callLog.datePlaceholder')}
              {...register('incidentTo')}
              {...a11y('incidentTo')}

              data-testid="claim-incident-to"
            />,
          )
        ) : (
          <span />
        )}
      </div>
      <label className="check">
        <input type="checkbox" {...register('period')} data-testid="claim-period" />
        {t('claims.period')}
      </label>
      {field(
        'specialist',
        t('claims.specialist'),
        <input className="input" maxLength={200} {...register('specialist')} {...a11y('specialist')} data-testid="claim-specialist" />,
      )}
      <fieldset className="fs">
        <legend>{t('claims.answerVia')}</legend>
        <div className="row">
          {ANSWER_VIAS.map((v) => (
            <label key={v} className="check">
              <input type="radio" value={v} {...register('answerVia')} data-testid={`claim-via-${v}`} />
              {t(`claims.via_${v}`)}
            </label>
          ))}
        </div>
        {answerVia !== 'in-person'
          ? field(
              'answerAddress',
              addressLabel,
              <input
                className="input"
                maxLength={500}
                {...register('answerAddress')}
                {...a11y('answerAddress', addressRequired)}

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
            {...register('receivedOn')}
            {...a11y('receivedOn', true)}

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
        <input type="checkbox" {...register('signed')} data-testid="claim-signed" />
        {t('claims.signed')}
      </label>
      {save.isError && issues.size === 0 ? <ErrorText error={save.error} testId="claim-error" /> : null}
      {issues.size > 0 || Object.keys(formState.errors).length > 0 ? (
        <p className="msg msg-error" data-testid="claim-fix-fields">
          {t('newTicket.fixFields')}
        </p>
      ) : null}
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

import { VerdictReason } from '../../components/VerdictReason';
import { useVerdict } from '../../shared/verdict';
import { useEffect, useId, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { get } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CHANNELS, DEFAULT_PRIORITY, FAULT_TYPES, PRIORITIES, type Priority, type TicketChannel } from '../../../src-shared/domain/tickets';
import type { ProblemForm, Ticket, TicketSummary } from '../../../src-shared/ipc/ticketSchemas';
import { uuidv7 } from '../../../src-shared/ids';
import { call, isApiError } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useActiveProfile } from '../settings/queries';
import { useHostNow } from '../../lib/hostClock';
import { callerContext } from '../../shared/callerContext';
import { storeTicket } from '../../shared/ticketCache';
import { SlaClock } from '../sla/SlaClock';
import { useTicketPaneUi } from '../../shared/ticketPaneUi';
import { issuesByField, refusalReasonText } from '../../lib/inputIssue';
import { followUpText } from './ticketText';
import { problemExamples } from './problemExamples';
import { useWorkingTimes } from '../sla/worktime';
import { DisabledReason, FormField, fieldA11y } from '../../components/FormField';
import { disabledReason } from '../../lib/schemaForm';
import { useSchemaForm } from '../../lib/useSchemaForm';
import { ticketsRequests } from '../../../src-shared/ipc/tickets';
import { validateSerial } from '../../../src-shared/domain/identification';
import type { FieldIssue } from '../../../src-shared/text/issues';

type NewType = 'question' | 'problem' | 'maintenance';
const TYPES: readonly NewType[] = ['question', 'problem', 'maintenance'];

type Draft = {
  type: NewType;
  priority: Priority;
  channel: TicketChannel;
  contractNo: string;
  phone: string;
  serial: string;
  subject: string;
  description: string;
  form: ProblemForm;
};

/** The fields the `tickets:create` schema checks, in screen order (issues elsewhere are not the form's). */
const TICKET_FIELDS = ['priority', 'channel', 'contractNo', 'phone', 'serial', 'subject', 'form.doing', 'form.expected', 'form.actual', 'description'];
const CreateSchema = ticketsRequests['tickets:create'].input;

const nullIfEmpty = (s: string) => (s.trim() === '' ? null : s.trim());

function serialIssues(d: Pick<Draft, 'serial' | 'type'>, serialRequired: boolean): FieldIssue[] {
  if (d.serial.trim() === '') return serialRequired && d.type === 'problem' ? [{ path: 'serial', kind: 'required', params: {} }] : [];
  const r = validateSerial(d.serial);
  return r.ok ? [] : [{ path: 'serial', kind: 'serial', params: { digits: r.digits } }];
}

/**
 * A new ticket (R-TKT-TYPES, R-TKT-PRIO, R-TKT-FORM), prefilled from the identified caller. Checked
 * first with the host's own `tickets:create` schema (a phone that is not one is named under its
 * field). Before saving, the open tickets of the same contract or serial are checked
 * (R-TKT-DEDUP): add this as a follow-up to one of them (R-TKT-NEW) or create anyway, linked. The id
 * is generated once per form, so a retry after a failure is idempotent; a failed save keeps
 * everything typed.
 */
export function NewTicketForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const openTicket = useTicketPaneUi((s) => s.openTicket);
  const close = useTicketPaneUi((s) => s.closePane);
  const { active: profile } = useActiveProfile();
  const examples = problemExamples(profile);
  const [ctx] = useState(() => callerContext(qc));
  const [id] = useState(() => uuidv7());
  // The verdict travels (issue 11): a failed card check needs a reason the host records.
  const [verdictReason, setVerdictReason] = useState('');
  const toInput = (d: Draft, relatedTo: readonly string[] = []) => ({
    id,
    type: d.type,
    priority: d.priority,
    channel: d.channel,
    contractNo: nullIfEmpty(d.contractNo),
    phone: nullIfEmpty(d.phone),
    serial: nullIfEmpty(d.serial),
    subject: d.subject.trim(),
    description: d.description.trim(),
    callId: ctx.callId,
    relatedTo: [...relatedTo],
    verdictReason: nullIfEmpty(verdictReason),
    // R-TKT-FORM: the structured form goes with a problem once anything is in it.
    form: d.type === 'problem' && (d.form.doing.trim() || d.form.expected.trim() || d.form.actual.trim()) ? d.form : null,
  });
  const { register, handleSubmit, watch, setValue, getValues, formState, formRef, focusFirstInvalid } = useSchemaForm<Draft>({
    schema: CreateSchema,
    toInput: (d) => toInput(d),
    fields: TICKET_FIELDS,
    // R-ID-SERIAL, which the ticket mutator applies past the schema: a serial has 12 digits, and a
    // desk that needs it for a problem says so. The same domain check, before anything is sent.
    extra: (d) => serialIssues(d, profile?.serialRequired === true),
    defaultValues: {
      type: 'problem',
      priority: DEFAULT_PRIORITY,
      channel: 'phone',
      contractNo: ctx.contractNo ?? '',
      phone: ctx.phone ?? '',
      serial: ctx.serial ?? '',
      subject: '',
      description: '',
      form: { doing: '', expected: '', actual: '' },
    },
  });
  const [dups, setDups] = useState<readonly TicketSummary[] | null>(null);
  const type = watch('type');
  const serialNeeded = profile?.serialRequired === true && type === 'problem';
  const subject = watch('subject');
  const contractNo = watch('contractNo');
  // Another contract typed in: the caller's phone and serial, still as prefilled, are not its own.
  const onContract = (e: ChangeEvent<HTMLInputElement>) => {
    const v = e.target.value;
    if (ctx.contractNo !== null && v !== ctx.contractNo) {
      if (getValues('serial') === (ctx.serial ?? '')) setValue('serial', '');
      if (getValues('phone') === (ctx.phone ?? '')) setValue('phone', '');
    }
    setDups(null);
  };

  const create = useMutation({
    mutationFn: (v: { readonly draft: Draft; readonly relatedTo: readonly string[] }) => call('tickets:create', toInput(v.draft, v.relatedTo)),
    onSuccess: (tk: Ticket) => {
      storeTicket(qc, tk);
      openTicket(tk.id, true);
    },
  });
  const check = useMutation({
    mutationFn: (d: Draft) => call('tickets:duplicates', { contractNo: nullIfEmpty(d.contractNo), serial: nullIfEmpty(d.serial) }),
    onSuccess: (found, d) => {
      setDups(found);
      if (found.length === 0) create.mutate({ draft: d, relatedTo: [] });
    },
  });
  const formLabels = { doing: t('ticket.form.doing'), expected: t('ticket.form.expected'), actual: t('ticket.form.actual') };
  const followUp = useMutation({
    mutationFn: (target: TicketSummary) => {
      const d = getValues();
      return call('tickets:comment', {
        id: target.id,
        text: followUpText({ subject: d.subject, description: d.description, form: d.type === 'problem' ? d.form : null }, formLabels),
        followUp: true,
        channel: d.channel,
        callId: ctx.callId,
      });
    },
    onSuccess: (tk) => {
      storeTicket(qc, tk);
      openTicket(tk.id, true);
    },
  });

  const submit = handleSubmit((d) => {
    if (d.subject.trim() === '' || create.isPending || check.isPending) return;
    const hasKey = d.contractNo.trim() !== '' || d.serial.trim() !== '';
    if (dups !== null && dups.length > 0) return; // the warning below decides
    if (hasKey && dups === null) check.mutate(d);
    else create.mutate({ draft: d, relatedTo: [] });
  }, focusFirstInvalid);

  const issues = isApiError(create.error) && create.error.code === 'VALIDATION' ? issuesByField(create.error.issues, t) : new Map<string, string[]>();
  // Only the duty-mode refusal gets this block; other conflicts (a verdict refusal) say their own reason.
  const dutyRefused = isApiError(create.error) && create.error.code === 'CONFLICT' && (create.error.reason?.kind ?? '').startsWith('dutyMode');
  const otherError = create.error && !dutyRefused && !(isApiError(create.error) && create.error.code === 'VALIDATION' && create.error.issues.length > 0);
  const formId = useId();
  /** The form's own finding first, then what the host said about the same field. */
  const errorsOf = (name: string): string[] => {
    const own = (get(formState.errors, name) as { message?: string } | undefined)?.message;
    return [...new Set([...(own ? [own] : []), ...(issues.get(name) ?? [])])];
  };
  const a11y = (name: string, required = false) => fieldA11y(formId, name, errorsOf(name), required);
  const field = (name: string, label: ReactNode, control: ReactNode, className = '', required = false) => (
    <FormField key={name} name={name} label={label} errors={errorsOf(name)} formId={formId} required={required} className={className}>
      {control}
    </FormField>
  );
  const busy = create.isPending || check.isPending || followUp.isPending;
  const verdict = useVerdict(contractNo, ctx.callId, profile);
  const verdictBlocks = verdict.demand === 'refuse' || (verdict.demand === 'reason' && verdictReason.trim() === '');
  // Why «Создать заявку» is unavailable, said next to it (issue 11): an empty subject.
  const reason =
    busy || (dups !== null && dups.length > 0)
      ? null
      : disabledReason(
          [
            { label: t('newTicket.subject'), missing: subject.trim() === '' },
            { label: t('verdict.reason'), missing: verdict.demand === 'reason' && verdictReason.trim() === '' },
          ],
          t,
        );
  const reasonId = `${formId}-reason`;
  const ownErrors = Object.keys(formState.errors).length > 0;

  return (
    <form ref={formRef} className="ticket ticket-new" onSubmit={(e) => void submit(e)} aria-labelledby="new-title" data-testid="ticket-new-form" noValidate>
      <header className="ticket-head">
        <h2 id="new-title" className="card-title">
          {t('newTicket.title')}
        </h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={close} aria-label={t('ticket.close')} title={t('ticket.close')}>
          ✕
        </button>
      </header>
      {ctx.callId ? <p className="hint">{t('newTicket.fromCall')}</p> : null}
      <p className="hint">{t('form.legend')}</p>
      <div className="seg" role="radiogroup" aria-label={t('newTicket.type')}>
        {TYPES.map((ty) => (
          <button
            key={ty}
            type="button"
            role="radio"
            aria-checked={type === ty}
            className={`seg-btn${type === ty ? ' seg-on' : ''}`}
            onClick={() => setValue('type', ty)}
            data-testid={`new-type-${ty}`}
          >
            {t(`ticket.type.${ty}`)}
          </button>
        ))}
      </div>
      <div className="grid-2">
        {field(
          'priority',
          t('ticket.priority'),
          <select className="input" {...register('priority', { setValueAs: (v: string | number) => Number(v) as Priority })} data-testid="new-priority">
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`ticket.prio.${p}`)} — {t(`ticket.prioHint.${p}`)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'channel',
          t('ticket.channelLabel'),
          <select className="input" {...register('channel')} data-testid="new-channel">
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`ticket.channel.${c}`)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'contractNo',
          t('ticket.contract'),
          <input className="input" maxLength={64} {...register('contractNo', { onChange: onContract })} {...a11y('contractNo')} data-testid="new-contract" />,
        )}
        {field(
          'phone',
          t('ticket.phone'),
          <input className="input" maxLength={32} inputMode="tel" {...register('phone')} {...a11y('phone')} data-testid="new-phone" />,
        )}
        {field(
          'serial',
          profile?.serialRequired ? t('newTicket.serialRequired') : t('ticket.serial'),
          <input
            className="input mono"
            maxLength={32}
            inputMode="numeric"
            {...register('serial', { onChange: () => setDups(null) })}
            {...a11y('serial', serialNeeded)}
            data-testid="new-serial"
          />,
          '',
          serialNeeded,
        )}
      </div>
      {field(
        'subject',
        t('newTicket.subject'),
        <input className="input" maxLength={300} autoFocus {...register('subject')} {...a11y('subject', true)} data-testid="new-subject" />,
        '',
        true,
      )}
      {type === 'problem' ? (
        <fieldset className="fs problem-fs">
          <legend>{t('newTicket.formLegend')}</legend>
          {(['doing', 'expected', 'actual'] as const).map((k) =>
            field(
              `form.${k}`,
              t(`ticket.form.${k}`),
              <textarea
                className="input"
                rows={2}
                maxLength={4000}
                {...register(`form.${k}`)}
                {...a11y(`form.${k}`)}
                placeholder={t(examples[k])}
                data-testid={`new-${k}`}
              />,
            ),
          )}
        </fieldset>
      ) : null}
      {field(
        'description',
        t('newTicket.description'),
        <textarea className="input" rows={3} maxLength={8000} {...register('description')} {...a11y('description')} data-testid="new-description" />,
      )}
      {!FAULT_TYPES.includes(type) && profile?.dutyMode.enabled && profile.dutyMode.acceptsOnly === 'faults' ? (
        <p className="hint">{t('newTicket.dutyHint')}</p>
      ) : null}

      {dups && dups.length > 0 ? (
        <DuplicateWarning
          dups={dups}
          busy={busy}
          onFollowUp={(x) => followUp.mutate(x)}
          onCreate={() => create.mutate({ draft: getValues(), relatedTo: dups.map((x) => x.id) })}
        />
      ) : null}
      {check.isError ? <ErrorText error={check.error} testId="new-dup-error" /> : null}
      {followUp.isError ? <ErrorText error={followUp.error} testId="new-followup-error" /> : null}
      {dutyRefused ? (
        <div className="msg msg-warn" role="alert" data-testid="new-duty-refused">
          <strong>⚠ {t('newTicket.dutyRefused')}</strong>
          <p>{isApiError(create.error) ? refusalReasonText(create.error, t) : ''}</p>
          {!FAULT_TYPES.includes(type) ? <p>{t('newTicket.dutyWhat')}</p> : null}
        </div>
      ) : null}
      {otherError ? <ErrorText error={create.error} testId="new-error" /> : null}
      {issues.size > 0 || ownErrors ? (
        <p className="msg msg-error" data-testid="new-fix-fields">
          {t('newTicket.fixFields')}
        </p>
      ) : null}
      <VerdictReason verdict={verdict} value={verdictReason} onChange={setVerdictReason} testId="new-verdict" />
      <div className="row form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || reason !== null || (dups !== null && dups.length > 0) || verdictBlocks}
          aria-describedby={reason ? reasonId : undefined}
          data-testid="new-save"
        >
          {busy ? t('newTicket.saving') : t('newTicket.save')}
        </button>
        <DisabledReason id={reasonId} text={reason} testId="new-save-reason" />
        <button type="button" className="btn btn-ghost" onClick={close}>
          {t('newTicket.cancel')}
        </button>
      </div>
    </form>
  );
}

/** R-TKT-DEDUP: the same contract or serial already has open tickets (maybe from another channel). */
function DuplicateWarning({
  dups,
  busy,
  onFollowUp,
  onCreate,
}: {
  readonly dups: readonly TicketSummary[];
  readonly busy: boolean;
  readonly onFollowUp: (t: TicketSummary) => void;
  readonly onCreate: () => void;
}) {
  const { t } = useTranslation();
  const now = useHostNow();
  const between = useWorkingTimes();
  const box = useRef<HTMLDivElement>(null);
  // The warning decides what happens next, and it may open below the fold: bring it into view
  // and move the focus to it, so Tab reaches «Добавить в …» first.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' });
    box.current?.focus();
  }, []);
  return (
    <div className="msg msg-warn dup-warning" role="alert" tabIndex={-1} ref={box} data-testid="dup-warning">
      <strong>⚠ {t('newTicket.dupTitle', { count: dups.length })}</strong>
      <ul className="plain-list">
        {dups.map((x) => (
          <li key={x.id} className="dup-item" data-testid="dup-item" data-number={x.number}>
            <div>
              <strong>№ {x.number}</strong> · {t(`ticket.type.${x.type}`)} · {t(`ticket.status.${x.status}`)} · {t(`ticket.channel.${x.channel}`)}
              {' · '}
              <SlaClock sla={x.sla} nowMs={now} between={between(x.sla.schedule)} testId="dup-sla" claim={x.type === 'claim'} />
            </div>
            <div className="muted">{x.subject}</div>
            <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => onFollowUp(x)} data-testid="dup-follow-up">
              {t('newTicket.addTo', { number: x.number })}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="btn btn-small" disabled={busy} onClick={onCreate} data-testid="dup-create-anyway">
        {t('newTicket.createAnyway')}
      </button>
    </div>
  );
}

import { VerdictReason } from '../../components/VerdictReason';
import { useVerdict } from '../../shared/verdict';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
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

const nullIfEmpty = (s: string) => (s.trim() === '' ? null : s.trim());

/**
 * A new ticket (R-TKT-TYPES, R-TKT-PRIO, R-TKT-FORM), prefilled from the identified caller. Before
 * saving, the open tickets of the same contract or serial are checked (R-TKT-DEDUP): add this as a
 * follow-up to one of them (R-TKT-NEW) or create anyway, linked. The id is generated once per form,
 * so a retry after a failure is idempotent; a failed save keeps everything typed.
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
  const [d, setD] = useState<Draft>(() => ({
    type: 'problem',
    priority: DEFAULT_PRIORITY,
    channel: 'phone',
    contractNo: ctx.contractNo ?? '',
    phone: ctx.phone ?? '',
    serial: ctx.serial ?? '',
    subject: '',
    description: '',
    form: { doing: '', expected: '', actual: '' },
  }));
  const [dups, setDups] = useState<readonly TicketSummary[] | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setD((x) => {
      const next = { ...x, [k]: v };
      // Another contract typed in: the caller's phone and serial, still as prefilled, are not its own.
      if (k === 'contractNo' && ctx.contractNo !== null && v !== ctx.contractNo) {
        if (x.serial === (ctx.serial ?? '')) next.serial = '';
        if (x.phone === (ctx.phone ?? '')) next.phone = '';
      }
      return next;
    });
    if (k === 'contractNo' || k === 'serial') setDups(null);
  };
  const setForm = (k: keyof ProblemForm, v: string) => setD((x) => ({ ...x, form: { ...x.form, [k]: v } }));

  const create = useMutation({
    mutationFn: (relatedTo: readonly string[]) =>
      call('tickets:create', {
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
      }),
    onSuccess: (tk: Ticket) => {
      storeTicket(qc, tk);
      openTicket(tk.id, true);
    },
  });
  const check = useMutation({
    mutationFn: () => call('tickets:duplicates', { contractNo: nullIfEmpty(d.contractNo), serial: nullIfEmpty(d.serial) }),
    onSuccess: (found) => {
      setDups(found);
      if (found.length === 0) create.mutate([]);
    },
  });
  const formLabels = { doing: t('ticket.form.doing'), expected: t('ticket.form.expected'), actual: t('ticket.form.actual') };
  const followUp = useMutation({
    mutationFn: (target: TicketSummary) =>
      call('tickets:comment', {
        id: target.id,
        text: followUpText({ subject: d.subject, description: d.description, form: d.type === 'problem' ? d.form : null }, formLabels),
        followUp: true,
        channel: d.channel,
        callId: ctx.callId,
      }),
    onSuccess: (tk) => {
      storeTicket(qc, tk);
      openTicket(tk.id, true);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (d.subject.trim() === '' || create.isPending || check.isPending) return;
    const hasKey = d.contractNo.trim() !== '' || d.serial.trim() !== '';
    if (dups !== null && dups.length > 0) return; // the warning below decides
    if (hasKey && dups === null) check.mutate();
    else create.mutate([]);
  };

  const issues = isApiError(create.error) && create.error.code === 'VALIDATION' ? issuesByField(create.error.issues, t) : new Map<string, string[]>();
  // Only the duty-mode refusal gets this block; other conflicts (a verdict refusal) say their own reason.
  const dutyRefused = isApiError(create.error) && create.error.code === 'CONFLICT' && (create.error.reason?.kind ?? '').startsWith('dutyMode');
  const otherError = create.error && !dutyRefused && !(isApiError(create.error) && create.error.code === 'VALIDATION' && create.error.issues.length > 0);
  const formId = useId();
  const field = (name: string, label: ReactNode, control: ReactNode, className = '', required = false) => {
    const list = issues.get(name) ?? [];
    return (
      <FormField name={name} label={label} errors={list} formId={formId} required={required} className={className}>
        {control}
      </FormField>
    );
  };
  const busy = create.isPending || check.isPending || followUp.isPending;
  const verdict = useVerdict(d.contractNo, ctx.callId, profile);
  const verdictBlocks = verdict.demand === 'refuse' || (verdict.demand === 'reason' && verdictReason.trim() === '');
  // Why «Создать заявку» is unavailable, said next to it (issue 11): an empty subject.
  const reason =
    busy || (dups !== null && dups.length > 0)
      ? null
      : disabledReason(
          [
            { label: t('newTicket.subject'), missing: d.subject.trim() === '' },
            { label: t('verdict.reason'), missing: verdict.demand === 'reason' && verdictReason.trim() === '' },
          ],
          t,
        );
  const reasonId = `${formId}-reason`;

  return (
    <form className="ticket ticket-new" onSubmit={submit} aria-labelledby="new-title" data-testid="ticket-new-form" noValidate>
      <header className="ticket-head">
        <h2 id="new-title" className="card-title">
          {t('newTicket.title')}
        </h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={close} aria-label={t('ticket.close')} title={t('ticket.close')}>
          ✕
        </button>
      </header>
      {ctx.callId ? <p className="hint">{t('newTicket.fromCall')}</p> : null}
      <div className="seg" role="radiogroup" aria-label={t('newTicket.type')}>
        {TYPES.map((ty) => (
          <button
            key={ty}
            type="button"
            role="radio"
            aria-checked={d.type === ty}
            className={`seg-btn${d.type === ty ? ' seg-on' : ''}`}
            onClick={() => set('type', ty)}
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
          <select className="input" value={d.priority} onChange={(e) => set('priority', Number(e.target.value) as Priority)} data-testid="new-priority">
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
          <select className="input" value={d.channel} onChange={(e) => set('channel', e.target.value as TicketChannel)} data-testid="new-channel">
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
          <input className="input" value={d.contractNo} maxLength={64} onChange={(e) => set('contractNo', e.target.value)} data-testid="new-contract" />,
        )}
        {field(
          'phone',
          t('ticket.phone'),
          <input className="input" value={d.phone} maxLength={32} inputMode="tel" onChange={(e) => set('phone', e.target.value)} data-testid="new-phone" />,
        )}
        {field(
          'serial',
          profile?.serialRequired ? t('newTicket.serialRequired') : t('ticket.serial'),
          <input
            className="input mono"
            value={d.serial}
            maxLength={32}
            inputMode="numeric"
            onChange={(e) => set('serial', e.target.value)}
            data-testid="new-serial"
          />,
        )}
      </div>
      {field(
        'subject',
        t('newTicket.subject'),
        <input
          className="input"
          value={d.subject}
          maxLength={300}
          autoFocus
          onChange={(e) => set('subject', e.target.value)}
          {...fieldA11y(formId, 'subject', issues.get('subject') ?? [], true)}
          data-testid="new-subject"
        />,
        '',
        true,
      )}
      {d.type === 'problem' ? (
        <fieldset className="fs problem-fs">
          <legend>{t('newTicket.formLegend')}</legend>
          {field(
            'form.doing',
            t('ticket.form.doing'),
            <textarea
              className="input"
              rows={2}
              maxLength={4000}
              value={d.form.doing}
              onChange={(e) => setForm('doing', e.target.value)}
              placeholder={t(examples.doing)}
              data-testid="new-doing"
            />,
          )}
          {field(
            'form.expected',
            t('ticket.form.expected'),
            <textarea
              className="input"
              rows={2}
              maxLength={4000}
              value={d.form.expected}
              onChange={(e) => setForm('expected', e.target.value)}
              placeholder={t(examples.expected)}
              data-testid="new-expected"
            />,
          )}
          {field(
            'form.actual',
            t('ticket.form.actual'),
            <textarea
              className="input"
              rows={2}
              maxLength={4000}
              value={d.form.actual}
              onChange={(e) => setForm('actual', e.target.value)}
              placeholder={t(examples.actual)}
              data-testid="new-actual"
            />,
          )}
        </fieldset>
      ) : null}
      {field(
        'description',
        t('newTicket.description'),
        <textarea
          className="input"
          rows={3}
          maxLength={8000}
          value={d.description}
          onChange={(e) => set('description', e.target.value)}
          data-testid="new-description"
        />,
      )}
      {!FAULT_TYPES.includes(d.type) && profile?.dutyMode.enabled && profile.dutyMode.acceptsOnly === 'faults' ? (
        <p className="hint">{t('newTicket.dutyHint')}</p>
      ) : null}

      {dups && dups.length > 0 ? (
        <DuplicateWarning dups={dups} busy={busy} onFollowUp={(x) => followUp.mutate(x)} onCreate={() => create.mutate(dups.map((x) => x.id))} />
      ) : null}
      {check.isError ? <ErrorText error={check.error} testId="new-dup-error" /> : null}
      {followUp.isError ? <ErrorText error={followUp.error} testId="new-followup-error" /> : null}
      {dutyRefused ? (
        <div className="msg msg-warn" role="alert" data-testid="new-duty-refused">
          <strong>⚠ {t('newTicket.dutyRefused')}</strong>
          <p>{isApiError(create.error) ? refusalReasonText(create.error, t) : ''}</p>
          {!FAULT_TYPES.includes(d.type) ? <p>{t('newTicket.dutyWhat')}</p> : null}
        </div>
      ) : null}
      {otherError ? <ErrorText error={create.error} testId="new-error" /> : null}
      {issues.size > 0 ? <p className="msg msg-error">{t('newTicket.fixFields')}</p> : null}
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

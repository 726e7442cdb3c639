import { VerdictReason } from '../../components/VerdictReason';
import { useVerdict } from '../../shared/verdict';
import { useActiveProfile } from '../settings/queries';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Output } from '../../../src-shared/ipc/contract';
import type { VisitRequest } from '../../../src-shared/ipc/calls';
import { PRIORITIES, type Priority } from '../../../src-shared/domain/tickets';
import { uuidv7 } from '../../../src-shared/ids';
import { call, isApiError } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTimeMsk } from '../../lib/format';
import { storeTicket } from '../../shared/ticketCache';
import { issuesByField } from '../../lib/inputIssue';
import { BookedView } from './BookedView';
import { visitKeys } from './queries';
import { defaultSlotIndex, desiredAtIso } from './slots';
import { SlotList } from './SlotList';
import type { BookingSource } from './bookingUi';
import { DisabledReason, FormField, fieldA11y } from '../../components/FormField';
import { checkWithSchema, disabledReason } from '../../lib/schemaForm';
import { visitsRequests } from '../../../src-shared/ipc/visits';

type Prefill = Output<'visits:prefill'>;
type BookInput = z.input<(typeof visitsRequests)['visits:book']['input']>;
/** The fields the host requires (R-VIS-FORM): marked, and checked here before the request leaves. */
const REQUIRED = ['address', 'responsible', 'phone'] as const;
/** The form's own fields, in screen order: only issues on these are shown (and focused) here. */
const FORM_FIELDS = ['address', 'responsible', 'phone', 'intercom', 'priority', 'problemLocation', 'notes', 'desiredAt'];
type Booked = Output<'visits:book'>;
type Fields = {
  address: string;
  responsible: string;
  phone: string;
  intercom: string;
  problemLocation: string;
  notes: string;
  desired: string;
  priority: Priority;
};

/**
 * R-VIS-FORM with the slot list (R-VIS-WINDOW, R-SLA-REACT, R-VIS-QUEUE). Everything prefilled is
 * editable; the first slot that meets the reaction time is preselected and focused, so «Подтвердить»
 * (or Enter) books it. Ids are made once per form: a retry after a failure books once.
 */
export function BookingForm({
  source,
  prefill,
  request,
  onClose,
}: {
  readonly source: BookingSource;
  readonly prefill: Prefill;
  readonly request: VisitRequest | null;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const draft = prefill.draft;
  const [ids] = useState(() => ({ id: uuidv7(), ticket: uuidv7() }));
  // The verdict travels (issue 11): a failed card check needs a reason the host records.
  const [verdictReason, setVerdictReason] = useState('');
  const verdict = useVerdict(draft.contractNo ?? '', draft.callId, useActiveProfile().active);
  const verdictBlocks = verdict.demand === 'refuse' || (verdict.demand === 'reason' && verdictReason.trim() === '');
  const [f, setF] = useState<Fields>(() => ({
    address: draft.address || (request?.address ?? ''),
    responsible: draft.responsible || (request?.holderName ?? ''),
    phone: draft.phone || (request?.phone ?? ''),
    intercom: draft.intercom,
    problemLocation: draft.problemLocation,
    notes: draft.notes || (request?.notes ?? ''),
    desired: '',
    priority: draft.priority,
  }));
  const [days, setDays] = useState(5);
  // Issues found here with the host's own schema before the request leaves (issue 11 item 3).
  const [ownIssues, setOwnIssues] = useState<ReadonlyMap<string, string[]>>(new Map());
  const formRef = useRef<HTMLFormElement>(null);
  const formId = useId();
  const set = <K extends keyof Fields>(k: K, v: Fields[K]) => {
    setF((x) => ({ ...x, [k]: v }));
    if (ownIssues.has(k)) setOwnIssues((m) => new Map([...m].filter(([name]) => name !== k)));
  };

  // The prefill's slots are for the draft's priority over the default days; others are asked for.
  const own = f.priority === draft.priority && days === 5;
  const slotsInput = { contractNo: draft.contractNo, tariff: draft.tariff, priority: f.priority, ticketId: draft.ticketId, days };
  const slotsQ = useQuery({
    queryKey: visitKeys.slots(slotsInput),
    queryFn: () => call('visits:slots', slotsInput),
    enabled: !own,
    staleTime: 10_000,
  });
  const slotData = own
    ? { slots: prefill.slots, reactionDueAt: prefill.reactionDueAt, calendarMissingYear: prefill.calendarMissingYear }
    : (slotsQ.data ?? null);
  const slots = slotData?.slots ?? [];
  const [chosen, setChosen] = useState<{ readonly start: string } | null>(() => {
    const i = defaultSlotIndex(prefill.slots);
    const s = prefill.slots[i];
    return s ? { start: s.start } : null;
  });
  const chosenIndex = chosen ? slots.findIndex((s) => s.start === chosen.start) : -1;
  const chosenSlot = chosenIndex >= 0 ? slots[chosenIndex] : undefined;

  const bookInput = (slotStart: string): BookInput => ({
    id: ids.id,
    ticketId: draft.ticketId,
    ...(draft.ticketId === null ? { newTicketId: ids.ticket } : {}),
    callId: draft.callId,
    contractNo: draft.contractNo,
    address: f.address.trim(),
    responsible: f.responsible.trim(),
    phone: f.phone.trim(),
    intercom: f.intercom.trim(),
    problemLocation: f.problemLocation.trim(),
    notes: f.notes.trim(),
    desiredAt: desiredAtIso(f.desired),
    priority: f.priority,
    slotStart,
    verdictReason: verdictReason.trim() === '' ? null : verdictReason.trim(),
  });
  const book = useMutation({
    mutationFn: (input: BookInput): Promise<Booked> => call('visits:book', input),
    onSuccess: (r) => {
      storeTicket(qc, r.ticket);
      void qc.invalidateQueries({ queryKey: visitKeys.all });
    },
  });

  const badDesired = f.desired.trim() !== '' && desiredAtIso(f.desired) === null;
  const reasonId = `${useId()}-reason`;
  // «Подтвердить» says why it is unavailable (issue 11): no slot chosen, or a desired time that is not one.
  const reason = book.isPending
    ? null
    : disabledReason(
        [
          { label: t('form.visitSlot'), missing: !chosenSlot },
          { label: t('form.visitDesired'), missing: false, invalid: badDesired },
          { label: t('verdict.reason'), missing: verdict.demand === 'reason' && verdictReason.trim() === '' },
        ],
        t,
      );
  const confirm = (slotStart?: string) => {
    const start = slotStart ?? chosenSlot?.start;
    if (!start || book.isPending || badDesired || verdictBlocks) return;
    const input = bookInput(start);
    const found = issuesByField(checkWithSchema(visitsRequests['visits:book'].input, input, /^$/), t, /^$/);
    const shown = new Map([...found].filter(([name]) => FORM_FIELDS.includes(name)));
    setOwnIssues(shown);
    if (shown.size > 0) {
      // The first field to fix takes the focus, so the operator types straight into it.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    book.mutate(input);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm();
  };

  if (book.data) return <BookedView booked={book.data} source={source} onClose={onClose} />;

  const hostIssues = isApiError(book.error) && book.error.code === 'VALIDATION' ? issuesByField(book.error.issues, t) : new Map<string, string[]>();
  const issues = ownIssues.size > 0 ? ownIssues : hostIssues;
  const errorsOf = (name: string) => [...(name === 'desiredAt' && badDesired ? [t('booking.badDesired')] : []), ...(issues.get(name) ?? [])];
  const required = (name: string) => (REQUIRED as readonly string[]).includes(name);
  /** The control's aria attributes: required, invalid and its error text. */
  const a11y = (name: string) => fieldA11y(formId, name, errorsOf(name), required(name));
  const field = (name: string, label: ReactNode, control: ReactNode, className = '') => (
    <FormField name={name} label={label} errors={errorsOf(name)} formId={formId} required={required(name)} className={className}>
      {control}
    </FormField>
  );

  return (
    <form ref={formRef} className="booking-body" onSubmit={submit} noValidate data-testid="visit-form">
      <div className="booking-fields">
        {source.kind === 'ticket' || !request ? (
          <p className="hint">
            {draft.contractNo ? t('booking.contract', { no: draft.contractNo }) : t('booking.noContract')}
            {draft.holderName ? ` · ${draft.holderName}` : ''}
            {draft.tariff ? ` · ${t('booking.tariff', { tariff: draft.tariff })}` : ''}
          </p>
        ) : draft.tariff ? (
          <p className="hint">{t('booking.tariff', { tariff: draft.tariff })}</p>
        ) : null}
        {field(
          'address',
          t('booking.address'),
          <textarea
            className="input"
            rows={2}
            maxLength={500}
            value={f.address}
            onChange={(e) => set('address', e.target.value)}
            {...a11y('address')}
            data-testid="visit-address"
          />,
        )}
        <div className="grid-2">
          {field(
            'responsible',
            t('booking.responsible'),
            <input
              className="input"
              maxLength={200}
              value={f.responsible}
              onChange={(e) => set('responsible', e.target.value)}
              {...a11y('responsible')}
              data-testid="visit-responsible"
            />,
          )}
          {field(
            'phone',
            t('booking.phone'),
            <input
              className="input"
              maxLength={32}
              inputMode="tel"
              value={f.phone}
              onChange={(e) => set('phone', e.target.value)}
              {...a11y('phone')}
              data-testid="visit-form-phone"
            />,
          )}
          {field(
            'intercom',
            t('booking.intercom'),
            <input className="input" maxLength={100} value={f.intercom} onChange={(e) => set('intercom', e.target.value)} data-testid="visit-intercom" />,
          )}
          {field(
            'priority',
            t('ticket.priority'),
            <select className="input" value={f.priority} onChange={(e) => set('priority', Number(e.target.value) as Priority)} data-testid="visit-priority">
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`ticket.prio.${p}`)}
                </option>
              ))}
            </select>,
          )}
        </div>
        {field(
          'problemLocation',
          t('booking.problemLocation'),
          <textarea
            className="input"
            rows={2}
            maxLength={2000}
            value={f.problemLocation}
            onChange={(e) => set('problemLocation', e.target.value)}
            placeholder={t('booking.problemLocationHint')}
            data-testid="visit-location"
          />,
        )}
        {field(
          'notes',
          t('booking.notes'),
          <textarea className="input" rows={2} maxLength={4000} value={f.notes} onChange={(e) => set('notes', e.target.value)} data-testid="visit-notes" />,
        )}
        {field(
          'desiredAt',
          t('booking.desired'),
          <input
            className="input"
            value={f.desired}
            placeholder={t('booking.desiredPlaceholder')}
            {...a11y('desiredAt')}
            onChange={(e) => set('desired', e.target.value)}
            data-testid="visit-desired"
          />,
        )}
      </div>
      <div className="booking-slots">
        <h3 className="card-subtitle">{t('booking.slots')}</h3>
        {slotData?.reactionDueAt ? (
          <p className="hint" data-testid="visit-reaction-due">
            {t('booking.reactionDue', { at: formatDateTimeMsk(slotData.reactionDueAt) })}
          </p>
        ) : null}
        {slotData?.calendarMissingYear ? (
          <p className="msg msg-warn" role="alert" data-testid="visit-calendar-missing">
            ⚠ {t('booking.calendarMissing', { year: slotData.calendarMissingYear })}
          </p>
        ) : null}
        {slotsQ.isError && !own ? <ErrorText error={slotsQ.error} /> : null}
        {!own && slotsQ.isPending ? <p className="hint">{t('booking.loadingSlots')}</p> : null}
        <SlotList
          slots={slots}
          chosen={chosenIndex}
          onChoose={(i) => setChosen(slots[i] ? { start: (slots[i] as { start: string }).start } : null)}
          onConfirm={(i) => confirm(slots[i]?.start)}
        />
        {slots.length > 0 && days < 30 ? (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setDays(Math.min(30, days + 5))} data-testid="visit-more-days">
            {t('booking.moreDays')}
          </button>
        ) : null}
        {slotData && slots.length === 0 ? <p className="hint">{t('booking.noSlots')}</p> : null}
        {book.isError && issues.size === 0 ? <ErrorText error={book.error} testId="visit-book-error" /> : null}
        {issues.size > 0 ? <p className="msg msg-error">{t('booking.fixFields')}</p> : null}
        <VerdictReason verdict={verdict} value={verdictReason} onChange={setVerdictReason} testId="visit-verdict" />
        <div className="row booking-actions">
          <button
            type="submit"
            className="btn btn-primary btn-confirm"
            disabled={!chosenSlot || book.isPending || badDesired || verdictBlocks}
            aria-describedby={reason ? reasonId : undefined}
            data-testid="visit-confirm"
          >
            {book.isPending ? t('booking.booking') : t('booking.confirm')} <kbd>Enter</kbd>
          </button>
          <DisabledReason id={reasonId} text={reason} testId="visit-confirm-reason" />
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('booking.cancel')}
          </button>
        </div>
      </div>
    </form>
  );
}

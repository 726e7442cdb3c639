import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../src-shared/ipc/ticketSchemas';
import { formatPhone } from '../../../src-shared/domain/phone';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTimeMsk, formatMs } from '../../lib/format';
import { targetKind } from '../../lib/keys';
import { call } from '../../api/client';
import { displayNumber, splitLines } from '../../shared/callLines';
import { useCalls } from '../../shared/liveCall';
import { ClaimBlock } from '../claims/ClaimBlock';
import { TicketVisits } from '../visits/TicketVisits';
import { Attachments } from './Attachments';
import { CommentForm } from './CommentForm';
import { CustomerMessage } from './CustomerMessage';
import { History } from './History';
import { useHostNow } from '../../lib/hostClock';
import { useTicketWrite } from '../../shared/ticketCache';
import { useQueues, useTicket } from './queries';
import { SlaClock } from '../sla/SlaClock';
import { useTicketPaneUi } from '../../shared/ticketPaneUi';
import { useTicketListUi } from './ticketListUi';
import { TicketActions } from './TicketActions';
import { useWorkingTimes } from '../sla/worktime';
import { ru } from '../../i18n/ru';
import { hasKey } from '../../i18n/types';

/** The open ticket: everything about it in one place (R-TKT-HISTORY) so another specialist can take over. */
export function TicketDetail({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const q = useTicket(id);
  const close = useTicketPaneUi((s) => s.closePane);
  const focusList = useTicketListUi((s) => s.focusList);
  const wantsFocus = useTicketPaneUi((s) => s.pane.kind === 'detail' && s.pane.id === id && s.pane.focus === true);
  const focusTaken = useTicketPaneUi((s) => s.focusTaken);
  const title = useRef<HTMLHeadingElement>(null);
  const loaded = q.data !== undefined;
  // A ticket just created from a form takes the focus, so a keyboard user goes on from it.
  useEffect(() => {
    if (wantsFocus && loaded && title.current) {
      title.current.focus();
      focusTaken();
    }
  }, [wantsFocus, loaded, focusTaken]);
  if (q.isError) return <ErrorText error={q.error} testId="ticket-error" />;
  if (!q.data) return <p className="hint">{t('ticket.loading')}</p>;
  const tk = q.data;
  return (
    <article
      className="ticket"
      aria-labelledby="ticket-title"
      data-testid="ticket-detail"
      data-ticket-id={tk.id}
      data-number={tk.number}
      onKeyDown={(e) => {
        // Esc goes back to the list, but not from a field: what is typed there must not be lost.
        if (e.key === 'Escape' && !e.defaultPrevented && targetKind(e.target instanceof HTMLElement ? e.target : null) !== 'text') {
          e.preventDefault();
          close();
          focusList();
        }
      }}
    >
      <header className="ticket-head">
        <h2 id="ticket-title" className="card-title" tabIndex={-1} ref={title} data-testid="ticket-title">
          <span className="card-kicker">{t(`ticket.type.${tk.type}`)}</span> <span data-testid="ticket-number">№ {tk.number}</span>
        </h2>
        <span className={`prio prio-${tk.priority}`}>{t(`ticket.prio.${tk.priority}`)}</span>
        <span className={`tstatus tstatus-${tk.status}`} data-testid="ticket-status">
          {t(`ticket.status.${tk.status}`)}
        </span>
        <button type="button" className="btn btn-ghost btn-small" onClick={close} aria-label={t('ticket.close')} title={t('ticket.close')}>
          ✕
        </button>
      </header>
      <p className="ticket-subject" data-testid="ticket-subject">
        {tk.subject}
      </p>
      <BigClock ticket={tk} />
      <Facts ticket={tk} />
      {tk.description ? <p className="pre ticket-description">{tk.description}</p> : null}
      {tk.form && (tk.form.doing || tk.form.expected || tk.form.actual) ? <ProblemFormView form={tk.form} /> : null}
      <TicketActions ticket={tk} />
      <CustomerMessage ticket={tk} />
      {tk.claim ? <ClaimBlock ticket={tk} claim={tk.claim} /> : null}
      <TicketVisits ticket={tk} />
      <LinkedCalls ticket={tk} />
      <Attachments ticket={tk} />
      <CommentForm ticket={tk} />
      <History ticket={tk} />
    </article>
  );
}

function BigClock({ ticket: tk }: { readonly ticket: Ticket }) {
  const now = useHostNow();
  const between = useWorkingTimes();
  return (
    <div className="ticket-clock">
      <SlaClock sla={tk.sla} nowMs={now} between={between(tk.sla.schedule)} big testId="ticket-sla-big" claim={tk.type === 'claim'} />
    </div>
  );
}

function Facts({ ticket: tk }: { readonly ticket: Ticket }) {
  const { t } = useTranslation();
  const none = <span className="muted">{t('card.none')}</span>;
  return (
    <dl className="facts ticket-facts">
      <dt>{t('ticket.contract')}</dt>
      <dd data-testid="ticket-contract">
        {tk.contractNo ?? none}
        {tk.holderName ? <span> · {tk.holderName}</span> : null}
      </dd>
      <dt>{t('ticket.phone')}</dt>
      <dd>{tk.phone ? displayNumber(tk.phone, formatPhone) : none}</dd>
      {tk.serial ? (
        <>
          <dt>{t('ticket.serial')}</dt>
          <dd className="mono">{tk.serial}</dd>
        </>
      ) : null}
      <dt>{t('ticket.channelLabel')}</dt>
      <dd>{t(`ticket.channel.${tk.channel}`)}</dd>
      <dt>{t('ticket.queue')}</dt>
      <dd data-testid="ticket-queue">
        {/* The queue by its name (not `support-2`); the department only where it adds something. */}
        <QueueText queueId={tk.queueId} department={tk.department} />
      </dd>
      <dt>{t('ticket.assignee')}</dt>
      <dd data-testid="ticket-assignee">{tk.assignee ?? <span className="muted">{t('ticket.unassigned')}</span>}</dd>
      <dt>{t('ticket.created')}</dt>
      <dd>
        {formatDateTimeMsk(tk.createdAt)} {t('topbar.zone')} · {tk.createdBy}
      </dd>
      {tk.related.length > 0 ? (
        <>
          <dt>{t('ticket.related')}</dt>
          <dd data-testid="ticket-related">
            {tk.related.map((r) => (
              <TicketLink key={r.id} id={r.id} number={r.number} />
            ))}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export function TicketLink({ id, number }: { readonly id: string; readonly number: string }) {
  const open = useTicketPaneUi((s) => s.openTicket);
  return (
    <button type="button" className="linkish" onClick={() => open(id)} data-testid="ticket-link">
      № {number}
    </button>
  );
}

function ProblemFormView({ form }: { readonly form: NonNullable<Ticket['form']> }) {
  const { t } = useTranslation();
  return (
    <dl className="facts problem-form" data-testid="ticket-form">
      <dt>{t('ticket.form.doing')}</dt>
      <dd className="pre">{form.doing || '—'}</dd>
      <dt>{t('ticket.form.expected')}</dt>
      <dd className="pre">{form.expected || '—'}</dd>
      <dt>{t('ticket.form.actual')}</dt>
      <dd className="pre">{form.actual || '—'}</dd>
    </dl>
  );
}

function LinkedCalls({ ticket: tk }: { readonly ticket: Ticket }) {
  const { t } = useTranslation();
  const live = splitLines(useCalls().data?.calls ?? []).active;
  const link = useTicketWrite((callId: string) => call('tickets:linkCall', { id: tk.id, callId }));
  const canLink = live !== null && !tk.calls.some((c) => c.id === live.id);
  if (tk.calls.length === 0 && !canLink) return null;
  return (
    <section className="ticket-section" aria-labelledby="ticket-calls">
      <div className="section-head">
        <h3 id="ticket-calls" className="card-subtitle">
          {t('ticket.calls', { count: tk.calls.length })}
        </h3>
        {canLink && live ? (
          <button type="button" className="btn btn-small" disabled={link.isPending} onClick={() => link.mutate(live.id)} data-testid="ticket-link-call">
            {t('ticket.linkCall', { number: displayNumber(live.remoteNumber, formatPhone) })}
          </button>
        ) : null}
      </div>
      {link.isError ? <ErrorText error={link.error} /> : null}
      <ul className="plain-list" data-testid="ticket-calls">
        {tk.calls.map((c) => (
          <li key={c.id}>
            {formatDateTimeMsk(c.offeredAt)} · {t(`callLog.${c.direction}`)} · {displayNumber(c.remoteNumber, formatPhone)}
            {c.talkMs !== null ? <span className="muted"> · {formatMs(c.talkMs)}</span> : null}
            {c.operator ? <span className="muted"> · {c.operator}</span> : null}
            {c.outcome ? <span className="muted"> · {hasKey(ru.outcome, c.outcome) ? t(`outcome.${c.outcome}`) : c.outcome}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function QueueText({ queueId, department }: { readonly queueId: string; readonly department: string }) {
  const name = useQueues().data?.find((q) => q.id === queueId)?.name ?? null;
  if (name === null || name === department) return <>{department}</>;
  return (
    <>
      {name}
      {department.includes(name) || name.includes(department) ? null : <span className="muted"> · {department}</span>}
    </>
  );
}

import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, TRANSITIONS, type Priority, type TicketStatus } from '../../../src-shared/domain/tickets';
import type { Ticket } from '../../../src-shared/ipc/ticketSchemas';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useTicketWrite } from '../../shared/ticketCache';
import { useQueues } from './queries';

type Tool = 'none' | 'assign' | 'handoff' | 'extend';

/**
 * What can be done to the ticket: the allowed status transitions only (TRANSITIONS), priority
 * (R-TKT-PRIO), assignment, handoff to another queue with a reason and an optional SLA extension
 * (R-TKT-HANDOFF, R-SLA-EXT), and an SLA extension with its reason.
 */
export function TicketActions({ ticket: tk }: { readonly ticket: Ticket }) {
  const { t } = useTranslation();
  const [tool, setTool] = useState<Tool>('none');
  const [reason, setReason] = useState('');
  const transition = useTicketWrite(
    (to: TicketStatus) => call('tickets:transition', { id: tk.id, to, reason: reason.trim() }),
    () => setReason(''),
  );
  const priority = useTicketWrite((p: Priority) => call('tickets:update', { id: tk.id, priority: p }));
  const targets = TRANSITIONS[tk.status];
  const toggle = (x: Tool) => setTool(tool === x ? 'none' : x);
  return (
    <section className="ticket-section ticket-actions" aria-label={t('ticket.actions')}>
      {targets.length > 0 ? (
        <div className="status-row">
          <span className="field-label">{t('ticket.moveTo')}</span>
          {targets.map((to) => (
            <button
              key={to}
              type="button"
              className={`btn btn-small${to === 'cancelled' ? ' btn-danger-outline' : ''}`}
              disabled={transition.isPending}
              onClick={() => transition.mutate(to)}
              data-testid={`ticket-to-${to}`}
            >
              {t(`ticket.statusAction.${to}`)}
            </button>
          ))}
          <input
            className="input input-reason"
            value={reason}
            maxLength={1000}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('ticket.statusReason')}
            aria-label={t('ticket.statusReason')}
            data-testid="ticket-status-reason"
          />
        </div>
      ) : (
        <p className="hint">{t('ticket.finalStatus')}</p>
      )}
      {transition.isError ? <ErrorText error={transition.error} testId="ticket-transition-error" /> : null}
      <div className="row action-row">
        <label className="field field-inline">
          <span className="field-label">{t('ticket.priority')}</span>
          <select
            className="input"
            value={tk.priority}
            disabled={priority.isPending}
            onChange={(e) => priority.mutate(Number(e.target.value) as Priority)}
            data-testid="ticket-priority"
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`ticket.prio.${p}`)} — {t(`ticket.prioHint.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-small" aria-expanded={tool === 'assign'} onClick={() => toggle('assign')} data-testid="ticket-assign-open">
          {t('ticket.assign')}
        </button>
        <button type="button" className="btn btn-small" aria-expanded={tool === 'handoff'} onClick={() => toggle('handoff')} data-testid="ticket-handoff-open">
          {t('ticket.handoff')}
        </button>
        <button type="button" className="btn btn-small" aria-expanded={tool === 'extend'} onClick={() => toggle('extend')} data-testid="ticket-extend-open">
          {t('ticket.extend')}
        </button>
      </div>
      {priority.isError ? <ErrorText error={priority.error} /> : null}
      {tool === 'assign' ? <AssignForm ticket={tk} onDone={() => setTool('none')} /> : null}
      {tool === 'handoff' ? <HandoffForm ticket={tk} onDone={() => setTool('none')} /> : null}
      {tool === 'extend' ? <ExtendForm ticket={tk} onDone={() => setTool('none')} /> : null}
    </section>
  );
}

function AssignForm({ ticket: tk, onDone }: { readonly ticket: Ticket; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const [who, setWho] = useState(tk.assignee ?? '');
  const assign = useTicketWrite((assignee: string | null) => call('tickets:assign', { id: tk.id, assignee }), onDone);
  // R-TKT-ASSIGN: «Мои» follows the operator's id; a typed name is only shown.
  const takeSelf = useTicketWrite(() => call('tickets:assign', { id: tk.id, assignee: null, self: true }), onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    assign.mutate(who.trim() === '' ? null : who.trim());
  };
  return (
    <form className="tool" onSubmit={submit} data-testid="ticket-assign-form">
      <label className="field">
        <span className="field-label">{t('ticket.assignTo')}</span>
        <input className="input" value={who} maxLength={64} autoFocus onChange={(e) => setWho(e.target.value)} data-testid="ticket-assignee-input" />
      </label>
      <p className="hint">{t('ticket.assignHint')}</p>
      {assign.isError ? <ErrorText error={assign.error} /> : null}
      {takeSelf.isError ? <ErrorText error={takeSelf.error} /> : null}
      <button type="button" className="btn" disabled={takeSelf.isPending} onClick={() => takeSelf.mutate(undefined)} data-testid="ticket-assign-self">
        {t('ticket.assignSelf')}
      </button>
      <ToolButtons disabled={assign.isPending} testId="ticket-assign-save" onCancel={onDone}>
        {who.trim() === '' ? t('ticket.unassign') : t('ticket.assignSave')}
      </ToolButtons>
    </form>
  );
}

function HandoffForm({ ticket: tk, onDone }: { readonly ticket: Ticket; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const queues = (useQueues().data ?? []).filter((q) => q.id !== tk.queueId);
  const [queueId, setQueueId] = useState('');
  const [reason, setReason] = useState('');
  const [extend, setExtend] = useState('');
  const extendMinutes = extend.trim() === '' ? 0 : Number(extend);
  const badExtend = !Number.isInteger(extendMinutes) || extendMinutes < 0;
  const handoff = useTicketWrite(() => call('tickets:handoff', { id: tk.id, queueId, reason: reason.trim(), extendMinutes }), onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (queueId !== '' && reason.trim() !== '' && !badExtend) handoff.mutate(undefined);
  };
  return (
    <form className="tool" onSubmit={submit} data-testid="ticket-handoff-form">
      <label className="field">
        <span className="field-label">{t('ticket.handoffTo')}</span>
        <select className="input" value={queueId} autoFocus onChange={(e) => setQueueId(e.target.value)} data-testid="ticket-handoff-queue">
          <option value="">{t('ticket.chooseQueue')}</option>
          {queues.map((q) => (
            <option key={q.id} value={q.id}>
              {/* The name alone: with the department too it read «Сервисный центр (Сервисный центр (ремонт))». */}
              {q.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('ticket.handoffReason')}</span>
        <input className="input" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} data-testid="ticket-handoff-reason" />
      </label>
      <label className={`field${badExtend ? ' field-invalid' : ''}`}>
        <span className="field-label">{t('ticket.handoffExtend')}</span>
        <input
          className="input input-num"
          inputMode="numeric"
          value={extend}
          onChange={(e) => setExtend(e.target.value)}
          placeholder="0"
          data-testid="ticket-handoff-extend"
        />
        {badExtend ? <span className="field-error">{t('ticket.badMinutes')}</span> : null}
      </label>
      {handoff.isError ? <ErrorText error={handoff.error} /> : null}
      <ToolButtons disabled={handoff.isPending || queueId === '' || reason.trim() === '' || badExtend} testId="ticket-handoff-save" onCancel={onDone}>
        {t('ticket.handoffSave')}
      </ToolButtons>
    </form>
  );
}

function ExtendForm({ ticket: tk, onDone }: { readonly ticket: Ticket; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const [minutes, setMinutes] = useState('');
  const [reason, setReason] = useState('');
  const n = Number(minutes);
  const bad = minutes.trim() !== '' && (!Number.isInteger(n) || n < 1);
  const extend = useTicketWrite(() => call('tickets:extendSla', { id: tk.id, minutes: n, reason: reason.trim() }), onDone);
  const ready = minutes.trim() !== '' && !bad && reason.trim() !== '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) extend.mutate(undefined);
  };
  return (
    <form className="tool" onSubmit={submit} data-testid="ticket-extend-form">
      <p className="hint">{t('ticket.extendHint')}</p>
      <div className="row">
        <label className={`field field-inline${bad ? ' field-invalid' : ''}`}>
          <span className="field-label">{t('ticket.extendMinutes')}</span>
          <input
            className="input input-num"
            inputMode="numeric"
            value={minutes}
            autoFocus
            onChange={(e) => setMinutes(e.target.value)}
            data-testid="ticket-extend-minutes"
          />
        </label>
        <label className="field field-inline field-grow">
          <span className="field-label">{t('ticket.extendReason')}</span>
          <input className="input" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} data-testid="ticket-extend-reason" />
        </label>
      </div>
      {bad ? <span className="field-error">{t('ticket.badMinutes')}</span> : null}
      {extend.isError ? <ErrorText error={extend.error} /> : null}
      <ToolButtons disabled={extend.isPending || !ready} testId="ticket-extend-save" onCancel={onDone}>
        {t('ticket.extendSave')}
      </ToolButtons>
    </form>
  );
}

/** Save + cancel of a small tool form in the ticket detail. */
function ToolButtons({
  disabled,
  testId,
  onCancel,
  children,
}: {
  readonly disabled: boolean;
  readonly testId: string;
  readonly onCancel: () => void;
  readonly children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <button type="submit" className="btn btn-primary btn-small" disabled={disabled} data-testid={testId}>
        {children}
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={onCancel}>
        {t('ticket.cancelTool')}
      </button>
    </div>
  );
}

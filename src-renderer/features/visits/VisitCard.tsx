import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Visit } from '../../../src-shared/ipc/ticketSchemas';
import { formatPhone } from '../../../src-shared/domain/phone';
import { cancellationTerms } from '../../../src-shared/domain/visits';
import { VISIT_STEPS } from '../../../src-shared/mutators/visits';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTimeMsk, formatTimeMsk } from '../../lib/format';
import { displayNumber } from '../../shared/callLines';
import { useHostNow } from '../../lib/hostClock';
import { ticketKeys } from '../../shared/queryKeys';
import { slotBounds, slotLabel } from './slots';
import { useTechnicians } from './queries';

type Tool = 'none' | 'not_done' | 'cancel' | 'act';
type Step = 'en_route' | 'arrived' | 'done' | 'not_done';

/** R-VIS-CANCEL before confirming: free until an hour before the slot, billable after. Null if unknown. */
function terms(slotStart: string, now: number): { billable: boolean; freeUntil: number } | null {
  try {
    return cancellationTerms(Date.parse(slotStart), now);
  } catch (err) {
    console.warn('cancellation terms unavailable; the host answers whether it was billable', err);
    return null;
  }
}

/**
 * One visit: slot and ETA, R-VIS-FORM details, status steps (в пути / на месте / выполнено /
 * не выполнено + reason), cancellation with its billing shown before confirming (R-VIS-CANCEL),
 * and the act (R-VIS-ACT: signed by whom, or refused).
 */
export function VisitCard({ visit: v }: { readonly visit: Visit }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const now = useHostNow();
  const [tool, setTool] = useState<Tool>('none');
  const [reason, setReason] = useState('');
  const [signedBy, setSignedBy] = useState(v.responsible);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ticketKeys.detail(v.ticketId) });
    void qc.invalidateQueries({ queryKey: ticketKeys.lists });
  };
  const done = () => {
    setTool('none');
    setReason('');
    refresh();
  };
  const step = useMutation({
    mutationFn: (s: Step) => call('visits:setStatus', { id: v.id, status: s, reason: s === 'not_done' ? reason.trim() : '' }),
    onSuccess: done,
  });
  const cancel = useMutation({ mutationFn: () => call('visits:cancel', { id: v.id, reason: reason.trim() }), onSuccess: done });
  const act = useMutation({
    mutationFn: (status: 'signed' | 'refused') => call('visits:act', { id: v.id, status, signedBy: signedBy.trim() }),
    onSuccess: done,
  });
  const cancelTerms = v.status === 'booked' || v.status === 'en_route' ? terms(v.slotStart, now) : null;
  // The steps the mutator accepts from this status (one table for both sides).
  const steps = VISIT_STEPS[v.status].filter((x): x is Step => x !== 'booked' && x !== 'cancelled');
  const error = step.error ?? cancel.error ?? act.error;
  const submitReason = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') return;
    if (tool === 'not_done') step.mutate('not_done');
    if (tool === 'cancel') cancel.mutate();
  };
  return (
    <div className={`visit-card visit-${v.status}`} data-testid="visit-card" data-visit-id={v.id} data-status={v.status}>
      <div className="visit-card-head">
        <strong data-testid="visit-card-slot">
          {formatDateTimeMsk(v.slotStart).slice(0, 10)}, {slotLabel({ start: v.slotStart, end: v.slotEnd })} {t('topbar.zone')}
        </strong>
        <span className={`vstatus vstatus-${v.status}`}>{t(`visits.status.${v.status}`)}</span>
        <span className="muted">{t(`ticket.prio.${v.priority}`)}</span>
      </div>
      <div className="hint">
        {t('booking.etaWindow', slotBounds({ start: v.etaFrom, end: v.etaTo }))}
        {v.statusReason ? ` · ${v.statusReason}` : ''}
        {v.status === 'cancelled' ? ` · ${v.cancelBillable ? t('visits.cancelledBillable') : t('visits.cancelledFree')}` : ''}
      </div>
      <dl className="facts visit-facts">
        <dt>{t('booking.address')}</dt>
        <dd>{v.address}</dd>
        <dt>{t('booking.responsible')}</dt>
        <dd>
          {v.responsible} · {displayNumber(v.phone, formatPhone)}
        </dd>
        {v.intercom ? (
          <>
            <dt>{t('booking.intercom')}</dt>
            <dd>{v.intercom}</dd>
          </>
        ) : null}
        {v.problemLocation ? (
          <>
            <dt>{t('booking.problemLocation')}</dt>
            <dd className="pre">{v.problemLocation}</dd>
          </>
        ) : null}
        {v.notes ? (
          <>
            <dt>{t('booking.notes')}</dt>
            <dd className="pre">{v.notes}</dd>
          </>
        ) : null}
        <TechnicianField visit={v} onAssigned={refresh} />
        <dt>{t('visits.act')}</dt>
        <dd data-testid="visit-act">
          {v.act.status === 'none'
            ? t('visits.actNone')
            : v.act.status === 'signed'
              ? t('visits.actSigned', { by: v.act.signedBy ?? '—' })
              : t('visits.actRefused', { by: v.act.signedBy ?? '—' })}
          {v.act.at ? <span className="muted"> · {formatDateTimeMsk(v.act.at)}</span> : null}
        </dd>
      </dl>
      <div className="row visit-actions">
        {steps
          .filter((s) => s !== 'not_done')
          .map((s) => (
            <button key={s} type="button" className="btn btn-small" disabled={step.isPending} onClick={() => step.mutate(s)} data-testid={`visit-to-${s}`}>
              {t(`visits.step.${s}`)}
            </button>
          ))}
        {steps.includes('not_done') ? (
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={tool === 'not_done'}
            onClick={() => setTool(tool === 'not_done' ? 'none' : 'not_done')}
            data-testid="visit-to-not_done"
          >
            {t('visits.step.not_done')}
          </button>
        ) : null}
        {v.status === 'booked' || v.status === 'en_route' ? (
          <button
            type="button"
            className="btn btn-small btn-danger-outline"
            aria-expanded={tool === 'cancel'}
            onClick={() => setTool(tool === 'cancel' ? 'none' : 'cancel')}
            data-testid="visit-cancel-open"
          >
            {t('visits.cancel')}
          </button>
        ) : null}
        {(v.status === 'arrived' || v.status === 'done' || v.status === 'not_done') && v.act.status === 'none' ? (
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={tool === 'act'}
            onClick={() => setTool(tool === 'act' ? 'none' : 'act')}
            data-testid="visit-act-open"
          >
            {t('visits.actRecord')}
          </button>
        ) : null}
      </div>
      {tool === 'not_done' || tool === 'cancel' ? (
        <form className="tool" onSubmit={submitReason}>
          {tool === 'cancel' && cancelTerms ? (
            <p className={`msg ${cancelTerms.billable ? 'msg-warn' : 'msg-info'}`} data-testid="visit-cancel-terms" data-billable={cancelTerms.billable}>
              {cancelTerms.billable ? `⚠ ${t('visits.cancelBillable')}` : t('visits.cancelFree', { until: formatTimeMsk(new Date(cancelTerms.freeUntil)) })}
            </p>
          ) : null}
          <label className="field">
            <span className="field-label">{tool === 'cancel' ? t('visits.cancelReason') : t('visits.notDoneReason')}</span>
            <input className="input" value={reason} maxLength={1000} autoFocus onChange={(e) => setReason(e.target.value)} data-testid="visit-reason" />
          </label>
          <div className="row">
            <button
              type="submit"
              className={`btn btn-small ${tool === 'cancel' ? 'btn-danger' : 'btn-primary'}`}
              disabled={reason.trim() === '' || step.isPending || cancel.isPending}
              data-testid="visit-reason-save"
            >
              {tool === 'cancel' ? (cancelTerms?.billable ? t('visits.cancelConfirmBillable') : t('visits.cancelConfirm')) : t('visits.notDoneSave')}
            </button>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setTool('none')}>
              {t('ticket.cancelTool')}
            </button>
          </div>
        </form>
      ) : null}
      {tool === 'act' ? (
        <div className="tool" data-testid="visit-act-form">
          <label className="field">
            <span className="field-label">{t('visits.signedBy')}</span>
            <input className="input" value={signedBy} maxLength={200} autoFocus onChange={(e) => setSignedBy(e.target.value)} data-testid="visit-signed-by" />
          </label>
          <div className="row">
            <button
              type="button"
              className="btn btn-small btn-primary"
              disabled={signedBy.trim() === '' || act.isPending}
              onClick={() => act.mutate('signed')}
              data-testid="visit-act-signed"
            >
              ✔ {t('visits.actSignedBtn')}
            </button>
            <button
              type="button"
              className="btn btn-small"
              disabled={signedBy.trim() === '' || act.isPending}
              onClick={() => act.mutate('refused')}
              data-testid="visit-act-refused"
            >
              ✖ {t('visits.actRefusedBtn')}
            </button>
          </div>
        </div>
      ) : null}
      {error ? <ErrorText error={error} /> : null}
    </div>
  );
}

/** A visit still ahead can be given to a technician (visit.assign refuses done / not done / cancelled). */
const ASSIGNABLE: readonly Visit['status'][] = ['booked', 'en_route', 'arrived'];

/**
 * «Техник»: who the visit is assigned to. Only on a console signed in to a desk server (without
 * one nobody is ever assigned); a shift lead or admin also gets the select of active technicians
 * and «Снять назначение». The change is a `visit.assign` mutation like any other: the server
 * decides, and its refusal lands in «Синхронизация».
 */
function TechnicianField({ visit: v, onAssigned }: { readonly visit: Visit; readonly onAssigned: () => void }) {
  const { t } = useTranslation();
  const people = useTechnicians();
  const assign = useMutation({
    mutationFn: (technicianId: string | null) => call('visits:assign', { id: v.id, technicianId }),
    onSuccess: onAssigned,
  });
  if (!people.data?.synced) return null;
  const name = v.technicianId === null ? t('visits.technicianNone') : (v.technicianName ?? t('visits.technicianUnknown'));
  const editable = people.data.canAssign && ASSIGNABLE.includes(v.status);
  const options = people.data.technicians;
  return (
    <>
      <dt>{t('visits.technician')}</dt>
      <dd data-testid="visit-technician">
        <span data-testid="visit-technician-name" data-technician-id={v.technicianId ?? ''}>
          {name}
        </span>
        {editable ? (
          <span className="row visit-technician-tools">
            {options.length === 0 ? (
              <span className="hint">{t('visits.technicianNoneAvailable')}</span>
            ) : (
              <label>
                <span className="sr-only">{t('visits.technicianPick')}</span>
                <select
                  className="input"
                  value={v.technicianId ?? ''}
                  disabled={assign.isPending}
                  onChange={(e) => {
                    if (e.target.value !== '') assign.mutate(e.target.value);
                  }}
                  aria-label={t('visits.technicianPick')}
                  data-testid="visit-technician-select"
                >
                  <option value="" disabled>
                    {t('visits.technicianChoose')}
                  </option>
                  {options.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.displayName}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {v.technicianId !== null ? (
              <button
                type="button"
                className="btn btn-small btn-ghost"
                disabled={assign.isPending}
                onClick={() => assign.mutate(null)}
                data-testid="visit-technician-unassign"
              >
                {t('visits.technicianUnassign')}
              </button>
            ) : null}
          </span>
        ) : null}
        {assign.error ? <ErrorText error={assign.error} /> : null}
      </dd>
    </>
  );
}

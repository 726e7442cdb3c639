import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallLogRow } from '../../../src-shared/ipc/calls';
import { formatPhone } from '../../../src-shared/domain/phone';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTimeMsk, formatMs } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';
import { useCallLog } from './queries';
import { displayNumber } from '../../shared/callLines';
import { parseDay } from '../../lib/dayInput';
import { EMPTY_LOG_FORM, toLogFilter, type LogForm } from './logFilter';
import { VisitRequests } from '../visits/VisitRequests';
import { ru } from '../../i18n/ru';
import { hasKey } from '../../i18n/types';

/** «Звонки»: the call log, searchable by number, contract, date and operator (R-CALL-REPEAT), and the visit requests. */
export function CallLogPanel() {
  const { t } = useTranslation();
  const [form, setForm] = useState<LogForm>(EMPTY_LOG_FORM);
  const [debounced] = useDebounced(form, 250);
  const log = useCallLog(toLogFilter(debounced));
  const field = (k: keyof LogForm, label: string, date = false) => {
    const bad = date && form[k].trim() !== '' && parseDay(form[k]) === null;
    return (
      <label className={`field field-inline${date ? ' field-date' : ''}`}>
        <span className="field-label">{label}</span>
        <input
          className="input"
          value={form[k]}
          placeholder={date ? t('callLog.datePlaceholder') : undefined}
          aria-invalid={bad}
          inputMode={date ? 'numeric' : undefined}
          onChange={(e) => setForm({ ...form, [k]: e.target.value })}
          data-testid={`log-${k}`}
        />
      </label>
    );
  };
  const rows = log.data ?? [];
  return (
    <div className="calls-tab">
      <section className="card call-log" aria-labelledby="log-title">
        <header className="card-head">
          <h2 id="log-title" className="card-title">
            {t('callLog.title')}
          </h2>
          <span className="hint">{log.data ? t('callLog.count', { count: rows.length }) : ''}</span>
        </header>
        <form className="log-filters" onSubmit={(e) => e.preventDefault()} role="search">
          {field('number', t('callLog.number'))}
          {field('contractNo', t('callLog.contract'))}
          {field('from', t('callLog.from'), true)}
          {field('to', t('callLog.to'), true)}
          {field('operator', t('callLog.operator'))}
          <button type="button" className="btn" onClick={() => setForm(EMPTY_LOG_FORM)}>
            {t('callLog.reset')}
          </button>
        </form>
        {log.isError ? <ErrorText error={log.error} /> : null}
        <div className="log-scroll">
          <table className="log-table" data-testid="call-log">
            <thead>
              <tr>
                <th>{t('callLog.colTime')}</th>
                <th>{t('callLog.colDir')}</th>
                <th>{t('callLog.colNumber')}</th>
                <th>{t('callLog.colLine')}</th>
                <th className="num">{t('callLog.colWait')}</th>
                <th className="num">{t('callLog.colTalk')}</th>
                <th>{t('callLog.colOperator')}</th>
                <th>{t('callLog.colContract')}</th>
                <th>{t('callLog.colOutcome')}</th>
                <th>{t('callLog.colNote')}</th>
                <th>
                  <span className="sr-only">{t('callRecord.details')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <LogRow key={r.id} row={r} />
              ))}
            </tbody>
          </table>
          {log.data && rows.length === 0 ? <p className="hint log-empty">{t('callLog.empty')}</p> : null}
        </div>
      </section>
      <VisitRequests />
    </div>
  );
}

function LogRow({ row: r }: { readonly row: CallLogRow }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr data-testid="call-log-row" data-call-id={r.id} data-outcome={r.outcome ?? ''} data-direction={r.direction}>
        <td className="nowrap">{formatDateTimeMsk(r.offeredAt)}</td>
        <td className="nowrap">{t(`callLog.${r.direction}`)}</td>
        <td className="nowrap" data-col="number">
          {displayNumber(r.remoteNumber, formatPhone)}
        </td>
        <td>{r.line ?? ''}</td>
        <td className="num" data-col="wait">
          {formatMs(r.waitMs)}
        </td>
        <td className="num" data-col="talk" data-ms={r.talkMs ?? ''}>
          {formatMs(r.talkMs)}
        </td>
        <td>{r.operator ?? ''}</td>
        <td className="nowrap" data-col="contract">
          {r.contractNo ?? ''}
          {r.contractNo && r.verified ? (
            <span className="ok-text" title={t('call.verified')}>
              {' '}
              {t('callLog.verifiedMark')}
            </span>
          ) : null}
        </td>
        <td>
          <span className={`outcome outcome-${r.outcome ?? 'live'}`}>{t(`outcome.${r.outcome ?? 'live'}`)}</span>
          {r.wrapUpCode ? <span className="muted"> · {hasKey(ru.wrapUpCode, r.wrapUpCode) ? t(`wrapUpCode.${r.wrapUpCode}`) : r.wrapUpCode}</span> : null}
          {r.escalatedAt ? <span className="badge badge-warn">{t('callLog.escalated')}</span> : null}
        </td>
        <td className="log-note">{r.note ?? ''}</td>
        <td>
          <button type="button" className="btn btn-small" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="call-log-details">
            {open ? t('callRecord.hide') : t('callRecord.details')}
            {r.created.length > 0 ? ` (${r.created.length})` : ''}
          </button>
        </td>
      </tr>
      {open ? (
        <tr data-testid="call-record" data-call-id={r.id}>
          <td colSpan={11}>
            <CallRecordDetail row={r} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** Issue 11: what was made during the call and what the operator saw when deciding. */
function CallRecordDetail({ row: r }: { readonly row: CallLogRow }) {
  const { t } = useTranslation();
  return (
    <div className="call-record">
      <h3>{t('callRecord.created')}</h3>
      {r.created.length === 0 ? (
        <p className="muted">{t('callRecord.nothingCreated')}</p>
      ) : (
        <ul data-testid="call-record-created">
          {r.created.map((c) => (
            <li key={c.ticketId} data-ticket-id={c.ticketId}>
              {c.number} · {t(`ticket.type.${c.type}`)}
            </li>
          ))}
        </ul>
      )}
      {r.callerStaff !== null ? <p>{r.callerStaff ? t('callRecord.staffYes') : t('callRecord.staffNo')}</p> : null}
      {r.decisions.length > 0 ? (
        <>
          <h3>{t('callRecord.decisions')}</h3>
          <ul data-testid="call-record-decisions">
            {r.decisions.map((d) => (
              <li key={`${d.ticketId}-${d.at}`} data-ticket-id={d.ticketId}>
                {t('callRecord.decision', {
                  at: formatDateTimeMsk(d.at),
                  what: d.what === 'visit' ? t('callRecord.whatVisit') : t('callRecord.whatTicket'),
                  no: d.contractNo ?? '—',
                })}
                {' · '}
                {d.verified ? t('callRecord.verified') : t('callRecord.notVerified')}
                {' · '}
                {d.level === null ? t('callRecord.levelUnknown') : t(`callRecord.level.${d.level}`)}
                {' · '}
                {d.checks.length === 0 ? t('callRecord.allChecksPassed') : d.checks.map((c) => t(`verdict.check.${c}`)).join('; ')}
                {d.reason ? <span className="muted"> · {t('callRecord.reason', { reason: d.reason })}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../src-shared/ipc/contract';
import { formatPhone } from '../../../src-shared/domain/phone';
import { formatIsoDate, moscowParts } from '../../../src-shared/worktime/moscow';
import { formatDateTimeMsk } from '../../lib/format';
import { useAppUi } from '../../shared/appUi';
import { displayNumber } from '../../shared/callLines';
import { copyText } from '../../lib/clipboard';
import { useTicketPaneUi } from '../../shared/ticketPaneUi';
import { slotBounds, slotLabel } from './slots';
import type { BookingSource } from './bookingUi';

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * The booked visit: date and slot, the ETA window told to the customer (R-VIS-ETA), the script line
 * to read out, and the customers whose visits moved and must be told (R-VIS-QUEUE).
 */
export function BookedView({
  booked: b,
  source,
  onClose,
}: {
  readonly booked: Output<'visits:book'>;
  readonly source: BookingSource;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const v = b.visit;
  const setTab = useAppUi((s) => s.setTab);
  const openTicket = useTicketPaneUi((s) => s.openTicket);
  const [copied, setCopied] = useState<boolean | null>(null);
  const day = moscowParts(Date.parse(v.slotStart));
  return (
    <div className="booked" data-testid="visit-booked">
      <p className="msg msg-ok booked-title" role="status">
        ✔ {t('booking.booked', { number: b.ticket.number })}
      </p>
      <dl className="facts facts-card booked-facts">
        <dt>{t('booking.bookedSlot')}</dt>
        <dd className="facts-strong" data-testid="visit-booked-slot">
          {formatIsoDate(day.date)} ({t(`weekday.${WEEKDAY_KEYS[day.isoWeekday - 1] ?? 'mon'}`)}), {slotLabel({ start: v.slotStart, end: v.slotEnd })}{' '}
          {t('topbar.zone')}
        </dd>
        <dt>{t('booking.eta')}</dt>
        <dd data-testid="visit-booked-eta">{t('booking.etaWindow', slotBounds({ start: v.etaFrom, end: v.etaTo }))}</dd>
        <dt>{t('booking.address')}</dt>
        <dd>{v.address}</dd>
        <dt>{t('booking.responsible')}</dt>
        <dd>
          {v.responsible} · {displayNumber(v.phone, formatPhone)}
        </dd>
      </dl>
      <div className="script" data-testid="visit-script-box">
        <span className="field-label">{t('booking.script')}</span>
        <p className="script-line" data-testid="visit-script">
          «{b.script}»
        </p>
        <button type="button" className="btn btn-small" onClick={() => void copyText(b.script).then(setCopied)}>
          {t('ticket.copy')}
        </button>
        {copied !== null ? <span className={copied ? 'ok-text' : 'error-text'}> {copied ? t('ticket.copied') : t('ticket.copyFailed')}</span> : null}
      </div>
      {b.moved.length > 0 ? (
        <div className="msg msg-warn" role="alert" data-testid="visit-moved">
          <strong>⚠ {t('booking.movedTitle', { count: b.moved.length })}</strong>
          <ul className="plain-list">
            {b.moved.map((m) => (
              <li key={m.visitId} data-testid="visit-moved-item">
                № {m.ticketNumber} · {m.holderName ?? '—'} · {displayNumber(m.phone, formatPhone)}:{' '}
                {t('booking.movedTo', {
                  from: formatDateTimeMsk(m.fromStart),
                  to: `${formatDateTimeMsk(m.toStart)}`,
                  eta: slotLabel({ start: m.toEtaFrom, end: m.toEtaTo }),
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="row booking-actions">
        <button type="button" className="btn btn-primary" autoFocus onClick={onClose} data-testid="visit-done">
          {t('booking.done')}
        </button>
        {source.kind === 'call' ? (
          <button
            type="button"
            className="btn"
            onClick={() => {
              openTicket(b.ticket.id);
              setTab('tickets');
              onClose();
            }}
            data-testid="visit-open-ticket"
          >
            {t('booking.openTicket', { number: b.ticket.number })}
          </button>
        ) : null}
      </div>
    </div>
  );
}

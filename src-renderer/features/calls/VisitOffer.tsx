import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../src-shared/domain/call';
import { ErrorText } from '../../components/ErrorText';
import { formatMmSs, formatTimeMsk } from '../../lib/format';
import { useStartBooking, useVisitRequests } from '../visits/queries';
import { useCallUi } from './callUi';
import { isTyping } from './screenPop';

/**
 * R-CALL-15: at the desk's limit the panel's primary action is the visit offer. It takes the focus
 * when it appears unless the operator is typing in a field. One click (or Ctrl+Shift+B) records the
 * escalation on the call and opens the visit form, prefilled, with the slots ready and the first
 * slot in reaction time chosen: the second click («Подтвердить» or Enter) books it.
 */
export function VisitOffer({ call: c, limitSec }: { readonly call: Call; readonly limitSec: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLButtonElement>(null);
  const start = useStartBooking();
  // The host marks the call's visit request booked once a visit is booked from it.
  const booked = (useVisitRequests().data ?? []).some((r) => r.callId === c.id && r.status === 'booked');
  useEffect(() => {
    if (c.escalatedAt === null && !isTyping()) ref.current?.focus({ preventScroll: false });
  }, [c.escalatedAt]);
  if (c.escalatedAt !== null) {
    return (
      <div className="visit-done-row">
        <p className="msg msg-ok visit-done" data-testid="visit-escalated">
          ✔ {t('visit.escalated', { at: formatTimeMsk(c.escalatedAt) })}
        </p>
        {booked ? (
          <span className="ok-text" data-testid="visit-booked-note">
            {t('visit.bookedNote')}
          </span>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            disabled={start.isPending}
            onClick={() => start.mutate({ callId: c.id, escalated: true })}
            data-testid="visit-reopen"
          >
            {t('visit.reopen')}
          </button>
        )}
        {start.isError ? <ErrorText error={start.error} /> : null}
      </div>
    );
  }
  return (
    <div className="visit-offer" role="alert" data-testid="visit-offer">
      <p className="visit-offer-hint">{t('visit.offerHint', { limit: formatMmSs(limitSec) })}</p>
      <button
        ref={ref}
        type="button"
        className="btn btn-primary btn-offer"
        disabled={start.isPending}
        onClick={() => start.mutate({ callId: c.id, escalated: false, notes: useCallUi.getState().notes[c.id] ?? '' })}
        aria-keyshortcuts="Control+Shift+B"
        data-testid="visit-offer-button"
      >
        {start.isPending ? t('visit.creating') : t('visit.offer')} <kbd>Ctrl+Shift+B</kbd>
      </button>
      {start.isError ? <ErrorText error={start.error} /> : null}
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Output } from '../../../src-shared/ipc/contract';
import type { VisitRequest } from '../../../src-shared/ipc/calls';
import { formatPhone } from '../../../src-shared/domain/phone';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { displayNumber } from '../../shared/callLines';
import { BookingForm } from './BookingForm';
import { prefillInput, visitKeys } from './queries';
import { useBookingUi, type BookingSource } from './bookingUi';

/**
 * The visit form as a modal: opened prefilled by the R-CALL-15 offer (one click) or from a ticket;
 * «Подтвердить» or Enter books (the second click). Esc closes without booking; the escalation of
 * the call stays recorded.
 */
export function VisitBookingDialog() {
  const booking = useBookingUi((s) => s.booking);
  const close = useBookingUi((s) => s.close);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (booking && !d.open) {
      d.showModal();
      // The preselected slot (or the first field) takes the focus, not the close button.
      d.querySelector<HTMLElement>('[data-autofocus="true"]')?.focus();
    }
    if (!booking && d.open) d.close();
  }, [booking]);
  return (
    // data-testid kept from the escalation dialog this form replaces (tests/e2e/softphone.spec.ts).
    <dialog ref={ref} className="sheet visit-booking" aria-labelledby="booking-title" onClose={close} data-testid="visit-request">
      {booking ? <Booking key={booking.seq} source={booking.source} onClose={close} /> : null}
    </dialog>
  );
}

type Prefill = Output<'visits:prefill'>;

function Booking({ source, onClose }: { readonly source: BookingSource; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const prefill = useQuery<Prefill>({
    queryKey: visitKeys.prefill(source),
    queryFn: () => call('visits:prefill', prefillInput(source)),
    staleTime: Infinity,
    retry: false,
  });
  const [request] = useState<VisitRequest | null>(() => {
    if (source.kind !== 'call') return null;
    const direct = qc.getQueryData<VisitRequest>(visitKeys.request(source.callId));
    return direct ?? qc.getQueryData<VisitRequest[]>(visitKeys.requests)?.find((r) => r.callId === source.callId) ?? null;
  });
  return (
    <div className="booking">
      <header className="booking-head">
        <h2 id="booking-title">{t('booking.title')}</h2>
        {request ? <RequestFacts request={request} /> : null}
        <button
          type="button"
          className="btn btn-ghost btn-small booking-close"
          onClick={onClose}
          aria-label={t('booking.close')}
          title={`${t('booking.close')} (Esc)`}
        >
          ✕
        </button>
      </header>
      {prefill.isError ? (
        <div className="booking-error">
          <ErrorText error={prefill.error} testId="booking-prefill-error" />
          <button type="button" className="btn btn-small" onClick={() => void prefill.refetch()}>
            {t('booking.retry')}
          </button>
        </div>
      ) : null}
      {prefill.isPending ? <p className="hint">{t('booking.loading')}</p> : null}
      {prefill.data ? <BookingForm source={source} prefill={prefill.data} request={request} onClose={onClose} /> : null}
    </div>
  );
}

/** What the call knew when the offer was taken: contract, holder, the number the customer called from. */
function RequestFacts({ request: r }: { readonly request: VisitRequest }) {
  const { t } = useTranslation();
  return (
    <p className="booking-source hint">
      {t('booking.fromCall')}: <strong data-testid="visit-contract">{r.contractNo ?? t('card.none')}</strong>
      {r.holderName ? (
        <>
          {' · '}
          <span data-testid="visit-holder">{r.holderName}</span>
        </>
      ) : null}
      {r.phone ? (
        <>
          {' · '}
          <span data-testid="visit-phone">{displayPhone(r.phone)}</span>
        </>
      ) : null}
    </p>
  );
}

function displayPhone(p: string): string {
  return displayNumber(p, formatPhone);
}

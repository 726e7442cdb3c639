import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Call, VisitRequest } from '../../../src-shared/ipc/softphone';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { formatMmSs, formatTimeMsk } from '../../lib/format';
import { softphoneKeys } from '../softphone/queries';
import { isTyping } from './screenPop';
import { useCallsUi } from './store';

/**
 * R-CALL-15: at the desk's limit the panel's primary action is the visit offer. It takes the focus
 * when it appears unless the operator is typing in a field; one click (or Ctrl+Shift+B) records
 * the escalation on the call and opens the stored visit request, prefilled by the host from the
 * call's contract and the notes so far.
 */
export function VisitOffer({ call: c, limitSec, onCreated }: { readonly call: Call; readonly limitSec: number; readonly onCreated: (v: VisitRequest) => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLButtonElement>(null);
  const escalate = useEscalate(onCreated);
  useEffect(() => {
    if (c.escalatedAt === null && !isTyping()) ref.current?.focus({ preventScroll: false });
  }, [c.escalatedAt]);
  if (c.escalatedAt !== null) {
    return (
      <p className="msg msg-ok visit-done" data-testid="visit-escalated">
        ✔ {t('visit.escalated', { at: formatTimeMsk(c.escalatedAt) })}
      </p>
    );
  }
  return (
    <div className="visit-offer" role="alert" data-testid="visit-offer">
      <p className="visit-offer-hint">{t('visit.offerHint', { limit: formatMmSs(limitSec) })}</p>
      <button
        ref={ref}
        type="button"
        className="btn btn-primary btn-offer"
        disabled={escalate.isPending}
        onClick={() => escalate.mutate(c.id)}
        aria-keyshortcuts="Control+Shift+B"
        data-testid="visit-offer-button"
      >
        {escalate.isPending ? t('visit.creating') : t('visit.offer')} <kbd>Ctrl+Shift+B</kbd>
      </button>
      {escalate.isError ? <ErrorText error={escalate.error} /> : null}
    </div>
  );
}

export function useEscalate(onCreated: (v: VisitRequest) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (callId: string) => call('calls:escalate', { callId, notes: useCallsUi.getState().notes[callId] ?? '' }),
    onSuccess: (v) => {
      onCreated(v);
      void qc.invalidateQueries({ queryKey: softphoneKeys.visits });
      void qc.invalidateQueries({ queryKey: softphoneKeys.calls });
    },
  });
}

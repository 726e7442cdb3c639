import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitRequest } from '../../../src-shared/ipc/softphone';
import { formatPhone } from '../../../src-shared/domain/phone';
import { formatDateTimeMsk } from '../../lib/format';
import { displayNumber } from './lines';

/** The visit request just created by the R-CALL-15 escalation, prefilled; booking comes with tickets. */
export function VisitRequestDialog({ request: v, onClose }: { readonly request: VisitRequest | null; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (v && !d.open) d.showModal();
    if (!v && d.open) d.close();
  }, [v]);
  const none = <span className="muted">{t('card.none')}</span>;
  return (
    <dialog ref={ref} className="sheet visit-dialog" aria-labelledby="visit-title" onClose={onClose} data-testid="visit-request">
      <h2 id="visit-title">{t('visit.requestTitle')}</h2>
      {v ? (
        <>
          <dl className="facts facts-card">
            <dt>{t('visit.contract')}</dt>
            <dd data-testid="visit-contract">{v.contractNo ?? none}</dd>
            <dt>{t('visit.holder')}</dt>
            <dd className="facts-strong" data-testid="visit-holder">
              {v.holderName ?? none}
            </dd>
            <dt>{t('visit.phone')}</dt>
            <dd data-testid="visit-phone">{v.phone ? displayNumber(v.phone, formatPhone) : none}</dd>
            <dt>{t('visit.address')}</dt>
            <dd data-testid="visit-address">{v.address ?? none}</dd>
            <dt>{t('visit.notes')}</dt>
            <dd className="pre" data-testid="visit-notes">
              {v.notes || none}
            </dd>
            <dt>{t('visit.createdAt')}</dt>
            <dd>{formatDateTimeMsk(v.createdAt)}</dd>
          </dl>
          <p className="hint visit-saved">{t('visit.requestSaved')}</p>
        </>
      ) : null}
      <button type="button" className="btn" autoFocus onClick={onClose}>
        {t('visit.close')}
      </button>
    </dialog>
  );
}

import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../src-shared/domain/phone';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTimeMsk } from '../../lib/format';
import { useVisitRequests } from './queries';
import { displayNumber } from '../../shared/callLines';

/** Visit requests stored by the R-CALL-15 escalation, newest first (booking arrives with tickets). */
export function VisitRequests() {
  const { t } = useTranslation();
  const q = useVisitRequests();
  const rows = q.data ?? [];
  return (
    <section className="card visit-list" aria-labelledby="visits-title" data-testid="visit-requests">
      <h2 id="visits-title" className="card-title">
        {t('visit.listTitle')}
      </h2>
      {q.isError ? <ErrorText error={q.error} /> : null}
      {q.data && rows.length === 0 ? <p className="hint">{t('visit.listEmpty')}</p> : null}
      <ul className="visit-items">
        {rows.map((v) => (
          <li key={v.id} className="visit-item" data-testid="visit-request-row">
            <div className="visit-line1">
              <strong>{v.contractNo ?? '—'}</strong> {v.holderName ?? ''}
              <span className="badge badge-status">{t(`visit.status_${v.status}`)}</span>
            </div>
            <div className="hint">
              {formatDateTimeMsk(v.createdAt)} · {v.phone ? displayNumber(v.phone, formatPhone) : '—'} · {v.address ?? '—'}
            </div>
            {v.notes ? <div className="visit-notes pre">{v.notes}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

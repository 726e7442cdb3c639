import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText';
import { useAppUi } from '../../shared/appUi';
import { useHostNow } from '../../lib/hostClock';
import { useContractTickets } from './queries';
import { SlaClock } from '../sla/SlaClock';
import { useTicketPaneUi } from '../../shared/ticketPaneUi';
import { useWorkingTimes } from '../sla/worktime';

/**
 * The caller context (UX.md main screen): the open tickets of the identified contract with their
 * SLA clocks (R-CALL-REPEAT); one click opens a ticket in the «Заявки» tab.
 */
export function ContractTickets({ contractNo }: { readonly contractNo: string }) {
  const { t } = useTranslation();
  const q = useContractTickets(contractNo);
  const now = useHostNow();
  const between = useWorkingTimes();
  const setTab = useAppUi((s) => s.setTab);
  const openTicket = useTicketPaneUi((s) => s.openTicket);
  const newTicket = useTicketPaneUi((s) => s.newTicket);
  const rows = q.data?.rows ?? [];
  return (
    <section className="card context-tickets" aria-labelledby="ctx-tickets-title" data-testid="contract-tickets">
      <header className="card-head">
        <h2 id="ctx-tickets-title" className="card-title">
          {t('context.title')}
        </h2>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            newTicket();
            setTab('tickets');
          }}
          data-testid="context-new-ticket"
        >
          {t('context.new')}
        </button>
      </header>
      {q.isError ? <ErrorText error={q.error} /> : null}
      {q.data && rows.length === 0 ? <p className="hint">{t('context.none')}</p> : null}
      <ul className="plain-list ctx-list">
        {rows.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              className="ctx-ticket"
              onClick={() => {
                openTicket(r.id);
                setTab('tickets');
              }}
              data-testid="context-ticket"
              data-number={r.number}
            >
              <span className="ctx-line1">
                <strong>№ {r.number}</strong> · {t(`ticket.type.${r.type}`)} · {t(`ticket.status.${r.status}`)}
              </span>
              <span className="ctx-subject">{r.subject}</span>
              <SlaClock sla={r.sla} nowMs={now} between={between(r.sla.schedule)} testId="context-sla" claim={r.type === 'claim'} />
            </button>
          </li>
        ))}
      </ul>
      {q.data && q.data.total > rows.length ? <p className="hint">{t('context.more', { n: q.data.total - rows.length })}</p> : null}
    </section>
  );
}

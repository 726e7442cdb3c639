import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../src-shared/ipc/ticketSchemas';
import { isOpenStatus } from '../../../src-shared/domain/tickets';
import { ErrorText } from '../../components/ErrorText';
import { useStartBooking } from './queries';
import { VisitCard } from './VisitCard';

/** The ticket's technician visits (R-VIS-*) and «Выезд мастера» to book one from the ticket. */
export function TicketVisits({ ticket: tk }: { readonly ticket: Ticket }) {
  const { t } = useTranslation();
  const start = useStartBooking();
  const canBook = isOpenStatus(tk.status) && tk.type !== 'claim';
  if (tk.visits.length === 0 && !canBook) return null;
  return (
    <section className="ticket-section" aria-labelledby="visits-block-title" data-testid="ticket-visits">
      <div className="section-head">
        <h3 id="visits-block-title" className="card-subtitle">
          {t('visits.title', { count: tk.visits.length })}
        </h3>
        {canBook ? (
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={start.isPending}
            onClick={() => start.mutate({ ticketId: tk.id })}
            data-testid="ticket-book-visit"
          >
            ⚒ {start.isPending ? t('booking.opening') : t('visits.book')}
          </button>
        ) : null}
      </div>
      {start.isError ? <ErrorText error={start.error} /> : null}
      {tk.visits.map((v) => (
        <VisitCard key={v.id} visit={v} />
      ))}
    </section>
  );
}

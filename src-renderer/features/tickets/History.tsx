import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../src-shared/ipc/ticketSchemas';
import { formatDateTimeMsk } from '../../lib/format';
import { describeEvent } from './historyText';
import { useQueues } from './queries';

/** R-TKT-HISTORY: every change, comment, call, handoff, SLA step, visit and claim step, newest first. */
export function History({ ticket: tk }: { readonly ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'ru';
  const queues = useQueues().data ?? [];
  const queueName = (id: string) => queues.find((q) => q.id === id)?.name ?? null;
  const events = [...tk.history].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <section className="ticket-section" aria-labelledby="history-title">
      <h3 id="history-title" className="card-subtitle">
        {t('ticket.history', { count: events.length })}
      </h3>
      <ol className="timeline" data-testid="ticket-history">
        {events.map((e) => {
          const text = describeEvent(e, t, locale, queueName);
          return (
            <li key={e.id} className={`tl-item tl-${e.kind}`} data-testid="history-item" data-kind={e.kind}>
              <div className="tl-head">
                <span className="tl-title">{text.title}</span>
                <span className="tl-meta muted">
                  {formatDateTimeMsk(e.at)} · {e.actor}
                </span>
              </div>
              {text.detail ? <div className="tl-detail pre">{text.detail}</div> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

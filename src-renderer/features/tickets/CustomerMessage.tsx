import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../src-shared/ipc/ticketSchemas';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { copyText } from '../../lib/clipboard';
import { useTicketWrite } from '../../shared/ticketCache';

type Via = 'phone' | 'email' | 'messenger' | 'sms';
const VIAS: readonly Via[] = ['phone', 'email', 'messenger', 'sms'];

/** R-TKT-NOTIFY: the ready message with the ticket number, a Copy button, and «Сообщил клиенту». */
export function CustomerMessage({ ticket: tk }: { readonly ticket: Ticket }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const [via, setVia] = useState<Via>('phone');
  const notified = useTicketWrite(() => call('tickets:notified', { id: tk.id, via }));
  const already = tk.history.some((e) => e.kind === 'notified');
  return (
    <section className="ticket-section customer-message" aria-labelledby="msg-title">
      <h3 id="msg-title" className="card-subtitle">
        {t('ticket.messageTitle')}
      </h3>
      <p className="msg-text pre" data-testid="ticket-customer-message">
        {tk.customerMessage}
      </p>
      <div className="row">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void copyText(tk.customerMessage).then((ok) => setCopied(ok ? 'ok' : 'failed'))}
          data-testid="ticket-copy-message"
        >
          {t('ticket.copy')}
        </button>
        {copied ? (
          <span className={copied === 'ok' ? 'ok-text' : 'error-text'} role="status">
            {copied === 'ok' ? t('ticket.copied') : t('ticket.copyFailed')}
          </span>
        ) : null}
        <label className="field field-inline">
          <span className="sr-only">{t('ticket.notifyViaLabel')}</span>
          <select className="input" value={via} onChange={(e) => setVia(e.target.value as Via)} data-testid="ticket-notify-via">
            {VIAS.map((v) => (
              <option key={v} value={v}>
                {t(`ticket.notifyVia.${v}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-small" disabled={notified.isPending} onClick={() => notified.mutate(undefined)} data-testid="ticket-notified">
          ✔ {t('ticket.notified')}
        </button>
        {already ? <span className="muted">{t('ticket.notifiedBefore')}</span> : null}
      </div>
      {notified.isError ? <ErrorText error={notified.error} /> : null}
    </section>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../src-shared/ipc/ticketSchemas';
import { call, type ChosenFile } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { FilePicker } from '../../components/FilePicker';
import { formatDateTimeMsk } from '../../lib/format';
import { formatBytes } from './ticketText';
import { useTicketWrite } from '../../shared/ticketCache';

/**
 * R-TKT-FORM: files kept by reference and SHA-256. The file goes to the host as a handle
 * (FilePicker: an upload in browser mode, the host's own dialog in Electron), never as a path.
 */
export function Attachments({ ticket: tk }: { readonly ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [pickError, setPickError] = useState<unknown>(null);
  const attach = useTicketWrite(async (file: ChosenFile) => {
    setBusy(file.name);
    try {
      const { fileId } = await file.handle();
      return await call('tickets:attach', { id: tk.id, fileId });
    } finally {
      setBusy(null);
    }
  });
  return (
    <section className="ticket-section" aria-labelledby="attach-title">
      <h3 id="attach-title" className="card-subtitle">
        {t('ticket.attachments', { count: tk.attachments.length })}
      </h3>
      {tk.attachments.length > 0 ? (
        <ul className="plain-list attachments" data-testid="ticket-attachments">
          {tk.attachments.map((a) => (
            <li key={a.id} data-testid="ticket-attachment">
              {/* The file's name, where it is kept and its hash are data, not UI text. */}
              <span className="attach-name" title={`${a.path}\nSHA-256 ${a.sha256}`} data-user-text>
                {a.name}
              </span>{' '}
              <span className="muted">· {formatBytes(a.size, i18n.language === 'en' ? 'en' : 'ru')}</span>{' '}
              <span className="mono muted" data-testid="attachment-sha">
                · SHA-256 <span data-user-text>{a.sha256.slice(0, 12)}…</span>
              </span>
              <span className="muted">
                {' '}
                · {formatDateTimeMsk(a.addedAt)} · {a.addedBy}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <FilePicker
        purpose="attachment"
        look="button"
        className="attach-pick"
        caption={busy ? t('ticket.attaching', { name: busy }) : t('ticket.attach')}
        disabled={attach.isPending}
        resetAfterChoose
        testId="ticket-attach-file"
        onChosen={(f) => {
          setPickError(null);
          if (f) attach.mutate(f);
        }}
        onError={setPickError}
      />
      {pickError !== null ? <ErrorText error={pickError} /> : null}
      {attach.isError ? <ErrorText error={attach.error} /> : null}
    </section>
  );
}

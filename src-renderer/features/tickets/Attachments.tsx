import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../src-shared/ipc/tickets';
import { call, fileSource } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTimeMsk } from '../../lib/format';
import { formatBytes } from './ticketText';
import { useTicketWrite } from './queries';

/**
 * R-TKT-FORM: files kept by reference and SHA-256. Browser mode uploads the file (POST /upload,
 * as the directory import does) and attaches the upload; Electron attaches the local path.
 */
export function Attachments({ ticket: tk }: { readonly ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const attach = useTicketWrite(async (file: File) => {
    setBusy(file.name);
    try {
      const src = await fileSource(file);
      return await call('tickets:attach', {
        id: tk.id,
        source: src.kind === 'upload' ? { kind: 'upload', uploadId: src.uploadId, name: file.name } : { kind: 'path', path: src.path },
      });
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
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
            <li key={a.id} data-testid="ticket-attachment" title={`${a.path}\nSHA-256 ${a.sha256}`}>
              <span className="attach-name">{a.name}</span> <span className="muted">· {formatBytes(a.size, i18n.language === 'en' ? 'en' : 'ru')}</span>{' '}
              <span className="mono muted" data-testid="attachment-sha">
                · SHA-256 {a.sha256.slice(0, 12)}…
              </span>
              <span className="muted">
                {' '}
                · {formatDateTimeMsk(a.addedAt)} · {a.addedBy}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <label className="attach-pick">
        <span className="btn btn-small">{busy ? t('ticket.attaching', { name: busy }) : t('ticket.attach')}</span>
        <input
          ref={input}
          type="file"
          className="sr-only"
          disabled={attach.isPending}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) attach.mutate(f);
          }}
          data-testid="ticket-attach-file"
        />
      </label>
      {attach.isError ? <ErrorText error={attach.error} /> : null}
    </section>
  );
}

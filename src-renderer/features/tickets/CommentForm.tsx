import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, type TicketChannel } from '../../../src-shared/domain/tickets';
import type { Ticket } from '../../../src-shared/ipc/ticketSchemas';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { splitLines } from '../../shared/callLines';
import { useCalls } from '../../shared/liveCall';
import { useTicketWrite } from '../../shared/ticketCache';

/**
 * A comment by the specialist, or a follow-up from the customer (R-TKT-NEW: follow-ups go to the
 * existing ticket) with the channel it came by; during a call the call is linked with it.
 * What was typed stays if the save fails.
 */
export function CommentForm({ ticket: tk }: { readonly ticket: Ticket }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [followUp, setFollowUp] = useState(false);
  const [channel, setChannel] = useState<TicketChannel>('phone');
  const live = splitLines(useCalls().data?.calls ?? []).active;
  const callId = followUp && channel === 'phone' && live ? live.id : null;
  const save = useTicketWrite(
    () => call('tickets:comment', { id: tk.id, text: text.trim(), followUp, channel: followUp ? channel : null, callId }),
    () => {
      setText('');
      setFollowUp(false);
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() !== '') save.mutate(undefined);
  };
  return (
    <form className="ticket-section comment-form" onSubmit={submit} aria-labelledby="comment-title" data-testid="ticket-comment-form">
      <h3 id="comment-title" className="card-subtitle">
        {t('ticket.commentTitle')}
      </h3>
      <textarea
        className="input"
        rows={2}
        maxLength={8000}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={followUp ? t('ticket.followUpPlaceholder') : t('ticket.commentPlaceholder')}
        aria-label={t('ticket.commentTitle')}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
        }}
        data-testid="ticket-comment-text"
      />
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={followUp} onChange={(e) => setFollowUp(e.target.checked)} data-testid="ticket-comment-followup" />
          {t('ticket.followUp')}
        </label>
        {followUp ? (
          <label className="field field-inline">
            <span className="sr-only">{t('ticket.channelLabel')}</span>
            <select className="input" value={channel} onChange={(e) => setChannel(e.target.value as TicketChannel)} data-testid="ticket-comment-channel">
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`ticket.channel.${c}`)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit" className="btn btn-small" disabled={save.isPending || text.trim() === ''} data-testid="ticket-comment-save">
          {followUp ? t('ticket.followUpSave') : t('ticket.commentSave')} <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
      {save.isError ? <ErrorText error={save.error} /> : null}
    </form>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SyncRejection } from '../../../src-shared/ipc/sync';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { hasKey } from '../../i18n/types';
import { ru } from '../../i18n/ru';
import { formatDateTimeMsk, formatTimeMsk } from '../../lib/format';
import { refusalReasonText } from '../../lib/inputIssue';
import { syncKeys, useSyncRejections, useSyncState } from './queries';

/**
 * «Синхронизация» (Настройки): the sync state in words and the changes the desk server refused,
 * each with the server's reason in the operator's language and what to do about it. A refused
 * change stays local only; dismissing it hides it here (the record stays in the database).
 */
export function SyncPanel() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const state = useSyncState();
  const list = useSyncRejections();
  const now = useMutation({ mutationFn: () => call('sync:now', {}), onSuccess: (s) => qc.setQueryData(syncKeys.state, s) });
  const dismiss = useMutation({
    mutationFn: (clientSeq: number) => call('sync:dismiss', { clientSeq }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: syncKeys.rejections }),
  });
  const s = state.data;
  if (!s || s.status === 'off') return null;
  const rows = list.data ?? [];
  return (
    <section className="server-card" aria-labelledby="sync-title" data-testid="sync-panel">
      <h2 id="sync-title" className="card-title">
        {t('sync.title')}
      </h2>
      <p role="status" data-testid="sync-panel-state">
        {s.status === 'offline' && s.offlineSince !== null ? t('sync.offlineSince', { time: formatTimeMsk(s.offlineSince) }) : t(`sync.status_${s.status}`)}
        {' · '}
        {s.lastSyncAt !== null ? t('sync.lastSync', { time: formatTimeMsk(s.lastSyncAt) }) : t('sync.neverSynced')}
        {s.pending > 0 ? ` · ${t('sync.pending', { n: s.pending })}` : ''}
      </p>
      {s.status === 'signedOut' ? <p className="hint warn">{t('sync.signedOutHint')}</p> : null}
      {s.status === 'error' ? <p className="hint warn">{t('sync.errorHint')}</p> : null}
      <button type="button" className="btn" onClick={() => now.mutate()} disabled={now.isPending || s.status === 'syncing'} data-testid="sync-now">
        {t('sync.now')}
      </button>
      {now.isError ? <ErrorText error={now.error} /> : null}
      <h3 className="card-title">{t('sync.rejectedTitle')}</h3>
      {list.isError ? <ErrorText error={list.error} /> : null}
      {rows.length === 0 ? (
        <p className="hint" data-testid="sync-rejections-empty">
          {t('sync.rejectedNone')}
        </p>
      ) : (
        <ul className="sync-rejections" data-testid="sync-rejections">
          {rows.map((r) => (
            <li key={r.clientSeq} data-testid="sync-rejection">
              <RejectionText r={r} />
              <button type="button" className="btn btn-ghost btn-small" onClick={() => dismiss.mutate(r.clientSeq)} disabled={dismiss.isPending}>
                {t('sync.dismiss')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RejectionText({ r }: { readonly r: SyncRejection }) {
  const { t } = useTranslation();
  const what = hasKey(ru.sync.mutation, r.name) ? t(`sync.mutation.${r.name}`) : t('sync.mutationOther');
  const why = refusalReasonText({ code: r.code === 'FORBIDDEN' ? 'UNAUTHORIZED' : r.code, reason: r.reason ?? undefined }, t) || t(`sync.code_${r.code}`);
  return (
    <div>
      <strong>{r.ticketNumber ? t('sync.whatTicket', { what, number: r.ticketNumber }) : what}</strong>
      <span className="hint"> · {formatDateTimeMsk(r.createdAt)}</span>
      <div data-testid="sync-rejection-reason">{t('sync.because', { why })}</div>
      <div className="hint">{t(`sync.todo_${r.code}`)}</div>
    </div>
  );
}

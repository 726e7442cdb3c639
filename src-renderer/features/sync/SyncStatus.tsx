import { useTranslation } from 'react-i18next';
import type { SyncState } from '../../../src-shared/ipc/sync';
import { formatTimeMsk } from '../../lib/format';
import { useAppUi } from '../../shared/appUi';
import { useSyncState } from './queries';

const TONE: Record<SyncState['status'], 'ok' | 'warn' | 'block' | 'idle'> = {
  off: 'idle',
  syncing: 'ok',
  online: 'ok',
  offline: 'warn',
  signedOut: 'block',
  error: 'block',
};

/**
 * Top bar: the desk server sync — online, «нет связи с сервером с HH:MM», changes waiting, the
 * last sync. A console with no server shows nothing (it works alone, as before). A click opens
 * «Настройки», where the «Синхронизация» panel lists refused changes.
 */
export function SyncStatus() {
  const { t } = useTranslation();
  const setTab = useAppUi((s) => s.setTab);
  const s = useSyncState().data;
  if (!s || s.status === 'off') return null;
  const head =
    s.status === 'offline' && s.offlineSince !== null ? t('sync.offlineSince', { time: formatTimeMsk(s.offlineSince) }) : t(`sync.status_${s.status}`);
  const extra: string[] = [];
  if (s.pending > 0) extra.push(t('sync.pending', { n: s.pending }));
  if (s.rejected > 0) extra.push(t('sync.rejectedCount', { n: s.rejected }));
  const last = s.lastSyncAt !== null ? t('sync.lastSync', { time: formatTimeMsk(s.lastSyncAt) }) : t('sync.neverSynced');
  return (
    <button
      type="button"
      className={`sip-status tone-${s.rejected > 0 && s.status === 'online' ? 'warn' : TONE[s.status]}`}
      onClick={() => setTab('settings')}
      title={`${last} — ${t('sync.openPanel')}`}
      data-testid="sync-status"
      data-state={s.status}
    >
      <span className="dot" aria-hidden="true" />
      <span>{head}</span>
      {extra.length ? <span className="sip-extra"> · {extra.join(' · ')}</span> : null}
    </button>
  );
}

import { useTranslation } from 'react-i18next';
import { useConnectionState } from '../api/client';
import { connectionNotice } from '../api/transport';
import { formatCount } from '../lib/format';
import { useDirectoryStatus } from '../features/directory/queries';
import { useActiveProfile } from '../features/settings/queries';
import { useAppUi } from '../shared/appUi';
import { AgentStateMenu } from '../features/agent/AgentStateMenu';
import { SipStatus } from '../features/softphone/SipStatus';
import { SyncStatus } from '../features/sync/SyncStatus';
import { Clock } from '../components/Clock';
import { LocaleSwitch } from '../components/LocaleSwitch';

/**
 * The top bar holds the live signals only: agent state, the line to the PBX, the connection to
 * the program, language, keys, the clock. At 1280 in Russian the desk's name and the directory
 * did not fit beside them («Интернет-прова…», «демо» hidden); they sit at the right end of the
 * tab strip instead (DeskContext), where the width is free.
 */
export function TopBar() {
  const { t } = useTranslation();
  const notice = connectionNotice(useConnectionState());
  const openShortcuts = useAppUi((s) => s.setShortcutsOpen);
  return (
    <header className="topbar" data-testid="topbar">
      {/* The product's name is the screen's h1 (App.tsx): the bar's width belongs to the states. */}
      {/* Softphone: agent state (Available ▾ with break reasons) and the SIP registration. */}
      <AgentStateMenu />
      <SipStatus />
      <SyncStatus />
      {notice !== null ? (
        <div className={`topbar-conn conn-${notice}`} role="status" data-testid="connection-state">
          {t(`topbar.${notice}`)}
        </div>
      ) : null}
      <div className="topbar-slot" aria-hidden="true" />
      <LocaleSwitch />
      <button
        type="button"
        className="btn btn-ghost btn-small topbar-keys"
        onClick={() => openShortcuts(true)}
        aria-keyshortcuts="?"
        aria-label={t('topbar.shortcuts')}
        title={t('topbar.shortcuts')}
        data-testid="topbar-shortcuts"
      >
        ?
      </button>
      <Clock />
    </header>
  );
}

/** The desk profile and the directory, at the right end of the tab strip (App.tsx). */
export function DeskContext() {
  const { t } = useTranslation();
  const status = useDirectoryStatus();
  const { active } = useActiveProfile();
  const s = status.data;
  return (
    <div className="desk-context" data-testid="desk-context">
      <div className="desk-context-item" title={t('topbar.profile')} data-testid="topbar-profile">
        <span className="desk-context-label">{t('topbar.profile')}:</span> {active ? active.name : t('topbar.profileUnknown')}
      </div>
      <div className="desk-context-item" data-testid="topbar-directory">
        {s === undefined
          ? t('topbar.directoryUnknown')
          : s.contracts === 0
            ? t('topbar.directoryEmpty')
            : t('topbar.directory', { count: s.contracts, n: formatCount(s.contracts) })}
        {s?.demo ? <span className="badge badge-demo">{t('topbar.demo')}</span> : null}
        {s?.importing ? <span className="badge badge-busy">{t('topbar.importing')}</span> : null}
      </div>
    </div>
  );
}

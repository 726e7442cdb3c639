import { useTranslation } from 'react-i18next';
import { useConnectionState } from '../api/client';
import { connectionNotice } from '../api/transport';
import { formatCount } from '../lib/format';
import { useDirectoryStatus } from '../features/directory/queries';
import { useActiveProfile } from '../features/settings/queries';
import { useAppUi } from '../shared/appUi';
import { AgentStateMenu } from '../features/agent/AgentStateMenu';
import { SipStatus } from '../features/softphone/SipStatus';
import { Clock } from '../components/Clock';
import { LocaleSwitch } from '../components/LocaleSwitch';

export function TopBar() {
  const { t } = useTranslation();
  const status = useDirectoryStatus();
  const { active } = useActiveProfile();
  const notice = connectionNotice(useConnectionState());
  const openShortcuts = useAppUi((s) => s.setShortcutsOpen);
  const s = status.data;
  return (
    <header className="topbar">
      <div className="topbar-brand">{t('app.title')}</div>
      {/* Softphone: agent state (Available ▾ with break reasons) and the SIP registration. */}
      <AgentStateMenu />
      <SipStatus />
      <div className="topbar-slot" aria-hidden="true" />
      <div className="topbar-item" title={t('topbar.profile')} data-testid="topbar-profile">
        <span className="topbar-label">{t('topbar.profile')}:</span> {active ? active.name : t('topbar.profileUnknown')}
      </div>
      <div className="topbar-item" data-testid="topbar-directory">
        {s === undefined
          ? t('topbar.directoryUnknown')
          : s.contracts === 0
            ? t('topbar.directoryEmpty')
            : t('topbar.directory', { count: s.contracts, n: formatCount(s.contracts) })}
        {s?.demo ? <span className="badge badge-demo">{t('topbar.demo')}</span> : null}
        {s?.importing ? <span className="badge badge-busy">{t('topbar.importing')}</span> : null}
      </div>
      {notice !== null ? (
        <div className={`topbar-conn conn-${notice}`} role="status" data-testid="connection-state">
          {t(`topbar.${notice}`)}
        </div>
      ) : null}
      <LocaleSwitch />
      <button type="button" className="btn btn-ghost btn-small" onClick={() => openShortcuts(true)} aria-keyshortcuts="?">
        {t('topbar.shortcuts')}
      </button>
      <Clock />
    </header>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { ProfileForm } from './ProfileForm';
import { DiagnosticsCard } from './DiagnosticsCard';
import { ServerCard } from './ServerCard';
import { SyncPanel } from '../sync/SyncPanel';
import { profileKeys } from '../../shared/queryKeys';
import { useProfiles } from './queries';

/** «Настройки»: the desk profiles (DOMAIN.md: rules that differ between desks), one active. */
export function SettingsPanel() {
  const { t } = useTranslation();
  const profiles = useProfiles();
  const qc = useQueryClient();
  const [dirty, setDirty] = useState(false);
  // The choice being made, set in the same event as the click: a controlled radio driven by the
  // mutation's pending state would render one tick late and look as if the click did nothing.
  const [chosen, setChosen] = useState<string | null>(null);
  const setActive = useMutation({
    mutationFn: (id: string) => call('profiles:setActive', { id }),
    onSuccess: (snapshot) => qc.setQueryData(profileKeys.all, snapshot),
    onSettled: () => setChosen(null),
  });
  const data = profiles.data;
  const active = data?.profiles.find((p) => p.id === data.activeId) ?? null;
  const shownActive = chosen ?? data?.activeId;

  const choose = (id: string) => {
    if (id === data?.activeId || chosen !== null) return;
    if (dirty && !window.confirm(t('settings.switchConfirm'))) return;
    setDirty(false);
    setChosen(id);
    setActive.mutate(id);
  };

  return (
    <div className="settings">
      <aside className="card settings-list" aria-labelledby="profiles-title">
        <h2 id="profiles-title" className="card-title">
          {t('settings.listTitle')}
        </h2>
        <p className="hint">{t('settings.activeHint')}</p>
        {profiles.isError ? <ErrorText error={profiles.error} /> : null}
        {setActive.isError ? <ErrorText error={setActive.error} /> : null}
        <ul className="profile-list" data-testid="profile-list">
          {data?.profiles.map((p) => (
            <li key={p.id}>
              <label className={p.id === data.activeId ? 'profile-item profile-active' : 'profile-item'}>
                <input type="radio" name="active-profile" checked={p.id === shownActive} onChange={() => choose(p.id)} data-testid={`profile-${p.id}`} />
                <span>
                  <span className="profile-name">{p.name}</span>
                  {p.id === data.activeId ? <span className="badge badge-ok">{t('settings.active')}</span> : null}
                  {p.seed ? <span className="hint"> · {t('settings.preset', { seed: p.seed })}</span> : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
        <ServerCard />
        <SyncPanel />
        <DiagnosticsCard />
      </aside>
      {active ? <ProfileForm key={active.id} profile={active} onDirtyChange={setDirty} /> : null}
    </div>
  );
}

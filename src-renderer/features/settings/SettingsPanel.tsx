import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { ProfileForm } from './ProfileForm';
import { useProfiles } from './queries';

/** «Настройки»: the desk profiles (DOMAIN.md: rules that differ between desks), one active. */
export function SettingsPanel() {
  const { t } = useTranslation();
  const profiles = useProfiles();
  const [dirty, setDirty] = useState(false);
  const setActive = useMutation({ mutationFn: (id: string) => call('profiles:setActive', { id }) });
  const data = profiles.data;
  const active = data?.profiles.find((p) => p.id === data.activeId) ?? null;
  // While the host switches, show the choice already made (a controlled radio would jump back).
  const shownActive = setActive.isPending ? setActive.variables : data?.activeId;

  const choose = (id: string) => {
    if (id === data?.activeId || setActive.isPending) return;
    if (dirty && !window.confirm(t('settings.switchConfirm'))) return;
    setDirty(false);
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
                <input
                  type="radio"
                  name="active-profile"
                  checked={p.id === shownActive}
                  onChange={() => choose(p.id)}
                  data-testid={`profile-${p.id}`}
                />
                <span>
                  <span className="profile-name">{p.name}</span>
                  {p.id === data.activeId ? <span className="badge badge-ok">{t('settings.active')}</span> : null}
                  {p.seed ? <span className="hint"> · {t('settings.preset', { seed: p.seed })}</span> : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </aside>
      {active ? <ProfileForm key={active.id} profile={active} onDirtyChange={setDirty} /> : null}
    </div>
  );
}

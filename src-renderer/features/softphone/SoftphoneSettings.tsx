import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AccountSchema, type Account } from '../../../src-shared/ipc/softphone';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { issueText } from '../../lib/inputIssue';
import { fieldIssues } from '../../../src-shared/text/issues';
import { Field, type ShownIssue } from '../../components/Field';
import { askNotificationPermission } from './notify';
import { OutputDevices } from './OutputDevices';
import { softphoneKeys, useAccount, useSipStatus } from './queries';
import { SipStatus } from './SipStatus';

type Draft = { -readonly [K in keyof Account]: Account[K] };
const EMPTY: Draft = { wsUri: '', sipUri: '', authUser: '', displayName: '', whenBusy: 'busy-486', nullMedia: false };

/** Settings → «Телефония»: the SIP account (password write-only), connect / disconnect, audio devices. */
export function SoftphoneSettings() {
  const { t } = useTranslation();
  const account = useAccount();
  return (
    <section className="card phone-settings" aria-labelledby="phone-title" data-testid="phone-settings">
      <header className="card-head">
        <h2 id="phone-title" className="card-title">
          {t('phoneSettings.title')}
        </h2>
        <SipStatus />
      </header>
      <p className="hint">{t('phoneSettings.hint')}</p>
      {account.isError ? <ErrorText error={account.error} /> : null}
      {account.data ? (
        <p
          className={account.data.passwordStorage === 'os-encrypted' ? 'hint' : 'hint warn'}
          data-testid="password-storage"
          data-storage={account.data.passwordStorage}
        >
          {t(`phoneSettings.passwordStorage_${account.data.passwordStorage}`)}
        </p>
      ) : null}
      {account.data ? <AccountForm initial={account.data.account ?? EMPTY} hasPassword={account.data.hasPassword} /> : null}
      <OutputDevices />
    </section>
  );
}

function AccountForm({ initial, hasPassword }: { readonly initial: Account; readonly hasPassword: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const status = useSipStatus().data;
  const [draft, setDraft] = useState<Draft>({ ...initial });
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<ShownIssue[]>([]);
  const save = useMutation({
    mutationFn: (v: { account: Account; password: string | null }) => call('softphone:saveAccount', v),
    onSuccess: (r) => {
      setPassword('');
      qc.setQueryData(softphoneKeys.account, r);
    },
  });
  const register = useMutation({
    mutationFn: (on: boolean) => (on ? call('softphone:register', {}) : call('softphone:unregister', {})),
    onSuccess: (s) => qc.setQueryData(softphoneKeys.status, s),
  });
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    if (save.isSuccess) save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = AccountSchema.safeParse(draft);
    if (!parsed.success) {
      // The same words as the host's VALIDATION replies, in the operator's language.
      setIssues(fieldIssues(parsed.error, draft).map((i) => ({ path: i.path, text: issueText(i, t) })));
      return;
    }
    setIssues([]);
    askNotificationPermission(); // a click: the one moment browsers let a page ask
    save.mutate({ account: parsed.data, password: password === '' ? null : password });
  };
  const at = (path: string) => issues.filter((i) => i.path === path);
  const text = (k: 'wsUri' | 'sipUri' | 'authUser' | 'displayName', extra: { placeholder?: string } = {}) => (
    <Field label={t(`phoneSettings.${k}`)} issues={at(k)}>
      <input
        className="input"
        value={draft[k]}
        onChange={(e) => set(k, e.target.value)}
        autoComplete="off"
        spellCheck={false}
        data-testid={`phone-${k}`}
        {...extra}
      />
    </Field>
  );
  const up = status?.state === 'registered' || status?.state === 'connecting' || status?.state === 'unresponsive';
  return (
    <form className="phone-form" onSubmit={submit} noValidate>
      <div className="phone-grid">
        {text('wsUri', { placeholder: 'ws://pbx.local:8088' })}
        {text('sipUri', { placeholder: 'sip:101@pbx.local' })}
        {text('authUser')}
        <Field label={t('phoneSettings.password')} issues={[]}>
          <input
            className="input"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            placeholder={hasPassword ? t('phoneSettings.passwordSaved') : t('phoneSettings.passwordNone')}
            data-testid="phone-password"
          />
        </Field>
        {text('displayName')}
        <Field label={t('phoneSettings.whenBusy')} issues={at('whenBusy')}>
          <select
            className="input"
            value={draft.whenBusy}
            onChange={(e) => set('whenBusy', e.target.value === 'not-offered' ? 'not-offered' : 'busy-486')}
            data-testid="phone-whenBusy"
          >
            <option value="busy-486">{t('phoneSettings.whenBusy_busy-486')}</option>
            <option value="not-offered">{t('phoneSettings.whenBusy_not-offered')}</option>
          </select>
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={draft.nullMedia} onChange={(e) => set('nullMedia', e.target.checked)} data-testid="phone-nullMedia" />
        {t('phoneSettings.nullMedia')}
      </label>
      {save.isError ? <ErrorText error={save.error} /> : null}
      {register.isError ? <ErrorText error={register.error} /> : null}
      <div className="row phone-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="phone-save">
          {save.isPending ? t('phoneSettings.saving') : t('phoneSettings.save')}
        </button>
        {save.isSuccess ? (
          <span className="ok-text" role="status" data-testid="phone-saved">
            ✔ {t('phoneSettings.saved')}
          </span>
        ) : null}
        <button
          type="button"
          className="btn"
          disabled={register.isPending || status === undefined || status.state === 'unconfigured'}
          onClick={() => {
            askNotificationPermission();
            register.mutate(!up);
          }}
          data-testid={up ? 'phone-unregister' : 'phone-register'}
        >
          {up ? t('phoneSettings.unregister') : t('phoneSettings.register')}
        </button>
      </div>
    </form>
  );
}

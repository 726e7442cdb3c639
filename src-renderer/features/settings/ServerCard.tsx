import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ServerStatus } from '../../../src-shared/ipc/server';
import { call, isApiError } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

const KEY = ['server', 'status'] as const;
/** The refusals an operator meets signing in, in their language; anything else shows the generic text. */
const KNOWN = ['UNAUTHORIZED', 'OFFLINE', 'BUSY', 'VALIDATION'] as const;

/**
 * «Настройки → Сервер»: sign in to the desk server. The host signs in and keeps the session token
 * in its secrets store; this card sees only who is signed in and how the token is protected.
 */
export function ServerCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const status = useQuery({ queryKey: KEY, queryFn: () => call('server:status', {}) });
  const [url, setUrl] = useState<string | null>(null);
  const [login, setLogin] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const done = (s: ServerStatus) => {
    setPassword('');
    qc.setQueryData(KEY, s);
  };
  const signIn = useMutation({ mutationFn: (v: { url: string; login: string; password: string }) => call('server:signIn', v), onSuccess: done });
  const signOut = useMutation({ mutationFn: () => call('server:signOut', {}), onSuccess: done });
  const s = status.data;
  const shownUrl = url ?? s?.url ?? '';
  const shownLogin = login ?? s?.login ?? '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ url: shownUrl, login: shownLogin, password });
  };
  const err = signIn.error;
  const known = isApiError(err) ? KNOWN.find((c) => c === err.code) : undefined;

  return (
    <section className="server-card" aria-labelledby="server-title" data-testid="server-card">
      <h2 id="server-title" className="card-title">
        {t('settings.server.title')}
      </h2>
      <p className="hint">{t('settings.server.hint')}</p>
      {status.isError ? <ErrorText error={status.error} /> : null}
      {s?.signedIn && s.user ? (
        <>
          <p role="status" data-testid="server-signed-in">
            {t('settings.server.signedInAs', { url: s.url ?? '', name: s.user.displayName, role: t(`settings.server.role_${s.user.role}`) })}
          </p>
          <p className={s.tokenStorage === 'os-encrypted' ? 'hint' : 'hint warn'} data-testid="server-token-storage">
            {t(`settings.server.tokenStorage_${s.tokenStorage}`)}
          </p>
          <button type="button" className="btn" onClick={() => signOut.mutate()} disabled={signOut.isPending} data-testid="server-sign-out">
            {t('settings.server.signOut')}
          </button>
          {signOut.isError ? <ErrorText error={signOut.error} /> : null}
        </>
      ) : (
        <form className="server-form" onSubmit={submit}>
          <p className="hint">{t('settings.server.notSignedIn')}</p>
          <label>
            {t('settings.server.url')}
            <input
              type="url"
              value={shownUrl}
              placeholder={t('settings.server.urlPlaceholder')}
              onChange={(e) => setUrl(e.target.value)}
              autoComplete="url"
              data-testid="server-url"
            />
          </label>
          <label>
            {t('settings.server.login')}
            <input value={shownLogin} onChange={(e) => setLogin(e.target.value)} autoComplete="username" data-testid="server-login" />
          </label>
          <label>
            {t('settings.server.password')}
            <input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              data-testid="server-password"
            />
          </label>
          <button
            type="submit"
            className="btn"
            disabled={signIn.isPending || shownUrl === '' || shownLogin === '' || password === ''}
            data-testid="server-sign-in"
          >
            {signIn.isPending ? t('settings.server.signingIn') : t('settings.server.signIn')}
          </button>
          {known ? (
            <p className="msg msg-error" role="alert" data-testid="server-error">
              {t(`settings.server.err_${known}`)}
            </p>
          ) : signIn.isError ? (
            <ErrorText error={signIn.error} testId="server-error" />
          ) : null}
        </form>
      )}
    </section>
  );
}

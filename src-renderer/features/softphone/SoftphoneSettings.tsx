import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { softphoneRequests, type Account } from '../../../src-shared/ipc/softphone';
import { call, isApiError } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { issuesByField } from '../../lib/inputIssue';
import { FormField, fieldA11y } from '../../components/FormField';
import { useSchemaForm } from '../../lib/useSchemaForm';
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

type AccountFields = Draft & { password: string };
const SaveAccountSchema = softphoneRequests['softphone:saveAccount'].input;
/** The form's fields the save schema checks, in screen order; wsUri, sipUri and authUser are required. */
const ACCOUNT_FIELDS = ['wsUri', 'sipUri', 'authUser', 'password', 'displayName', 'whenBusy'] as const;
const REQUIRED: ReadonlySet<string> = new Set(['wsUri', 'sipUri', 'authUser']);
const toSaveInput = ({ password, ...account }: AccountFields) => ({ account, password: password === '' ? null : password });

function AccountForm({ initial, hasPassword }: { readonly initial: Account; readonly hasPassword: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const status = useSipStatus().data;
  const formId = useId();
  // Checked with the host's own `softphone:saveAccount` schema: «expected sip:user@domain» never
  // reaches the screen, the operator reads what to type under the field.
  const { register, handleSubmit, setValue, formState, formRef, focusFirstInvalid } = useSchemaForm<AccountFields>({
    schema: SaveAccountSchema,
    toInput: toSaveInput,
    wrapper: /^account\./,
    fields: ACCOUNT_FIELDS,
    defaultValues: { ...initial, password: '' },
  });
  const save = useMutation({
    mutationFn: (v: AccountFields) => call('softphone:saveAccount', toSaveInput(v)),
    onSuccess: (r) => {
      setValue('password', '');
      qc.setQueryData(softphoneKeys.account, r);
    },
  });
  const registration = useMutation({
    mutationFn: (on: boolean) => (on ? call('softphone:register', {}) : call('softphone:unregister', {})),
    onSuccess: (s) => qc.setQueryData(softphoneKeys.status, s),
  });
  // «Сохранено» belongs to what was saved; editing a field withdraws it.
  const edited = () => {
    if (save.isSuccess) save.reset();
  };
  const submit = handleSubmit((v) => {
    askNotificationPermission(); // a click: the one moment browsers let a page ask
    save.mutate(v);
  }, focusFirstInvalid);
  const hostIssues =
    isApiError(save.error) && save.error.code === 'VALIDATION' ? issuesByField(save.error.issues, t, /^account\./) : new Map<string, string[]>();
  const errorsOf = (name: keyof AccountFields): string[] => {
    const own = formState.errors[name]?.message;
    return [...new Set([...(own ? [own] : []), ...(hostIssues.get(name) ?? [])])];
  };
  const field = (name: keyof AccountFields, control: ReactNode) => (
    <FormField name={name} label={t(`phoneSettings.${name}`)} errors={errorsOf(name)} formId={formId} required={REQUIRED.has(name)}>
      {control}
    </FormField>
  );
  const text = (k: 'wsUri' | 'sipUri' | 'authUser' | 'displayName', extra: { placeholder?: string } = {}) =>
    field(
      k,
      <input
        className="input"
        {...register(k, { onChange: edited })}
        {...fieldA11y(formId, k, errorsOf(k), REQUIRED.has(k))}
        autoComplete="off"
        spellCheck={false}
        data-testid={`phone-${k}`}
        {...extra}
      />,
    );
  const up = status?.state === 'registered' || status?.state === 'connecting' || status?.state === 'unresponsive';
  return (
    <form ref={formRef} className="phone-form" onSubmit={(e) => void submit(e)} noValidate data-testid="phone-form">
      <p className="hint">{t('form.legend')}</p>
      <div className="phone-grid">
        {text('wsUri', { placeholder: 'ws://pbx.local:8088' })}
        {text('sipUri', { placeholder: 'sip:101@pbx.local' })}
        {text('authUser')}
        {field(
          'password',
          <input
            className="input"
            type="password"
            {...register('password', { onChange: edited })}
            {...fieldA11y(formId, 'password', errorsOf('password'))}
            autoComplete="new-password"
            placeholder={hasPassword ? t('phoneSettings.passwordSaved') : t('phoneSettings.passwordNone')}
            data-testid="phone-password"
          />,
        )}
        {text('displayName')}
        {field(
          'whenBusy',
          <select
            className="input"
            {...register('whenBusy', { onChange: edited })}
            {...fieldA11y(formId, 'whenBusy', errorsOf('whenBusy'))}
            data-testid="phone-whenBusy"
          >
            <option value="busy-486">{t('phoneSettings.whenBusy_busy-486')}</option>
            <option value="not-offered">{t('phoneSettings.whenBusy_not-offered')}</option>
          </select>,
        )}
      </div>
      <label className="check">
        <input type="checkbox" {...register('nullMedia', { onChange: edited })} data-testid="phone-nullMedia" />
        {t('phoneSettings.nullMedia')}
      </label>
      {save.isError && hostIssues.size === 0 ? <ErrorText error={save.error} /> : null}
      {registration.isError ? <ErrorText error={registration.error} /> : null}
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
          disabled={registration.isPending || status === undefined || status.state === 'unconfigured'}
          onClick={() => {
            askNotificationPermission();
            registration.mutate(!up);
          }}
          data-testid={up ? 'phone-unregister' : 'phone-register'}
        >
          {up ? t('phoneSettings.unregister') : t('phoneSettings.register')}
        </button>
      </div>
    </form>
  );
}

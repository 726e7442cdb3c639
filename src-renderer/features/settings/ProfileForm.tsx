import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { DESK_PRESETS } from '../../../src-shared/domain/deskPresets';
import { contract } from '../../../src-shared/ipc/contract';
import { call, isApiError } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { issueText } from '../../lib/inputIssue';
import { errorList, type WordedIssue } from '../../lib/schemaForm';
import { useSchemaForm } from '../../lib/useSchemaForm';
import { ProfileFields } from './ProfileFields';
import { fromDraft, labelKeyFor, profileIssuePath, toDraft, type ProfileDraft } from './profileDraft';

const SaveSchema = contract.requests['profiles:save'].input;

/**
 * Edits the active profile, checked before saving with the host's own `profiles:save` schema
 * (and the form's own conversions: mm:ss, numbers). What was typed stays in the form when a save
 * fails (UX.md: a failed save never loses input); every issue, the form's or the host's, is shown
 * next to its field, and the first field to fix takes the focus.
 */
export function ProfileForm({ profile, onDirtyChange }: { readonly profile: DeskProfile; readonly onDirtyChange: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const formId = useId();
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const {
    register,
    control,
    handleSubmit,
    watch,
    reset: resetForm,
    formState,
    formRef,
    focusFirstInvalid,
  } = useSchemaForm<ProfileDraft>({
    schema: SaveSchema,
    toInput: (d) => ({ profile: fromDraft(profile, d).converted }),
    wrapper: /^profile\./,
    // Issues sit on schema paths (`callLimit.warnAtSec`), not on the draft's field names: kept
    // flat, as found, until the next save.
    flat: true,
    reValidateMode: 'onSubmit',
    extra: (d) => fromDraft(profile, d).issues.map((i) => ({ path: i.path, text: t(i.key) })),
    defaultValues: toDraft(profile),
  });
  const draft = watch();
  const pristine = useMemo(() => JSON.stringify(toDraft(profile)), [profile]);
  const dirty = JSON.stringify(draft) !== pristine;
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const save = useMutation({
    mutationFn: (p: DeskProfile) => call('profiles:save', { profile: p }),
    onSuccess: (snapshot) => {
      setSavedAt(Date.now());
      const saved = snapshot.profiles.find((p) => p.id === profile.id);
      if (saved) resetForm(toDraft(saved));
    },
  });
  const reset = useMutation({
    mutationFn: () => call('profiles:reset', { id: profile.id }),
    onSuccess: (snapshot) => {
      const fresh = snapshot.profiles.find((p) => p.id === profile.id);
      if (fresh) resetForm(toDraft(fresh));
      save.reset();
      setSavedAt(null);
    },
  });

  const submit = handleSubmit(
    (d) => {
      const { profile: next } = fromDraft(profile, d);
      if (next) save.mutate(next);
    },
    () => {
      save.reset();
      focusFirstInvalid();
    },
  );
  // The form's own findings, else what the host answered (the same schema, so rarely anything new).
  const hostIssues: WordedIssue[] =
    isApiError(save.error) && save.error.code === 'VALIDATION' ? save.error.issues.map((i) => ({ path: profileIssuePath(i.path), text: issueText(i, t) })) : [];
  const own = errorList(formState.errors);
  const issues = own.length > 0 ? own : hostIssues;
  // The host refused what the form let through: its first field takes the focus all the same.
  const hostRefused = hostIssues.length > 0;
  useEffect(() => {
    if (hostRefused) focusFirstInvalid();
  }, [hostRefused, save.error]);

  const isPreset = DESK_PRESETS.some((p) => p.id === profile.id);
  return (
    <form
      ref={formRef}
      className="card profile-form"
      onSubmit={(e) => {
        setSavedAt(null);
        void submit(e);
      }}
      noValidate
      aria-labelledby="profile-form-title"
      data-testid="profile-form"
    >
      <header className="profile-form-head">
        <h2 id="profile-form-title" className="card-title">
          {t('settings.editTitle', { name: profile.name })}
        </h2>
        <div className="row">
          {dirty ? <span className="badge badge-busy">{t('settings.dirty')}</span> : null}
          {savedAt !== null && !dirty ? (
            <span className="badge badge-ok" role="status" data-testid="profile-saved">
              ✔ {t('settings.saved')}
            </span>
          ) : null}
          {isPreset ? (
            <button
              type="button"
              className="btn btn-ghost"
              disabled={reset.isPending}
              onClick={() => {
                if (window.confirm(t('settings.resetConfirm'))) reset.mutate();
              }}
              data-testid="profile-reset"
            >
              {t('settings.reset')}
            </button>
          ) : null}
          <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="profile-save">
            {save.isPending ? t('settings.saving') : t('settings.save')}
          </button>
        </div>
      </header>
      <p className="hint">{t('form.legend')}</p>
      {issues.length > 0 ? (
        <div className="msg msg-error" role="alert" data-testid="profile-issues">
          <strong>{t('settings.issues', { count: issues.length })}</strong>
          <ul>
            {issues.map((i) => (
              <li key={`${i.path}:${i.text}`}>
                {(() => {
                  const k = labelKeyFor(i.path);
                  return k ? `«${t(k)}»` : <code>{i.path || '—'}</code>;
                })()}
                : {i.text}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {save.isError && !(isApiError(save.error) && save.error.code === 'VALIDATION') ? <ErrorText error={save.error} /> : null}
      {reset.isError ? <ErrorText error={reset.error} /> : null}
      <ProfileFields draft={draft} issues={issues} register={register} control={control} formId={formId} />
    </form>
  );
}

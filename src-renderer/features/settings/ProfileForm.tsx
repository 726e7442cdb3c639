import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { DESK_PRESETS } from '../../../src-shared/domain/deskPresets';
import { call, isApiError } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { issueText } from '../../lib/inputIssue';
import { type ShownIssue } from '../../components/Field';
import { ProfileFields } from './ProfileFields';
import { fromDraft, labelKeyFor, profileIssuePath, toDraft, type ProfileDraft } from './profileDraft';

/**
 * Edits the active profile. What was typed stays in the form when a save fails (UX.md: a failed
 * save never loses input); the host's VALIDATION issues are shown next to their fields.
 */
export function ProfileForm({ profile, onDirtyChange }: { readonly profile: DeskProfile; readonly onDirtyChange: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ProfileDraft>(() => toDraft(profile));
  const [issues, setIssues] = useState<readonly ShownIssue[]>([]);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const pristine = useMemo(() => JSON.stringify(toDraft(profile)), [profile]);
  const dirty = JSON.stringify(draft) !== pristine;
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const save = useMutation({
    mutationFn: (p: DeskProfile) => call('profiles:save', { profile: p }),
    onSuccess: (snapshot) => {
      setIssues([]);
      setSavedAt(Date.now());
      const saved = snapshot.profiles.find((p) => p.id === profile.id);
      if (saved) setDraft(toDraft(saved));
    },
    onError: (err) => {
      if (isApiError(err) && err.code === 'VALIDATION') {
        setIssues(err.issues.map((i) => ({ path: profileIssuePath(i.path), text: issueText(i, t) })));
      }
    },
  });
  const reset = useMutation({
    mutationFn: () => call('profiles:reset', { id: profile.id }),
    onSuccess: (snapshot) => {
      const fresh = snapshot.profiles.find((p) => p.id === profile.id);
      if (fresh) setDraft(toDraft(fresh));
      setIssues([]);
      setSavedAt(null);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSavedAt(null);
    const { profile: next, issues: local } = fromDraft(profile, draft);
    if (!next) {
      setIssues(local.map((i) => ({ path: i.path, text: t(i.key) })));
      return;
    }
    save.mutate(next);
  };

  const isPreset = DESK_PRESETS.some((p) => p.id === profile.id);
  const update = (patch: Partial<ProfileDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSavedAt(null);
  };

  return (
    <form className="card profile-form" onSubmit={submit} noValidate aria-labelledby="profile-form-title" data-testid="profile-form">
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
      <ProfileFields draft={draft} issues={issues} update={update} />
    </form>
  );
}

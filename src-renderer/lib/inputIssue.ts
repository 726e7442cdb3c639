/**
 * VALIDATION issues (the host's replies and the forms' own checks of the same schemas) as text in
 * the operator's language, next to the field they belong to. Only the issue's kind and params are
 * shown (src-shared/text/issues.ts); the host's English `message` is for logs and never reaches the
 * screen. Pure; unit-tested.
 */
import { hasKey, type Translate } from '../i18n/types';
import { ru } from '../i18n/ru';
import type { IssueKind, IssueParams } from '../../src-shared/text/issues';
import type { ErrorCode } from '../../src-shared/ipc/envelope';
import type { ErrorReason } from '../../src-shared/text/errors';

/** An issue as it arrives: from the host (kind optional for an older peer) or from fieldIssues. */
export type WireIssue = { readonly path: string; readonly kind?: IssueKind; readonly params?: IssueParams; readonly message?: string };

/** One issue in the operator's language. */
export function issueText(i: WireIssue, t: Translate): string {
  const params = i.params ?? {};
  if (typeof params.more === 'number') return t('issue.more', { count: params.more });
  const kind = i.kind !== undefined && hasKey(ru.issue, i.kind) ? i.kind : 'invalid';
  return t(`issue.${kind}`, params);
}

/**
 * Issues grouped by the form field they belong to: the path without the request's wrapper
 * (`claim.phone` → `phone`), so a form keys its fields by their own names.
 */
export function issuesByField(issues: readonly WireIssue[], t: Translate, wrapper = /^claim\./): ReadonlyMap<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of issues) {
    const key = i.path.replace(wrapper, '');
    const list = out.get(key) ?? [];
    const text = issueText(i, t);
    if (!list.includes(text)) list.push(text);
    out.set(key, list);
  }
  return out;
}

/**
 * A microphone or device error by its DOMException name («Requested device not found» is the
 * browser's English; NotFoundError is what it means), in the operator's language.
 */
export function mediaErrorText(name: string, t: Translate): string {
  return hasKey(ru.media, name) ? t(`media.${name}`) : t('media.unknown');
}

/**
 * A refusal other than VALIDATION (NOT_FOUND, CONFLICT, the duty-mode and verdict refusals) in the
 * operator's language: the code's word, then the reason when the host gives one. The host's
 * `message` is never shown (an English sentence for logs).
 */
export function refusalText(err: Refusal, t: Translate): string {
  const head = t(`errors.${err.code}`);
  const why = refusalReasonText(err, t);
  return why ? `${head}: ${why}` : head;
}

type Refusal = { readonly code: ErrorCode; readonly reason?: ErrorReason | undefined };

/** The reason alone (empty when the host gave none), for a block that already names the code. */
export function refusalReasonText(err: Refusal, t: Translate): string {
  if (err.reason === undefined || !hasKey(ru.refusal, err.reason.kind)) return '';
  return t(`refusal.${err.reason.kind}`, err.reason.params ?? {});
}

/**
 * Small text helpers of the tickets feature. Pure; unit-tested.
 */
import type { ProblemForm } from '../../../src-shared/ipc/ticketSchemas';
import type { Locale } from '../../../src-shared/domain/values';

/** 1536 → "1,5 КБ" (ru) / "1.5 KB" (en). */
export function formatBytes(n: number, locale: Locale = 'ru'): string {
  const units = locale === 'ru' ? ['Б', 'КБ', 'МБ', 'ГБ'] : ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const num = u === 0 ? String(v) : v.toLocaleString(locale === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: 1 });
  return `${num} ${units[u]}`;
}

/**
 * R-TKT-NEW / R-TKT-DEDUP: what a new request says, as the follow-up text added to an existing
 * ticket instead of creating a second one.
 */
export function followUpText(
  f: { readonly subject: string; readonly description: string; readonly form: ProblemForm | null },
  labels: { readonly doing: string; readonly expected: string; readonly actual: string },
): string {
  const parts = [f.subject.trim(), f.description.trim()];
  if (f.form) {
    if (f.form.doing.trim()) parts.push(`${labels.doing}: ${f.form.doing.trim()}`);
    if (f.form.expected.trim()) parts.push(`${labels.expected}: ${f.form.expected.trim()}`);
    if (f.form.actual.trim()) parts.push(`${labels.actual}: ${f.form.actual.trim()}`);
  }
  return parts.filter((p) => p !== '').join('\n');
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * The host's messages about typed text (src-shared/text/safe.ts, src-shared/ipc/fields.ts), in
 * the operator's language; other messages pass unchanged.
 */
export function localIssue(message: string, t: Translate): string {
  const unsafe = /contains a control or text-direction character \((U\+[0-9A-F]{4,6})\)/.exec(message);
  if (unsafe) return t('inputIssue.unsafeChar', { code: unsafe[1] });
  if (message.includes('not a phone number')) return t('inputIssue.notAPhone');
  const long = /^Too big: expected string to have <=(\d+) characters$/.exec(message);
  if (long) return t('inputIssue.tooLong', { max: Number(long[1]) });
  return message;
}

/** VALIDATION issues of the host (path → message) grouped by the form field they belong to. */
export function issuesByField(issues: ReadonlyArray<{ readonly path: string; readonly message: string }>, t?: Translate): ReadonlyMap<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of issues) {
    const key = i.path.replace(/^claim\./, '');
    const list = out.get(key) ?? [];
    list.push(t ? localIssue(i.message, t) : i.message);
    out.set(key, list);
  }
  return out;
}

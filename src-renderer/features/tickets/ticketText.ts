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

/**
 * The host's VALIDATION issues shown next to the form fields they belong to (tickets, visits,
 * claims). Pure; unit-tested.
 */

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

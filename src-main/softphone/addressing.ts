/** SIP addressing for the softphone: caller ID → number, dial target → URI, header users. */
import { normalizePhone } from '../../src-shared/domain/phone';
import type { EndCause } from '../../src-shared/domain/call';

/** Caller ID: an E.164 number when the From user is a phone in any usual form, else as sent. */
export function callerNumber(user: string): string {
  const p = normalizePhone(user);
  return p.ok ? p.e164 : user;
}

/** A number or extension → sip:<digits>@<account domain>; a sip: URI is taken as it is. */
export function targetUri(target: string, domain: string): string {
  const t = target.trim();
  if (/^sips?:/i.test(t)) return t;
  const dial = t.replace(/[^\d+*#]/g, '');
  return `sip:${dial}@${domain}`;
}

export function uriUser(header: string | undefined): string | null {
  if (!header) return null;
  return /sips?:([^@;>\s]+)@/i.exec(header)?.[1] ?? null;
}

/** The end cause of an outgoing call refused with this final response. */
export function codeCause(code: number): EndCause {
  if (code === 486 || code === 600 || code === 603) return 'busy';
  if (code === 408 || code === 480 || code === 487) return 'no-answer';
  return 'failed';
}

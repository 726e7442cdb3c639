/** SIP addressing for the softphone: caller ID → number, dial target → URI, header users. */
import { normalizePhone } from '../../src-shared/domain/phone';
import { stripUnsafeChars } from '../../src-shared/text/safe';
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

/**
 * The PBX as a far end reaches it, for a Refer-To the far end dials itself. The account's domain
 * often has no port (the console registers over WebSocket, `sip:1001@pbx`), while the PBX's SIP
 * port for other phones may not be 5060: a transferee would then dial `sip:2001@pbx:5060` and
 * miss the PBX. The dialog's route set names the PBX's other side (Record-Route of the proxy,
 * double-RR between WebSocket and UDP): its port is used when its host is the domain's host.
 * A domain that has a port, or no matching route, is left as it is.
 */
export function pbxHostPort(domain: string, routeSet: readonly string[]): string {
  if (/:\d+$/.test(domain) || domain.startsWith('[')) return domain;
  for (const route of routeSet) {
    const m = /sips?:([^;>:@\s]+):(\d+)([^>]*)/i.exec(route);
    if (!m || m[1]?.toLowerCase() !== domain.toLowerCase()) continue;
    if (/;transport=wss?\b/i.test(m[3] ?? '')) continue; // the console's own side of the PBX
    return `${domain}:${m[2] ?? ''}`;
  }
  return domain;
}

/** The status line of a REFER's NOTIFY body (message/sipfrag, RFC 3420): `SIP/2.0 200 OK`. */
export function sipfragStatus(body: string): { code: number; reason: string } | null {
  const m = /^SIP\/2\.0 ([1-6]\d\d)(?: ([^\r\n]*))?/.exec(body.trimStart());
  if (!m) return null;
  return {
    code: Number(m[1]),
    reason: stripUnsafeChars(m[2] ?? '')
      .trim()
      .slice(0, 200),
  };
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

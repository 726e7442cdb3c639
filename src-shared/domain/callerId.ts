/**
 * Caller ID from the raw SIP headers of an INVITE, pure and total: whatever the network sends,
 * this returns something to show and to store (R-CALL-WAIT: every offered call leaves a row;
 * R-ID-PHONE: the number pops the caller's card). It reads the header text itself, not sip.js'
 * parse, because sip.js' grammar refuses `tel:` URIs and control characters in display names.
 *
 * Where the number comes from, first hit wins:
 *   1. P-Asserted-Identity (the network's word: RFC 3325), each of its URIs;
 *   2. the From URI: `tel:+7…`, `sip:+7…@`, `sip:8…@`, ten digits, `;user=phone`, `%2B7…`;
 *   3. the From display name, when the user part is not a number (`"8903…" <sip:anonymous@…>`).
 */
import { stripUnsafeChars } from '../text/safe';
import { normalizePhone } from './phone';

/** Longest caller name kept (the call card and the log row). */
export const CALLER_NAME_MAX = 64;
/** Longest raw caller ID kept when no number can be read from it. */
export const CALLER_RAW_MAX = 128;

export type CallerId = {
  /** E.164 when a phone number was found anywhere, else null. */
  readonly number: string | null;
  /** What the call and its log row carry: the number, else the raw identity (sanitised, bounded). */
  readonly remote: string;
  /** The display name without control or text-direction characters, bounded; null when none. */
  readonly name: string | null;
  readonly source: 'pai' | 'from-uri' | 'from-name' | null;
};

export type CallerHeaders = {
  readonly from: string | null | undefined;
  readonly pai?: string | null | undefined;
};

type NameAddr = { readonly display: string | null; readonly uri: string };

/** Splits a header value at commas outside quotes and angle brackets (P-Asserted-Identity may hold two). */
function splitValues(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (quoted && ch === '\\') {
      cur += ch + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if (ch === ',' && !quoted && !angle) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** `"Name" <uri>;tag=…`, `Name <uri>` or a bare `uri;tag=…` (RFC 3261 20.10), leniently. */
function parseNameAddr(value: string): NameAddr {
  const v = value.trim();
  const lt = indexOutsideQuotes(v, '<');
  if (lt >= 0) {
    const gt = v.indexOf('>', lt + 1);
    const uri = v.slice(lt + 1, gt < 0 ? undefined : gt).trim();
    let display = v.slice(0, lt).trim();
    if (display.startsWith('"')) {
      const end = closingQuote(display);
      display = display.slice(1, end < 0 ? undefined : end).replace(/\\(.)/g, '$1');
    }
    return { display: display === '' ? null : display, uri };
  }
  // Without angle brackets the parameters belong to the header (RFC 3261 20.10), not the URI.
  const semi = v.indexOf(';');
  return { display: null, uri: (semi < 0 ? v : v.slice(0, semi)).trim() };
}

function indexOutsideQuotes(s: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) return i;
  }
  return -1;
}

function closingQuote(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

/** `%2B7903…` → `+7903…`: ASCII escapes only, so the decoding never fails on a stray '%'. */
function percentDecode(s: string): string {
  return s.replace(/%([0-7][0-9a-f])/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The user of a sip:/sips: URI or the number of a tel: URI, decoded; null when there is none. */
function uriUser(uri: string): string | null {
  const m = /^(sips?|tel):(.*)$/i.exec(uri.trim());
  if (!m) return null;
  const scheme = (m[1] as string).toLowerCase();
  const rest = m[2] as string;
  if (scheme === 'tel') {
    const semi = rest.indexOf(';');
    return percentDecode(semi < 0 ? rest : rest.slice(0, semi));
  }
  const at = rest.lastIndexOf('@');
  if (at < 0) return null;
  const user = rest.slice(0, at).split(':')[0] ?? ''; // user:password@host
  const semi = user.indexOf(';'); // user parameters (RFC 4967: ;phone-context=…)
  return percentDecode(semi < 0 ? user : user.slice(0, semi));
}

/** A phone in a user part: visual separators of tel: URIs (RFC 3966) are allowed. */
function phoneOf(user: string | null): string | null {
  if (user === null) return null;
  const p = normalizePhone(user.replace(/[-.()]/g, ''));
  return p.ok ? p.e164 : null;
}

/** A phone written in a display name: the whole name, else the longest phone-like run in it. */
function phoneInName(name: string | null): string | null {
  if (name === null) return null;
  const whole = normalizePhone(name);
  if (whole.ok) return whole.e164;
  const runs = name.match(/\+?\d[\d\s()\-.]{8,}\d/g) ?? [];
  for (const run of runs.sort((a, b) => b.length - a.length)) {
    const p = normalizePhone(run);
    if (p.ok) return p.e164;
  }
  return null;
}

function clean(s: string, max: number): string {
  return stripUnsafeChars(s).trim().slice(0, max);
}

export function extractCallerId(h: CallerHeaders): CallerId {
  const fromRaw = h.from ?? '';
  const from = parseNameAddr(splitValues(fromRaw)[0] ?? '');
  const name = from.display === null ? null : clean(from.display, CALLER_NAME_MAX) || null;
  const result = (number: string | null, source: CallerId['source'], remote: string, nameOr: string | null = name): CallerId => ({
    number,
    remote,
    name: nameOr,
    source,
  });

  const pai = h.pai ? splitValues(h.pai).map(parseNameAddr) : [];
  for (const p of pai) {
    const n = phoneOf(uriUser(p.uri));
    if (n) return result(n, 'pai', n, name ?? (p.display === null ? null : clean(p.display, CALLER_NAME_MAX) || null));
  }
  const user = uriUser(from.uri);
  const fromNumber = phoneOf(user);
  if (fromNumber) return result(fromNumber, 'from-uri', fromNumber);
  const nameNumber = phoneInName(from.display);
  if (nameNumber) return result(nameNumber, 'from-name', nameNumber);
  // No number anywhere: keep what was sent, readable and bounded, so the row still says who.
  const raw = clean(user ?? (from.uri || fromRaw.replace(/;\s*tag=[^;]*/i, '')), CALLER_RAW_MAX);
  return result(null, null, raw === '' ? 'unknown' : raw);
}

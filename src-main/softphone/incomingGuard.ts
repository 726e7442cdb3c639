/**
 * A guard on the UA's incoming-message path (transport → sip.js), so that no INVITE is lost in
 * silence. sip.js 0.21 parses every message with its grammar and, when a header does not parse,
 * drops the whole message with a log line at `warn` (UserAgent.onTransportMessage): the caller
 * hears ringing until the PBX gives up with 408, and the console never knows a call came
 * (R-CALL-WAIT: every offered call leaves a row). Two everyday causes, met in the attack run:
 *
 * - a `tel:` URI as caller ID (`From: <tel:+79039691445>`, RFC 3966): sip.js' grammar knows only
 *   sip:/sips: URIs in From;
 * - a control character in the caller's display name (qdtext excludes them).
 *
 * What the guard does with a request sip.js cannot parse:
 * - From is the culprit → it is parsed again with a stand-in From (`sip:<number>@caller.invalid`,
 *   the display name without control characters, the same tag) and handed to sip.js' core with
 *   the caller's own From text put back, so every response still copies it byte for byte
 *   (RFC 3261 8.2.6.2) and the call rings as any other. The caller ID itself is read from the raw
 *   header text later (src-shared/domain/callerId.ts).
 * - anything else → answered here, statelessly, `400 Bad Request` with a Warning naming the header
 *   (an ACK gets no answer), and an INVITE is reported through `onRefused` so it leaves its row.
 * Responses take sip.js' own path untouched; a request that parses is handed to sip.js' core as
 * parsed here, after sip.js' own request checks, so no message is parsed twice.
 */
import { Core, UserAgentState, type UserAgent } from 'sip.js';
import { extractCallerId } from '../../src-shared/domain/callerId';
import type { Logger } from '../log';

/** An INVITE refused before sip.js saw it: what the call log needs. */
export type RefusedInvite = {
  readonly from: string | null;
  readonly pai: string | null;
  readonly to: string | null;
  readonly sipCallId: string | null;
  readonly statusCode: number;
  readonly reason: string;
};

type RawHeader = { readonly name: string; readonly value: string };

const COMPACT: Readonly<Record<string, string>> = { f: 'from', t: 'to', i: 'call-id', v: 'via', m: 'contact', l: 'content-length', c: 'content-type' };

/** The header section as name/value pairs, folded lines joined (RFC 3261 7.3.1). */
export function rawHeaders(data: string): { firstLine: string; headers: RawHeader[]; body: string } {
  const end = data.indexOf('\r\n\r\n');
  const head = end < 0 ? data : data.slice(0, end);
  const body = end < 0 ? '' : data.slice(end + 4);
  const lines = head.split('\r\n');
  const firstLine = lines.shift() ?? '';
  const headers: { name: string; value: string }[] = [];
  for (const line of lines) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.push({ name: COMPACT[name] ?? name, value: line.slice(colon + 1).trim() });
  }
  return { firstLine, headers, body };
}

const first = (headers: readonly RawHeader[], name: string): string | null => headers.find((h) => h.name === name)?.value ?? null;

/** The headers sip.js' core relies on in every request (RFC 3261 8.1.1; sip.js' minimum-headers check). */
const MANDATORY = ['from', 'to', 'call_id', 'cseq', 'via'] as const;

/** The body is shorter than its Content-Length says (sip.js answers such a request 400). */
function bodyShort(msg: Core.IncomingRequestMessage): boolean {
  const declared = msg.getHeader('content-length');
  return declared !== undefined && declared !== '' && new TextEncoder().encode(msg.body).length < Number(declared);
}

/** A message logger that keeps what sip.js' parser complained about (it says which header). */
function parserLog(sink: string[]): Core.Logger {
  const keep = (m: unknown): void => {
    sink.push(String(m));
  };
  return { error: keep, warn: keep, log: () => undefined, debug: () => undefined } as unknown as Core.Logger;
}

/** Text safe inside a Warning's quoted string: printable ASCII without quotes or backslashes. */
function warnText(s: string): string {
  return s.replace(/[^\x20-\x7e]|["\\]/g, '?').slice(0, 200);
}

/** A quoted display name that sip.js' grammar accepts: no controls, quotes and backslashes escaped. */
function quoted(name: string): string {
  return `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The From line sip.js can parse in place of one it cannot: same tag, the number (or
 * `anonymous`) as the user of a host that cannot resolve. Null when there is no usable tag.
 */
export function standInFrom(from: string): string | null {
  const tag = /;\s*tag\s*=\s*([-\w.!%*+`'~]+)\s*(?:;|$)/i.exec(from.slice(from.lastIndexOf('>') + 1))?.[1];
  if (!tag) return null;
  const id = extractCallerId({ from });
  const user = id.number ?? 'anonymous';
  return `${id.name ? `${quoted(id.name)} ` : ''}<sip:${user}@caller.invalid>;tag=${tag}`;
}

function replaceFrom(data: string, standIn: string): string {
  const end = data.indexOf('\r\n\r\n');
  const head = end < 0 ? data : data.slice(0, end);
  const rest = end < 0 ? '' : data.slice(end);
  const lines = head.split('\r\n');
  const out: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (skipping && /^[ \t]/.test(line)) continue; // a folded From continues here
    skipping = false;
    if (/^(from|f)\s*:/i.test(line)) {
      out.push(`From: ${standIn}`);
      skipping = true;
    } else out.push(line);
  }
  return out.join('\r\n') + rest;
}

export function installIncomingGuard(ua: UserAgent, deps: { log: Logger; onRefused(r: RefusedInvite): void }): void {
  const { log } = deps;
  const transport = ua.transport;
  const sipjs = transport.onMessage;
  if (!sipjs) throw new Error('sip.js transport has no message handler to guard');

  function refuse(data: string, why: string): void {
    const { firstLine, headers } = rawHeaders(data);
    const method = /^([A-Za-z]+)\s/.exec(firstLine)?.[1]?.toUpperCase() ?? '';
    const from = first(headers, 'from');
    const to = first(headers, 'to');
    const callId = first(headers, 'call-id');
    const cseq = first(headers, 'cseq');
    const vias = headers.filter((h) => h.name === 'via');
    log.warn({ method, callId, why, from: from?.slice(0, 200) }, 'SIP request refused: sip.js cannot parse it');
    // A new call (no To tag): it leaves its row; a broken re-INVITE belongs to a call already logged.
    if (method === 'INVITE' && !/;\s*tag\s*=/i.test(to ?? ''))
      deps.onRefused({ from, pai: first(headers, 'p-asserted-identity'), to, sipCallId: callId, statusCode: 400, reason: why });
    // An ACK is never answered; without these headers there is nothing a response could match.
    if (method === 'ACK' || method === '' || !from || !to || !callId || !cseq || vias.length === 0) return;
    const toTag = /;\s*tag\s*=/i.test(to) ? '' : `;tag=${Math.random().toString(36).slice(2, 12)}`;
    const response = [
      'SIP/2.0 400 Bad Request',
      ...vias.map((v) => `Via: ${v.value}`),
      `From: ${from}`,
      `To: ${to}${toTag}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq}`,
      `Warning: 399 operator-console "${warnText(why)}"`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    transport.send(response).catch((err: unknown) => log.warn({ err: String(err), callId }, '400 to an unparsable request not sent'));
  }

  /** The message as sip.js parses it with a stand-in From, the caller's From text restored; null when even that fails. */
  function repaired(data: string, from: string): Core.IncomingRequestMessage | null {
    const standIn = standInFrom(from);
    if (!standIn) return null;
    const problems: string[] = [];
    const msg = Core.Parser.parseMessage(replaceFrom(data, standIn), parserLog(problems));
    if (!(msg instanceof Core.IncomingRequestMessage)) return null;
    // sip.js' own sanity checks (UserAgent.onTransportMessage) that its core relies on.
    for (const h of MANDATORY) if (!msg.hasHeader(h)) return null;
    if (bodyShort(msg)) return null;
    msg.headers.From = [{ raw: from, parsed: msg.from }];
    msg.data = data;
    return msg;
  }

  /**
   * A request that parsed goes to sip.js' core as parsed here: handing sip.js the text would parse
   * it a second time, and sip.js' grammar is most of what an INVITE costs before the screen pop
   * (bench:calls profile: the two parses were ~3/4 of the host's part of the pop, half of it ours).
   * These are sip.js 0.21's own request checks from UserAgent.onTransportMessage, in its order.
   */
  function takeParsed(msg: Core.IncomingRequestMessage): void {
    if (ua.state === UserAgentState.Stopped) return;
    for (const h of MANDATORY) {
      if (!msg.hasHeader(h)) {
        log.warn({ method: msg.method, header: h }, 'SIP request without a mandatory header dropped');
        return;
      }
    }
    // sip.js answers a request that left this very UA 482 (RFC 3261 16.3 item 4).
    if (!msg.toTag && msg.callId.substring(0, 5) === ua.configuration.sipjsId) {
      ua.userAgentCore.replyStateless(msg, { statusCode: 482 });
      return;
    }
    if (bodyShort(msg)) {
      ua.userAgentCore.replyStateless(msg, { statusCode: 400 });
      return;
    }
    ua.userAgentCore.receiveIncomingRequestFromTransport(msg);
  }

  transport.onMessage = (data: string): void => {
    let handed = false; // once sip.js has the message, an error is sip.js' own, not a reason to answer 400
    try {
      const problems: string[] = [];
      // Responses keep sip.js' own path: its checks (Via, Content-Length) are right for them.
      if (data.startsWith('SIP/2.0 ')) {
        handed = true;
        sipjs(data);
        return;
      }
      const parsed = Core.Parser.parseMessage(data, parserLog(problems));
      if (parsed instanceof Core.IncomingRequestMessage) {
        handed = true;
        takeParsed(parsed);
        return;
      }
      if (parsed) {
        handed = true; // a response after all: sip.js' own path, as any other
        sipjs(data);
        return;
      }
      const from = first(rawHeaders(data).headers, 'from');
      const msg = from && problems.some((p) => /header 'f(rom)?'/i.test(p)) ? repaired(data, from) : null;
      if (msg) {
        log.info({ from: from?.slice(0, 200), method: msg.method }, 'SIP request with a From sip.js cannot parse: taken with a stand-in');
        handed = true;
        ua.userAgentCore.receiveIncomingRequestFromTransport(msg);
        return;
      }
      refuse(data, problems[0] ?? 'malformed request');
    } catch (err) {
      // Never let one message take the host down.
      log.error({ err, handed }, 'incoming SIP message handling failed');
      if (handed) return;
      try {
        refuse(data, 'internal error');
      } catch (e) {
        log.error({ err: e }, 'refusing the message failed too');
      }
    }
  };
}

/**
 * A small client for rtpengine's ng control protocol (bencode over UDP): `ping` for readiness and
 * `query` for per-leg packet counters, so media tests assert RTP really flowed (sip-rig pitfall 2:
 * a call can be "established" with zero packets). rtpengine logs final stats only 30 s after the
 * BYE, so query while the call is up.
 */
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

export type Bencode = number | string | Bencode[] | { [k: string]: Bencode };

export class NgError extends Error {
  override readonly name = 'NgError';
}

export function bencode(v: Bencode): string {
  if (typeof v === 'number') return `i${Math.trunc(v)}e`;
  if (typeof v === 'string') return `${Buffer.byteLength(v, 'latin1')}:${v}`;
  if (Array.isArray(v)) return `l${v.map(bencode).join('')}e`;
  return `d${Object.keys(v)
    .sort()
    .map((k) => bencode(k) + bencode(v[k] as Bencode))
    .join('')}e`;
}

export function bdecode(s: string, at = 0): [Bencode, number] {
  const c = s[at];
  if (c === 'i') {
    const e = s.indexOf('e', at);
    return [Number(s.slice(at + 1, e)), e + 1];
  }
  if (c === 'l') {
    const out: Bencode[] = [];
    let i = at + 1;
    while (s[i] !== 'e') {
      const [v, j] = bdecode(s, i);
      out.push(v);
      i = j;
    }
    return [out, i + 1];
  }
  if (c === 'd') {
    const out: { [k: string]: Bencode } = {};
    let i = at + 1;
    while (s[i] !== 'e') {
      const [k, j] = bdecode(s, i);
      const [v, j2] = bdecode(s, j);
      out[String(k)] = v;
      i = j2;
    }
    return [out, i + 1];
  }
  const colon = s.indexOf(':', at);
  if (colon < 0) throw new NgError(`bad bencode at ${at}`);
  const n = Number(s.slice(at, colon));
  return [s.slice(colon + 1, colon + 1 + n), colon + 1 + n];
}

/** Sends one ng command to rtpengine on 127.0.0.1:`port` and resolves with its decoded reply. */
export function ngCommand(port: number, command: { [k: string]: Bencode }, timeoutMs = 1000): Promise<{ [k: string]: Bencode }> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    const cookie = randomBytes(6).toString('hex');
    const timer = setTimeout(() => {
      sock.close();
      reject(new NgError(`rtpengine ng ${String(command.command)}: no reply in ${timeoutMs} ms`));
    }, timeoutMs);
    sock.on('message', (m) => {
      const s = m.toString('latin1');
      const sp = s.indexOf(' ');
      if (s.slice(0, sp) !== cookie) return;
      clearTimeout(timer);
      sock.close();
      const [reply] = bdecode(s, sp + 1);
      if (typeof reply !== 'object' || Array.isArray(reply)) reject(new NgError('rtpengine ng: reply is not a dictionary'));
      else resolve(reply);
    });
    sock.send(Buffer.from(`${cookie} ${bencode(command)}`, 'latin1'), port, '127.0.0.1');
  });
}

/** `protocol` tells the legs apart: the console's is `UDP/TLS/RTP/SAVPF`, a plain SIP phone's `RTP/AVP`. */
export type Leg = { tag: string; endpoint: string; protocol: string; packets: number; bytes: number };

/** Per-leg counters of one call (rtpengine 10.5 layout: tags.*.medias[].streams[].stats). */
export async function ngLegs(port: number, callId: string): Promise<Leg[]> {
  const reply = await ngCommand(port, { command: 'query', 'call-id': callId });
  if (reply.result !== 'ok') throw new NgError(`rtpengine query ${callId}: ${String(reply.result)} ${String(reply['error-reason'] ?? '')}`);
  const legs: Leg[] = [];
  const tags = reply.tags;
  if (typeof tags !== 'object' || Array.isArray(tags)) return legs;
  for (const [tag, t] of Object.entries(tags)) {
    let packets = 0;
    let bytes = 0;
    let endpoint = '';
    let protocol = '';
    const medias = typeof t === 'object' && !Array.isArray(t) && Array.isArray(t.medias) ? t.medias : [];
    for (const m of medias) {
      if (!protocol && typeof m === 'object' && !Array.isArray(m) && typeof m.protocol === 'string') protocol = m.protocol;
      const streams = typeof m === 'object' && !Array.isArray(m) && Array.isArray(m.streams) ? m.streams : [];
      for (const st of streams) {
        if (typeof st !== 'object' || Array.isArray(st)) continue;
        const stats = st.stats;
        if (typeof stats === 'object' && !Array.isArray(stats)) {
          packets += typeof stats.packets === 'number' ? stats.packets : 0;
          bytes += typeof stats.bytes === 'number' ? stats.bytes : 0;
        }
        const ep = st.endpoint;
        if (!endpoint && typeof ep === 'object' && !Array.isArray(ep)) endpoint = `${String(ep.address)}:${String(ep.port)}`;
      }
    }
    legs.push({ tag, endpoint, protocol, packets, bytes });
  }
  return legs;
}

/**
 * The PBX's own announcement: rtpengine plays `file` (any format its ffmpeg reads) into the call
 * towards the party with tag `tag`, as a PBX plays "the number is being connected" before answer.
 */
export async function ngPlayMedia(port: number, callId: string, tag: string, file: string): Promise<void> {
  const reply = await ngCommand(port, { command: 'play media', 'call-id': callId, 'from-tag': tag, file });
  if (reply.result !== 'ok') throw new NgError(`rtpengine play media ${callId}: ${String(reply.result)} ${String(reply['error-reason'] ?? '')}`);
}

/** Stops what `ngPlayMedia` started for that party (the announcement ends as the callee answers). */
export async function ngStopMedia(port: number, callId: string, tag: string): Promise<void> {
  const reply = await ngCommand(port, { command: 'stop media', 'call-id': callId, 'from-tag': tag });
  if (reply.result !== 'ok') throw new NgError(`rtpengine stop media ${callId}: ${String(reply.result)} ${String(reply['error-reason'] ?? '')}`);
}

/**
 * bench:calls' measuring tools: a wall clock comparable with sipp's trace timestamps, a tap on
 * every `ws` socket of the process (SIP in and out of the console host's UA, timestamped before
 * sip.js sees a message and as it is sent), sipp's -trace_msg parsed, per-call samples.
 */
import { performance } from 'node:perf_hooks';
import { WebSocket as WsWebSocket } from 'ws';

export class BenchError extends Error {
  override readonly name = 'BenchError';
}

// --- wall clock in ms with µs resolution: comparable with sipp's -trace_msg timestamps ---------
export const wallNow = (): number => performance.timeOrigin + performance.now();

// --- wire tap: every SIP message through any `ws` socket of this process (the contract's JSON
// frames of browser mode pass untouched) ---------------------
export type Wire = { t: number; dir: 'in' | 'out'; first: string; callId: string; cseq: string };
export const wire: Wire[] = [];
export function parseSip(text: string, t: number, dir: Wire['dir']): Wire {
  const first = text.slice(0, text.indexOf('\r\n'));
  const callId = /^(?:Call-ID|i):\s*(\S+)/im.exec(text)?.[1] ?? '';
  const cseq = /^CSeq:\s*(.+?)\s*$/im.exec(text)?.[1] ?? '';
  return { t, dir, first, callId, cseq };
}
export function tapWebSockets(): void {
  const proto = WsWebSocket.prototype as unknown as { send: (d: unknown, ...r: unknown[]) => void; emit: (ev: string | symbol, ...a: unknown[]) => boolean };
  const send = proto.send;
  const emit = proto.emit;
  proto.send = function (this: unknown, data: unknown, ...rest: unknown[]) {
    if (typeof data === 'string' && /^(SIP\/2\.0 |[A-Z]+ sip)/.test(data)) wire.push(parseSip(data, wallNow(), 'out'));
    return send.call(this, data, ...rest);
  };
  // Registered before sip.js sees the message: the arrival time at the process.
  proto.emit = function (this: unknown, ev: string | symbol, ...args: unknown[]) {
    if (ev === 'message') {
      const text = String(args[0]);
      if (/^(SIP\/2\.0 |[A-Z]+ sip)/.test(text)) wire.push(parseSip(text, wallNow(), 'in'));
    }
    return emit.call(this, ev, ...args);
  };
}

// --- sipp's own view (-trace_msg): when it sent each INVITE and received each 200 ------------
export function sippWire(messages: string): Wire[] {
  const out: Wire[] = [];
  const re = /^-{10,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\r?\nUDP message (sent|received)[^\n]*\n\n([\s\S]*?)(?=^-{10,}|(?![\s\S]))/gm;
  for (let m = re.exec(messages); m; m = re.exec(messages)) {
    const [date, frac] = (m[1] as string).split('.') as [string, string];
    const t = new Date(`${date.replace(' ', 'T')}`).getTime() + Number(`0.${frac}`) * 1000;
    out.push(parseSip((m[3] as string).replace(/\r?\n/g, '\r\n'), t, m[2] === 'sent' ? 'out' : 'in'));
  }
  return out;
}

export const isAck = (w: Wire): boolean => w.first.startsWith('ACK ');

/** Polls `fn` every 2 ms until it gives a value; a BenchError naming `what` after `timeoutMs`. */
export async function until<T>(what: string, fn: () => T | null | undefined | Promise<T | null | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined) return v;
    if (performance.now() > deadline) throw new BenchError(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * The caller's ACK of our 200 arrived at the host: only then may the bench hang up. A BYE sent
 * before it can overtake the 200 on its way through Kamailio's workers, and sipp, still waiting
 * for the 200, fails the run on an "unexpected BYE".
 */
export const untilAcked = (callId: string): Promise<Wire> =>
  until(`the ACK of call ${callId}`, () => wire.find((w) => w.dir === 'in' && w.callId === callId && isAck(w)));

export const isInitialInvite = (w: Wire): boolean => w.first.startsWith('INVITE ') && /^1 INVITE$/.test(w.cseq);
export const is200Invite = (w: Wire): boolean => w.first.startsWith('SIP/2.0 200') && / INVITE$/.test(w.cseq);

export function pct(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))] as number;
}
export const r2 = (x: number): number => Number(x.toFixed(2));

export type Sample = { callId: string; popMs: number; popWireMs: number | null; answerMs: number; answerAtSippMs: number | null; answerStart: number };

/** Joins per-call marks with sipp's view of the same Call-IDs. */
export function withSipp(samples: Sample[], sipp: Wire[]): void {
  for (const s of samples) {
    const inv = sipp.find((w) => w.dir === 'out' && w.callId === s.callId && isInitialInvite(w));
    const ok = sipp.find((w) => w.dir === 'in' && w.callId === s.callId && is200Invite(w));
    const pop = wire.find((w) => w.dir === 'in' && w.callId === s.callId && isInitialInvite(w));
    s.popWireMs = inv && pop ? pop.t - inv.t + s.popMs : null;
    s.answerAtSippMs = ok ? ok.t - s.answerStart : null;
  }
}

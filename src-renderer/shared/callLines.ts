/**
 * What the call panel shows, derived from the host's `calls:state` snapshot: the ringing calls,
 * the one active line and the one held line, talk time on the host's clock and the R-CALL-15
 * level. Pure; unit-tested.
 */
import type { Call } from '../../src-shared/domain/call';
import { talkLimitLevel, type CallLimit } from '../../src-shared/domain/talkTimer';

export type Lines = {
  /** Inbound calls ringing at this console, oldest first. */
  readonly ringing: readonly Call[];
  /** The line being talked on (or being dialled). */
  readonly active: Call | null;
  /** The line on hold. */
  readonly held: Call | null;
  /** Every call not ended, oldest first. */
  readonly live: readonly Call[];
};

const byOffered = (a: Call, b: Call) => Date.parse(a.offeredAt) - Date.parse(b.offeredAt);

export function splitLines(calls: readonly Call[]): Lines {
  const live = calls.filter((c) => c.state !== 'ended').sort(byOffered);
  return {
    live,
    ringing: live.filter((c) => c.state === 'ringing'),
    active: live.find((c) => c.state === 'active' || c.state === 'dialing') ?? null,
    held: live.find((c) => c.state === 'held') ?? null,
  };
}

/**
 * Calls that were up in `prev` and are over in `next` (ended there, or gone from the snapshot),
 * each in its latest known form. The panel offers wrap-up for the answered ones.
 */
export function endedBetween(prev: readonly Call[], next: readonly Call[]): Call[] {
  const nextById = new Map(next.map((c) => [c.id, c]));
  const out: Call[] = [];
  for (const p of prev) {
    if (p.state === 'ended') continue;
    const n = nextById.get(p.id);
    if (!n) out.push({ ...p, state: 'ended' });
    else if (n.state === 'ended') out.push(n);
  }
  return out;
}

/**
 * The consultation that ended while the customer waits on hold (the colleague hung up, or the
 * operator did, before an attended transfer): the newest answered outgoing call made after the
 * held one, now over, with no other line up. The held line then tells the operator the transfer
 * did not happen and the customer is still theirs.
 */
export function endedConsultation(calls: readonly Call[], l: Lines): Call | null {
  const held = l.held;
  if (!held || l.active || l.ringing.length > 0) return null;
  let newest: Call | null = null;
  for (const c of calls) {
    if (c.state !== 'ended' || c.direction !== 'outbound' || c.outcome !== 'answered' || c.endedAt === null) continue;
    if (Date.parse(c.offeredAt) < Date.parse(held.offeredAt)) continue;
    if (!newest || Date.parse(c.endedAt) > Date.parse(newest.endedAt ?? '')) newest = c;
  }
  return newest;
}

/** Host clock minus this window's clock, from a snapshot's `now` and the local receive time. */
export function hostOffsetMs(hostNowIso: string, localNowMs: number): number {
  const h = Date.parse(hostNowIso);
  return Number.isNaN(h) ? 0 : h - localNowMs;
}

/** Talk time in ms on the host's clock (null before the answer). */
export function talkMs(call: Pick<Call, 'answeredAt' | 'endedAt'>, localNowMs: number, offsetMs: number): number | null {
  if (call.answeredAt === null) return null;
  const end = call.endedAt !== null ? Date.parse(call.endedAt) : localNowMs + offsetMs;
  return Math.max(0, end - Date.parse(call.answeredAt));
}

const RANK = { none: 0, warn: 1, limit: 2 } as const;

/**
 * R-CALL-15: the host's level (it owns the rule and the escalation record) or the level of the
 * running timer with the desk profile's thresholds, whichever is further: the colour changes on
 * the second it is due even if the host's event is a moment late.
 */
export function talkLevel(host: Call['talkLimit'], ms: number | null, limit: CallLimit | null): Call['talkLimit'] {
  const local = ms === null || limit === null ? 'none' : talkLimitLevel(ms, limit);
  return RANK[local] > RANK[host] ? local : host;
}

/** The calls the operator can act on with the keyboard: the ringing one first, else the active line. */
export function focusCall(l: Lines): Call | null {
  return l.ringing[0] ?? l.active ?? l.held ?? null;
}

/** "+79039691445" → "+7 903 969-14-45"; other numbers (extensions, sip: URIs) as they are. */
export function displayNumber(n: string, format: (e164: string) => string): string {
  return /^\+\d{8,15}$/.test(n) ? format(n) : n;
}

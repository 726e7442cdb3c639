/**
 * Agent state, pure: available / on-call (automatic while a call is up) / wrap-up (after an
 * answered call, for the desk's wrap-up time) / break with a reason. The host applies events and
 * schedules the wrap-up timer; the renderer only shows the state.
 */
import { z } from 'zod';
import { IsoInstantSchema as IsoInstant } from './values';

export const AgentStateSchema = z.object({
  state: z.enum(['available', 'on-call', 'wrap-up', 'break']),
  reason: z.string().nullable(),
  since: IsoInstant,
  wrapUpEndsAt: IsoInstant.nullable(),
});
export type AgentState = z.infer<typeof AgentStateSchema>;

/** Wrap-up time when the desk profile does not set one. */
export const DEFAULT_WRAP_UP_SEC = 30;

export type AgentEvent =
  | { readonly type: 'callUp'; readonly at: string }
  /** No call is up any more; `answered` tells whether the last one had talk to wrap up. */
  | { readonly type: 'callsDown'; readonly at: string; readonly answered: boolean; readonly wrapUpSec: number }
  | { readonly type: 'wrapUpDone'; readonly at: string }
  | { readonly type: 'set'; readonly at: string; readonly state: 'available' | 'break'; readonly reason: string | null };

export class AgentStateError extends Error {
  override readonly name = 'AgentStateError';
}

export function initialAgentState(at: string): AgentState {
  return { state: 'available', reason: null, since: at, wrapUpEndsAt: null };
}

export function reduceAgent(s: AgentState, ev: AgentEvent): AgentState {
  switch (ev.type) {
    case 'callUp':
      return s.state === 'on-call' ? s : { state: 'on-call', reason: null, since: ev.at, wrapUpEndsAt: null };
    case 'callsDown':
      if (s.state !== 'on-call') return s;
      if (!ev.answered || ev.wrapUpSec <= 0) return { state: 'available', reason: null, since: ev.at, wrapUpEndsAt: null };
      return { state: 'wrap-up', reason: null, since: ev.at, wrapUpEndsAt: new Date(Date.parse(ev.at) + ev.wrapUpSec * 1000).toISOString() };
    case 'wrapUpDone':
      return s.state === 'wrap-up' ? { state: 'available', reason: null, since: ev.at, wrapUpEndsAt: null } : s;
    case 'set':
      if (s.state === 'on-call') throw new AgentStateError('the operator is on a call: change the state after it ends');
      if (s.state === ev.state && s.reason === ev.reason) return s;
      return { state: ev.state, reason: ev.state === 'break' ? ev.reason : null, since: ev.at, wrapUpEndsAt: null };
    default:
      return assertNever(ev);
  }
}

/**
 * Whether a new inbound call is offered to the operator: only when available or on a call (call
 * waiting), and while fewer than two lines are in use (one active + one held at most).
 */
export function acceptsCalls(s: AgentState, liveCalls: number): boolean {
  if (liveCalls >= 2) return false;
  return s.state === 'available' || s.state === 'on-call';
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}

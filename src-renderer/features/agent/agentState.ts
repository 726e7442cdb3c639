/**
 * The words and colours of the agent state (top bar, wrap-up form). Pure.
 */
import type { AgentState } from '../../../src-shared/domain/agent';
import type { RegistrationStatus } from '../../../src-shared/ipc/softphone';
import type { I18nKey } from '../../i18n/types';
import type { Tone } from '../softphone/status';

/** Break reasons offered in the agent menu; stored as these codes (`agent:setState` reason). */
export const BREAK_REASONS = ['lunch', 'rest', 'training', 'meeting', 'paperwork', 'other'] as const;

export function agentTone(a: AgentState): Tone {
  switch (a.state) {
    case 'available':
      return 'ok';
    case 'on-call':
      return 'warn';
    case 'wrap-up':
      return 'warn';
    case 'break':
      return 'block';
    default:
      return assertNever(a.state);
  }
}

/**
 * Whether a call can reach this operator at all, from what the window really knows: the console
 * host answering (the socket is open) and the PBX registration. The stored agent state alone
 * says «Доступен» even while nothing can ring.
 */
export type AgentLine = 'ok' | 'host-down' | 'no-pbx' | 'phone-off';

export function agentLine(hostUp: boolean, sip: RegistrationStatus['state'] | null): AgentLine {
  if (!hostUp) return 'host-down';
  switch (sip) {
    case 'registered':
    case null: // not loaded yet: nothing to contradict the stored state
      return 'ok';
    case 'unregistered':
    case 'unconfigured':
      return 'phone-off';
    case 'connecting':
    case 'failed':
    case 'unresponsive':
      return 'no-pbx';
    default:
      return assertNever(sip);
  }
}

/**
 * The agent button's colour and, where the stored state would mislead, the words instead of it.
 * Green only when calls can arrive: «Доступен» with the PBX away is grey and says so; with the
 * host gone every state is grey (it is the last one known, not a live one).
 */
export function agentView(a: AgentState, line: AgentLine): { readonly tone: Tone; readonly labelKey: I18nKey | null } {
  if (line === 'host-down') return { tone: 'idle', labelKey: 'agent.noHost' };
  if (a.state === 'available' && line === 'no-pbx') return { tone: 'idle', labelKey: 'agent.availableNoPbx' };
  if (a.state === 'available' && line === 'phone-off') return { tone: 'idle', labelKey: 'agent.availablePhoneOff' };
  return { tone: agentTone(a), labelKey: null };
}

/** Seconds of wrap-up left (null when not in wrap-up or no end set). */
export function wrapUpLeftSec(a: AgentState, hostNowMs: number): number | null {
  if (a.state !== 'wrap-up' || a.wrapUpEndsAt === null) return null;
  return Math.max(0, Math.ceil((Date.parse(a.wrapUpEndsAt) - hostNowMs) / 1000));
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${String(x)}`);
}

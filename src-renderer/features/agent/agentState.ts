/**
 * The words and colours of the agent state (top bar, wrap-up form). Pure.
 */
import type { AgentState } from '../../../src-shared/domain/agent';
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

/** Seconds of wrap-up left (null when not in wrap-up or no end set). */
export function wrapUpLeftSec(a: AgentState, hostNowMs: number): number | null {
  if (a.state !== 'wrap-up' || a.wrapUpEndsAt === null) return null;
  return Math.max(0, Math.ceil((Date.parse(a.wrapUpEndsAt) - hostNowMs) / 1000));
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${String(x)}`);
}

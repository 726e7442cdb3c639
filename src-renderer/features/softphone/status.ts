/**
 * The words and colours of the SIP status and the agent state (top bar, settings). Pure.
 */
import type { AgentState } from '../../../src-shared/domain/agent';
import type { RegistrationStatus } from '../../../src-shared/ipc/softphone';
import type { I18nKey } from '../../i18n/types';

export type Tone = 'ok' | 'warn' | 'block' | 'idle';

export function registrationView(s: RegistrationStatus, nowMs: number): { key: I18nKey; reasonKey: I18nKey | null; tone: Tone; retryInSec: number | null } {
  const retryInSec = s.nextRetryAt === null ? null : Math.max(0, Math.ceil((Date.parse(s.nextRetryAt) - nowMs) / 1000));
  switch (s.state) {
    case 'registered':
      return { key: 'sip.registered', reasonKey: null, tone: 'ok', retryInSec: null };
    case 'unresponsive':
      // Registered, but the PBX stopped answering keep-alives: calls may be lost (liveness.ts).
      return { key: 'sip.unresponsive', reasonKey: null, tone: 'block', retryInSec: null };
    case 'connecting':
      return { key: 'sip.connecting', reasonKey: s.reason ? `sip.reason_${s.reason}` : null, tone: 'warn', retryInSec };
    case 'failed':
      return { key: 'sip.failed', reasonKey: `sip.reason_${s.reason ?? 'unknown'}`, tone: 'block', retryInSec };
    case 'unregistered':
      return { key: 'sip.unregistered', reasonKey: null, tone: 'idle', retryInSec: null };
    case 'unconfigured':
      return { key: 'sip.unconfigured', reasonKey: null, tone: 'idle', retryInSec: null };
    default:
      return assertNever(s.state);
  }
}

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

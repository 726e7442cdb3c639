/**
 * The words and colours of the SIP status (top bar, settings). Pure. The agent state's are in
 * features/agent/agentState.ts.
 */
import type { RegistrationStatus } from '../../../src-shared/ipc/softphone';
import type { I18nKey } from '../../i18n/types';

export type Tone = 'ok' | 'warn' | 'block' | 'idle';

export function registrationView(s: RegistrationStatus, nowMs: number): { key: I18nKey; reasonKey: I18nKey | null; tone: Tone; retryInSec: number | null } {
  // A retry that is due is under way: no «повтор через 0 с» while it connects.
  const leftSec = s.nextRetryAt === null ? null : Math.ceil((Date.parse(s.nextRetryAt) - nowMs) / 1000);
  const retryInSec = leftSec !== null && leftSec > 0 ? leftSec : null;
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

function assertNever(x: never): never {
  throw new Error(`unexpected ${String(x)}`);
}

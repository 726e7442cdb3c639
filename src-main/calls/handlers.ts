/**
 * The call-log channels: the console's calls snapshot, identification and wrap-up of a call,
 * the R-CALL-15 escalation and the log search (R-CALL-REPEAT). Signalling (answer, dial, hold…)
 * is the softphone's (src-main/softphone/index.ts).
 */
import type { Handlers } from '../ipc/dispatch';
import type { CallsService } from './service';

/** The call log's channels; the other calls:* (call control) are the softphone's. */
export type CallLogChannel = 'calls:list' | 'calls:identify' | 'calls:wrapUp' | 'calls:escalate' | 'calls:log';

export function createCallLogHandlers(deps: { calls: CallsService }): Pick<Handlers, CallLogChannel> {
  const { calls } = deps;
  return {
    'calls:list': () => calls.snapshot(),
    'calls:identify': ({ callId, contractNo, verified, callerStaff }) => calls.identify(callId, contractNo, verified, callerStaff),
    'calls:wrapUp': ({ callId, code, note }) => calls.wrapUp(callId, code, note),
    'calls:escalate': ({ callId, notes }) => calls.escalate(callId, notes),
    'calls:log': (q) => calls.log(q),
  };
}

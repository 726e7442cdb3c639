/**
 * A request a domain rule refuses (e.g. hold on a call that has just ended). The domain knows
 * nothing of the wire: the host's dispatcher answers it with the same code in the contract's error
 * envelope (src-main/ipc/dispatch.ts), never as INTERNAL.
 */
import type { ErrorReason } from '../text/errors';

export type RuleErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT';

export class RuleError extends Error {
  override readonly name: string = 'RuleError';
  constructor(
    readonly code: RuleErrorCode,
    message: string,
    /** What the screen says (the message is for logs). */
    readonly reason?: ErrorReason,
  ) {
    super(message);
  }
}

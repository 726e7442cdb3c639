import { RuleError } from '../../src-shared/domain/errors';
import { AppError, errorEnvelope, issuesText, zodIssues, type Envelope } from '../../src-shared/ipc/envelope';
import { contract, isChannel, type Channel, type Output, type ParsedInput } from '../../src-shared/ipc/contract';
import { ZodError } from 'zod';
import type { Logger } from '../log';

export type CallContext = { readonly transport: 'electron' | 'web' };
export type Handlers = {
  readonly [C in Channel]: (input: ParsedInput<C>, ctx: CallContext) => Promise<Output<C>> | Output<C>;
};
/** The channels of one part of the contract, by prefix: `ChannelsOf<'directory'>` = 'directory:status' | … */
export type ChannelsOf<P extends string> = Extract<Channel, `${P}:${string}`>;
export type Dispatch = (channel: unknown, input: unknown, ctx: CallContext) => Promise<Envelope<unknown>>;

/**
 * The single entry point both transports call after they have checked the sender (Electron) or
 * the token (WebSocket). It validates the input with the contract's schema, runs the handler and
 * validates its output, and always answers with an envelope: never `undefined`, never a stack.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, input, ctx) => {
    if (!isChannel(channel)) return errorEnvelope('UNKNOWN_CHANNEL', `unknown channel: ${String(channel).slice(0, 64)}`);
    const spec = contract.requests[channel];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error, input ?? {});
      return errorEnvelope('VALIDATION', `invalid input for ${channel}: ${issuesText(issues)}`, issues);
    }
    try {
      const handler = handlers[channel] as (i: unknown, c: CallContext) => unknown;
      const value = await handler(parsed.data, ctx);
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        log.error({ channel, issues: zodIssues(checked.error) }, 'handler returned a value outside the contract');
        return errorEnvelope('INTERNAL', `internal error in ${channel}`);
      }
      return { ok: true, value: checked.data };
    } catch (err) {
      if (err instanceof AppError) return errorEnvelope(err.code, err.message, err.issues, err.reason);
      // A domain rule refused the request (src-shared/domain/errors.ts): the caller's error, never INTERNAL.
      if (err instanceof RuleError) return errorEnvelope(err.code, err.message, undefined, err.reason);
      if (err instanceof ZodError) {
        const issues = zodIssues(err);
        return errorEnvelope('VALIDATION', issuesText(issues), issues);
      }
      log.error({ channel, err }, 'handler failed');
      return errorEnvelope('INTERNAL', `internal error in ${channel}`);
    }
  };
}

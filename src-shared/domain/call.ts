/**
 * The call state machine, pure: the host applies SIP happenings to a Call through `reduceCall`,
 * and the same transitions are unit-tested without SIP (ARCHITECTURE.md, "Softphone").
 *
 *   ringing (inbound) ─answered─▶ active ⇄ held ─ended─▶ ended
 *   dialing (outbound) ─answered─▶ active …
 *   ringing | dialing ─ended─▶ ended (missed, declined, cancelled, busy, no-answer, failed)
 */
import { z } from 'zod';
import { RuleError } from './errors';
import { IsoInstantSchema as IsoInstant } from './values';

// Ids the host wrote: a shape check only (requests use the contract's safe Id).
const Id = z.string().min(1).max(64);

export const CallDirectionSchema = z.enum(['inbound', 'outbound']);
export type CallDirection = z.infer<typeof CallDirectionSchema>;
export const CallStateSchema = z.enum(['ringing', 'dialing', 'active', 'held', 'ended']);
export const CallOutcomeSchema = z.enum(['answered', 'missed', 'declined', 'cancelled', 'busy', 'failed', 'transferred', 'interrupted', 'no-answer']);
/**
 * A transfer the console asked for (REFER), as the far end reports it in NOTIFY (message/sipfrag,
 * RFC 3515): 'trying' from the 202 or a 1xx, 'done' on a 2xx, 'failed' on anything else or when no
 * result came. `code`/`reason` are the sipfrag's status line (null before the first NOTIFY).
 */
export const TransferStatusSchema = z.object({
  state: z.enum(['trying', 'done', 'failed']),
  target: z.string().max(300),
  code: z.number().int().min(100).max(699).nullable(),
  reason: z.string().max(200).nullable(),
});
export type TransferStatus = z.infer<typeof TransferStatusSchema>;

export const CallSchema = z.object({
  id: Id,
  direction: CallDirectionSchema,
  remoteNumber: z.string(),
  remoteName: z.string().nullable(),
  line: z.string().nullable(),
  state: CallStateSchema,
  muted: z.boolean(),
  onHold: z.boolean(),
  offeredAt: IsoInstant,
  answeredAt: IsoInstant.nullable(),
  endedAt: IsoInstant.nullable(),
  outcome: CallOutcomeSchema.nullable(),
  /** Contract numbers the caller ID matched (screen pop, R-ID-PHONE); several on a shared phone. */
  candidates: z.array(z.string()),
  contractNo: z.string().nullable(),
  verified: z.boolean(),
  /** R-CALL-15: 'warn' from the desk's warning threshold, 'limit' from its limit (default 15:00). */
  talkLimit: z.enum(['none', 'warn', 'limit']),
  escalatedAt: IsoInstant.nullable(),
  /** The PBX stopped answering while this call is up: the caller may already be gone. */
  atRisk: z.boolean(),
  /** The last transfer of this call and its result (null: none asked). */
  transfer: TransferStatusSchema.nullable(),
  /**
   * An outgoing call the far end has not answered yet sent its media early (183 with SDP): what
   * the operator hears now is an announcement or the network's ringback, not the person, so the
   * panel says so instead of a bare «Вызов…».
   */
  earlyMedia: z.boolean(),
});
export type Call = z.infer<typeof CallSchema>;

export type CallOutcome = NonNullable<Call['outcome']>;
export type TalkLimitLevel = Call['talkLimit'];

export type NewCall = {
  readonly id: string;
  readonly direction: Call['direction'];
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly line: string | null;
  readonly offeredAt: string;
  readonly contractNo?: string | null;
  readonly candidates?: readonly string[];
};

export type CallEvent =
  | { readonly type: 'answered'; readonly at: string }
  | { readonly type: 'hold'; readonly on: boolean }
  | { readonly type: 'mute'; readonly on: boolean }
  | { readonly type: 'ended'; readonly at: string; readonly outcome: CallOutcome }
  | { readonly type: 'identified'; readonly contractNo: string | null; readonly verified: boolean }
  | { readonly type: 'candidates'; readonly candidates: readonly string[] }
  | { readonly type: 'talkLimit'; readonly level: TalkLimitLevel }
  | { readonly type: 'escalated'; readonly at: string }
  | { readonly type: 'atRisk'; readonly on: boolean }
  | { readonly type: 'transfer'; readonly status: TransferStatus }
  | { readonly type: 'earlyMedia' };

/** A CONFLICT for the caller (e.g. hold on a call that has just ended), not an internal error. */
export class CallTransitionError extends RuleError {
  override readonly name = 'CallTransitionError';
  constructor(
    readonly call: Pick<Call, 'id' | 'state'>,
    readonly event: CallEvent['type'],
  ) {
    super('CONFLICT', `call ${call.id}: "${event}" is not possible while the call is ${call.state}`);
  }
}

export function newCall(c: NewCall): Call {
  const candidates = [...(c.candidates ?? [])];
  return {
    id: c.id,
    direction: c.direction,
    remoteNumber: c.remoteNumber,
    remoteName: c.remoteName,
    line: c.line,
    state: c.direction === 'inbound' ? 'ringing' : 'dialing',
    muted: false,
    onHold: false,
    offeredAt: c.offeredAt,
    answeredAt: null,
    endedAt: null,
    outcome: null,
    candidates,
    // R-ID-PHONE: a single match is preset; several (a shared phone) leave the choice to the operator.
    contractNo: c.contractNo ?? (candidates.length === 1 ? (candidates[0] ?? null) : null),
    verified: false,
    talkLimit: 'none',
    escalatedAt: null,
    atRisk: false,
    transfer: null,
    earlyMedia: false,
  };
}

const LIVE = new Set<Call['state']>(['ringing', 'dialing', 'active', 'held']);
export const isLive = (c: Pick<Call, 'state'>): boolean => LIVE.has(c.state);
export const isConnected = (c: Pick<Call, 'state'>): boolean => c.state === 'active' || c.state === 'held';

export function reduceCall(call: Call, ev: CallEvent): Call {
  switch (ev.type) {
    case 'answered':
      if (call.state !== 'ringing' && call.state !== 'dialing') throw new CallTransitionError(call, ev.type);
      return { ...call, state: 'active', answeredAt: ev.at, earlyMedia: false };
    case 'hold':
      if (!isConnected(call)) throw new CallTransitionError(call, ev.type);
      return { ...call, state: ev.on ? 'held' : 'active', onHold: ev.on };
    case 'mute':
      if (!isConnected(call)) throw new CallTransitionError(call, ev.type);
      return { ...call, muted: ev.on };
    case 'ended':
      if (call.state === 'ended') return call; // BYE and a transport loss may both report the end
      return { ...call, state: 'ended', endedAt: ev.at, outcome: ev.outcome, muted: false, onHold: false, atRisk: false };
    case 'identified':
      return { ...call, contractNo: ev.contractNo, verified: ev.contractNo !== null && ev.verified };
    case 'candidates': {
      const candidates = [...ev.candidates];
      const contractNo = call.contractNo ?? (candidates.length === 1 ? (candidates[0] ?? null) : null);
      return { ...call, candidates, contractNo };
    }
    case 'talkLimit':
      return call.talkLimit === ev.level ? call : { ...call, talkLimit: ev.level };
    case 'escalated':
      // R-CALL-15: the first escalation counts; a second click must not move the time.
      return call.escalatedAt !== null ? call : { ...call, escalatedAt: ev.at };
    case 'atRisk':
      if (call.state === 'ended' || call.atRisk === ev.on) return call;
      return { ...call, atRisk: ev.on };
    case 'transfer':
      // The result may arrive after our BYE has ended the call (NOTIFY 200 then BYE), never before a talk.
      if (call.answeredAt === null) throw new CallTransitionError(call, ev.type);
      return { ...call, transfer: ev.status };
    case 'earlyMedia':
      // Only an outgoing call still waiting for its answer plays the far end's early media.
      if (call.state !== 'dialing') throw new CallTransitionError(call, ev.type);
      return call.earlyMedia ? call : { ...call, earlyMedia: true };
    default:
      return assertNever(ev);
  }
}

/** Why a call ended, as the SIP layer sees it; `endOutcome` maps it to the log's outcome. */
export type EndCause =
  | 'hangup' // BYE from either side after answer
  | 'remote-cancel' // the caller gave up while it rang (CANCEL)
  | 'local-cancel' // the operator gave up an outgoing call before it was answered
  | 'declined' // the operator declined a ringing call
  | 'busy' // 486/600 from the far end, or answered busy because the operator was not available
  | 'not-offered' // not available: 480 so the PBX routes elsewhere
  | 'no-answer' // 408/480/487 to our INVITE
  | 'failed' // anything else: 4xx-6xx, media failure
  | 'transferred'
  | 'interrupted'; // the PBX or the app went away with the call up

/**
 * The log outcome for an end. A call that was answered stays `answered` (talk happened) unless it
 * was transferred or cut off; an inbound call the caller abandoned while it rang is `missed`.
 */
export function endOutcome(call: Pick<Call, 'direction' | 'answeredAt'>, cause: EndCause): CallOutcome {
  if (cause === 'transferred') return 'transferred';
  if (cause === 'interrupted') return 'interrupted';
  if (call.answeredAt !== null) return 'answered';
  switch (cause) {
    case 'hangup':
    case 'remote-cancel':
      return call.direction === 'inbound' ? 'missed' : 'cancelled';
    case 'local-cancel':
      return 'cancelled';
    case 'declined':
      return 'declined';
    case 'busy':
      return 'busy';
    case 'not-offered':
      return 'missed';
    case 'no-answer':
      return 'no-answer';
    case 'failed':
      return 'failed';
    default:
      return assertNever(cause);
  }
}

/** R-CALL-WAIT: offered → answered, or offered → end for a call nobody answered. */
export function waitMs(call: Pick<Call, 'offeredAt' | 'answeredAt' | 'endedAt'>): number | null {
  const until = call.answeredAt ?? call.endedAt;
  return until === null ? null : Math.max(0, Date.parse(until) - Date.parse(call.offeredAt));
}

/** Talk time: answered → ended (hold counts: the caller is still on the line), or → now while up. */
export function talkMs(call: Pick<Call, 'answeredAt' | 'endedAt'>, now?: string): number | null {
  if (call.answeredAt === null) return null;
  const end = call.endedAt ?? now;
  return end === undefined ? null : Math.max(0, Date.parse(end) - Date.parse(call.answeredAt));
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}

/**
 * Softphone part of the contract: account and registration, calls, the call log, agent state and
 * the media bridge. Signaling lives in the host (sip.js UserAgent); media lives in the renderer
 * (RTCPeerConnection): the host's SessionDescriptionHandler sends `media:request` events to the
 * renderer's media engine, which answers with `media:reply` (ARCHITECTURE.md, "Softphone").
 */
import { z } from 'zod';
import { safeLine } from '../text/safe';
import { Free, Id as SafeId, Line } from './fields';

const IsoInstant = z.string().datetime({ offset: true });
// Ids in answers and events: a shape check only (what the host wrote). Requests use SafeId.
const Id = z.string().min(1).max(64);

/** `unresponsive`: registered, but the PBX has stopped answering keep-alives («АТС не отвечает»). */
export const RegistrationStateSchema = z.enum(['unconfigured', 'unregistered', 'connecting', 'registered', 'unresponsive', 'failed']);
export const RegistrationStatusSchema = z.object({
  state: RegistrationStateSchema,
  /** Why the last attempt failed, for the status line: wrong password, PBX unreachable, rejected. */
  reason: z.enum(['wrong-password', 'unreachable', 'rejected', 'timeout']).nullable(),
  detail: z.string().nullable(),
  since: IsoInstant,
  nextRetryAt: IsoInstant.nullable(),
  attempt: z.number().int(),
});
export type RegistrationStatus = z.infer<typeof RegistrationStatusSchema>;

export const WhenBusySchema = z.enum(['busy-486', 'not-offered']);
export const AccountSchema = z.object({
  wsUri: Line(512).regex(/^wss?:\/\/[^\s/]+(\/\S*)?$/, 'expected ws://host:port[/path] or wss://…'),
  sipUri: Line(256).regex(/^sips?:[^\s@]+@[^\s@]+$/, 'expected sip:user@domain'),
  authUser: Line(64).min(1),
  displayName: Line(64),
  /** When the operator is not available: answer 486 Busy Here, or let the PBX try someone else. */
  whenBusy: WhenBusySchema,
  /** Null media = signaling only (headless tests, a seat without a microphone). */
  nullMedia: z.boolean(),
});
export type Account = z.infer<typeof AccountSchema>;

/**
 * How the host keeps the SIP password at rest, so the settings screen can say exactly that:
 * `os-encrypted`   encrypted with a key held by the OS keychain (Keychain, DPAPI, libsecret, KWallet);
 * `hardcoded-key`  Electron on Linux without a keyring: "encrypted" with a key built into Chromium,
 *                  i.e. as good as plain text to anyone who can read the file;
 * `user-only-file` browser mode: plain text in a file only this OS user can read (0600), not encrypted;
 * `unavailable`    no way to keep it (the OS keychain is not available): a password cannot be saved.
 */
export const SecretProtectionSchema = z.enum(['os-encrypted', 'hardcoded-key', 'user-only-file', 'unavailable']);
export type SecretProtection = z.infer<typeof SecretProtectionSchema>;

export const CallStateSchema = z.enum(['ringing', 'dialing', 'active', 'held', 'ended']);
export const CallOutcomeSchema = z.enum(['answered', 'missed', 'declined', 'cancelled', 'busy', 'failed', 'transferred', 'interrupted', 'no-answer']);
export const CallSchema = z.object({
  id: Id,
  direction: z.enum(['inbound', 'outbound']),
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
});
export type Call = z.infer<typeof CallSchema>;
export const CallsSnapshotSchema = z.object({ calls: z.array(CallSchema), now: IsoInstant });

export const CallLogRowSchema = z.object({
  id: Id,
  direction: z.enum(['inbound', 'outbound']),
  remoteNumber: z.string(),
  line: z.string().nullable(),
  offeredAt: IsoInstant,
  answeredAt: IsoInstant.nullable(),
  endedAt: IsoInstant.nullable(),
  /** R-CALL-WAIT: from offered to answered (or to the end of an unanswered call). */
  waitMs: z.number().int().nullable(),
  talkMs: z.number().int().nullable(),
  operator: z.string().nullable(),
  contractNo: z.string().nullable(),
  verified: z.boolean(),
  outcome: CallOutcomeSchema.nullable(),
  wrapUpCode: z.string().nullable(),
  note: z.string().nullable(),
  ticketId: z.string().nullable(),
  escalatedAt: IsoInstant.nullable(),
});
export type CallLogRow = z.infer<typeof CallLogRowSchema>;

export const VisitRequestSchema = z.object({
  id: Id,
  callId: Id.nullable(),
  contractNo: z.string().nullable(),
  holderName: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string(),
  createdAt: IsoInstant,
  status: z.enum(['new', 'booked', 'cancelled']),
});
export type VisitRequest = z.infer<typeof VisitRequestSchema>;

export const AgentStateSchema = z.object({
  state: z.enum(['available', 'on-call', 'wrap-up', 'break']),
  reason: z.string().nullable(),
  since: IsoInstant,
  wrapUpEndsAt: IsoInstant.nullable(),
});
export type AgentState = z.infer<typeof AgentStateSchema>;

export const MediaOpSchema = z.enum(['create', 'getDescription', 'setDescription', 'rollback', 'sendDtmf', 'hold', 'mute', 'close']);
export const MediaRequestSchema = z.object({
  engineId: Id,
  reqId: z.number().int(),
  sid: Id,
  op: MediaOpSchema,
  args: z.record(z.string(), z.unknown()),
});
export type MediaRequest = z.infer<typeof MediaRequestSchema>;

const CallRef = z.object({ callId: SafeId }).strict();
const Dtmf = z.string().regex(/^[0-9*#A-D]{1,32}$/, 'DTMF tones are 0-9, *, #, A-D');
const Target = Line(64).min(1).regex(/^[+\d*#()\s-]+$|^sips?:\S+$/, 'a phone number, an extension or a sip: URI');

export const softphoneRequests = {
  'softphone:account': { input: z.object({}).strict(), output: z.object({ account: AccountSchema.nullable(), hasPassword: z.boolean(), passwordStorage: SecretProtectionSchema }) },
  'softphone:saveAccount': {
    // A password may hold any printable character but no control one (it goes into a SIP header).
    input: z.object({ account: AccountSchema, password: Line(256).nullable() }).strict(),
    output: z.object({ account: AccountSchema, hasPassword: z.boolean(), passwordStorage: SecretProtectionSchema }),
  },
  'softphone:register': { input: z.object({}).strict(), output: RegistrationStatusSchema },
  'softphone:unregister': { input: z.object({}).strict(), output: RegistrationStatusSchema },
  'softphone:status': { input: z.object({}).strict(), output: RegistrationStatusSchema },
  /** The renderer saw the network come back ('online'): re-register at once instead of waiting for the backoff. */
  'softphone:resume': { input: z.object({}).strict(), output: RegistrationStatusSchema },
  'calls:list': { input: z.object({}).strict(), output: CallsSnapshotSchema },
  'calls:answer': { input: CallRef, output: CallSchema },
  'calls:decline': { input: CallRef, output: CallSchema },
  'calls:hangup': { input: CallRef, output: CallSchema },
  'calls:dial': { input: z.object({ target: Target, contractNo: Line(64).nullable().default(null) }).strict(), output: CallSchema },
  'calls:hold': { input: z.object({ callId: SafeId, on: z.boolean() }).strict(), output: CallSchema },
  'calls:mute': { input: z.object({ callId: SafeId, on: z.boolean() }).strict(), output: CallSchema },
  'calls:dtmf': { input: z.object({ callId: SafeId, tones: Dtmf }).strict(), output: CallSchema },
  'calls:transfer': { input: z.object({ callId: SafeId, target: Target }).strict(), output: CallSchema },
  'calls:attendedTransfer': { input: z.object({ callId: SafeId, consultCallId: SafeId }).strict(), output: CallSchema },
  'calls:identify': { input: z.object({ callId: SafeId, contractNo: Line(64).nullable(), verified: z.boolean() }).strict(), output: CallSchema },
  'calls:wrapUp': {
    input: z.object({ callId: SafeId, code: Line(64).nullable(), note: Free(4000).nullable() }).strict(),
    output: CallLogRowSchema,
  },
  'calls:escalate': { input: z.object({ callId: SafeId, notes: Free(4000).default('') }).strict(), output: VisitRequestSchema },
  'calls:log': {
    input: z
      .object({
        number: Line(32).optional(),
        contractNo: Line(64).optional(),
        from: IsoInstant.optional(),
        to: IsoInstant.optional(),
        operator: Line(64).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.array(CallLogRowSchema),
  },
  'visits:requests': { input: z.object({}).strict(), output: z.array(VisitRequestSchema) },
  'agent:status': { input: z.object({}).strict(), output: AgentStateSchema },
  'agent:setState': {
    input: z.object({ state: z.enum(['available', 'break']), reason: Line(100).nullable().default(null) }).strict(),
    output: AgentStateSchema,
  },
  'media:attach': { input: z.object({ engineId: SafeId }).strict(), output: z.object({ engineId: Id }) },
  'media:reply': {
    input: z.object({ engineId: SafeId, reqId: z.number().int(), ok: z.boolean(), result: z.record(safeLine(64), z.unknown()).nullable(), error: Free(2000).nullable() }).strict(),
    output: z.object({ accepted: z.boolean() }),
  },
} as const;

export const softphoneEvents = {
  'softphone:status': RegistrationStatusSchema,
  'calls:state': CallsSnapshotSchema,
  'agent:state': AgentStateSchema,
  'media:request': MediaRequestSchema,
} as const;

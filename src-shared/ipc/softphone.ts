/**
 * Softphone part of the contract: the SIP account, registration and the media bridge. Signaling
 * lives in the host (sip.js UserAgent); media lives in the renderer (RTCPeerConnection): the host's
 * SessionDescriptionHandler sends `media:request` events to the renderer's media engine, which
 * answers with `media:reply` (ARCHITECTURE.md, "Softphone"). Calls are in ./calls.ts, the agent
 * state in ./agent.ts.
 */
import { z } from 'zod';
import { IsoInstantSchema as IsoInstant } from '../domain/values';
import { safeLine } from '../text/safe';
import { patternKind } from '../text/issues';
import { Empty, Free, Id as SafeId, Line, StoredId as Id } from './fields';

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
  wsUri: Line(512).regex(patternKind(/^wss?:\/\/[^\s/]+(\/\S*)?$/, 'wsUri'), 'expected ws://host:port[/path] or wss://…'),
  sipUri: Line(256).regex(patternKind(/^sips?:[^\s@]+@[^\s@]+$/, 'sipUri'), 'expected sip:user@domain'),
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

/** `commit`: the answer prepared while the call rang is being sent: let ICE (and so media) start. */
export const MediaOpSchema = z.enum(['create', 'getDescription', 'setDescription', 'rollback', 'sendDtmf', 'hold', 'mute', 'close', 'commit']);
export const MediaRequestSchema = z.object({
  engineId: Id,
  reqId: z.number().int(),
  sid: Id,
  op: MediaOpSchema,
  args: z.record(z.string(), z.unknown()),
});
export type MediaRequest = z.infer<typeof MediaRequestSchema>;

export const softphoneRequests = {
  'softphone:account': {
    input: Empty,
    output: z.object({ account: AccountSchema.nullable(), hasPassword: z.boolean(), passwordStorage: SecretProtectionSchema }),
  },
  'softphone:saveAccount': {
    // A password may hold any printable character but no control one (it goes into a SIP header).
    input: z.object({ account: AccountSchema, password: Line(256).nullable() }).strict(),
    output: z.object({ account: AccountSchema, hasPassword: z.boolean(), passwordStorage: SecretProtectionSchema }),
  },
  'softphone:register': { input: Empty, output: RegistrationStatusSchema },
  'softphone:unregister': { input: Empty, output: RegistrationStatusSchema },
  'softphone:status': { input: Empty, output: RegistrationStatusSchema },
  /** The renderer saw the network come back ('online'): re-register at once instead of waiting for the backoff. */
  'softphone:resume': { input: Empty, output: RegistrationStatusSchema },
  'media:attach': { input: z.object({ engineId: SafeId }).strict(), output: z.object({ engineId: Id }) },
  'media:reply': {
    input: z
      .object({
        engineId: SafeId,
        reqId: z.number().int(),
        ok: z.boolean(),
        result: z.record(safeLine(64), z.unknown()).nullable(),
        error: Free(2000).nullable(),
      })
      .strict(),
    output: z.object({ accepted: z.boolean() }),
  },
} as const;

export const softphoneEvents = {
  'softphone:status': RegistrationStatusSchema,
  'media:request': MediaRequestSchema,
} as const;

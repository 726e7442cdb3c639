/**
 * The softphone in the console host: account + secrets, registration, SIP calls, media bridge,
 * call log, agent state and R-CALL-15, wired together and exposed as the contract's handlers
 * (src-shared/ipc/softphone.ts, calls.ts and agent.ts). See README.md here for the media ops.
 */
import { AccountSchema, type Account } from '../../src-shared/ipc/softphone';
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import { AppError } from '../../src-shared/ipc/envelope';
import { createAgentService } from '../agent/service';
import { createCallLogRepo } from '../calls/repo';
import { createCallsService, type DirectoryLookup } from '../calls/service';
import { createVisitRequestsRepo } from '../calls/visits';
import type { Db } from '../db/open';
import type { Outbox } from '../db/outbox';
import type { Handlers } from '../ipc/dispatch';
import type { EventBus } from '../ipc/events';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/store';
import type { SettingsRepo } from '../settings/repo';
import { createSipCalls } from './calls';
import { createMediaBridge } from './mediaBridge';
import { createSipConnection, type RegistrationTimings } from './registration';
import { watchNetwork } from './network';
import type { agentRequests } from '../../src-shared/ipc/agent';
import type { callsRequests } from '../../src-shared/ipc/calls';
import type { softphoneRequests } from '../../src-shared/ipc/softphone';

export const ACCOUNT_KEY = 'softphone.account';
export const WANT_REGISTERED_KEY = 'softphone.register';
export const PASSWORD_SECRET = 'softphone.password';

/** The channels this module serves: those of the contract's softphone, calls and agent part(s). */
type SoftphoneChannel = keyof typeof softphoneRequests | keyof typeof callsRequests | keyof typeof agentRequests;

export type SoftphoneDeps = {
  db: Db;
  outbox: Outbox;
  settings: SettingsRepo;
  secrets: SecretStore;
  events: EventBus;
  log: Logger;
  now: () => Date;
  profile: () => DeskProfile;
  directory: DirectoryLookup;
  /** Desktop notification (Electron); browser mode shows a Web Notification from calls:state. */
  notify?: ((title: string, body: string) => void) | undefined;
  timings?: Partial<RegistrationTimings>;
  /** Re-register when the machine's addresses change (default on; 0 turns the poll off). */
  networkPollMs?: number;
};

export function createSoftphone(deps: SoftphoneDeps) {
  const { settings, secrets, events, log, now } = deps;

  function loadAccount(): Account | null {
    const raw = settings.get(ACCOUNT_KEY);
    if (raw === null) return null;
    const parsed = AccountSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
    log.error({ issues: parsed.error.issues.length }, 'stored softphone account is invalid; ignoring it');
    return null;
  }
  let account = loadAccount();
  const operator = (): string | null => (account ? account.displayName.trim() || account.authUser : null);

  const agent = createAgentService({ now, profile: deps.profile, onChange: (s) => events.emit('agent:state', s) });
  const repo = createCallLogRepo({ db: deps.db, outbox: deps.outbox });
  const visits = createVisitRequestsRepo(deps.db);
  const calls = createCallsService({
    log,
    now,
    repo,
    visits,
    agent,
    directory: deps.directory,
    profile: deps.profile,
    operator,
    emit: (snapshot) => events.emit('calls:state', snapshot),
    notify: deps.notify,
  });
  const bridge = createMediaBridge({ emit: (req) => events.emit('media:request', req), log });
  // The connection and the call layer need each other (INVITEs in, UA out): late-bound.
  let connRef: ReturnType<typeof createSipConnection> | null = null;
  const sip = createSipCalls({
    log,
    now,
    calls,
    agent,
    bridge,
    account: () => account,
    userAgent: () => connRef?.userAgent() ?? null,
    domain: () => connRef?.accountDomain() ?? null,
  });
  const conn = createSipConnection({
    log,
    now,
    timings: deps.timings,
    sdhFactory: sip.sdhFactory,
    onStatus: (s) => {
      log.info({ state: s.state, reason: s.reason, detail: s.detail, attempt: s.attempt }, 'softphone registration');
      events.emit('softphone:status', s);
    },
    onInvite: (inv) => sip.onInvite(inv),
    onRefusedInvite: (r) => sip.onRefused(r),
    onUaGone: (ua) => sip.onUaGone(ua),
    onPbxAnswering: (answering) => calls.pbxAtRisk(!answering),
  });
  connRef = conn;

  const interrupted = calls.closeInterrupted();
  if (interrupted > 0) log.warn({ calls: interrupted }, 'calls left open by the previous run closed as interrupted');

  conn.configure(account, account ? secrets.get(PASSWORD_SECRET) : null);
  if (account && settings.get(WANT_REGISTERED_KEY) !== '0') conn.register(); // autoregister at start

  const stopNetworkWatch = deps.networkPollMs === 0 ? () => undefined : watchNetwork(() => {
    log.info('network addresses changed: re-registering');
    conn.resume(sip.hasCalls());
  }, deps.networkPollMs);

  const hasPassword = (): boolean => secrets.get(PASSWORD_SECRET) !== null;

  const handlers: Pick<Handlers, SoftphoneChannel> = {
    'softphone:account': () => ({ account, hasPassword: account !== null && hasPassword(), passwordStorage: secrets.protection() }),
    'softphone:saveAccount': ({ account: next, password }) => {
      // null keeps the stored password, '' removes it (README.md).
      if (password !== null) secrets.set(PASSWORD_SECRET, password === '' ? null : password);
      settings.set(ACCOUNT_KEY, JSON.stringify(next));
      account = next;
      conn.configure(account, secrets.get(PASSWORD_SECRET));
      if (settings.get(WANT_REGISTERED_KEY) !== '0') conn.register(); // new settings apply at once
      return { account, hasPassword: hasPassword(), passwordStorage: secrets.protection() };
    },
    'softphone:register': () => {
      if (!account) throw new AppError('CONFLICT', 'no softphone account: fill in the SIP settings first');
      settings.set(WANT_REGISTERED_KEY, '1');
      return conn.register();
    },
    'softphone:unregister': async () => {
      settings.set(WANT_REGISTERED_KEY, '0');
      return conn.unregister();
    },
    'softphone:status': () => conn.status(),
    'softphone:resume': () => {
      conn.resume(sip.hasCalls());
      return conn.status();
    },
    'calls:list': () => calls.snapshot(),
    'calls:answer': ({ callId }) => sip.answer(callId),
    'calls:decline': ({ callId }) => sip.decline(callId),
    'calls:hangup': ({ callId }) => sip.hangup(callId),
    'calls:dial': ({ target, contractNo }) => sip.dial(target, contractNo),
    'calls:hold': ({ callId, on }) => sip.hold(callId, on),
    'calls:mute': ({ callId, on }) => sip.mute(callId, on),
    'calls:dtmf': ({ callId, tones }) => sip.dtmf(callId, tones),
    'calls:transfer': ({ callId, target }) => sip.transfer(callId, target),
    'calls:attendedTransfer': ({ callId, consultCallId }) => sip.attendedTransfer(callId, consultCallId),
    'calls:identify': ({ callId, contractNo, verified }) => calls.identify(callId, contractNo, verified),
    'calls:wrapUp': ({ callId, code, note }) => calls.wrapUp(callId, code, note),
    'calls:escalate': ({ callId, notes }) => calls.escalate(callId, notes),
    'calls:log': (q) => calls.log(q),
    'visits:requests': () => calls.visitRequests(),
    'agent:status': () => agent.state(),
    'agent:setState': ({ state, reason }) => agent.set(state, reason),
    'media:attach': ({ engineId }) => bridge.attach(engineId),
    'media:reply': (r) => bridge.reply(r),
  };

  return {
    handlers,
    /** System resume or network change: re-register at once (Electron powerMonitor, browser online). */
    resume: (): void => conn.resume(sip.hasCalls()),
    status: () => conn.status(),
    dispose(): void {
      stopNetworkWatch();
      conn.dispose(); // first: calls still up are ended (BYE when the socket lives) and logged as interrupted
      sip.dispose();
      calls.dispose();
      agent.dispose();
      bridge.dispose();
    },
  };
}
export type Softphone = ReturnType<typeof createSoftphone>;

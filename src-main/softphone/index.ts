/**
 * The softphone in the console host: SIP registration, SIP calls and the media bridge, exposed as
 * the contract's softphone:*, media:* and call-control handlers. The call log and the calls
 * service (src-main/calls), agent state (src-main/agent) and the stored account
 * (./account.ts) are built by host.ts and handed in. See README.md here for the media ops.
 */
import { AppError } from '../../src-shared/ipc/envelope';
import type { AgentService } from '../agent/service';
import type { CallsService } from '../calls/service';
import type { CallLogChannel } from '../calls/handlers';
import type { ChannelsOf, Handlers } from '../ipc/dispatch';
import type { EventBus } from '../ipc/events';
import type { Logger } from '../log';
import type { SettingsRepo } from '../settings/repo';
import type { SoftphoneAccount } from './account';
import { createSipCalls } from './calls';
import { createMediaBridge } from './mediaBridge';
import { createRegistrationLog, createSipConnection, type RegistrationTimings } from './registration';
import { watchNetwork } from './network';
import { errorReason } from '../../src-shared/text/errors';

export const WANT_REGISTERED_KEY = 'softphone.register';

/** The channels this module serves: the softphone's and media's, and call control (the call log's are src-main/calls'). */
type SoftphoneChannel = ChannelsOf<'softphone' | 'media'> | Exclude<ChannelsOf<'calls'>, CallLogChannel>;

export type SoftphoneDeps = {
  account: SoftphoneAccount;
  /** Only for WANT_REGISTERED_KEY (the operator's last register/unregister). */
  settings: Pick<SettingsRepo, 'get' | 'set'>;
  calls: CallsService;
  agent: AgentService;
  events: EventBus;
  log: Logger;
  now: () => Date;
  timings?: Partial<RegistrationTimings> | undefined;
  /** Re-register when the machine's addresses change (default on; 0 turns the poll off). */
  networkPollMs?: number;
};

export function createSoftphone(deps: SoftphoneDeps) {
  const { account, settings, calls, agent, events, log, now } = deps;

  const bridge = createMediaBridge({ emit: (req) => events.emit('media:request', req), log });
  // The connection and the call layer need each other (INVITEs in, UA out): late-bound.
  let connRef: ReturnType<typeof createSipConnection> | null = null;
  const sip = createSipCalls({
    log,
    now,
    calls,
    agent,
    bridge,
    account: () => account.current(),
    userAgent: () => connRef?.userAgent() ?? null,
    domain: () => connRef?.accountDomain() ?? null,
  });
  const logStatus = createRegistrationLog({ log, now });
  const conn = createSipConnection({
    log,
    now,
    timings: deps.timings,
    sdhFactory: sip.sdhFactory,
    onStatus: (s) => {
      logStatus(s);
      events.emit('softphone:status', s);
    },
    onInvite: (inv) => sip.onInvite(inv),
    onRefusedInvite: (r) => sip.onRefused(r),
    onUaGone: (ua) => sip.onUaGone(ua),
    onPbxAnswering: (answering) => calls.pbxAtRisk(!answering),
  });
  connRef = conn;

  const atStart = account.current();
  conn.configure(atStart, atStart ? account.password() : null);
  if (atStart && settings.get(WANT_REGISTERED_KEY) !== '0') conn.register(); // autoregister at start

  const stopNetworkWatch =
    deps.networkPollMs === 0
      ? () => undefined
      : watchNetwork(() => {
          log.info('network addresses changed: re-registering');
          conn.resume(sip.hasCalls());
        }, deps.networkPollMs);

  const handlers: Pick<Handlers, SoftphoneChannel> = {
    'softphone:account': () => {
      const current = account.current();
      return { account: current, hasPassword: current !== null && account.hasPassword(), passwordStorage: account.protection() };
    },
    'softphone:saveAccount': ({ account: next, password }) => {
      account.save(next, password);
      conn.configure(next, account.password());
      if (settings.get(WANT_REGISTERED_KEY) !== '0') conn.register(); // new settings apply at once
      return { account: next, hasPassword: account.hasPassword(), passwordStorage: account.protection() };
    },
    'softphone:register': () => {
      if (!account.current()) throw new AppError('CONFLICT', 'no softphone account: fill in the SIP settings first', undefined, errorReason('noPhoneAccount'));
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
    'calls:answer': ({ callId }) => sip.answer(callId),
    'calls:decline': ({ callId }) => sip.decline(callId),
    'calls:hangup': ({ callId }) => sip.hangup(callId),
    'calls:dial': ({ target, contractNo }) => sip.dial(target, contractNo),
    'calls:hold': ({ callId, on }) => sip.hold(callId, on),
    'calls:mute': ({ callId, on }) => sip.mute(callId, on),
    'calls:dtmf': ({ callId, tones }) => sip.dtmf(callId, tones),
    'calls:transfer': ({ callId, target }) => sip.transfer(callId, target),
    'calls:attendedTransfer': ({ callId, consultCallId }) => sip.attendedTransfer(callId, consultCallId),
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
      bridge.dispose();
    },
  };
}

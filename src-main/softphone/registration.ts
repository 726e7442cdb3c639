/**
 * Account registration: one sip.js UserAgent over Node `ws`, re-created for every connection
 * attempt (a UA that lost its transport keeps stale transactions and registerer state; a fresh one
 * has none). sip.js 0.21 does not reconnect by itself after a PBX restart and waits 32 s (Timer F)
 * for a REGISTER nobody answers (../shared/sip-rig README): both are bounded here.
 *
 *   unconfigured ─account─▶ unregistered ─register()─▶ connecting ─200─▶ registered
 *        connecting ─401/403─▶ failed(wrong-password)          (no retry: it would lock the account)
 *        connecting ─other 4xx-6xx─▶ failed(rejected) ─backoff─▶ connecting
 *        connecting ─no transport / no answer─▶ failed(unreachable | timeout) ─backoff─▶ connecting
 *        registered ─transport lost / refresh failed─▶ failed(…) ─backoff─▶ connecting
 * `resume()` (system resume, network change) re-registers at once.
 */
import { Registerer, RegistererState, RequestPendingError, UserAgent, type Invitation, type SessionDescriptionHandlerFactory } from 'sip.js';
import type { Core } from 'sip.js';
import type { Account, RegistrationStatus } from '../../src-shared/ipc/softphone';
import type { Logger } from '../log';
import { installIncomingGuard, type RefusedInvite } from './incomingGuard';
import { DEFAULT_LIVENESS, watchPbx, type LivenessTimings } from './liveness';
import { installWsForSipJs } from './ws';

export type RegistrationTimings = {
  /** WebSocket connect bound (sip.js connectionTimeout, seconds). */
  connectTimeoutSec: number;
  /** A REGISTER unanswered for this long fails as `timeout` (instead of sip.js' 32 s). */
  registerTimeoutMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  expiresSec: number;
} & LivenessTimings;
export const DEFAULT_TIMINGS: RegistrationTimings = {
  connectTimeoutSec: 3,
  registerTimeoutMs: 4000,
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  expiresSec: 300,
  ...DEFAULT_LIVENESS,
};

/** Exponential backoff with ±20 % jitter: 0.5 s, 1 s, 2 s … capped (30 s). */
export function backoffMs(attempt: number, t: Pick<RegistrationTimings, 'backoffBaseMs' | 'backoffCapMs'>, random: () => number = Math.random): number {
  const raw = Math.min(t.backoffCapMs, t.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** While the PBX stays unreachable, one summary line per this interval (not one per retry). */
export const OUTAGE_SUMMARY_EVERY_MS = 5 * 60_000;

/**
 * The registration status as log lines. The backoff loop produces a `connecting` and a `failed`
 * status every retry (up to every 30 s, for as long as the PBX is down): logged one by one they
 * bury everything else in the log. So: the first failure, a change of reason, a summary every
 * `summaryEveryMs`, and the end of the outage with how long it lasted and how many attempts it took.
 */
export function createRegistrationLog(deps: Readonly<{ log: Logger; now: () => Date; summaryEveryMs?: number }>) {
  const every = deps.summaryEveryMs ?? OUTAGE_SUMMARY_EVERY_MS;
  let outage: { since: number; reason: RegistrationStatus['reason']; failures: number; lastLine: number } | null = null;
  return (s: RegistrationStatus): void => {
    const t = deps.now().getTime();
    const retrying = (s.state === 'failed' && s.nextRetryAt !== null) || (s.state === 'connecting' && outage !== null);
    if (retrying) {
      if (!outage) {
        outage = { since: t, reason: s.reason, failures: 1, lastLine: t };
        deps.log.warn({ state: s.state, reason: s.reason, detail: s.detail }, 'softphone not registered: retrying with backoff');
        return;
      }
      if (s.state !== 'failed') return;
      outage.failures++;
      if (s.reason !== outage.reason) {
        outage.reason = s.reason;
        outage.lastLine = t;
        deps.log.warn({ reason: s.reason, detail: s.detail, failures: outage.failures }, 'softphone not registered: the reason changed');
      } else if (t - outage.lastLine >= every) {
        outage.lastLine = t;
        const minutes = Math.round((t - outage.since) / 60_000);
        deps.log.warn({ reason: s.reason, detail: s.detail, failures: outage.failures, minutes }, 'softphone still not registered');
      }
      return;
    }
    if (outage) {
      const seconds = Math.round((t - outage.since) / 1000);
      deps.log.info({ state: s.state, reason: s.reason, detail: s.detail, failures: outage.failures, seconds }, 'softphone registration: the outage ended');
      outage = null;
      return;
    }
    deps.log.info({ state: s.state, reason: s.reason, detail: s.detail, attempt: s.attempt }, 'softphone registration');
  };
}

export type SipConnectionDeps = {
  log: Logger;
  now: () => Date;
  timings?: Partial<RegistrationTimings>;
  sdhFactory: SessionDescriptionHandlerFactory;
  onStatus(status: RegistrationStatus): void;
  onInvite(invitation: Invitation): void;
  /** An INVITE the UA cannot parse, answered 400 by the guard: it still leaves a call-log row. */
  onRefusedInvite(r: RefusedInvite): void;
  /** The UA carrying the calls is gone (transport lost, re-created, stopped): its sessions are dead. */
  onUaGone(ua: UserAgent): void;
  /** The PBX stopped answering keep-alives (false) or answers again (true): live calls are at risk meanwhile. */
  onPbxAnswering(answering: boolean): void;
};

type Ctx = {
  ua: UserAgent;
  registerer: Registerer | null;
  alive: boolean;
  registered: boolean;
  regTimer: ReturnType<typeof setTimeout> | null;
  /** Stops the keep-alive watch of this UA's socket. */
  stopWatch: (() => void) | null;
  /** The PBX has not answered a keep-alive for silenceMs. */
  silent: boolean;
};

export function createSipConnection(deps: SipConnectionDeps) {
  const { log } = deps;
  const t: RegistrationTimings = { ...DEFAULT_TIMINGS, ...deps.timings };
  // Stable per run: a re-registration replaces our binding instead of adding a stale contact.
  const contactName = `oc${Math.random().toString(36).slice(2, 10)}`;
  const viaHost = `${contactName}.invalid`;
  let account: Account | null = null;
  let password: string | null = null;
  let want = false;
  let attempt = 0;
  let ctx: Ctx | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let status: RegistrationStatus = { state: 'unconfigured', reason: null, detail: null, since: deps.now().toISOString(), nextRetryAt: null, attempt: 0 };

  function setStatus(next: Omit<RegistrationStatus, 'since' | 'attempt'>): void {
    const changed =
      next.state !== status.state ||
      next.reason !== status.reason ||
      next.detail !== status.detail ||
      next.nextRetryAt !== status.nextRetryAt ||
      attempt !== status.attempt;
    if (!changed) return;
    status = { ...next, since: next.state === status.state ? status.since : deps.now().toISOString(), attempt };
    deps.onStatus(status);
  }

  function clearRetry(): void {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  }

  /**
   * Tears the current UA down at once, without `ua.stop()`: its non-graceful path rethrows a
   * transport error from a promise nobody awaits (an unhandled rejection kills the host), and it
   * is often called from inside sip.js' own onDisconnect callback ("Loop detected").
   */
  function destroy(): void {
    const c = ctx;
    ctx = null;
    if (!c) return;
    c.alive = false;
    if (c.regTimer) clearTimeout(c.regTimer);
    c.stopWatch?.();
    if (c.silent) deps.onPbxAnswering(true); // the at-risk marks go with the UA; its calls end now
    deps.onUaGone(c.ua); // sessions first: their BYE/480 still goes out if the socket is alive
    // The refresh timer would fire minutes later on a dead UA; sip.js keeps clearTimers private.
    (c.registerer as unknown as { clearTimers?: () => void } | null)?.clearTimers?.();
    setImmediate(() => {
      c.ua.transport.dispose().catch((err: unknown) => log.debug({ err: String(err) }, 'SIP transport dispose'));
      c.ua.userAgentCore.dispose();
    });
  }

  function fail(reason: NonNullable<RegistrationStatus['reason']>, detail: string, retry: boolean): void {
    destroy();
    if (!want) return;
    if (!retry) {
      want = false;
      setStatus({ state: 'failed', reason, detail, nextRetryAt: null });
      return;
    }
    const delay = backoffMs(Math.max(1, attempt), t);
    setStatus({ state: 'failed', reason, detail, nextRetryAt: new Date(deps.now().getTime() + delay).toISOString() });
    clearRetry();
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  function makeUa(acc: Account): Ctx {
    installWsForSipJs();
    const uri = UserAgent.makeURI(acc.sipUri);
    if (!uri) throw new Error(`invalid SIP URI ${acc.sipUri}`);
    const c: Ctx = { ua: null as unknown as UserAgent, registerer: null, alive: true, registered: false, regTimer: null, stopWatch: null, silent: false };
    c.ua = new UserAgent({
      uri,
      displayName: acc.displayName || undefined,
      authorizationUsername: acc.authUser,
      authorizationPassword: password ?? undefined,
      contactName,
      viaHost,
      transportOptions: { server: acc.wsUri, connectionTimeout: t.connectTimeoutSec, traceSip: false },
      reconnectionAttempts: 0, // we reconnect ourselves, with a fresh UA and backoff
      gracefulShutdown: false,
      // The INVITE handler sends 180 itself after the screen-pop lookup, or 486/480 when the
      // operator is not available (no 180 before a busy).
      sendInitialProvisionalResponse: false,
      noAnswerTimeout: 180, // the PBX's queue decides how long it rings (R-CALL-WAIT: up to 2 min)
      userAgentString: 'operator-console',
      sessionDescriptionHandlerFactory: deps.sdhFactory,
      logBuiltinEnabled: false,
      logLevel: 'warn',
      logConnector: (level, category, _label, content) => {
        if (level === 'error' || level === 'warn') log.debug({ category, sip: content.slice(0, 300) }, 'sip.js');
      },
      delegate: {
        onInvite: (inv) => {
          if (c.alive) deps.onInvite(inv);
        },
        onDisconnect: (err) => {
          if (!c.alive || ctx !== c) return;
          log.warn({ err: err?.message }, 'SIP transport lost');
          attempt = 1;
          fail('unreachable', `connection to the PBX lost${err ? `: ${err.message}` : ''}`, true);
        },
      },
    });
    installIncomingGuard(c.ua, {
      log,
      onRefused: (r) => {
        if (c.alive) deps.onRefusedInvite(r);
      },
    });
    return c;
  }

  function connect(): void {
    clearRetry();
    destroy();
    if (!want || !account) return;
    attempt++;
    setStatus({ state: 'connecting', reason: null, detail: null, nextRetryAt: null });
    let c: Ctx;
    try {
      c = makeUa(account);
    } catch (err) {
      fail('rejected', err instanceof Error ? err.message : String(err), false);
      return;
    }
    ctx = c;
    c.ua
      .start()
      .then(() => {
        if (!c.alive || ctx !== c) return;
        watch(c);
        sendRegister(c);
      })
      .catch((err: unknown) => {
        if (!c.alive || ctx !== c) return;
        fail('unreachable', `cannot connect to ${account?.wsUri ?? 'the PBX'}: ${err instanceof Error ? err.message : String(err)}`, true);
      });
  }

  /** Keep-alives on the connected socket (liveness.ts): «АТС не отвечает» within 10 s of a freeze. */
  function watch(c: Ctx): void {
    const mine = (): boolean => c.alive && ctx === c;
    c.stopWatch = watchPbx((c.ua.transport as unknown as { ws?: unknown }).ws, t, {
      onSilent: (ms) => {
        if (!mine()) return;
        c.silent = true;
        log.warn({ silentMs: Math.round(ms) }, 'the PBX does not answer keep-alives');
        if (c.registered)
          setStatus({ state: 'unresponsive', reason: null, detail: `no answer from the PBX for ${Math.round(ms / 1000)} s`, nextRetryAt: null });
        deps.onPbxAnswering(false);
      },
      onHeard: () => {
        if (!mine()) return;
        c.silent = false;
        log.info('the PBX answers again');
        deps.onPbxAnswering(true);
        if (c.registered) {
          setStatus({ state: 'registered', reason: null, detail: null, nextRetryAt: null });
          // A PBX that was frozen may have lost or expired our binding meanwhile: refresh it now.
          sendRegister(c);
        }
      },
      onGone: (ms) => {
        if (!mine()) return;
        c.registered = false;
        attempt = 1;
        fail('unreachable', `the PBX has not answered for ${Math.round(ms / 1000)} s`, true);
      },
      onError: (err) => log.debug({ err: String(err) }, 'keep-alive'),
    });
  }

  function sendRegister(c: Ctx): void {
    const registerer = c.registerer ?? new Registerer(c.ua, { expires: t.expiresSec });
    if (!c.registerer) {
      c.registerer = registerer;
      registerer.stateChange.addListener((s) => {
        // A refresh sip.js sent on its own was refused: the binding is gone.
        if (s === RegistererState.Unregistered && c.alive && ctx === c && c.registered && want) {
          c.registered = false;
          attempt = 1;
          fail('rejected', 'registration refresh refused', true);
        }
      });
      // Every REGISTER, the first and sip.js' own refreshes, is bounded (sip.js would wait 32 s for
      // a frozen PBX). `waitingChange` is private in sip.js' types but is the only signal that a
      // refresh is in flight.
      const waiting = (registerer as unknown as { waitingChange: { addListener(fn: (w: boolean) => void): void } }).waitingChange;
      waiting.addListener((w) => {
        if (!c.alive || ctx !== c) return;
        if (c.regTimer) clearTimeout(c.regTimer);
        c.regTimer = null;
        if (!w) return;
        c.regTimer = setTimeout(() => {
          c.regTimer = null;
          if (!c.alive || ctx !== c) return;
          c.registered = false;
          attempt = Math.max(attempt, 1);
          fail('timeout', `no answer to REGISTER in ${t.registerTimeoutMs / 1000} s`, true);
        }, t.registerTimeoutMs);
      });
    }
    registerer
      .register({
        requestDelegate: {
          onAccept: () => {
            if (!c.alive || ctx !== c) return;
            c.registered = true;
            attempt = 0;
            setStatus({ state: 'registered', reason: null, detail: null, nextRetryAt: null });
          },
          onReject: (res: Core.IncomingResponse) => {
            if (!c.alive || ctx !== c) return;
            const code = res.message.statusCode ?? 0;
            const detail = `${code} ${res.message.reasonPhrase ?? ''}`.trim();
            if (code === 401 || code === 407 || (code === 403 && password !== null)) fail('wrong-password', detail, false);
            else fail('rejected', detail, true);
          },
        },
      })
      .catch((err: unknown) => {
        if (err instanceof RequestPendingError) return; // a refresh is already on its way
        if (c.alive && ctx === c) fail('unreachable', `REGISTER not sent: ${err instanceof Error ? err.message : String(err)}`, true);
      });
  }

  async function unregisterNow(): Promise<void> {
    const c = ctx;
    if (!c?.registerer || !c.registered || !c.ua.isConnected()) return;
    c.registered = false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000); // best effort: the binding expires anyway
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const registerer = c.registerer as Registerer;
      registerer.unregister({ requestDelegate: { onAccept: done, onReject: done } }).catch((err: unknown) => {
        log.debug({ err: String(err) }, 'unREGISTER not sent');
        done();
      });
    });
  }

  return {
    status: (): RegistrationStatus => status,
    /** The UA to place calls on, when registered. */
    userAgent: (): UserAgent | null => (ctx?.alive && ctx.registered ? ctx.ua : null),
    accountDomain: (): string | null => (account ? (/@([^;>?]+)/.exec(account.sipUri)?.[1] ?? null) : null),

    /** New account settings: the UA is torn down; `register()` starts it again. */
    configure(acc: Account | null, pass: string | null): void {
      account = acc;
      password = pass;
      want = false;
      clearRetry();
      destroy();
      attempt = 0;
      if (!acc) {
        setStatus({ state: 'unconfigured', reason: null, detail: null, nextRetryAt: null });
        return;
      }
      setStatus({ state: 'unregistered', reason: null, detail: null, nextRetryAt: null });
    },

    register(): RegistrationStatus {
      if (!account) return status;
      want = true;
      if (ctx?.registered) return status;
      attempt = 0;
      connect();
      return status;
    },

    async unregister(): Promise<RegistrationStatus> {
      want = false;
      clearRetry();
      await unregisterNow();
      destroy();
      attempt = 0;
      setStatus({ state: account ? 'unregistered' : 'unconfigured', reason: null, detail: null, nextRetryAt: null });
      return status;
    },

    /** System resume / network change: the socket may be dead without anyone noticing. */
    resume(hasCalls: boolean): void {
      if (!want || !account) return;
      const c = ctx;
      if (c?.alive && c.registered && hasCalls && c.ua.isConnected()) {
        // Calls are up on a live socket: refresh the binding only, keep the UA.
        sendRegister(c);
        return;
      }
      attempt = 0;
      connect();
    },

    dispose(): void {
      want = false;
      clearRetry();
      destroy();
    },
  };
}

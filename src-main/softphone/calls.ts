/**
 * Calls on the wire: sip.js sessions (core API — Invitation, Inviter, Session; SimpleUser and
 * SessionManager `instanceof`-check the web SDH) mapped to the console's calls. What happened is
 * reported to the calls service, which owns state, log and timers.
 * At most one active and one held line: a second call rings as call waiting; answering it (or
 * dialing, or unholding the other) holds the active one first.
 */
import { Inviter, SessionState, UserAgent, type Invitation, type Notification, type Session, type SessionDescriptionHandlerFactory, type URI } from 'sip.js';
import type { Core } from 'sip.js';
import { AppError } from '../../src-shared/ipc/envelope';
import type { Call, TransferStatus } from '../../src-shared/domain/call';
import type { Account } from '../../src-shared/ipc/softphone';
import type { EndCause } from '../../src-shared/domain/call';
import type { AgentService } from '../agent/service';
import type { CallsService } from '../calls/service';
import type { Logger } from '../log';
import type { MediaBridge } from './mediaBridge';
import { extractCallerId } from '../../src-shared/domain/callerId';
import { stripUnsafeChars } from '../../src-shared/text/safe';
import { callerNumber, codeCause, pbxHostPort, sipfragStatus, targetUri, uriUser } from './addressing';
import type { RefusedInvite } from './incomingGuard';
import { sdpProblem } from './sdpCheck';
import { ClosedSdhError, NullSessionDescriptionHandler, RemoteSessionDescriptionHandler, type ConsoleSdh, type HoldOptions } from './sdh';
import { errorReason } from '../../src-shared/text/errors';

type Leg = {
  callId: string;
  session: Session;
  inbound: boolean;
  endCause: EndCause | null;
  answering: boolean;
  sdh: ConsoleSdh | null;
  /** The answer prepared while it rings (inbound with media); closed when the call stops ringing unanswered. */
  prep: Preparation | null;
  /** The answer in progress (calls:answer twice answers once). */
  answered?: Promise<Call>;
  /** Resolves when the caller's ACK to our 200 arrived (outbound: at once, we send the ACK). */
  acked: Promise<void>;
  ack: () => void;
  /** A REFER waiting for its result (NOTIFY); its timer is cleared when the call ends. */
  transfer?: TransferWatch;
};
type TransferWatch = { pending: boolean; timer: NodeJS.Timeout | null };
type NewLeg = Omit<Leg, 'acked' | 'ack' | 'endCause' | 'answering' | 'sdh' | 'prep'>;
/** `settled` never rejects: a failed preparation only means the answer takes the normal path. */
type Preparation = { readonly sdh: RemoteSessionDescriptionHandler; readonly settled: Promise<void> };

/** How long a re-INVITE (hold) or REFER may take before the operator gets an error. */
const IN_DIALOG_TIMEOUT_MS = 5000;
/** Longest wait for the caller's ACK before a re-INVITE (it normally arrives within ms). */
const ACK_WAIT_MS = 2000;
/** How long the far end may take to report a transfer's result before the operator is told it failed. */
const TRANSFER_RESULT_MS = 30_000;
/** Bounded ICE gathering passed to the engine (`create`): answering never waits seconds. */
export const ICE_GATHERING_TIMEOUT_MS = 300;

/** The dialog's route set (Record-Route). sip.js' SessionDialog has it, but its declaration reaches us typed as the core Session interface. */
function routeSetOf(session: Session): readonly string[] {
  const d = session.dialog as unknown as { routeSet?: unknown } | undefined;
  return Array.isArray(d?.routeSet) ? d.routeSet.filter((r): r is string => typeof r === 'string') : [];
}

export function createSipCalls(deps: {
  log: Logger;
  now: () => Date;
  calls: CallsService;
  agent: AgentService;
  bridge: MediaBridge;
  account: () => Account | null;
  userAgent: () => UserAgent | null;
  domain: () => string | null;
}) {
  const { log, calls, bridge } = deps;
  const legs = new Map<string, Leg>();
  const bySession = new WeakMap<Session, Leg>();

  const nullMedia = (): boolean => deps.account()?.nullMedia === true;

  function leg(callId: string): Leg {
    const l = legs.get(callId);
    if (!l) throw new AppError('NOT_FOUND', `call ${callId} has no SIP session (it has ended)`, undefined, errorReason('callNotFound'));
    return l;
  }

  function current(callId: string): Call {
    const c = calls.get(callId);
    if (!c) throw new AppError('NOT_FOUND', `call ${callId} is not on the console`, undefined, errorReason('callNotFound'));
    return c;
  }

  function requireMedia(): void {
    if (!nullMedia() && !bridge.attached) throw new AppError('SIP', 'no media engine: the console window is not connected');
  }

  const sdhFactory: SessionDescriptionHandlerFactory = (session) => {
    const l = bySession.get(session);
    if (l?.prep?.sdh.isPrepared) {
      l.sdh = l.prep.sdh;
      return l.sdh;
    }
    l?.prep?.sdh.close(); // failed, or made on a window that has since reloaded
    const sdh: ConsoleSdh = nullMedia()
      ? new NullSessionDescriptionHandler()
      : new RemoteSessionDescriptionHandler(bridge, {
          callId: l?.callId ?? session.id,
          direction: l?.inbound === false ? 'outbound' : 'inbound',
          iceGatheringTimeoutMs: ICE_GATHERING_TIMEOUT_MS,
        });
    if (l) l.sdh = sdh;
    return sdh;
  };

  /** sip.js calls us from its own callbacks: an exception there would take the host down. */
  function safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      log.error({ err, what }, 'softphone event handling failed');
    }
  }

  function track(n: NewLeg): Leg {
    let ack = (): void => undefined;
    const acked = n.inbound ? new Promise<void>((r) => (ack = r)) : Promise.resolve();
    const l: Leg = { ...n, endCause: null, answering: false, sdh: null, prep: null, acked, ack };
    l.session.delegate = {
      onAck: () => l.ack(),
      // A REFER from the far end would make sip.js place a call on its own, outside the console.
      onRefer: (referral) => {
        referral.reject().catch((err: unknown) => log.warn({ err: String(err) }, 'REFER reject failed'));
      },
    };
    legs.set(l.callId, l);
    bySession.set(l.session, l);
    l.session.stateChange.addListener((s) =>
      safely(`session ${s}`, () => {
        if (legs.get(l.callId) !== l) return;
        if (s === SessionState.Established) {
          const c = calls.get(l.callId);
          if (c && (c.state === 'ringing' || c.state === 'dialing')) calls.apply(l.callId, { type: 'answered', at: deps.now().toISOString() });
        } else if (s === SessionState.Terminated) {
          legs.delete(l.callId);
          l.prep?.sdh.close(); // cancelled, declined, answered elsewhere: the prepared answer goes
          if (l.transfer?.timer) clearTimeout(l.transfer.timer);
          const c = calls.get(l.callId);
          const answered = c?.answeredAt != null;
          const cause = l.endCause ?? (l.answering && !answered ? 'failed' : answered ? 'hangup' : l.inbound ? 'remote-cancel' : 'failed');
          if (c && c.state !== 'ended') calls.end(l.callId, cause);
        }
      }),
    );
    return l;
  }

  /** A re-INVITE or REFER, resolved on 2xx, rejected on a final error or after a timeout. */
  function inDialog(what: string, send: (delegate: Core.OutgoingRequestDelegate) => Promise<unknown>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new AppError('SIP', `${what}: no answer in ${IN_DIALOG_TIMEOUT_MS / 1000} s`)), IN_DIALOG_TIMEOUT_MS);
      const done = (err?: Error) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      const refused = (err: unknown) => done(new AppError('CONFLICT', `${what} not possible now: ${err instanceof Error ? err.message : String(err)}`));
      try {
        send({
          onAccept: () => done(),
          onReject: (res) => done(new AppError('SIP', `${what} refused: ${res.message.statusCode} ${res.message.reasonPhrase}`)),
        }).catch(refused);
      } catch (err) {
        refused(err); // sip.js throws synchronously on a wrong session state
      }
    });
  }

  async function setHold(l: Leg, on: boolean): Promise<Call> {
    // RFC 3261 14.1: no re-INVITE before the ACK of the INVITE that set the call up; sip.js 0.21
    // tears the call down (BYE, 488) when that ACK arrives while our re-INVITE is open.
    await Promise.race([l.acked, new Promise((r) => setTimeout(r, ACK_WAIT_MS).unref())]);
    if (calls.get(l.callId)?.state === 'ended' || legs.get(l.callId) !== l)
      throw new AppError('CONFLICT', 'the call has ended', undefined, errorReason('callState'));
    l.sdh?.hold(on);
    // Options given to session.invite() stick to later re-INVITEs (sdh-bridge pitfall 6): always
    // say `hold` explicitly and reset the modifiers.
    const sessionDescriptionHandlerOptions: HoldOptions = { hold: on };
    try {
      await inDialog(on ? 'hold' : 'unhold', (requestDelegate) =>
        l.session.invite({ requestDelegate, sessionDescriptionHandlerOptions, sessionDescriptionHandlerModifiers: [] }),
      );
    } catch (err) {
      l.sdh?.hold(!on);
      throw err;
    }
    if (calls.get(l.callId)?.state === 'ended') throw new AppError('CONFLICT', 'the call ended during the re-INVITE', undefined, errorReason('callState'));
    return calls.apply(l.callId, { type: 'hold', on });
  }

  /** Call waiting: the line that is active now goes on hold before another one is taken. */
  async function holdActiveExcept(callId: string): Promise<void> {
    for (const c of calls.live()) {
      if (c.id !== callId && c.state === 'active') await setHold(leg(c.id), true);
    }
  }

  /** The dialled line: the R-URI carries our contact after the registrar's lookup, so it is in To. */
  function lineOf(xQueue: string | undefined, diversion: string | undefined, to: string | null | undefined): string | null {
    const line = xQueue?.trim() || uriUser(diversion) || uriUser(to ?? undefined) || '';
    return stripUnsafeChars(line).slice(0, 64) || null;
  }

  /** Logged and never shown: a call refused before it could ring (R-CALL-WAIT: it still leaves its row). */
  function logRefused(base: { remoteNumber: string; remoteName: string | null; line: string | null; sipCallId: string | null }): void {
    const c = calls.offer({ direction: 'inbound', ...base, silent: true });
    calls.end(c.id, 'failed', { silent: true });
  }

  function offerInvite(inv: Invitation): void {
    const req = inv.request;
    const account = deps.account();
    // From the raw headers, not sip.js' parse: tel: URIs, numbers in the display name, P-Asserted-Identity.
    const id = extractCallerId({ from: req.getHeader('From'), pai: req.getHeader('P-Asserted-Identity') });
    const line = lineOf(req.getHeader('X-Queue'), req.getHeader('Diversion'), req.getHeader('To'));
    const base = { direction: 'inbound' as const, remoteNumber: id.remote, remoteName: id.name, line, sipCallId: req.callId };
    const bad = sdpProblem(req.getHeader('Content-Type'), req.body ?? '');
    if (bad) {
      log.warn({ callId: req.callId, why: bad.warning }, 'incoming call refused: unusable SDP');
      logRefused(base);
      inv
        .reject({ statusCode: bad.statusCode, extraHeaders: [`Warning: 399 operator-console "${bad.warning.replace(/"/g, "'")}"`] })
        .catch((err: unknown) => log.warn({ err: String(err) }, 'reject failed'));
      return;
    }
    const liveNow = calls.live().length;
    if (!deps.agent.acceptsCalls(liveNow)) {
      // Not available (wrap-up, break) or both lines in use: refused, still logged.
      const busy = account?.whenBusy !== 'not-offered' || liveNow >= 2;
      const c = calls.offer({ ...base, silent: true });
      inv.reject({ statusCode: busy ? 486 : 480 }).catch((err: unknown) => log.warn({ err: String(err) }, 'reject failed'));
      calls.end(c.id, busy ? 'busy' : 'not-offered', { silent: true });
      return;
    }
    const c = calls.offer(base, (call) => track({ callId: call.id, session: inv, inbound: true })); // screen pop, before the 180
    inv.progress().catch((err: unknown) => log.warn({ err: String(err) }, '180 Ringing not sent'));
    const l = legs.get(c.id);
    if (l && req.body) prepareAnswer(l, req.body);
  }

  /**
   * Makes the answer while the call rings (the screen pop has gone out already), so the click
   * only sends the 200 OK. Each ringing line gets its own; one that fails is closed and the
   * answer takes the normal path. A delayed offer (no SDP in the INVITE) is not prepared.
   */
  function prepareAnswer(l: Leg, offer: string): void {
    if (nullMedia() || !bridge.attached) return;
    const sdh = new RemoteSessionDescriptionHandler(bridge, {
      callId: l.callId,
      direction: 'inbound',
      iceGatheringTimeoutMs: ICE_GATHERING_TIMEOUT_MS,
      prepare: true,
    });
    const settled = sdh.prepare(offer).catch((err: unknown) => {
      sdh.close();
      if (!(err instanceof ClosedSdhError)) log.warn({ callId: l.callId, err: String(err) }, 'answer not prepared while ringing; it will be made at the click');
    });
    l.prep = { sdh, settled };
  }

  /**
   * REFER and follow its NOTIFYs (RFC 3515, message/sipfrag): the call stays up until the far end
   * reports the result. A 2xx: the console leaves (BYE), outcome `transferred`. A refusal of the
   * REFER, a failed sipfrag, or no result in time: the operator keeps the call. Resolves after
   * the REFER's 202 with the call showing `transfer.state: 'trying'`; the rest comes in calls:state.
   */
  function refer(l: Leg, target: string, referTo: URI | Session, onDone: () => void): Promise<Call> {
    if (l.transfer?.pending) throw new AppError('CONFLICT', 'a transfer of this call is already in progress', undefined, errorReason('transferPending'));
    const { callId } = l;
    const show = (state: TransferStatus['state'], code: number | null, reason: string | null): void =>
      safely('transfer status', () => {
        if (calls.get(callId)?.answeredAt) calls.apply(callId, { type: 'transfer', status: { state, target: target.slice(0, 300), code, reason } });
      });
    const t: TransferWatch = { pending: true, timer: null };
    l.transfer = t;
    const settle = (code: number | null, reason: string | null): void => {
      if (!t.pending) return;
      t.pending = false;
      if (t.timer) clearTimeout(t.timer);
      if (code !== null && code >= 200 && code < 300) {
        l.endCause = 'transferred';
        show('done', code, reason);
        onDone();
        if (legs.get(callId) === l) l.session.bye().catch((err: unknown) => log.warn({ err: String(err) }, 'BYE after transfer failed'));
        safely('transferred call ended', () => calls.end(callId, 'transferred'));
      } else {
        if (l.endCause === 'transferred') l.endCause = null; // the operator keeps the call
        show('failed', code, reason);
      }
    };
    const onNotify = (n: Notification): void => {
      n.accept().catch((err: unknown) => log.warn({ err: String(err) }, 'NOTIFY accept failed'));
      const frag = sipfragStatus(n.request.body ?? '');
      const ended = /^\s*terminated/i.test(n.request.getHeader('Subscription-State') ?? '');
      log.info({ callId, frag, ended }, 'transfer progress');
      if (frag && frag.code >= 200) settle(frag.code, frag.reason);
      else if (ended)
        settle(frag?.code ?? null, frag?.reason ?? null); // subscription over without a final answer
      else if (t.pending) show('trying', frag?.code ?? null, frag?.reason ?? null);
    };
    return new Promise<Call>((resolve, reject) => {
      const fail = (err: AppError): void => {
        t.pending = false;
        if (t.timer) clearTimeout(t.timer);
        reject(err);
      };
      const guard = setTimeout(() => fail(new AppError('SIP', `transfer: no answer in ${IN_DIALOG_TIMEOUT_MS / 1000} s`)), IN_DIALOG_TIMEOUT_MS);
      const requestDelegate: Core.OutgoingRequestDelegate = {
        onAccept: () => {
          clearTimeout(guard);
          if (!t.pending) return resolve(current(callId)); // a final NOTIFY overtook the 202
          l.endCause = l.endCause ?? 'transferred'; // the transferee may leave (BYE) before its NOTIFY 200
          show('trying', null, null);
          t.timer = setTimeout(() => settle(null, null), TRANSFER_RESULT_MS);
          t.timer.unref();
          resolve(current(callId));
        },
        onReject: (res) => {
          clearTimeout(guard);
          settle(res.message.statusCode ?? null, res.message.reasonPhrase ?? null);
          resolve(current(callId));
        },
      };
      const refused = (err: unknown): void => {
        clearTimeout(guard);
        fail(new AppError('CONFLICT', `transfer not possible now: ${err instanceof Error ? err.message : String(err)}`));
      };
      try {
        l.session.refer(referTo as URI & Session, { requestDelegate, onNotify }).catch(refused);
      } catch (err) {
        refused(err); // sip.js throws synchronously on a wrong session state
      }
    });
  }

  async function answerNow(l: Leg): Promise<Call> {
    const { callId } = l;
    const inv = l.session as Invitation;
    if (!nullMedia() && !bridge.attached) {
      l.endCause = 'failed';
      await inv.reject({ statusCode: 480 }).catch((err: unknown) => log.warn({ err: String(err) }, 'reject failed'));
      calls.end(callId, 'failed');
      throw new AppError('SIP', 'no media engine: the console window is not connected; the call was refused');
    }
    await holdActiveExcept(callId);
    // A preparation still running finishes first (bounded by the bridge's timeouts): taking it is
    // faster than starting over, and two peer connections for one call would race.
    if (l.prep) await l.prep.settled;
    if (legs.get(callId) !== l) throw new AppError('CONFLICT', 'the call ended before it was answered', undefined, errorReason('callState'));
    l.answering = true;
    try {
      await inv.accept({ sessionDescriptionHandlerOptions: {} });
    } catch (err) {
      // accept() rejects after sip.js has already answered 480 when media failed (sdh-bridge pitfall 5).
      l.endCause = l.endCause ?? 'failed';
      if (calls.get(callId)?.state !== 'ended') calls.end(callId, 'failed');
      throw new AppError('SIP', `answer failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      l.answering = false;
    }
    return current(callId);
  }

  return {
    sdhFactory,

    onInvite(inv: Invitation): void {
      try {
        offerInvite(inv);
      } catch (err) {
        log.error({ err }, 'incoming call could not be offered');
        inv.reject({ statusCode: 500 }).catch((e: unknown) => log.warn({ err: String(e) }, 'reject failed'));
      }
    },

    /** The UA carrying our sessions is gone (PBX lost, account changed): the calls are cut off. */
    onUaGone(ua: UserAgent): void {
      for (const l of [...legs.values()]) {
        if (l.session.userAgent !== ua) continue;
        legs.delete(l.callId);
        l.sdh?.close();
        l.prep?.sdh.close();
        safely('call interrupted', () => {
          if (calls.get(l.callId)?.state !== 'ended') calls.end(l.callId, 'interrupted');
        });
        // Stops sip.js' own timers (no-answer, session refresh); BYE/480 fails quietly on a dead socket.
        l.session.dispose().catch((err: unknown) => log.debug({ err: String(err) }, 'session dispose'));
      }
    },

    /** An INVITE the UA could not take (incomingGuard answered it 400): logged, never shown. */
    onRefused(r: RefusedInvite): void {
      safely('refused INVITE', () => {
        const id = extractCallerId({ from: r.from, pai: r.pai });
        logRefused({ remoteNumber: id.remote, remoteName: id.name, line: lineOf(undefined, undefined, r.to), sipCallId: r.sipCallId?.slice(0, 200) ?? null });
      });
    },

    hasCalls: (): boolean => legs.size > 0,

    /** Idempotent: a double click answers once (a second accept() would fail and kill the call). */
    answer(callId: string): Promise<Call> {
      const c = calls.get(callId);
      if (c?.state === 'active' || c?.state === 'held') return Promise.resolve(c);
      const l = leg(callId);
      if (!l.inbound || c?.state !== 'ringing')
        return Promise.reject(new AppError('CONFLICT', `call ${callId} is not ringing`, undefined, errorReason('callState')));
      l.answered ??= answerNow(l);
      return l.answered;
    },

    async decline(callId: string): Promise<Call> {
      const l = leg(callId);
      if (!l.inbound || calls.get(callId)?.state !== 'ringing')
        throw new AppError('CONFLICT', `call ${callId} is not ringing`, undefined, errorReason('callState'));
      l.endCause = 'declined';
      await (l.session as Invitation).reject({ statusCode: 486 });
      return calls.end(callId, 'declined'); // a no-op when sip.js already reported the end
    },

    async hangup(callId: string): Promise<Call> {
      const c = calls.get(callId);
      if (!c) throw new AppError('NOT_FOUND', `call ${callId} is not on the console`, undefined, errorReason('callNotFound'));
      if (c.state === 'ended') return c;
      const l = leg(callId);
      if (c.state === 'ringing') {
        l.endCause = 'declined';
        await (l.session as Invitation).reject({ statusCode: 486 });
      } else if (c.state === 'dialing') {
        l.endCause = 'local-cancel';
        await (l.session as Inviter).cancel();
      } else {
        l.endCause = 'hangup';
        await l.session.bye();
      }
      // The BYE's answer is not awaited: the call is over for the operator now.
      return calls.end(callId, l.endCause); // a no-op when the session already reported its end
    },

    async dial(target: string, contractNo: string | null): Promise<Call> {
      const ua = deps.userAgent();
      const domain = deps.domain();
      if (!ua || !domain) throw new AppError('SIP', 'the softphone is not registered');
      requireMedia();
      if (calls.live().length >= 2) throw new AppError('BUSY', 'both lines are in use');
      const uri = UserAgent.makeURI(targetUri(target, domain));
      if (!uri) throw new AppError('VALIDATION', `cannot call ${target}`);
      await holdActiveExcept('');
      // Early media: a 183 with SDP (announcements, the far end's ringback) is played before the
      // answer; sip.js then takes that SDP as the answer and confirms the same dialog on the 200.
      const inviter = new Inviter(ua, uri, { earlyMedia: true });
      const base = {
        direction: 'outbound' as const,
        remoteNumber: callerNumber(uri.user ?? target),
        remoteName: null,
        line: null,
        contractNo,
        sipCallId: inviter.request.callId,
      };
      const c = calls.offer(base, (call) => void track({ callId: call.id, session: inviter, inbound: false }));
      const l = leg(c.id);
      try {
        await inviter.invite({
          requestDelegate: {
            onReject: (res) => {
              l.endCause = l.endCause ?? codeCause(res.message.statusCode ?? 0);
            },
            // A 1xx with SDP (183 Session Progress) is the far end's early media: sip.js plays it;
            // the operator is told that what they hear is not the person yet.
            onProgress: (res) => {
              const m = res.message;
              if (m.statusCode === 100 || !m.body || !/^application\/sdp\b/i.test(m.getHeader('Content-Type') ?? '')) return;
              safely('early media', () => {
                if (calls.get(c.id)?.state === 'dialing') calls.apply(c.id, { type: 'earlyMedia' });
              });
            },
          },
        });
      } catch (err) {
        l.endCause = 'failed';
        if (calls.get(c.id)?.state !== 'ended') calls.end(c.id, 'failed');
        throw new AppError('SIP', `call to ${target} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      return current(c.id);
    },

    async hold(callId: string, on: boolean): Promise<Call> {
      const l = leg(callId);
      const c = calls.get(callId);
      if (c?.state !== (on ? 'active' : 'held')) {
        if (c?.state === (on ? 'held' : 'active')) return c;
        throw new AppError('CONFLICT', `call ${callId} is ${c?.state ?? 'gone'}`, undefined, errorReason('callState'));
      }
      if (!on) await holdActiveExcept(callId);
      return setHold(l, on);
    },

    mute(callId: string, on: boolean): Call {
      const l = leg(callId);
      l.sdh?.mute(on); // media only: no SIP
      return calls.apply(callId, { type: 'mute', on });
    },

    async dtmf(callId: string, tones: string): Promise<Call> {
      const l = leg(callId);
      const c = calls.get(callId);
      if (c?.state !== 'active') throw new AppError('CONFLICT', `call ${callId} is not active`, undefined, errorReason('callState'));
      // RFC 4733 through the renderer when telephone-event was negotiated, else SIP INFO.
      if (l.sdh?.dtmfNegotiated && l.sdh.sendDtmf(tones, { duration: 100, interToneGap: 70 })) return c;
      for (const tone of tones) {
        await inDialog(`DTMF ${tone}`, (requestDelegate) =>
          l.session.info({
            requestDelegate,
            requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=160\r\n` } },
          }),
        );
      }
      return c;
    },

    /** Blind transfer: REFER to the target, at the PBX as the far end reaches it (with its port). */
    async transfer(callId: string, target: string): Promise<Call> {
      const l = leg(callId);
      const domain = deps.domain();
      const uri = domain ? UserAgent.makeURI(targetUri(target, pbxHostPort(domain, routeSetOf(l.session)))) : undefined;
      if (!uri) throw new AppError('VALIDATION', `cannot transfer to ${target}`);
      return refer(l, uri.toString(), uri, () => undefined);
    },

    /** Attended transfer: REFER with Replaces to the consult call's dialog; both lines leave when it succeeds. */
    async attendedTransfer(callId: string, consultCallId: string): Promise<Call> {
      const l = leg(callId);
      const consult = leg(consultCallId);
      if (consult.session.state !== SessionState.Established) throw new AppError('CONFLICT', 'the consult call is not connected');
      const target = calls.get(consultCallId)?.remoteNumber ?? consult.session.remoteIdentity.uri.toString();
      return refer(l, target, consult.session, () => {
        consult.endCause = 'transferred';
        // The transfer target replaces our consult dialog and sends BYE itself; if it does not, leave.
        const t = setTimeout(() => {
          if (legs.get(consultCallId) === consult) consult.session.bye().catch((err: unknown) => log.warn({ err: String(err) }, 'BYE of consult call failed'));
        }, 3000);
        t.unref();
        safely('consult call ended', () => calls.end(consultCallId, 'transferred'));
      });
    },

    dispose(): void {
      for (const l of legs.values()) {
        l.sdh?.close();
        l.prep?.sdh.close();
      }
      legs.clear();
    },
  };
}

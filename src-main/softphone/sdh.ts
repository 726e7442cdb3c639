/**
 * The two SessionDescriptionHandlers the host gives sip.js:
 * - `RemoteSessionDescriptionHandler` forwards every op to the renderer's media engine
 *   (README.md: op/args/result shapes) — signaling in the host, media in the renderer;
 * - `NullSessionDescriptionHandler` produces/consumes valid dummy SDP (PCMU + telephone-event),
 *   for headless signaling tests and seats without a microphone (`account.nullMedia`).
 * Pitfalls from ../shared/sip-rig (sdh-bridge): hasDescription/sendDtmf/close answer
 * synchronously; DTMF capability comes from the negotiated SDP (telephone-event), not from a racy
 * canInsertDTMF; a closed SDH rejects whatever sip.js still calls on it.
 */
import type { BodyAndContentType, SessionDescriptionHandler, SessionDescriptionHandlerModifier, SessionDescriptionHandlerOptions } from 'sip.js';
import type { MediaBridge } from './mediaBridge';
import type { CallDirection } from '../../src-shared/domain/call';

/** Extra ops the call layer uses besides sip.js' interface. */
export type ConsoleSdh = SessionDescriptionHandler & {
  readonly sid: string;
  readonly closed: boolean;
  /** telephone-event at the audio codec's clock rate is in both the offer and the answer: RFC 4733 DTMF works. */
  readonly dtmfNegotiated: boolean;
  hold(on: boolean): void;
  mute(on: boolean): void;
};

export type HoldOptions = SessionDescriptionHandlerOptions & { hold?: boolean };

export class ClosedSdhError extends Error {
  override readonly name = 'ClosedSdhError';
}

const SDP = 'application/sdp';
let sidSeq = 0;
const nextSid = (): string => `sdh${++sidSeq}`;

async function applyModifiers(d: RTCSessionDescriptionInit, modifiers: SessionDescriptionHandlerModifier[] | undefined): Promise<RTCSessionDescriptionInit> {
  // Modifiers are functions and cannot cross IPC: they change what goes on the wire only.
  let out = d;
  for (const m of modifiers ?? []) out = await m(out);
  return out;
}

/** Clock rates of the telephone-event formats in an SDP. */
function teRates(sdp: string): Set<number> {
  return new Set([...sdp.matchAll(/^a=rtpmap:\d+ telephone-event\/(\d+)/gim)].map((m) => Number(m[1])));
}

/** Static audio payload types at 8 kHz (RFC 3551): PCMU, GSM, G723, DVI4/8000, PCMA, G722, QCELP, CN, G728, G729. */
const STATIC_8K = new Set([0, 3, 4, 5, 7, 8, 9, 12, 13, 15, 18]);

/** The clock rate of the audio codec an answer chose (its first payload type); null when the SDP does not say. */
function codecRate(sdp: string): number | null {
  const pt = /^m=audio \d+(?:\/\d+)? \S+ (\d+)/m.exec(sdp)?.[1];
  if (pt === undefined) return null;
  const rate = new RegExp(`^a=rtpmap:${pt} [^/\\s]+/(\\d+)`, 'im').exec(sdp)?.[1];
  if (rate !== undefined) return Number(rate);
  return STATIC_8K.has(Number(pt)) ? 8000 : null;
}

/**
 * RFC 4733 is usable only with a telephone-event at the clock rate of the audio codec in use
 * (RFC 4733 2.1: events share the audio stream's RTP clock). Chromium with opus (48 kHz) and only
 * telephone-event/8000 negotiated — what a far end offering 8 kHz events answers, e.g. baresip —
 * sends events a receiver drops: baresip reported only the first digit's end. Then SIP INFO is used.
 */
function dtmfUsable(offer: Set<number>, answerSdp: string): boolean {
  const answer = teRates(answerSdp);
  const rate = codecRate(answerSdp);
  if (rate === null) return [...answer].some((r) => offer.has(r));
  return answer.has(rate) && offer.has(rate);
}

/** Tracks one offer/answer exchange to tell whether RFC 4733 DTMF was negotiated. */
class Negotiation {
  private expectAnswer = false;
  private offerTe = new Set<number>();
  negotiated = false;
  local(type: 'offer' | 'answer', sdp: string): void {
    if (type === 'offer') {
      this.expectAnswer = true;
      this.offerTe = teRates(sdp);
    } else {
      this.negotiated = dtmfUsable(this.offerTe, sdp);
    }
  }
  /** Returns the type the remote SDP has in this exchange. */
  remote(sdp: string): 'offer' | 'answer' {
    if (this.expectAnswer) {
      this.expectAnswer = false;
      this.negotiated = dtmfUsable(this.offerTe, sdp);
      return 'answer';
    }
    this.offerTe = teRates(sdp);
    return 'offer';
  }
  rollback(): void {
    this.expectAnswer = false;
  }
  get awaitingAnswer(): boolean {
    return this.expectAnswer;
  }
}

export type RemoteSdhOptions = {
  callId: string;
  direction: CallDirection;
  /** No STUN on a LAN PBX: answering must not wait for a public server (R: latency rules). */
  iceGatheringTimeoutMs: number;
  iceServers?: readonly { urls: string | string[] }[];
  /** Made while the call rings (`prepare`): the engine lets the screen pop render first. */
  prepare?: boolean;
};

export class PreparedAnswerError extends Error {
  override readonly name = 'PreparedAnswerError';
}

export class RemoteSessionDescriptionHandler implements ConsoleSdh {
  readonly sid = nextSid();
  private isClosed = false;
  private readonly neg = new Negotiation();
  /**
   * The answer made while the call rang (`prepare`): `offerTaken` once sip.js gave us that same
   * offer at accept, so the next getDescription returns the answer without a renderer round trip.
   */
  private prepared: { offer: string; answer: string; offerTaken: boolean; engineId: string | null } | null = null;

  constructor(
    private readonly bridge: MediaBridge,
    opts: RemoteSdhOptions,
  ) {
    this.bridge.notify(this.sid, 'create', {
      callId: opts.callId,
      direction: opts.direction,
      iceGatheringTimeoutMs: opts.iceGatheringTimeoutMs,
      ...(opts.prepare ? { prepare: true } : {}),
      // 'balanced', not 'max-bundle': rtpengine's offers carry a=mid without a=group:BUNDLE.
      peerConnectionConfiguration: { iceServers: [...(opts.iceServers ?? [])], bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' },
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }
  get dtmfNegotiated(): boolean {
    return this.neg.negotiated;
  }

  hasDescription(contentType: string): boolean {
    return contentType === SDP;
  }

  /**
   * Prepares the answer to the ringing call's `offer` before the operator clicks: the engine
   * applies the offer with its ICE candidates held back, attaches the microphone track, creates
   * and sets the answer and gathers its own candidates. With no remote candidate nothing can
   * connect, so no sound leaves or arrives before the answer; `commit` (sent when sip.js takes
   * the answer for the 200 OK) hands the candidates over. Rejects (and the caller closes this
   * handler) when the engine cannot; the answer then takes the normal path on a fresh one.
   */
  async prepare(offer: string): Promise<void> {
    this.assertOpen('prepare');
    const engineId = this.bridge.engineId;
    await this.bridge.request(this.sid, 'setDescription', { sdp: offer, type: 'offer', deferCandidates: true });
    this.assertOpen('prepare');
    const r = await this.bridge.request(this.sid, 'getDescription', { options: { hold: false } });
    this.assertOpen('prepare');
    if (r.type !== 'answer' || typeof r.sdp !== 'string') throw new PreparedAnswerError(`media engine prepared no answer (${JSON.stringify(r).slice(0, 120)})`);
    this.prepared = { offer, answer: r.sdp, offerTaken: false, engineId };
  }

  /** Ready, and on the engine that made it (a reloaded window has lost that peer connection). */
  get isPrepared(): boolean {
    return this.prepared !== null && !this.isClosed && this.prepared.engineId === this.bridge.engineId;
  }

  async getDescription(options?: HoldOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<BodyAndContentType> {
    this.assertOpen('getDescription');
    const ready = this.prepared;
    if (ready?.offerTaken && options?.hold !== true) {
      this.prepared = null;
      const d = await applyModifiers({ type: 'answer', sdp: ready.answer }, modifiers);
      this.neg.local('answer', d.sdp ?? '');
      // Queued behind nothing: the engine lets ICE start as the 200 OK goes out, as an answer
      // set at the click would have.
      this.bridge.notify(this.sid, 'commit', {});
      return { body: d.sdp ?? '', contentType: SDP };
    }
    const r = await this.bridge.request(this.sid, 'getDescription', { options: { hold: options?.hold === true } });
    this.assertOpen('getDescription'); // closed while the renderer was working
    const type = r.type === 'offer' || r.type === 'answer' ? r.type : null;
    if (type === null || typeof r.sdp !== 'string') throw new Error(`media engine returned no SDP for getDescription (${JSON.stringify(r).slice(0, 120)})`);
    const d = await applyModifiers({ type, sdp: r.sdp }, modifiers);
    this.neg.local(type, d.sdp ?? '');
    return { body: d.sdp ?? '', contentType: SDP };
  }

  async setDescription(sdp: string, _options?: HoldOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<void> {
    this.assertOpen('setDescription');
    const type = this.neg.awaitingAnswer ? 'answer' : 'offer';
    const d = await applyModifiers({ type, sdp }, modifiers);
    if (this.prepared && !this.prepared.offerTaken) {
      // The engine already holds this offer (prepare); any other description cannot follow it.
      if (type !== 'offer' || d.sdp !== this.prepared.offer) throw new PreparedAnswerError('the prepared answer was made for another offer');
      this.prepared.offerTaken = true;
      this.neg.remote(d.sdp);
      return;
    }
    this.neg.remote(d.sdp ?? '');
    await this.bridge.request(this.sid, 'setDescription', { sdp: d.sdp ?? '', type });
  }

  async rollbackDescription(): Promise<void> {
    this.assertOpen('rollbackDescription');
    this.neg.rollback();
    await this.bridge.request(this.sid, 'rollback', {});
  }

  sendDtmf(tones: string, options?: unknown): boolean {
    if (this.isClosed || !this.bridge.attached || !this.neg.negotiated) return false;
    const o = (options ?? {}) as { duration?: number; interToneGap?: number };
    this.bridge.notify(this.sid, 'sendDtmf', { tones, duration: o.duration ?? 100, interToneGap: o.interToneGap ?? 70 });
    return true;
  }

  hold(on: boolean): void {
    if (!this.isClosed) this.bridge.notify(this.sid, 'hold', { on });
  }

  mute(on: boolean): void {
    if (!this.isClosed) this.bridge.notify(this.sid, 'mute', { on });
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.prepared = null;
    this.bridge.notify(this.sid, 'close', {});
  }

  private assertOpen(op: string): void {
    if (this.isClosed) throw new ClosedSdhError(`SDH ${this.sid} closed (${op})`);
  }
}

let sdpVersion = 1;
/** Dummy SDP a plain-RTP far end (sipp) and Kamailio accept; port 9 (discard), no media flows. */
export function nullSdp(direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive'): string {
  const id = Math.floor(Math.random() * 1e9);
  return [
    'v=0',
    `o=- ${id} ${sdpVersion++} IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 9 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    `a=${direction}`,
    '',
  ].join('\r\n');
}

const ANSWER_DIRECTION = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' } as const;
function directionOf(sdp: string): keyof typeof ANSWER_DIRECTION {
  const m = /^a=(sendrecv|sendonly|recvonly|inactive)/m.exec(sdp);
  return (m?.[1] as keyof typeof ANSWER_DIRECTION | undefined) ?? 'sendrecv';
}

export class NullSessionDescriptionHandler implements ConsoleSdh {
  readonly sid = nextSid();
  private isClosed = false;
  private remoteOffer: string | null = null;
  private readonly neg = new Negotiation();

  get closed(): boolean {
    return this.isClosed;
  }
  get dtmfNegotiated(): boolean {
    return false; // no RTP: DTMF goes as SIP INFO
  }

  hasDescription(contentType: string): boolean {
    return contentType === SDP;
  }

  async getDescription(options?: HoldOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<BodyAndContentType> {
    this.assertOpen('getDescription');
    let type: 'offer' | 'answer';
    let sdp: string;
    if (this.remoteOffer !== null) {
      type = 'answer';
      sdp = nullSdp(options?.hold === true ? 'sendonly' : ANSWER_DIRECTION[directionOf(this.remoteOffer)]);
      this.remoteOffer = null;
    } else {
      type = 'offer';
      sdp = nullSdp(options?.hold === true ? 'sendonly' : 'sendrecv');
    }
    const d = await applyModifiers({ type, sdp }, modifiers);
    this.neg.local(type, d.sdp ?? '');
    return { body: d.sdp ?? '', contentType: SDP };
  }

  async setDescription(sdp: string): Promise<void> {
    this.assertOpen('setDescription');
    if (this.neg.remote(sdp) === 'offer') this.remoteOffer = sdp;
  }

  async rollbackDescription(): Promise<void> {
    this.neg.rollback();
    this.remoteOffer = null;
  }

  sendDtmf(): boolean {
    return false;
  }
  hold(): void {}
  mute(): void {}
  close(): void {
    this.isClosed = true;
  }

  private assertOpen(op: string): void {
    if (this.isClosed) throw new ClosedSdhError(`SDH ${this.sid} closed (${op})`);
  }
}

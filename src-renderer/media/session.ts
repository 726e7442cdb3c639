/**
 * One media session = one call leg = one RTCPeerConnection, driven by the host's session
 * description handler through the ops of src-main/softphone/README.md. Knows nothing about SIP.
 */
import { applySink, outputPrefs } from './devices';
import { DEFAULT_GATHER_TIMEOUT_MS, waitForGathering } from './gather';
import type { Microphone } from './microphone';
import { createSerialQueue, type SerialQueue } from './queue';

export class MediaOpError extends Error {
  override readonly name = 'MediaOpError';
}

export type SessionStats = {
  readonly sid: string;
  readonly callId: string | null;
  readonly connectionState: RTCPeerConnectionState;
  readonly packetsReceived: number;
  readonly bytesReceived: number;
  readonly packetsSent: number;
  readonly bytesSent: number;
  readonly audioLevel: number | null;
  readonly codec: string | null;
};

export type MediaSession = {
  readonly sid: string;
  readonly callId: string | null;
  readonly queue: SerialQueue;
  getDescription(args: Record<string, unknown>): Promise<{ type: RTCSdpType; sdp: string }>;
  setDescription(args: Record<string, unknown>): Promise<Record<string, never>>;
  /** Hands over the remote ICE candidates held back by a prepared answer (`deferCandidates`). */
  commit(): Promise<Record<string, never>>;
  /** The call's microphone track is live (not yet stopped). */
  trackLive(): boolean;
  rollback(): Promise<Record<string, never>>;
  sendDtmf(args: Record<string, unknown>): Promise<Record<string, never>>;
  hold(on: boolean): Record<string, never>;
  mute(on: boolean): Record<string, never>;
  close(): void;
  setVoiceDevice(deviceId: string | null): void;
  stats(): Promise<SessionStats>;
};

const DTMF_WAIT_MS = 1000;

export type DeferredCandidate = { readonly candidate: string; readonly sdpMid: string | null; readonly sdpMLineIndex: number };

/**
 * Splits the remote ICE candidates out of an SDP (and `a=end-of-candidates`), with the m-section
 * each belongs to. Without a remote candidate the peer connection cannot connect, so an answer
 * prepared while the call rings sends and plays nothing until `commit` adds them (the operator
 * has not answered: the caller must not hear the room, the operator must not hear the caller).
 */
export function holdBackCandidates(sdp: string): { sdp: string; candidates: DeferredCandidate[] } {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const out: string[] = [];
  const candidates: DeferredCandidate[] = [];
  let mLine = -1;
  let mid: string | null = null;
  const pending: string[] = [];
  const flush = () => {
    for (const c of pending.splice(0)) candidates.push({ candidate: c, sdpMid: mid, sdpMLineIndex: mLine });
  };
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      flush();
      mLine++;
      mid = null;
    } else if (line.startsWith('a=mid:')) mid = line.slice('a=mid:'.length).trim();
    if (mLine >= 0 && line.startsWith('a=candidate:')) {
      pending.push(line.slice(2));
      continue;
    }
    if (mLine >= 0 && line === 'a=end-of-candidates') continue;
    out.push(line);
  }
  flush();
  return { sdp: out.join(eol), candidates };
}
/**
 * Drops the far end's `a=ssrc` / `a=ssrc-group` lines. Chromium plays only the SSRC a remote
 * description names once it names one: a stream under any other SSRC is received and decoded
 * into no track. SIP peers change SSRC when the source changes — a PBX's announcement before
 * answer and then the phone (baresip names its SSRC in the 183; rtpengine's player sends under
 * its own), a transfer, a re-bridge — and the operator then heard nothing. Without them the
 * connection takes the newest SSRC on the m-line, as it does for peers that name none (sipp).
 */
export function unsignalSsrcs(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('a=ssrc:') && !line.startsWith('a=ssrc-group:'))
    .join(eol);
}
const num = (x: unknown, fallback: number): number => (typeof x === 'number' && Number.isFinite(x) ? x : fallback);

/** The host's configuration, with the LAN defaults enforced: no STUN unless the host names servers, never max-bundle. */
export function peerConfig(raw: unknown): RTCConfiguration {
  const given = typeof raw === 'object' && raw !== null ? (raw as RTCConfiguration) : {};
  return {
    ...given,
    iceServers: Array.isArray(given.iceServers) ? given.iceServers : [],
    // sip-rig pitfall 7: rtpengine's offers carry a=mid without a=group:BUNDLE; max-bundle rejects them.
    bundlePolicy: given.bundlePolicy === 'max-bundle' || given.bundlePolicy === undefined ? 'balanced' : given.bundlePolicy,
    rtcpMuxPolicy: 'require',
  };
}

export function createMediaSession(sid: string, args: Record<string, unknown>, mic: Microphone): MediaSession {
  const callId = typeof args.callId === 'string' ? args.callId : null;
  const gatherTimeoutMs = num(args.iceGatheringTimeoutMs, DEFAULT_GATHER_TIMEOUT_MS);
  const pc = new RTCPeerConnection(peerConfig(args.peerConnectionConfiguration));
  const queue = createSerialQueue(sid);
  const audio = new Audio();
  audio.autoplay = true;
  void applySink(audio, outputPrefs().voice);
  let track: MediaStreamTrack | null = null;
  let trackAdded = false;
  let muted = false;
  let held = false;
  /** Remote candidates of a prepared answer, until `commit`. */
  let deferred: DeferredCandidate[] = [];

  pc.addEventListener('track', (e) => {
    audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    // Autoplay: Chromium allows it after any click in the page, Electron and the e2e launch flags always.
    audio.play().catch((err: unknown) => console.warn(`remote audio of ${sid} did not start`, err));
  });

  const applyTrackState = () => {
    if (track) track.enabled = !muted && !held;
    audio.muted = held;
  };

  async function attachMicrophone(): Promise<void> {
    if (trackAdded) return;
    trackAdded = true;
    track = await mic.trackForCall();
    if (queue.closed) {
      track?.stop();
      return;
    }
    if (!track) return; // no microphone: the call still gets the caller's audio (recvonly)
    applyTrackState();
    // addTrack reuses the recvonly transceiver that setRemoteDescription(offer) created.
    pc.addTrack(track, new MediaStream([track]));
  }

  function setDirections(hold: boolean): void {
    for (const tr of pc.getTransceivers()) {
      if (tr.currentDirection === 'stopped') continue;
      const sending = tr.sender.track !== null;
      tr.direction = hold ? (sending ? 'sendonly' : 'inactive') : sending ? 'sendrecv' : 'recvonly';
    }
  }

  const dtmfSender = (): RTCDTMFSender | null => pc.getSenders().find((s) => s.track?.kind === 'audio' && s.dtmf)?.dtmf ?? null;

  return {
    sid,
    callId,
    queue,
    async getDescription(a) {
      const options = (typeof a.options === 'object' && a.options !== null ? a.options : {}) as { hold?: unknown };
      await attachMicrophone();
      // An outgoing call with no transceiver yet (no microphone) still offers to receive audio.
      if (pc.getTransceivers().length === 0) pc.addTransceiver('audio', { direction: 'recvonly' });
      setDirections(options.hold === true);
      const desc = pc.signalingState === 'have-remote-offer' ? await pc.createAnswer() : await pc.createOffer();
      await pc.setLocalDescription(desc);
      await waitForGathering(pc, gatherTimeoutMs);
      const local = pc.localDescription;
      if (!local) throw new MediaOpError('no local description after setLocalDescription');
      return { type: local.type, sdp: local.sdp };
    },
    async setDescription(a) {
      if (typeof a.sdp !== 'string') throw new MediaOpError('setDescription needs an sdp');
      const type = a.type === 'offer' || a.type === 'answer' ? a.type : pc.signalingState === 'have-local-offer' ? 'answer' : 'offer';
      const sdp = unsignalSsrcs(a.sdp);
      if (a.deferCandidates === true && type === 'offer') {
        const split = holdBackCandidates(sdp);
        deferred = split.candidates;
        await pc.setRemoteDescription({ type, sdp: split.sdp });
      } else await pc.setRemoteDescription({ type, sdp });
      return {};
    },
    async commit() {
      const list = deferred;
      deferred = [];
      for (const c of list) await pc.addIceCandidate(c);
      return {};
    },
    trackLive: () => track?.readyState === 'live',
    async rollback() {
      if (pc.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
      else if (pc.signalingState === 'have-remote-offer') await pc.setRemoteDescription({ type: 'rollback' });
      return {};
    },
    async sendDtmf(a) {
      const tones = typeof a.tones === 'string' ? a.tones : '';
      if (!/^[0-9A-D*#,]+$/i.test(tones)) throw new MediaOpError(`not DTMF tones: ${tones.slice(0, 40)}`);
      // canInsertDTMF turns true only after DTLS; a cached value races it (sip-rig pitfall 4).
      const deadline = performance.now() + DTMF_WAIT_MS;
      while (!queue.closed && !(dtmfSender()?.canInsertDTMF ?? false) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const sender = dtmfSender();
      if (!sender?.canInsertDTMF) throw new MediaOpError('no DTMF sender: telephone-event not negotiated or media not up');
      sender.insertDTMF(tones, num(a.duration, 100), num(a.interToneGap, 70));
      return {};
    },
    hold(on) {
      held = on;
      applyTrackState();
      return {};
    },
    mute(on) {
      muted = on;
      applyTrackState();
      return {};
    },
    close() {
      queue.close();
      track?.stop(); // the clone; the warm stream stays open for the next call
      pc.close();
      audio.pause();
      audio.srcObject = null;
    },
    setVoiceDevice(deviceId) {
      void applySink(audio, deviceId);
    },
    async stats() {
      const report = await pc.getStats();
      let packetsReceived = 0,
        bytesReceived = 0,
        packetsSent = 0,
        bytesSent = 0;
      let audioLevel: number | null = null;
      let codecId: string | null = null;
      const codecs = new Map<string, string>();
      report.forEach((r: Record<string, unknown>) => {
        if (r.type === 'codec' && typeof r.id === 'string' && typeof r.mimeType === 'string') codecs.set(r.id, r.mimeType);
        if (r.type === 'inbound-rtp' && r.kind === 'audio') {
          packetsReceived += num(r.packetsReceived, 0);
          bytesReceived += num(r.bytesReceived, 0);
          if (typeof r.audioLevel === 'number') audioLevel = r.audioLevel;
          if (typeof r.codecId === 'string') codecId = r.codecId;
        }
        if (r.type === 'outbound-rtp' && r.kind === 'audio') {
          packetsSent += num(r.packetsSent, 0);
          bytesSent += num(r.bytesSent, 0);
        }
      });
      return {
        sid,
        callId,
        connectionState: pc.connectionState,
        packetsReceived,
        bytesReceived,
        packetsSent,
        bytesSent,
        audioLevel,
        codec: codecId ? (codecs.get(codecId) ?? null) : null,
      };
    },
  };
}

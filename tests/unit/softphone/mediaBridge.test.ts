import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMediaBridge, MediaUnavailableError, MEDIA_TIMEOUTS } from '../../../src-main/softphone/mediaBridge';
import { ClosedSdhError, NullSessionDescriptionHandler, PreparedAnswerError, RemoteSessionDescriptionHandler } from '../../../src-main/softphone/sdh';
import type { MediaRequest } from '../../../src-shared/ipc/softphone';
import { MediaRequestSchema } from '../../../src-shared/ipc/softphone';
import { createLogger } from '../../../src-main/log';

const TE_SDP = 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n';
const NO_TE_SDP = 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n';

/** A scripted media engine on the other end of the bridge: answers every request it sees. */
function setup(answer: (r: MediaRequest) => Record<string, unknown> | Error | null = () => ({})) {
  const sent: MediaRequest[] = [];
  const bridge = createMediaBridge({
    log: createLogger('test'),
    emit: (r) => {
      MediaRequestSchema.parse(r); // what leaves the host is inside the contract
      sent.push(r);
      const a = answer(r);
      if (a === null) return; // no reply (a hung engine)
      queueMicrotask(() =>
        bridge.reply(
          a instanceof Error
            ? { engineId: r.engineId, reqId: r.reqId, ok: false, result: null, error: a.message }
            : { engineId: r.engineId, reqId: r.reqId, ok: true, result: a, error: null },
        ),
      );
    },
  });
  return { bridge, sent };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('media bridge: media:request / media:reply', () => {
  it('fails at once without an attached engine (answering never hangs)', async () => {
    const { bridge, sent } = setup();
    await expect(bridge.request('s1', 'getDescription', {})).rejects.toThrow(MediaUnavailableError);
    expect(sent).toEqual([]);
  });

  it('routes to the latest engine; replies from another engine are refused', async () => {
    const { bridge, sent } = setup(() => null);
    bridge.attach('engine-a');
    const p = bridge.request('s1', 'setDescription', { sdp: 'x', type: 'offer' });
    bridge.attach('engine-b'); // a reload: pending requests at A fail now
    await expect(p).rejects.toThrow(/replaced/);
    const q = bridge.request('s1', 'rollback', {});
    const req = sent.at(-1) as MediaRequest;
    expect(req.engineId).toBe('engine-b');
    expect(bridge.reply({ engineId: 'engine-a', reqId: req.reqId, ok: true, result: {}, error: null })).toEqual({ accepted: false });
    expect(bridge.reply({ engineId: 'engine-b', reqId: req.reqId, ok: true, result: { x: 1 }, error: null })).toEqual({ accepted: true });
    await expect(q).resolves.toEqual({ x: 1 });
    expect(bridge.reply({ engineId: 'engine-b', reqId: req.reqId, ok: true, result: {}, error: null })).toEqual({ accepted: false }); // twice
  });

  it('times out a request the engine never answers', async () => {
    vi.useFakeTimers();
    const { bridge } = setup(() => null);
    bridge.attach('e');
    const p = bridge.request('s1', 'getDescription', {});
    const check = expect(p).rejects.toThrow(/did not answer getDescription/);
    vi.advanceTimersByTime(MEDIA_TIMEOUTS.getDescription);
    await check;
  });

  it('an engine error rejects the op with its message', async () => {
    const { bridge } = setup(() => new Error('NotAllowedError: microphone'));
    bridge.attach('e');
    await expect(bridge.request('s1', 'getDescription', {})).rejects.toThrow(/getDescription failed: NotAllowedError: microphone/);
  });
});

describe('RemoteSessionDescriptionHandler forwards sip.js ops to the renderer', () => {
  it('create (no STUN, bounded ICE) → setDescription(offer) → getDescription(answer) → DTMF → hold → close', async () => {
    const { bridge, sent } = setup((r) => (r.op === 'getDescription' ? { type: 'answer', sdp: TE_SDP } : {}));
    bridge.attach('e');
    const sdh = new RemoteSessionDescriptionHandler(bridge, { callId: 'call-1', direction: 'inbound', iceGatheringTimeoutMs: 300 });
    expect(sdh.hasDescription('application/sdp')).toBe(true);
    expect(sdh.hasDescription('text/plain')).toBe(false);
    await sdh.setDescription(TE_SDP);
    const local = await sdh.getDescription({ hold: false } as never);
    expect(local).toEqual({ body: TE_SDP, contentType: 'application/sdp' });
    expect(sdh.dtmfNegotiated).toBe(true);
    expect(sdh.sendDtmf('12#', { duration: 120 })).toBe(true);
    sdh.hold(true);
    sdh.mute(true);
    sdh.close();
    sdh.close(); // idempotent
    await Promise.resolve();
    expect(sent.map((r) => [r.op, r.args])).toEqual([
      [
        'create',
        {
          callId: 'call-1',
          direction: 'inbound',
          iceGatheringTimeoutMs: 300,
          peerConnectionConfiguration: { iceServers: [], bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' },
        },
      ],
      ['setDescription', { sdp: TE_SDP, type: 'offer' }],
      ['getDescription', { options: { hold: false } }],
      ['sendDtmf', { tones: '12#', duration: 120, interToneGap: 70 }],
      ['hold', { on: true }],
      ['mute', { on: true }],
      ['close', {}],
    ]);
    expect(new Set(sent.map((r) => r.sid)).size).toBe(1);
    // sip.js may still call a closed SDH: it is refused, nothing is sent
    await expect(sdh.getDescription()).rejects.toThrow(ClosedSdhError);
    expect(sdh.sendDtmf('1')).toBe(false);
  });

  it('an outbound offer expects an answer; without telephone-event DTMF falls back (sendDtmf false)', async () => {
    const { bridge, sent } = setup((r) => (r.op === 'getDescription' ? { type: 'offer', sdp: TE_SDP } : {}));
    bridge.attach('e');
    const sdh = new RemoteSessionDescriptionHandler(bridge, { callId: 'c2', direction: 'outbound', iceGatheringTimeoutMs: 300 });
    await sdh.getDescription({ hold: true } as never);
    await sdh.setDescription(NO_TE_SDP);
    expect(sent.find((r) => r.op === 'getDescription')?.args).toEqual({ options: { hold: true } });
    expect(sent.find((r) => r.op === 'setDescription')?.args).toEqual({ sdp: NO_TE_SDP, type: 'answer' });
    expect(sdh.dtmfNegotiated).toBe(false);
    expect(sdh.sendDtmf('1')).toBe(false);
  });

  it('RFC 4733 only at the audio codec clock: opus with telephone-event/8000 alone falls back to SIP INFO; PCMA and opus with /48000 keep it', async () => {
    // Chromium's offer: opus first, telephone-event at 48 and 8 kHz.
    const offer =
      'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 8 110 126\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:110 telephone-event/48000\r\na=rtpmap:126 telephone-event/8000\r\n';
    const answer = (pts: string, maps: string) => `v=0\r\nm=audio 4000 RTP/AVP ${pts}\r\n${maps}a=sendrecv\r\n`;
    const negotiated = async (remote: string): Promise<boolean> => {
      const { bridge } = setup((r) => (r.op === 'getDescription' ? { type: 'offer', sdp: offer } : {}));
      bridge.attach('e');
      const sdh = new RemoteSessionDescriptionHandler(bridge, { callId: 'c', direction: 'outbound', iceGatheringTimeoutMs: 300 });
      await sdh.getDescription();
      await sdh.setDescription(remote);
      return sdh.dtmfNegotiated;
    };
    // baresip's answer with opus: its events are 8 kHz only (the digits were lost over RTP).
    expect(await negotiated(answer('111 126', 'a=rtpmap:111 opus/48000/2\r\na=rtpmap:126 telephone-event/8000\r\n'))).toBe(false);
    expect(await negotiated(answer('8 126', 'a=rtpmap:8 PCMA/8000\r\na=rtpmap:126 telephone-event/8000\r\n'))).toBe(true);
    expect(await negotiated(answer('8 126', 'a=rtpmap:126 telephone-event/8000\r\n'))).toBe(true); // static PCMA without rtpmap
    expect(await negotiated(answer('111 110', 'a=rtpmap:111 opus/48000/2\r\na=rtpmap:110 telephone-event/48000\r\n'))).toBe(true);
    expect(await negotiated(answer('111', 'a=rtpmap:111 opus/48000/2\r\n'))).toBe(false);
  });

  it('fails getDescription fast when no engine is attached', async () => {
    const { bridge } = setup();
    const sdh = new RemoteSessionDescriptionHandler(bridge, { callId: 'c3', direction: 'inbound', iceGatheringTimeoutMs: 300 });
    await expect(sdh.setDescription(TE_SDP)).rejects.toThrow(MediaUnavailableError);
  });
});

describe('RemoteSessionDescriptionHandler: the answer prepared while it rings', () => {
  const OFFER = TE_SDP.replace('a=sendrecv', 'a=candidate:1 1 udp 2130706431 127.0.0.1 30000 typ host\r\na=sendrecv');

  it('prepare applies the offer with candidates held back and makes the answer; accept then costs no round trip, only commit', async () => {
    const { bridge, sent } = setup((r) => (r.op === 'getDescription' ? { type: 'answer', sdp: TE_SDP } : {}));
    bridge.attach('e');
    const sdh = new RemoteSessionDescriptionHandler(bridge, { callId: 'call-p', direction: 'inbound', iceGatheringTimeoutMs: 300 });
    await sdh.prepare(OFFER);
    expect(sdh.isPrepared).toBe(true);
    expect(sent.map((r) => [r.op, r.args])).toEqual([
      ['create', expect.objectContaining({ callId: 'call-p', direction: 'inbound' })],
      ['setDescription', { sdp: OFFER, type: 'offer', deferCandidates: true }],
      ['getDescription', { options: { hold: false } }],
    ]);
    const before = sent.length;
    // What sip.js does at accept(): the INVITE's offer, then the answer for the 200 OK.
    await sdh.setDescription(OFFER);
    const local = await sdh.getDescription({} as never);
    expect(local).toEqual({ body: TE_SDP, contentType: 'application/sdp' });
    expect(sent.slice(before).map((r) => r.op)).toEqual(['commit']);
    expect(sdh.dtmfNegotiated).toBe(true);
    // Used once: a later re-INVITE (hold) goes to the engine as usual.
    await sdh.getDescription({ hold: true } as never);
    expect(sent.at(-1)?.op).toBe('getDescription');
  });

  it('a preparation the engine fails rejects; it is never used for the answer', async () => {
    const { bridge } = setup((r) => (r.op === 'getDescription' ? new Error('NotReadableError: microphone') : {}));
    bridge.attach('e');
    const sdh = new RemoteSessionDescriptionHandler(bridge, { callId: 'call-f', direction: 'inbound', iceGatheringTimeoutMs: 300 });
    await expect(sdh.prepare(OFFER)).rejects.toThrow(/NotReadableError/);
    expect(sdh.isPrepared).toBe(false);
  });

  it('a window that reloaded since has lost the prepared peer connection: not prepared any more', async () => {
    const { bridge } = setup((r) => (r.op === 'getDescription' ? { type: 'answer', sdp: TE_SDP } : {}));
    bridge.attach('e');
    const sdh = new RemoteSessionDescriptionHandler(bridge, { callId: 'call-r', direction: 'inbound', iceGatheringTimeoutMs: 300 });
    await sdh.prepare(OFFER);
    bridge.attach('e2');
    expect(sdh.isPrepared).toBe(false);
  });

  it('closing while the engine prepares rejects with ClosedSdhError and sends close', async () => {
    let release: () => void = () => undefined;
    const { bridge, sent } = setup((r) => {
      if (r.op !== 'getDescription') return {};
      void new Promise<void>((res) => (release = res)).then(() =>
        bridge.reply({ engineId: 'e', reqId: r.reqId, ok: true, result: { type: 'answer', sdp: TE_SDP }, error: null }),
      );
      return null;
    });
    bridge.attach('e');
    const sdh = new RemoteSessionDescriptionHandler(bridge, { callId: 'call-c', direction: 'inbound', iceGatheringTimeoutMs: 300 });
    const p = sdh.prepare(OFFER);
    await vi.waitFor(() => expect(sent.some((r) => r.op === 'getDescription')).toBe(true));
    sdh.close(); // the caller hung up while it rang
    release();
    await expect(p).rejects.toThrow(ClosedSdhError);
    expect(sdh.isPrepared).toBe(false);
    expect(sent.at(-1)?.op).toBe('close');
  });

  it('refuses another offer than the prepared one (the answer would not match it)', async () => {
    const { bridge } = setup((r) => (r.op === 'getDescription' ? { type: 'answer', sdp: TE_SDP } : {}));
    bridge.attach('e');
    const sdh = new RemoteSessionDescriptionHandler(bridge, { callId: 'call-o', direction: 'inbound', iceGatheringTimeoutMs: 300 });
    await sdh.prepare(OFFER);
    await expect(sdh.setDescription(NO_TE_SDP)).rejects.toThrow(PreparedAnswerError);
  });
});

describe('NullSessionDescriptionHandler (headless signaling)', () => {
  it('answers an offer with valid PCMU + telephone-event SDP mirroring the direction', async () => {
    const sdh = new NullSessionDescriptionHandler();
    await sdh.setDescription(TE_SDP.replace('a=sendrecv', 'a=sendonly'));
    const { body } = await sdh.getDescription();
    expect(body).toMatch(/^v=0\r\no=- \d+ \d+ IN IP4 127\.0\.0\.1\r\n/);
    expect(body).toContain('m=audio 9 RTP/AVP 0 101\r\n');
    expect(body).toContain('a=rtpmap:101 telephone-event/8000');
    expect(body).toContain('a=recvonly');
  });
  it('offers sendonly on hold and sendrecv otherwise; DTMF goes as INFO', async () => {
    const sdh = new NullSessionDescriptionHandler();
    expect((await sdh.getDescription({ hold: true } as never)).body).toContain('a=sendonly');
    await sdh.setDescription(TE_SDP);
    expect((await sdh.getDescription({ hold: false } as never)).body).toContain('a=sendrecv');
    expect(sdh.sendDtmf()).toBe(false);
    sdh.close();
    await expect(sdh.getDescription()).rejects.toThrow(ClosedSdhError);
  });
});

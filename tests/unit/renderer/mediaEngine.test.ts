import { describe, expect, it } from 'vitest';
import type { MediaRequest } from '../../../src-shared/ipc/softphone';
import { createMediaEngine, type MediaReply } from '../../../src-renderer/media/engine';
import { createMicrophone } from '../../../src-renderer/media/microphone';
import { holdBackCandidates, unsignalSsrcs } from '../../../src-renderer/media/session';

/**
 * The engine's routing, without a peer connection (RTCPeerConnection itself is exercised in
 * Chromium by tests/e2e/softphone.spec.ts): whose requests it takes, what it answers for sids it
 * does not have, and that it attaches again after every reconnect.
 */
function harness() {
  const replies: MediaReply[] = [];
  const attached: string[] = [];
  let onRequest: ((r: MediaRequest) => void) | null = null;
  let onOpen: (() => void) | null = null;
  const engine = createMediaEngine({
    attach: async (id) => attached.push(id),
    reply: async (r) => replies.push(r),
    onRequest: (cb) => {
      onRequest = cb;
      return () => (onRequest = null);
    },
    onOpen: (cb) => {
      onOpen = cb;
      cb();
      return () => (onOpen = null);
    },
    mic: createMicrophone(() => Promise.reject(new Error('no microphone in node'))),
    newId: () => 'engine-1',
  });
  const send = (r: Partial<MediaRequest> & Pick<MediaRequest, 'op' | 'sid'>) =>
    onRequest?.({ engineId: 'engine-1', reqId: replies.length + 1, args: {}, ...r });
  return { engine, replies, attached, send, reopen: () => onOpen?.(), settled: () => new Promise((r) => setTimeout(r, 0)) };
}

describe('media engine', () => {
  it('attaches with its id at start and again after each reconnect', () => {
    const h = harness();
    expect(h.attached).toEqual(['engine-1']);
    h.reopen();
    expect(h.attached).toEqual(['engine-1', 'engine-1']);
  });
  it('ignores requests addressed to another window', async () => {
    const h = harness();
    h.send({ engineId: 'other', op: 'getDescription', sid: 's1' });
    await h.settled();
    expect(h.replies).toEqual([]);
  });
  it('answers every op on an unknown sid with an error, once', async () => {
    const h = harness();
    h.send({ op: 'setDescription', sid: 'nope', reqId: 7, args: { sdp: 'v=0', type: 'offer' } });
    await h.settled();
    expect(h.replies).toEqual([{ engineId: 'engine-1', reqId: 7, ok: false, result: null, error: 'unknown media session nope' }]);
  });
  it('a preparation (create with prepare) waits one task, so the screen pop renders first; its ops keep their order', async () => {
    const h = harness();
    h.send({ op: 'create', sid: 'p1', reqId: 1, args: { callId: 'c1', prepare: true } });
    h.send({ op: 'setDescription', sid: 'p1', reqId: 2, args: { sdp: 'v=0', type: 'offer', deferCandidates: true } });
    await Promise.resolve();
    await Promise.resolve();
    expect(h.replies).toEqual([]); // nothing built within the pop's task
    await h.settled();
    // Node has no RTCPeerConnection: the create fails, then the op after it finds no session.
    expect(h.replies.map((r) => [r.reqId, r.ok, r.error?.split(':')[0]])).toEqual([
      [1, false, 'cannot create a peer connection'],
      [2, false, 'unknown media session p1'],
    ]);
  });
  it('stops listening when stopped', async () => {
    const h = harness();
    h.engine.stop();
    h.send({ op: 'close', sid: 's1' });
    await h.settled();
    expect(h.replies).toEqual([]);
    await expect(h.engine.stats()).resolves.toEqual([]);
  });
});

describe('an answer prepared while it rings holds the remote candidates back', () => {
  const OFFER = [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'm=audio 30000 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 127.0.0.1',
    'a=candidate:1 1 UDP 2130706431 127.0.0.1 30000 typ host',
    'a=candidate:2 1 UDP 2130706175 10.0.0.5 30000 typ host',
    'a=end-of-candidates',
    'a=mid:0',
    'a=sendrecv',
    'm=audio 30002 UDP/TLS/RTP/SAVPF 111',
    'a=mid:1',
    'a=candidate:3 1 UDP 2130706431 127.0.0.1 30002 typ host',
    '',
  ].join('\r\n');

  it('takes every candidate out with its m-section (mid even when it comes after them) and keeps the rest', () => {
    const { sdp, candidates } = holdBackCandidates(OFFER);
    expect(sdp).not.toMatch(/a=candidate|a=end-of-candidates/);
    expect(sdp).toContain('a=mid:0\r\na=sendrecv\r\nm=audio 30002');
    expect(sdp.endsWith('\r\n')).toBe(true);
    expect(candidates).toEqual([
      { candidate: 'candidate:1 1 UDP 2130706431 127.0.0.1 30000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
      { candidate: 'candidate:2 1 UDP 2130706175 10.0.0.5 30000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
      { candidate: 'candidate:3 1 UDP 2130706431 127.0.0.1 30002 typ host', sdpMid: '1', sdpMLineIndex: 1 },
    ]);
  });
});

describe("the far end's SSRC is not pinned (it changes from an announcement to the phone)", () => {
  it('drops a=ssrc and a=ssrc-group lines and keeps everything else, line endings included', () => {
    const sdp = [
      'v=0',
      'o=- 1 2 IN IP4 127.0.0.1',
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 40000 UDP/TLS/RTP/SAVPF 8 101',
      'a=mid:0',
      'a=rtpmap:8 PCMA/8000',
      'a=ssrc-group:FID 1 2',
      'a=ssrc:1936050025 cname:sip:2002@127.0.0.1',
      'a=sendrecv',
      '',
    ].join('\r\n');
    const out = unsignalSsrcs(sdp);
    expect(out).not.toMatch(/a=ssrc/);
    expect(out).toBe(sdp.replace('a=ssrc-group:FID 1 2\r\n', '').replace('a=ssrc:1936050025 cname:sip:2002@127.0.0.1\r\n', ''));
    expect(unsignalSsrcs('v=0\nm=audio 1 RTP/AVP 0\na=ssrc:5 cname:x\na=sendrecv\n')).toBe('v=0\nm=audio 1 RTP/AVP 0\na=sendrecv\n');
  });
});

import { describe, expect, it } from 'vitest';
import type { MediaRequest } from '../../../src-shared/ipc/softphone';
import { createMediaEngine, type MediaReply } from '../../../src-renderer/media/engine';
import { createMicrophone } from '../../../src-renderer/media/microphone';

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
  it('stops listening when stopped', async () => {
    const h = harness();
    h.engine.stop();
    h.send({ op: 'close', sid: 's1' });
    await h.settled();
    expect(h.replies).toEqual([]);
    await expect(h.engine.stats()).resolves.toEqual([]);
  });
});

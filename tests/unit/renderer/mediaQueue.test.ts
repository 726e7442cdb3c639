import { describe, expect, it } from 'vitest';
import { createSerialQueue, SessionClosedError } from '../../../src-renderer/media/queue';
import { DEFAULT_GATHER_TIMEOUT_MS, isUdpCandidate } from '../../../src-renderer/media/gather';
import { parseOutputPrefs } from '../../../src-renderer/media/devices';
import { classifyMicError } from '../../../src-renderer/media/microphone';
import { peerConfig } from '../../../src-renderer/media/session';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('media session queue', () => {
  it('runs the ops of one sid strictly in arrival order, even when an earlier one is slower', async () => {
    const q = createSerialQueue('s1');
    const order: string[] = [];
    const a = q.run(async () => {
      await tick(20);
      order.push('setDescription');
    });
    const b = q.run(() => {
      order.push('getDescription');
    });
    const c = q.run(() => order.push('mute'));
    await Promise.all([a, b, c]);
    expect(order).toEqual(['setDescription', 'getDescription', 'mute']);
  });
  it('a failed op does not block the next one', async () => {
    const q = createSerialQueue('s1');
    const bad = q.run(() => Promise.reject(new Error('bad sdp')));
    const next = q.run(() => 'closed fine');
    await expect(bad).rejects.toThrow('bad sdp');
    await expect(next).resolves.toBe('closed fine');
  });
  it('refuses ops after close, including ones queued before it that had not started', async () => {
    const q = createSerialQueue('s1');
    const slow = q.run(() => tick(10));
    const queued = q.run(() => 'never');
    await tick(); // the slow op has started
    q.close();
    const outcome = queued.then(
      () => 'ran',
      (e: unknown) => e,
    );
    await slow;
    expect(await outcome).toBeInstanceOf(SessionClosedError);
    await expect(q.run(() => 'late')).rejects.toThrow('media session s1 is closed');
    expect(q.closed).toBe(true);
  });
});

describe('media engine helpers', () => {
  it('LAN defaults: no STUN, never max-bundle (sip-rig pitfall 7), rtcp-mux', () => {
    expect(peerConfig(undefined)).toEqual({ iceServers: [], bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' });
    expect(peerConfig({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' }).bundlePolicy).toBe('balanced');
    const stun = [{ urls: 'stun:stun.example.org' }];
    expect(peerConfig({ iceServers: stun }).iceServers).toEqual(stun);
  });
  it('bounded ICE gathering stops after the first UDP candidate', () => {
    expect(DEFAULT_GATHER_TIMEOUT_MS).toBeLessThanOrEqual(300);
    expect(isUdpCandidate({ protocol: 'udp' })).toBe(true);
    expect(isUdpCandidate({ protocol: 'tcp' })).toBe(false);
    expect(isUdpCandidate({ candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host' })).toBe(true);
    expect(isUdpCandidate({ candidate: 'candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active' })).toBe(false);
    expect(isUdpCandidate(null)).toBe(false);
  });
  it('output device preferences survive garbage in localStorage', () => {
    expect(parseOutputPrefs(null)).toEqual({ ring: null, voice: null });
    expect(parseOutputPrefs('{"ring":"spk-1","voice":"hs-2"}')).toEqual({ ring: 'spk-1', voice: 'hs-2' });
    expect(parseOutputPrefs('{"ring":5,"voice":""}')).toEqual({ ring: null, voice: null });
    expect(parseOutputPrefs('not json')).toEqual({ ring: null, voice: null });
  });
  it('tells a denied microphone from a missing one', () => {
    const err = (name: string) => Object.assign(new Error('x'), { name });
    expect(classifyMicError(err('NotAllowedError'))).toMatchObject({ kind: 'failed', reason: 'denied' });
    expect(classifyMicError(err('NotFoundError'))).toMatchObject({ kind: 'failed', reason: 'no-device' });
    expect(classifyMicError(err('AbortError'))).toMatchObject({ kind: 'failed', reason: 'error' });
  });
});

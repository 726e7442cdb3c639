/**
 * The answer prepared while the call rings (issue 11 item 5), through the real console host:
 * sipp -> Kamailio -> the host's sip.js UA, media on, and a scripted media engine attached through
 * the contract (`media:attach`, `media:request` events, `media:reply` requests) as the renderer's
 * would be. What the renderer does with a prepared peer connection in Chromium is covered by
 * tests/e2e/softphone-prepare.spec.ts; here: which ops reach the engine, when, and that every
 * preparation ends in `close` when the call stops ringing without being answered.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../../sip-rig/rig';
import { describeSipp, startSipp, type SippHandle, type SippOptions } from '../../sip-rig/sippRunner';
import { until } from '../../helpers/until';
import { nullSdp } from '../../../src-main/softphone/sdh';
import type { MediaRequest } from '../../../src-shared/ipc/softphone';
import { accountFor, settle, startConsole, type Console } from './console';

type Engine = {
  readonly ops: MediaRequest[];
  /** The ops one sid received, in order. */
  opsOf(sid: string): string[];
  /** The sids the host created for a call (the host's call id), in order. */
  sidsOf(callId: string): string[];
  /** Fail the getDescription of preparations (a microphone that will not open while it rings). */
  failPrepare: boolean;
};

/** A media engine on the contract: answers every request once, with a plain-RTP answer SDP. */
function attachEngine(c: Console, engineId: string): Engine {
  const ops: MediaRequest[] = [];
  const deferred = new Set<string>();
  const e: Engine = {
    ops,
    failPrepare: false,
    opsOf: (sid) => ops.filter((r) => r.sid === sid).map((r) => r.op),
    sidsOf: (callId) => ops.filter((r) => r.op === 'create' && r.args.callId === callId).map((r) => r.sid),
  };
  c.host.events.subscribe((event, payload) => {
    if (event !== 'media:request') return;
    const r = payload as MediaRequest;
    if (r.engineId !== engineId) return;
    ops.push(r);
    if (r.op === 'setDescription' && r.args.deferCandidates === true) deferred.add(r.sid);
    const fail = r.op === 'getDescription' && e.failPrepare && deferred.has(r.sid);
    const result = r.op === 'getDescription' ? { type: 'answer', sdp: nullSdp('sendrecv') } : {};
    queueMicrotask(() => {
      void c.host.dispatch(
        'media:reply',
        fail
          ? { engineId, reqId: r.reqId, ok: false, result: null, error: 'NotReadableError: Could not start audio source' }
          : { engineId, reqId: r.reqId, ok: true, result, error: null },
        { transport: 'web' },
      );
    });
  });
  return e;
}

describe('the answer prepared while it rings (media on, scripted engine)', () => {
  let rig: Rig;
  let c: Console;
  let engine: Engine;
  beforeAll(async () => {
    rig = await startRig();
    c = await startConsole({ rig });
    await c.call('softphone:saveAccount', { account: { ...accountFor(rig), nullMedia: false }, password: null });
    await c.waitStatus('registered', { since: c.mark() - 1, timeoutMs: 10_000 });
    engine = attachEngine(c, 'engine-test');
    await c.call('media:attach', { engineId: 'engine-test' });
  });
  afterAll(async () => {
    c?.close();
    await rig?.stop();
  });
  const running: SippHandle[] = [];
  afterEach(async () => {
    engine.failPrepare = false;
    for (const h of running.splice(0)) await h.kill();
    await settle(c);
  });

  const caller = async (scenario: string, o: Partial<SippOptions> = {}): Promise<SippHandle> => {
    const h = await startSipp({ scenario, remote: `127.0.0.1:${rig.udpPort}`, service: '1001', ...o });
    running.push(h);
    return h;
  };
  const ringing = (since: number, not: string[] = []) =>
    c.waitCall((x) => x.direction === 'inbound' && x.state === 'ringing' && !not.includes(x.id), { since, timeoutMs: 10_000 });
  const prepared = (callId: string) =>
    until(`answer of ${callId} prepared`, () => engine.sidsOf(callId).some((s) => engine.opsOf(s).includes('getDescription')));
  const closed = (sid: string) => until(`${sid} closed`, () => engine.opsOf(sid).includes('close'));

  it('prepares while it rings (offer with candidates held back, answer made), and the caller cancelling closes it', async () => {
    const mark = c.mark();
    const sipp = await caller('uac-cancel.xml', { pauseMs: 1500 });
    const ring = await ringing(mark);
    await prepared(ring.id);
    const [sid] = engine.sidsOf(ring.id);
    expect(engine.opsOf(sid!)).toEqual(['create', 'setDescription', 'getDescription']);
    expect(engine.ops.find((r) => r.sid === sid && r.op === 'setDescription')?.args).toMatchObject({ type: 'offer', deferCandidates: true });
    const ended = await c.waitCall((x) => x.id === ring.id && x.state === 'ended', { since: mark, timeoutMs: 10_000 });
    expect(ended.outcome).toMatch(/^(missed|cancelled)$/);
    await closed(sid!);
    expect(engine.opsOf(sid!)).toEqual(['create', 'setDescription', 'getDescription', 'close']);
    expect(engine.sidsOf(ring.id)).toHaveLength(1);
    const res = await sipp.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
  });

  it('two calls ringing: each prepared; the one answered uses its preparation (no media round trip at the click), the other is closed when its caller gives up', async () => {
    const mark = c.mark();
    const a = await caller('uac-bye.xml', { pauseMs: 300 });
    const ringA = await ringing(mark);
    const b = await caller('uac-cancel.xml', { pauseMs: 1500, keys: { callerid: '+74951234567', callername: 'Second' } });
    const ringB = await ringing(mark, [ringA.id]);
    await prepared(ringA.id);
    await prepared(ringB.id);
    const [sidA] = engine.sidsOf(ringA.id);
    const [sidB] = engine.sidsOf(ringB.id);
    expect(sidA).not.toBe(sidB);

    const before = engine.opsOf(sidA!).length;
    const answered = await c.call('calls:answer', { callId: ringA.id });
    expect(answered.state).toBe('active');
    // The 200 OK went out with the prepared answer: only `commit` (candidates handed over) followed.
    expect(engine.opsOf(sidA!).slice(before)).toEqual(['commit']);
    expect(engine.sidsOf(ringA.id)).toEqual([sidA]);

    await c.waitCall((x) => x.id === ringB.id && x.state === 'ended', { since: mark, timeoutMs: 10_000 });
    await closed(sidB!);
    expect(engine.opsOf(sidB!)).not.toContain('commit');
    await c.waitCall((x) => x.id === ringA.id && x.state === 'ended', { since: mark, timeoutMs: 10_000 });
    await closed(sidA!);
    for (const h of [a, b]) {
      const res = await h.waitExit();
      expect(res.exitCode, describeSipp(res)).toBe(0);
    }
  });

  it('the operator declining a prepared call closes its preparation', async () => {
    const mark = c.mark();
    await caller('uac-reject.xml');
    const ring = await ringing(mark);
    await prepared(ring.id);
    await c.call('calls:decline', { callId: ring.id });
    await closed(engine.sidsOf(ring.id)[0]!);
  });

  it('a preparation that failed (microphone) is closed and the answer takes the normal path on a new peer connection', async () => {
    engine.failPrepare = true;
    const mark = c.mark();
    const sipp = await caller('uac-bye.xml', { pauseMs: 300 });
    const ring = await ringing(mark);
    await until('preparation tried', () => engine.sidsOf(ring.id).length > 0);
    await closed(engine.sidsOf(ring.id)[0]!);
    engine.failPrepare = false;
    const answered = await c.call('calls:answer', { callId: ring.id });
    expect(answered.state).toBe('active');
    const sids = engine.sidsOf(ring.id);
    expect(sids).toHaveLength(2);
    expect(engine.opsOf(sids[1]!).slice(0, 3)).toEqual(['create', 'setDescription', 'getDescription']);
    expect(engine.ops.find((r) => r.sid === sids[1] && r.op === 'setDescription')?.args.deferCandidates).toBeUndefined();
    const res = await sipp.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
    expect(res.log).toContain('BYE-ANSWERED 200');
  });
});

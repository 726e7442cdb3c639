/**
 * Backpressure of browser mode's WebSocket: a client that stops reading grew
 * the host from 124 to 878 MB in 20 s and slowed every other seat. Against the real host in a
 * child process: the slow client is closed with WS_CLOSE.slowConsumer, the host's memory stays
 * bounded and comes back, another client is answered meanwhile; and one connection cannot have
 * more than MAX_IN_FLIGHT requests in the works. The bounds here are safety bounds, not speed targets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_IN_FLIGHT, WS_CLOSE } from '../../../src-shared/ipc/socket';
import { RawWs, WsClient, rssMb, startWebHost, until, type WebHostChild } from './webHost';

/** A surname prefix that finds dozens of demo contracts: a reply of ~17 KB. */
const BIG = { query: 'к', limit: 200 };

describe('browser-mode WebSocket backpressure', () => {
  let host: WebHostChild | null = null;
  afterEach(async () => {
    await host?.stop();
    host = null;
  });

  it('a client that stops reading is closed with the slow-consumer code; memory stays bounded and comes back; others are served meanwhile', async () => {
    host = await startWebHost({ demo: true });
    const h = host;
    const good = await WsClient.open(h);
    await until('the demo directory', async () => {
      const s = await good.call('directory:status', {});
      return s.ok && (s.value as { contracts: number }).contracts > 0;
    });
    const sample = await good.call('directory:search', BIG);
    expect(sample.ok).toBe(true);
    expect(JSON.stringify(sample).length).toBeGreaterThan(10_000);
    for (let i = 0; i < 20; i++) await good.call('directory:search', BIG); // warm up before the baseline
    const baseline = rssMb(h.pid);

    // The slow client: its socket is paused, so nothing it is sent gets read.
    const slow = await WsClient.open(h);
    slow.ws.pause();
    let peak = baseline;
    let sent = 0;
    let goodAnswers = 0;
    const dropped = () => h.output().includes('stopped reading');
    const deadline = Date.now() + 30_000;
    while (!dropped() && Date.now() < deadline && sent < 40_000) {
      // Batches under the in-flight bound, so the answers are the big ones, not BUSY.
      for (let i = 0; i < 32 && slow.ws.readyState === WebSocket.OPEN; i++, sent++) slow.send('directory:search', BIG);
      const r = await good.call('directory:search', BIG);
      expect(r.ok).toBe(true);
      goodAnswers++;
      peak = Math.max(peak, rssMb(h.pid));
    }
    expect(dropped()).toBe(true);
    expect(goodAnswers).toBeGreaterThan(0);

    // The close frame waits behind what was queued: reading again delivers it, with its code.
    slow.ws.resume();
    await until('the slow client to see its close', () => slow.closeCode !== null);
    expect(slow.closeCode).toBe(WS_CLOSE.slowConsumer);

    // The well-behaved client is still served, the host still alive.
    expect(await good.call('app:info', {})).toMatchObject({ ok: true });
    expect(h.alive()).toBe(true);
    peak = Math.max(peak, rssMb(h.pid));
    const growth = peak - baseline;
    expect(growth).toBeLessThan(150);
    let after = rssMb(h.pid);
    await until(
      'the host memory to come back near its baseline',
      () => {
        after = rssMb(h.pid);
        return after < baseline + 64;
      },
      30_000,
    );
    console.log(
      `websocket backpressure: ${sent} requests from the slow client, ${goodAnswers} answers to the other; RSS ${baseline.toFixed(0)} MB → peak ${peak.toFixed(0)} MB (+${growth.toFixed(0)}) → ${after.toFixed(0)} MB after the close`,
    );
    good.close();
  }, 90_000);

  it('host events count against the same bound: a client that only listens and stops reading is dropped, the others keep their events', async () => {
    host = await startWebHost();
    const h = host;
    const actor = await WsClient.open(h);
    const listener = await WsClient.open(h);
    let heard = 0;
    listener.ws.on('message', () => heard++);
    const deaf = await WsClient.open(h);
    deaf.ws.pause();
    const list = (await actor.call('profiles:list', {})).value as { activeId: string; profiles: { id: string }[] };
    // Resetting a profile that is not the active one changes no SLA clock: a cheap change to repeat.
    const other = list.profiles.find((p) => p.id !== list.activeId)?.id;
    expect(other).toBeDefined();
    const dropped = () => h.output().includes('stopped reading');
    let changes = 0;
    const deadline = Date.now() + 40_000;
    while (!dropped() && Date.now() < deadline) {
      // Each change sends every connection a profiles:changed event of a few KB.
      const batch = Array.from({ length: 32 }, () => (changes++, actor.call('profiles:reset', { id: other })));
      for (const r of await Promise.all(batch)) expect(r.ok).toBe(true);
    }
    expect(dropped()).toBe(true);
    const heardBefore = heard;
    expect(heardBefore).toBeGreaterThan(0);
    deaf.ws.resume();
    await until('the deaf client to see its close', () => deaf.closeCode !== null);
    expect(deaf.closeCode).toBe(WS_CLOSE.slowConsumer);
    // Its subscription is gone with it, the others still hear every change.
    expect(await actor.call('profiles:reset', { id: other })).toMatchObject({ ok: true });
    await until('the listener to hear the next change', () => heard > heardBefore);
    expect(h.alive()).toBe(true);
    console.log(`websocket backpressure (events): ${changes} profile changes until the deaf client was dropped`);
    actor.close();
    listener.close();
  }, 90_000);

  it(`one connection has at most ${MAX_IN_FLIGHT} requests in flight; past that it is answered BUSY at once and stays usable`, async () => {
    host = await startWebHost();
    const raw = await RawWs.open(host);
    const n = MAX_IN_FLIGHT * 4;
    // All frames in one TCP write, so the host reads them together and starts them together.
    raw.sendAll(Array.from({ length: n }, (_, i) => JSON.stringify({ id: i + 1, channel: 'profiles:list', input: {} })));
    await until(`${n} answers`, () => raw.replies.size >= n);
    const codes = [...raw.replies.values()];
    const busy = codes.filter((c) => c === 'BUSY').length;
    const ok = codes.filter((c) => c === 'ok').length;
    expect(raw.replies.size).toBe(n); // each request answered exactly once
    expect(ok + busy).toBe(n);
    expect(busy).toBeGreaterThan(0);
    expect(ok).toBeGreaterThanOrEqual(MAX_IN_FLIGHT);
    // Nothing was queued behind the refusals: the same connection answers the next request.
    raw.sendAll([JSON.stringify({ id: 'after', channel: 'app:info', input: {} })]);
    await until('the answer after the burst', () => raw.replies.has('after'));
    expect(raw.replies.get('after')).toBe('ok');
    console.log(`websocket in-flight bound: ${n} requests in one write → ${ok} answered, ${busy} BUSY`);
    raw.close();
  });
});

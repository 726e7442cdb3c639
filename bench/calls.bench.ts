/**
 * `npm run bench:calls -- [--calls N]`: the softphone's latency and stability against the
 * project's loopback PBX (tests/sip-rig: Kamailio + sipp), null media (signaling only).
 *
 * 1. FLOOR: a bare sip.js UA (tests/sip-rig/bareUa.ts) registered on the same rig, answering
 *    from a plain Invitation handler: no host, no database, no events. The same sipp caller.
 * 2. HOST: the real console host (createHost, demo directory, SQLite file) registered as 1001;
 *    sipp calls it N times in a row (one call at a time); for each call the bench answers through
 *    the contract (`calls:answer`), hangs up (`calls:hangup`) once sipp's ACK has arrived (a BYE
 *    overtaking the 200 would fail sipp's scenario) and wraps up (`calls:wrapUp`).
 *    - pop: the INVITE arriving on the host's WebSocket -> `calls:state` with the call ringing
 *      (caller ID looked up, log row written, event emitted); also from sipp's send (via Kamailio);
 *    - answer: `calls:answer` dispatched -> the 200 OK leaving on the WebSocket; also -> sipp has it.
 *    With null media no renderer round trip is inside "answer"; with media the engine's
 *    getDescription adds ~20 ms (../shared/sip-rig sdh-bridge measured 23 ms answer -> 200 OK).
 * 3. RE-REGISTER: Kamailio's process group SIGKILLed and started again on the same ports; time from
 *    the kill to `softphone:status` registered (default backoff), then one more call must ring.
 * 4. END TO END (skipped with --no-browser; --browser-calls N, default 20): bench/callsBrowser.ts,
 *    the built renderer in Chromium with real media through rtpengine: INVITE -> the Answer
 *    button in the DOM (split into host, transport and renderer time), and the click -> 200 OK.
 *    The click comes --reaction-ms (default 300) after the button appears, as an operator's
 *    would: the answer is prepared while it rings (media engine, microphone, peer connection and
 *    candidates), so the click only sends the 200 OK; --reaction-ms 0 clicks at once. The JSON's pop_p99_ms / answer_to_200ok_p99_ms
 *    are these end-to-end figures when Chromium ran (pop_measured: 'dom'), else the host's.
 * 5. STABILITY: RSS and JS heap (after GC) and active handles before and after the N calls,
 *    both taken at a quiet moment (sip.js holds each finished transaction for up to 32 s: the
 *    bench waits for those timers to drain, ~30 s, so the two snapshots compare like with like).
 * BENCH_VERBOSE=1 prints the phases with their times on stderr.
 * Prints a table with ratios to the floor and to the targets, then one JSON object as the last line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import type { Invitation } from 'sip.js';
import { SessionState } from 'sip.js';
import { createHost, type Host } from '../src-main/host';
import type { CallsSnapshot } from '../src-main/calls/service';
import { startRig, type Rig } from '../tests/sip-rig/rig';
import { describeSipp, startSipp, type SippHandle } from '../tests/sip-rig/sippRunner';
import { startBareUa } from '../tests/sip-rig/bareUa';
import { browserRun, type BrowserResult, type BrowserSample } from './callsBrowser';
import { BenchError, is200Invite, isInitialInvite, pct, r2, sippWire, tapWebSockets, untilAcked, wallNow, wire, withSipp, type Sample } from './sipWire';

// --- floor: bare sip.js UA ---------------------------------------------------------------------
async function floorRun(rig: Rig, warmup: number, calls: number): Promise<Sample[]> {
  let samples: Sample[] = [];
  const ua = await startBareUa({
    wsUri: rig.wsUri,
    user: '2001',
    onInvite: (inv: Invitation) => {
      const t = wallNow();
      const callId = inv.request.callId;
      const arrived = [...wire].reverse().find((w) => w.dir === 'in' && w.callId === callId && isInitialInvite(w));
      const answerStart = wallNow();
      inv.stateChange.addListener((s) => {
        // The BYE waits for sipp's ACK, as the host's does (untilAcked).
        if (s === SessionState.Established)
          untilAcked(callId)
            .then(() => inv.bye())
            .catch((err: unknown) => console.error('floor BYE', err));
      });
      void inv.accept().then(() => {
        const ok = wire.find((w) => w.dir === 'out' && w.callId === callId && is200Invite(w));
        samples.push({
          callId,
          popMs: arrived ? t - arrived.t : Number.NaN,
          popWireMs: null,
          answerMs: ok ? ok.t - answerStart : Number.NaN,
          answerAtSippMs: null,
          answerStart,
        });
      });
    },
  });
  try {
    for (const n of [warmup, calls]) {
      samples = [];
      const sipp = await startSipp({
        scenario: 'uac-call.xml',
        remote: `127.0.0.1:${rig.udpPort}`,
        service: '2001',
        calls: n,
        limit: 1,
        rate: 100,
        timeoutS: 120,
      });
      const res = await sipp.waitExit(180_000);
      if (res.exitCode !== 0) throw new BenchError(`floor sipp run failed:\n${describeSipp(res)}`);
      withSipp(samples, sippWire(res.messages));
    }
  } finally {
    await ua.stop();
  }
  return samples;
}

// --- the console host ---------------------------------------------------------------------------
type HostCtx = { host: Host; dir: string; statusAt: (state: string, since: number) => Promise<number> };

async function openHost(rig: Rig): Promise<HostCtx> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-calls-'));
  const host = createHost({ dataDir: dir, transport: 'web', log: pino({ level: 'silent' }), demo: true });
  await host.ready;
  const statuses: { state: string; t: number }[] = [];
  host.events.subscribe((event, payload) => {
    if (event === 'softphone:status') statuses.push({ state: (payload as { state: string }).state, t: wallNow() });
  });
  const statusAt = async (state: string, since: number): Promise<number> => {
    const deadline = performance.now() + 30_000;
    for (;;) {
      const s = statuses.find((x) => x.t >= since && x.state === state);
      if (s) return s.t;
      if (performance.now() > deadline) throw new BenchError(`softphone never reached ${state}: ${JSON.stringify(statuses.slice(-5))}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const t0 = wallNow();
  await must(host, 'softphone:saveAccount', {
    account: { wsUri: rig.wsUri, sipUri: 'sip:1001@127.0.0.1', authUser: '1001', displayName: 'Оператор', whenBusy: 'busy-486', nullMedia: true },
    password: null,
  });
  await must(host, 'softphone:register', {});
  await statusAt('registered', t0);
  return { host, dir, statusAt };
}

async function must(host: Host, channel: string, input: unknown): Promise<unknown> {
  const r = await host.dispatch(channel, input, { transport: 'web' });
  if (!r.ok) throw new BenchError(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** Runs `calls` inbound calls through the host, one at a time; resolves with per-call samples. */
async function hostRun(rig: Rig, h: HostCtx, calls: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const seen = new Set<string>();
  let failure: unknown = null;
  let chain = Promise.resolve();
  const off = h.host.events.subscribe((event, payload) => {
    if (event !== 'calls:state') return;
    const t = wallNow();
    for (const c of (payload as CallsSnapshot).calls) {
      if (c.state !== 'ringing' || seen.has(c.id)) continue;
      seen.add(c.id);
      const arrived = [...wire].reverse().find((w) => w.dir === 'in' && isInitialInvite(w));
      const callId = arrived?.callId ?? '';
      const popMs = arrived ? t - arrived.t : Number.NaN;
      // Answer after the event handler returns, as a renderer click would (a later task).
      chain = chain.then(async () => {
        try {
          const answerStart = wallNow();
          await must(h.host, 'calls:answer', { callId: c.id });
          const ok = wire.find((w) => w.dir === 'out' && w.callId === callId && is200Invite(w));
          samples.push({ callId, popMs, popWireMs: null, answerMs: ok ? ok.t - answerStart : Number.NaN, answerAtSippMs: null, answerStart });
          await untilAcked(callId);
          await must(h.host, 'calls:hangup', { callId: c.id });
          await must(h.host, 'calls:wrapUp', { callId: c.id, code: null, note: null });
        } catch (err) {
          failure = err;
        }
      });
    }
  });
  let sipp: SippHandle | null = null;
  try {
    sipp = await startSipp({ scenario: 'uac-call.xml', remote: `127.0.0.1:${rig.udpPort}`, service: '1001', calls, limit: 1, rate: 100, timeoutS: 120 });
    const res = await sipp.waitExit(180_000);
    await chain;
    if (failure) throw failure;
    if (res.exitCode !== 0 || res.stats.successful !== calls) throw new BenchError(`host sipp run failed:\n${describeSipp(res)}`);
    withSipp(samples, sippWire(res.messages));
  } finally {
    off();
    await sipp?.kill();
  }
  return samples;
}

type Memory = { rssMb: number; heapMb: number; handles: number; timers: number; kinds: Record<string, number> };
/** RSS after GC; active handles split into timers and the rest (sockets, pipes, processes). */
function memory(gc: () => void): Memory {
  for (let i = 0; i < 3; i++) gc();
  const kinds: Record<string, number> = {};
  for (const k of process.getActiveResourcesInfo()) kinds[k] = (kinds[k] ?? 0) + 1;
  const timers = kinds.Timeout ?? 0;
  const m = process.memoryUsage();
  return { rssMb: m.rss / 1e6, heapMb: m.heapUsed / 1e6, handles: process.getActiveResourcesInfo().length - timers, timers, kinds };
}

/**
 * sip.js keeps per-transaction timers for up to 32 s after a call (RFC 3261 Timer H/J style):
 * they are not a leak. Waits until the timer count is back to `baseline` (or 40 s) and returns it.
 */
async function settledTimers(baseline: number): Promise<{ timers: number; waitedS: number }> {
  const t0 = performance.now();
  for (;;) {
    const timers = process.getActiveResourcesInfo().filter((k) => k === 'Timeout').length;
    const waitedS = (performance.now() - t0) / 1000;
    // 1 timer is this loop's own sleep.
    if (timers - 1 <= baseline || waitedS > 40) return { timers: timers - 1, waitedS };
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--calls');
  const calls = i >= 0 ? Number(argv[i + 1]) : 50;
  if (!Number.isInteger(calls) || calls < 5) throw new BenchError('--calls needs a whole number >= 5');
  const j = argv.indexOf('--browser-calls');
  const browserCalls = argv.includes('--no-browser') ? 0 : j >= 0 ? Number(argv[j + 1]) : 20;
  if (!Number.isInteger(browserCalls) || browserCalls < 0) throw new BenchError('--browser-calls needs a whole number');
  const k = argv.indexOf('--reaction-ms');
  const reactionMs = k >= 0 ? Number(argv[k + 1]) : 300;
  if (!Number.isInteger(reactionMs) || reactionMs < 0) throw new BenchError('--reaction-ms needs a whole number of milliseconds');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  tapWebSockets();

  const T0 = performance.now();
  const phase = (name: string): void => {
    if (process.env.BENCH_VERBOSE) console.error(`[bench] ${((performance.now() - T0) / 1000).toFixed(1)} s ${name}`);
  };
  const rig = await startRig();
  let h: HostCtx | null = null;
  try {
    const floor = await floorRun(rig, 10, calls);
    phase('floor done');
    h = await openHost(rig);
    const idle = memory(gc); // registered, no call yet: the timers a quiet console keeps
    await hostRun(rig, h, 10); // warm-up: JIT, prepared statements, first-call costs
    // Memory is compared between two quiet moments: sip.js keeps each finished transaction (and
    // what its timer closes over) for up to 32 s, which is not growth.
    await settledTimers(idle.timers);
    phase('warm-up done');
    wire.length = 0; // the bench's own trace must not count as the host's memory
    const before = memory(gc);
    const host = await hostRun(rig, h, calls);
    const rightAfter = memory(gc);
    phase('host calls done');
    const settled = await settledTimers(idle.timers);
    wire.length = 0;
    const after = memory(gc);
    phase('timers settled');

    // PBX crash while registered -> registered again, then one call must ring.
    const kill = wallNow();
    await rig.crash();
    await rig.restart();
    const restarted = wallNow();
    const again = await h.statusAt('registered', kill);
    const reregisterS = (again - kill) / 1000;
    const afterCrash = await hostRun(rig, h, 1);
    if (afterCrash.length !== 1) throw new BenchError('no call was offered after re-registration');
    phase('re-registered, one more call done');
    // Last, so Chromium's and the web server's allocations do not blur the memory figures above.
    const browser: BrowserResult =
      browserCalls > 0 ? await browserRun(browserCalls, 3, reactionMs) : { samples: [], skipped: '--no-browser', prepared: { used: 0, calls: 0 } };
    phase(`browser done${browser.skipped ? ` (skipped: ${browser.skipped})` : ''}`);

    const col = (xs: Sample[], k: keyof Sample): number[] => xs.map((s) => s[k]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    const stat = (xs: Sample[], k: keyof Sample) => ({ p50: pct(col(xs, k), 50), p99: pct(col(xs, k), 99) });
    const pop = stat(host, 'popMs');
    const popWire = stat(host, 'popWireMs');
    const ans = stat(host, 'answerMs');
    const ansSipp = stat(host, 'answerAtSippMs');
    const fPop = stat(floor, 'popMs');
    const fPopWire = stat(floor, 'popWireMs');
    const fAns = stat(floor, 'answerMs');
    const fAnsSipp = stat(floor, 'answerAtSippMs');
    const rssGrowth = after.rssMb - before.rssMb;
    const handleGrowth = after.handles - before.handles;

    const f = (x: number): string => x.toFixed(2).padStart(8);
    console.log(`calls bench: ${calls} calls each through the host and the floor (null media, Kamailio ${rig.wsUri} / udp ${rig.udpPort})`);
    console.log('');
    console.log('latency (ms)                          host p50     p99    floor p50     p99   p99 ratio   target p99');
    const row = (name: string, a: { p50: number; p99: number }, b: { p50: number; p99: number }, target: string) =>
      console.log(`  ${name.padEnd(34)} ${f(a.p50)} ${f(a.p99)}   ${f(b.p50)} ${f(b.p99)}   ${(a.p99 / b.p99).toFixed(1).padStart(7)}×   ${target}`);
    row('pop: INVITE at host -> ringing', pop, fPop, '< 50 (' + (pop.p99 / 50).toFixed(2) + '× of it)');
    row('pop: sipp sends INVITE -> ringing', popWire, fPopWire, '');
    row('answer -> 200 OK leaves the host', ans, fAns, '< 100 (' + (ans.p99 / 100).toFixed(2) + '× of it)');
    row('answer -> 200 OK at sipp', ansSipp, fAnsSipp, '');
    console.log('  (floor: a bare sip.js UA answering from its Invitation handler, same rig and sipp)');
    const bcol = (k: keyof BrowserSample): number[] => browser.samples.map((x) => x[k]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    const bstat = (k: keyof BrowserSample) => ({ p50: pct(bcol(k), 50), p99: pct(bcol(k), 99) });
    const bPop = bstat('popDomMs');
    const bPopSipp = bstat('popFromSippMs');
    const bAns = bstat('clickTo200Ms');
    const bAnsSipp = bstat('clickTo200AtSippMs');
    console.log('');
    if (browser.skipped) console.log(`end to end in Chromium: skipped (${browser.skipped})`);
    else {
      console.log(`end to end in Chromium, real media via rtpengine (${browser.samples.length} calls)      p50      p99   floor p99   p99 ratio   target p99`);
      const brow = (name: string, a: { p50: number; p99: number }, floorP99: number | null, target: string) =>
        console.log(
          `  ${name.padEnd(52)} ${f(a.p50)} ${f(a.p99)}   ${floorP99 === null ? ''.padStart(9) : f(floorP99).padStart(9)}   ${floorP99 === null ? ''.padStart(8) : `${(a.p99 / floorP99).toFixed(1).padStart(7)}×`}   ${target}`,
        );
      brow('pop: INVITE at host -> Answer button in the DOM', bPop, fPop.p99, `< 30 (${(bPop.p99 / 30).toFixed(2)}× of it)`);
      brow('  host: INVITE -> calls:state emitted', bstat('popHostMs'), null, '');
      brow('  transport: emitted -> frame in the page', bstat('popTransportMs'), null, '');
      brow('  renderer: frame -> Answer button in the DOM', bstat('popRenderMs'), null, '');
      brow('pop: sipp sends INVITE -> Answer button in the DOM', bPopSipp, fPopWire.p99, '');
      brow('answer: click in the page -> 200 OK leaves the host', bAns, fAns.p99, `< 50 (${(bAns.p99 / 50).toFixed(2)}× of it)`);
      brow('  transport: click -> calls:answer at the host', bstat('answerTransportMs'), null, '');
      brow('  host: calls:answer -> 200 OK leaves', bstat('answerHostMs'), null, '');
      brow('answer: click in the page -> 200 OK at sipp', bAnsSipp, fAnsSipp.p99, '');
      console.log(`  (floor: the same bare sip.js UA; its "answer" starts inside its Invitation handler, so it has no page, no click and no media)`);
      brow('answer prepared: INVITE at host -> ready in the host', bstat('prepareMs'), null, '');
      console.log(
        `  the click came ${reactionMs} ms after the button appeared (--reaction-ms); the answer was ready before it in ${browser.samples.filter((x) => x.preparedBeforeClick).length} of ${browser.samples.length} calls; prepared answers sent: ${browser.prepared.used} of ${browser.prepared.calls}`,
      );
    }
    console.log('');
    console.log(
      `PBX crash -> registered again: ${reregisterS.toFixed(2)} s after the kill (${((again - restarted) / 1000).toFixed(2)} s after the restart), target < 5 s; next call offered: yes`,
    );
    console.log(
      `${calls} consecutive calls: RSS after GC ${before.rssMb.toFixed(1)} -> ${after.rssMb.toFixed(1)} MB (${rssGrowth >= 0 ? '+' : ''}${rssGrowth.toFixed(1)} MB), JS heap ${before.heapMb.toFixed(1)} -> ${after.heapMb.toFixed(1)} MB; ` +
        `handles other than timers ${before.handles} -> ${after.handles} (${JSON.stringify(after.kinds)}); ` +
        `timers ${rightAfter.timers} right after (heap ${rightAfter.heapMb.toFixed(1)} MB), ${settled.timers} after ${settled.waitedS.toFixed(0)} s (idle console: ${idle.timers})`,
    );
    console.log(
      JSON.stringify({
        calls,
        // The headline figures are end to end (the DOM, a click) when Chromium ran, else the host's.
        pop_measured: browser.skipped ? 'host-event' : 'dom',
        pop_p50_ms: r2(browser.skipped ? pop.p50 : bPop.p50),
        pop_p99_ms: r2(browser.skipped ? pop.p99 : bPop.p99),
        answer_measured: browser.skipped ? 'host-dispatch-null-media' : 'dom-click-real-media',
        answer_to_200ok_p50_ms: r2(browser.skipped ? ans.p50 : bAns.p50),
        answer_to_200ok_p99_ms: r2(browser.skipped ? ans.p99 : bAns.p99),
        browser_calls: browser.samples.length,
        browser_pop_from_sipp_p99_ms: r2(bPopSipp.p99),
        browser_answer_to_200ok_at_sipp_p99_ms: r2(bAnsSipp.p99),
        browser_reaction_ms: reactionMs,
        browser_prepare_p99_ms: r2(bstat('prepareMs').p99),
        browser_pop_vs_floor_p99: r2(bPop.p99 / fPop.p99),
        browser_answer_vs_floor_p99: r2(bAns.p99 / fAns.p99),
        host_pop_p50_ms: r2(pop.p50),
        host_pop_p99_ms: r2(pop.p99),
        host_pop_from_sipp_p99_ms: r2(popWire.p99),
        floor_pop_p99_ms: r2(fPop.p99),
        host_answer_to_200ok_p50_ms: r2(ans.p50),
        host_answer_to_200ok_p99_ms: r2(ans.p99),
        host_answer_to_200ok_at_sipp_p99_ms: r2(ansSipp.p99),
        floor_answer_to_200ok_p99_ms: r2(fAns.p99),
        host_pop_p99_vs_floor: r2(pop.p99 / fPop.p99),
        host_answer_p99_vs_floor: r2(ans.p99 / fAns.p99),
        reregister_s: r2(reregisterS),
        rss_growth_mb_50_calls: r2((rssGrowth * 50) / calls),
        heap_growth_mb_50_calls: r2(((after.heapMb - before.heapMb) * 50) / calls),
        handles_growth_50_calls: handleGrowth,
        timers_after_settle_vs_idle: settled.timers - idle.timers,
      }),
    );
  } finally {
    h?.host.close();
    if (h) rmSync(h.dir, { recursive: true, force: true });
    await rig.stop();
    phase('rig stopped');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

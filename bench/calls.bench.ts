/**
 * `npm run bench:calls -- [--calls N]`: the softphone's latency and stability against the
 * project's loopback PBX (tests/sip-rig: Kamailio + sipp), null media (signaling only).
 *
 * 1. FLOOR: a bare sip.js UA (tests/sip-rig/bareUa.ts) registered on the same rig, answering
 *    from a plain Invitation handler: no host, no database, no events. The same sipp caller.
 * 2. HOST: the real console host (createHost, demo directory, SQLite file) registered as 1001;
 *    sipp calls it N times in a row (one call at a time); for each call the bench answers through
 *    the contract (`calls:answer`), hangs up (`calls:hangup`) and wraps up (`calls:wrapUp`).
 *    - pop: the INVITE arriving on the host's WebSocket -> `calls:state` with the call ringing
 *      (caller ID looked up, log row written, event emitted); also from sipp's send (via Kamailio);
 *    - answer: `calls:answer` dispatched -> the 200 OK leaving on the WebSocket; also -> sipp has it.
 *    With null media no renderer round trip is inside "answer"; with media the engine's
 *    getDescription adds ~20 ms (../shared/sip-rig sdh-bridge measured 23 ms answer -> 200 OK).
 * 3. RE-REGISTER: Kamailio's process group SIGKILLed and started again on the same ports; time from
 *    the kill to `softphone:status` registered (default backoff), then one more call must ring.
 * 4. STABILITY: RSS (after GC) and active handles before and after the N calls.
 * Prints a table with ratios to the floor and to the targets, then one JSON object as the last line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { WebSocket as WsWebSocket } from 'ws';
import type { Invitation } from 'sip.js';
import { SessionState } from 'sip.js';
import { createHost, type Host } from '../src-main/host';
import type { CallsSnapshot } from '../src-main/calls/service';
import { startRig, type Rig } from '../tests/sip-rig/rig';
import { describeSipp, startSipp, type SippHandle } from '../tests/sip-rig/sippRunner';
import { startBareUa } from '../tests/sip-rig/bareUa';

class BenchError extends Error {
  override readonly name = 'BenchError';
}

// --- wall clock in ms with µs resolution: comparable with sipp's -trace_msg timestamps ---------
const wallNow = (): number => performance.timeOrigin + performance.now();

// --- wire tap: every SIP message through any `ws` socket of this process ---------------------
type Wire = { t: number; dir: 'in' | 'out'; first: string; callId: string; cseq: string };
const wire: Wire[] = [];
function parseSip(text: string, t: number, dir: Wire['dir']): Wire {
  const first = text.slice(0, text.indexOf('\r\n'));
  const callId = /^(?:Call-ID|i):\s*(\S+)/im.exec(text)?.[1] ?? '';
  const cseq = /^CSeq:\s*(.+?)\s*$/im.exec(text)?.[1] ?? '';
  return { t, dir, first, callId, cseq };
}
function tapWebSockets(): void {
  const proto = WsWebSocket.prototype as unknown as { send: (d: unknown, ...r: unknown[]) => void; emit: (ev: string | symbol, ...a: unknown[]) => boolean };
  const send = proto.send;
  const emit = proto.emit;
  proto.send = function (this: unknown, data: unknown, ...rest: unknown[]) {
    if (typeof data === 'string') wire.push(parseSip(data, wallNow(), 'out'));
    return send.call(this, data, ...rest);
  };
  // Registered before sip.js sees the message: the arrival time at the process.
  proto.emit = function (this: unknown, ev: string | symbol, ...args: unknown[]) {
    if (ev === 'message') wire.push(parseSip(String(args[0]), wallNow(), 'in'));
    return emit.call(this, ev, ...args);
  };
}

// --- sipp's own view (-trace_msg): when it sent each INVITE and received each 200 ------------
function sippWire(messages: string): Wire[] {
  const out: Wire[] = [];
  const re = /^-{10,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\r?\nUDP message (sent|received)[^\n]*\n\n([\s\S]*?)(?=^-{10,}|(?![\s\S]))/gm;
  for (let m = re.exec(messages); m; m = re.exec(messages)) {
    const [date, frac] = (m[1] as string).split('.') as [string, string];
    const t = new Date(`${date.replace(' ', 'T')}`).getTime() + Number(`0.${frac}`) * 1000;
    out.push(parseSip((m[3] as string).replace(/\r?\n/g, '\r\n'), t, m[2] === 'sent' ? 'out' : 'in'));
  }
  return out;
}

const isInitialInvite = (w: Wire): boolean => w.first.startsWith('INVITE ') && /^1 INVITE$/.test(w.cseq);
const is200Invite = (w: Wire): boolean => w.first.startsWith('SIP/2.0 200') && / INVITE$/.test(w.cseq);

function pct(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))] as number;
}
const r2 = (x: number): number => Number(x.toFixed(2));

type Sample = { callId: string; popMs: number; popWireMs: number | null; answerMs: number; answerAtSippMs: number | null; answerStart: number };

/** Joins per-call marks with sipp's view of the same Call-IDs. */
function withSipp(samples: Sample[], sipp: Wire[]): void {
  for (const s of samples) {
    const inv = sipp.find((w) => w.dir === 'out' && w.callId === s.callId && isInitialInvite(w));
    const ok = sipp.find((w) => w.dir === 'in' && w.callId === s.callId && is200Invite(w));
    const pop = wire.find((w) => w.dir === 'in' && w.callId === s.callId && isInitialInvite(w));
    s.popWireMs = inv && pop ? pop.t - inv.t + s.popMs : null;
    s.answerAtSippMs = ok ? ok.t - s.answerStart : null;
  }
}

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
        if (s === SessionState.Established) setTimeout(() => void inv.bye().catch((err: unknown) => console.error('floor BYE', err)), 5);
      });
      void inv.accept().then(() => {
        const ok = wire.find((w) => w.dir === 'out' && w.callId === callId && is200Invite(w));
        samples.push({ callId, popMs: arrived ? t - arrived.t : Number.NaN, popWireMs: null, answerMs: ok ? ok.t - answerStart : Number.NaN, answerAtSippMs: null, answerStart });
      });
    },
  });
  try {
    for (const n of [warmup, calls]) {
      samples = [];
      const sipp = await startSipp({ scenario: 'uac-call.xml', remote: `127.0.0.1:${rig.udpPort}`, service: '2001', calls: n, limit: 1, rate: 100, timeoutS: 120 });
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
          await new Promise((r) => setTimeout(r, 5));
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

type Memory = { rssMb: number; handles: number; timers: number; kinds: Record<string, number> };
/** RSS after GC; active handles split into timers and the rest (sockets, pipes, processes). */
function memory(gc: () => void): Memory {
  for (let i = 0; i < 3; i++) gc();
  const kinds: Record<string, number> = {};
  for (const k of process.getActiveResourcesInfo()) kinds[k] = (kinds[k] ?? 0) + 1;
  const timers = kinds.Timeout ?? 0;
  return { rssMb: process.memoryUsage().rss / 1e6, handles: process.getActiveResourcesInfo().length - timers, timers, kinds };
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
    phase('warm-up done');
    const before = memory(gc);
    const host = await hostRun(rig, h, calls);
    const after = memory(gc);
    phase('host calls done');
    const settled = await settledTimers(idle.timers);
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
    console.log(`calls bench: ${calls} calls each, null media, Kamailio ${rig.wsUri} / udp ${rig.udpPort}`);
    console.log('');
    console.log('latency (ms)                          host p50     p99    floor p50     p99   p99 ratio   target p99');
    const row = (name: string, a: { p50: number; p99: number }, b: { p50: number; p99: number }, target: string) =>
      console.log(`  ${name.padEnd(34)} ${f(a.p50)} ${f(a.p99)}   ${f(b.p50)} ${f(b.p99)}   ${(a.p99 / b.p99).toFixed(1).padStart(7)}×   ${target}`);
    row('pop: INVITE at host -> ringing', pop, fPop, '< 50 (' + (pop.p99 / 50).toFixed(2) + '× of it)');
    row('pop: sipp sends INVITE -> ringing', popWire, fPopWire, '');
    row('answer -> 200 OK leaves the host', ans, fAns, '< 100 (' + (ans.p99 / 100).toFixed(2) + '× of it)');
    row('answer -> 200 OK at sipp', ansSipp, fAnsSipp, '');
    console.log('  (floor: a bare sip.js UA answering from its Invitation handler, same rig and sipp)');
    console.log('');
    console.log(`PBX crash -> registered again: ${reregisterS.toFixed(2)} s after the kill (${((again - restarted) / 1000).toFixed(2)} s after the restart), target < 5 s; next call offered: yes`);
    console.log(
      `${calls} consecutive calls: RSS after GC ${before.rssMb.toFixed(1)} -> ${after.rssMb.toFixed(1)} MB (${rssGrowth >= 0 ? '+' : ''}${rssGrowth.toFixed(1)} MB); ` +
        `handles other than timers ${before.handles} -> ${after.handles} (${JSON.stringify(after.kinds)}); ` +
        `timers ${after.timers} right after, ${settled.timers} after ${settled.waitedS.toFixed(0)} s (idle console: ${idle.timers})`,
    );
    console.log(
      JSON.stringify({
        calls,
        pop_p50_ms: r2(pop.p50),
        pop_p99_ms: r2(pop.p99),
        pop_from_sipp_p99_ms: r2(popWire.p99),
        floor_pop_p99_ms: r2(fPop.p99),
        answer_to_200ok_p50_ms: r2(ans.p50),
        answer_to_200ok_p99_ms: r2(ans.p99),
        answer_to_200ok_at_sipp_p99_ms: r2(ansSipp.p99),
        floor_answer_to_200ok_p99_ms: r2(fAns.p99),
        pop_p99_vs_floor: r2(pop.p99 / fPop.p99),
        answer_p99_vs_floor: r2(ans.p99 / fAns.p99),
        reregister_s: r2(reregisterS),
        rss_growth_mb_50_calls: r2((rssGrowth * 50) / calls),
        handles_growth_50_calls: handleGrowth,
        timers_after_settle_vs_idle: settled.timers - idle.timers,
      }),
    );
  } finally {
    h?.host.close();
    if (h) rmSync(h.dir, { recursive: true, force: true });
    await rig.stop();
    phase('rig stopped');
    if (process.env.BENCH_VERBOSE) {
      setTimeout(() => {
        (globalThis as unknown as { __dump?: () => void }).__dump?.();
      }, 2000).unref();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

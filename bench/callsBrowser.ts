/**
 * bench:calls end to end in Chromium (browser mode, real media): the console host and its web
 * server in this process, the built renderer (dist-renderer) in Debian's Chromium with fake audio
 * devices, Kamailio + rtpengine, sipp calling with RTP (uac-media.xml).
 *   - pop: the INVITE arriving on the host's WebSocket -> the ringing call's Answer button in the
 *     page's DOM (a MutationObserver stamps it; page and host read the same system clock);
 *   - answer: the Answer button clicked in the page -> the 200 OK leaving the host, which takes the
 *     renderer's RTCPeerConnection work (create, setDescription, getDescription with bounded ICE
 *     gathering) over the contract: what the operator's click really costs.
 * Skipped (with the reason) when Chromium or the built renderer is missing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createHost, type Host } from '../src-main/host';
import { startWebServer, type WebServer } from '../src-main/web/server';
import type { CallsSnapshot } from '../src-main/calls/service';
import { startRig, type Rig } from '../tests/sip-rig/rig';
import { describeSipp, startSipp, type SippHandle } from '../tests/sip-rig/sippRunner';
import { BenchError, is200Invite, isInitialInvite, sippWire, until, untilAcked, wallNow, wire } from './sipWire';
import { CHROMIUM_MEDIA_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER = join(ROOT, 'dist-renderer');

export type BrowserSample = {
  popDomMs: number;
  popFromSippMs: number | null;
  clickTo200Ms: number;
  clickTo200AtSippMs: number | null;
  /** Where the pop goes: INVITE in -> `calls:state` emitted by the host (caller ID, lookup, row). */
  popHostMs: number;
  /** `calls:state` emitted -> the frame's message event in the page (JSON, WebSocket, loopback). */
  popTransportMs: number | null;
  /** The frame in the page -> the Answer button in the DOM (validation, cache, React render). */
  popRenderMs: number | null;
  /** Where the answer goes: the click -> `calls:answer` reaching the host's dispatcher. */
  answerTransportMs: number | null;
  /** `calls:answer` at the host -> the 200 OK leaving it (sip.js, the media round trips). */
  answerHostMs: number | null;
  /** INVITE in -> the engine's answer prepared (null: not prepared). */
  prepareMs: number | null;
  /** The preparation had finished when the operator clicked. */
  preparedBeforeClick: boolean;
};
export type BrowserResult = {
  samples: BrowserSample[];
  skipped: string | null;
  /** Answers that went out as prepared while ringing (the host's `commit` op), of `calls` measured ones. */
  prepared: { used: number; calls: number };
};

async function must(host: Host, channel: string, input: unknown): Promise<unknown> {
  const r = await host.dispatch(channel, input, { transport: 'web' });
  if (!r.ok) throw new BenchError(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/**
 * Stamps (wall clock) the moment each call's Answer button appears in the page, and resolves the
 * bench's wait for it (`popOf`). Passed as source text: tsx (esbuild keepNames) would wrap a
 * function's inner closures in a `__name` helper that does not exist in the page.
 */
const WATCH_POPS = `(() => {
  window.__pops = {};
  window.__popWaiters = {};
  const check = () => {
    for (const el of document.querySelectorAll('[data-testid="call-incoming"][data-call-id]')) {
      const id = el.dataset.callId || '';
      if (!(id in window.__pops) && el.querySelector('[data-testid="call-answer"]')) {
        const t = performance.timeOrigin + performance.now();
        window.__pops[id] = t;
        if (window.__popWaiters[id]) window.__popWaiters[id](t);
      }
    }
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
})()`;

async function watchPops(page: Page): Promise<void> {
  await page.evaluate(WATCH_POPS);
}

/**
 * When call `id`'s Answer button appeared. One evaluate that waits in the page: polling the page
 * through the DevTools protocol while it renders the pop would run the bench's own scripts on the
 * page's main thread inside the very time being measured.
 */
async function popOf(page: Page, id: string, timeoutMs = 10_000): Promise<number> {
  const inPage = page.evaluate(
    (callId) =>
      new Promise<number>((resolve) => {
        const w = window as unknown as { __pops: Record<string, number>; __popWaiters: Record<string, (t: number) => void> };
        const t = w.__pops[callId];
        if (t !== undefined) resolve(t);
        else w.__popWaiters[callId] = resolve;
      }),
    id,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchError(`call ${id}: no Answer button in the page after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([inPage, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stamps (wall clock) each `calls:state` frame as the page's WebSocket hands it over, before the
 * console's own listener runs (added first, at construction), to split the pop into host,
 * transport and renderer time. Injected before the page's scripts run.
 */
const WATCH_FRAMES = `(() => {
  window.__frames = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const t = performance.timeOrigin + performance.now();
        if (typeof e.data === 'string' && e.data.includes('"calls:state"') && e.data.includes('"ringing"')) window.__frames.push({ t, data: e.data });
      });
    }
  };
})()`;

/**
 * `reactionMs`: how long after the Answer button appears the bench clicks. An operator hears the
 * ring, looks and reaches for the key: hundreds of milliseconds, during which the answer is being
 * prepared. 0 clicks at once (a robot), so the click usually waits for the preparation.
 */
export async function browserRun(calls: number, warmup: number, reactionMs: number): Promise<BrowserResult> {
  if (!existsSync(CHROMIUM_PATH)) return { samples: [], skipped: `${CHROMIUM_PATH} not installed`, prepared: { used: 0, calls: 0 } };
  if (!existsSync(join(RENDERER, 'index.html')))
    return { samples: [], skipped: 'renderer not built (node scripts/build.mjs --renderer-only)', prepared: { used: 0, calls: 0 } };
  const dir = mkdtempSync(join(tmpdir(), 'bench-browser-'));
  let rig: Rig | null = null;
  let host: Host | null = null;
  let server: WebServer | null = null;
  let browser: Browser | null = null;
  let sipp: SippHandle | null = null;
  try {
    rig = await startRig({ media: true });
    const log = pino({ level: 'silent' });
    host = createHost({ dataDir: dir, transport: 'web', log, demo: true });
    await host.ready;
    // The web server dispatches through this stand-in: it stamps when each answer reaches the host.
    const answerAt = new Map<string, number>();
    // The preparation's getDescription: its reply is the moment the answer is ready in the host.
    const prepareReqs = new Map<number, string>(); // reqId -> call id
    const preparedAt = new Map<string, number>();
    const real = host;
    const served = Object.assign(Object.create(real) as Host, {
      dispatch: ((channel, input, ctx) => {
        if (channel === 'calls:answer' && typeof input === 'object' && input !== null) answerAt.set(String((input as { callId?: unknown }).callId), wallNow());
        const result = real.dispatch(channel, input, ctx);
        if (channel === 'media:reply' && typeof input === 'object' && input !== null) {
          const r = input as { reqId?: unknown; ok?: unknown };
          const callId = prepareReqs.get(Number(r.reqId));
          if (callId !== undefined && r.ok === true) void result.then(() => preparedAt.set(callId, wallNow()));
        }
        return result;
      }) satisfies Host['dispatch'],
    });
    server = await startWebServer({ host: served, rendererDir: RENDERER, port: 0, log });
    const h = host;
    let registered = false;
    h.events.subscribe((event, payload) => {
      if (event === 'softphone:status' && (payload as { state: string }).state === 'registered') registered = true;
    });
    await must(h, 'softphone:saveAccount', {
      account: { wsUri: rig.wsUri, sipUri: 'sip:1001@127.0.0.1', authUser: '1001', displayName: 'Оператор', whenBusy: 'busy-486', nullMedia: false },
      password: null,
    });
    await must(h, 'softphone:register', {});
    await until('registration', () => (registered ? true : null));

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_MEDIA_ARGS });
    const page = await browser.newPage();
    await page.addInitScript(WATCH_FRAMES);
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { consoleMedia?: unknown }).consoleMedia !== undefined, undefined, { timeout: 15_000 });
    await watchPops(page);

    type Pending = { id: string; sipCallId: string; inviteAt: number; emitAt: number };
    const queue: Pending[] = [];
    // Woken by the host's event, not polled: a 2 ms timer loop would run in the host's own event loop.
    let wake: (() => void) | null = null;
    const nextRinging = async (what: string): Promise<Pending> => {
      const deadline = performance.now() + 10_000;
      for (;;) {
        const p = queue.shift();
        if (p) return p;
        const left = deadline - performance.now();
        if (left <= 0) throw new BenchError(`timed out waiting for ${what}`);
        await new Promise<void>((r) => {
          const timer = setTimeout(r, left);
          wake = () => {
            clearTimeout(timer);
            r();
          };
        });
        wake = null;
      }
    };
    const seen = new Set<string>();
    let commits = 0;
    const sidCall = new Map<string, string>();
    const deferredSids = new Set<string>();
    h.events.subscribe((event, payload) => {
      if (event === 'media:request') {
        const r = payload as { op: string; sid: string; reqId: number; args: Record<string, unknown> };
        if (r.op === 'commit') commits++;
        if (r.op === 'create') sidCall.set(r.sid, String(r.args.callId));
        if (r.op === 'setDescription' && r.args.deferCandidates === true) deferredSids.add(r.sid);
        if (r.op === 'getDescription' && deferredSids.has(r.sid)) {
          deferredSids.delete(r.sid);
          prepareReqs.set(r.reqId, sidCall.get(r.sid) ?? '');
        }
      }
      if (event !== 'calls:state') return;
      for (const c of (payload as CallsSnapshot).calls) {
        if (c.state !== 'ringing' || seen.has(c.id)) continue;
        seen.add(c.id);
        // This listener was subscribed before the web server's: the frame leaves right after it.
        const emitAt = wallNow();
        const inv = [...wire].reverse().find((w) => w.dir === 'in' && isInitialInvite(w));
        queue.push({ id: c.id, sipCallId: inv?.callId ?? '', inviteAt: inv?.t ?? Number.NaN, emitAt });
        wake?.();
      }
    });

    const total = warmup + calls;
    sipp = await startSipp({
      scenario: 'uac-media.xml',
      remote: `127.0.0.1:${rig.udpPort}`,
      service: '1001',
      calls: total,
      limit: 1,
      rate: 100,
      timeoutS: 180,
    });
    const marks: {
      sipCallId: string;
      inviteAt: number;
      emitAt: number;
      frameAt: number | null;
      domAt: number;
      clickAt: number;
      answerAt: number | null;
      okAt: number;
      preparedAt: number | null;
    }[] = [];
    let commitsAtWarmup = 0;
    for (let n = 0; n < total; n++) {
      if (n === warmup) commitsAtWarmup = commits;
      const p = await nextRinging(`call ${n + 1} ringing`);
      const domAt = await popOf(page, p.id);
      const frameAt = await page.evaluate(
        (id) => (window as unknown as { __frames: { t: number; data: string }[] }).__frames.find((f) => f.data.includes(id))?.t ?? null,
        p.id,
      );
      const wait = domAt + reactionMs - wallNow();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const clickAt = await page.evaluate((id) => {
        const t = performance.timeOrigin + performance.now();
        const btn = document.querySelector(`[data-call-id="${id}"] [data-testid="call-answer"]`) as HTMLButtonElement | null;
        if (!btn) throw new Error(`no Answer button for ${id}`);
        btn.click();
        return t;
      }, p.id);
      const ok = await until(`200 OK for call ${n + 1}`, () => wire.find((w) => w.dir === 'out' && w.callId === p.sipCallId && is200Invite(w)));
      await until(`call ${n + 1} active`, async () =>
        ((await must(h, 'calls:list', {})) as CallsSnapshot).calls.find((c) => c.id === p.id && c.state === 'active'),
      );
      await untilAcked(p.sipCallId);
      await must(h, 'calls:hangup', { callId: p.id });
      await must(h, 'calls:wrapUp', { callId: p.id, code: null, note: null });
      marks.push({
        sipCallId: p.sipCallId,
        inviteAt: p.inviteAt,
        emitAt: p.emitAt,
        frameAt,
        domAt,
        clickAt,
        answerAt: answerAt.get(p.id) ?? null,
        okAt: ok.t,
        preparedAt: preparedAt.get(p.id) ?? null,
      });
    }
    const res = await sipp.waitExit(60_000);
    if (res.exitCode !== 0) throw new BenchError(`browser sipp run failed:\n${describeSipp(res)}`);
    const sw = sippWire(res.messages);
    const samples = marks.slice(warmup).map((m): BrowserSample => {
      const sent = sw.find((w) => w.dir === 'out' && w.callId === m.sipCallId && isInitialInvite(w));
      const got = sw.find((w) => w.dir === 'in' && w.callId === m.sipCallId && is200Invite(w));
      return {
        popDomMs: m.domAt - m.inviteAt,
        popFromSippMs: sent ? m.domAt - sent.t : null,
        clickTo200Ms: m.okAt - m.clickAt,
        clickTo200AtSippMs: got ? got.t - m.clickAt : null,
        popHostMs: m.emitAt - m.inviteAt,
        popTransportMs: m.frameAt === null ? null : m.frameAt - m.emitAt,
        popRenderMs: m.frameAt === null ? null : m.domAt - m.frameAt,
        answerTransportMs: m.answerAt === null ? null : m.answerAt - m.clickAt,
        answerHostMs: m.answerAt === null ? null : m.okAt - m.answerAt,
        prepareMs: m.preparedAt === null ? null : m.preparedAt - m.inviteAt,
        preparedBeforeClick: m.preparedAt !== null && m.preparedAt <= (m.answerAt ?? m.clickAt),
      };
    });
    return { samples, skipped: null, prepared: { used: commits - commitsAtWarmup, calls } };
  } finally {
    await sipp?.kill();
    await browser?.close();
    await server?.close();
    host?.close();
    await rig?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

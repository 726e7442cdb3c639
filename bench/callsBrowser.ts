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
import { BenchError, is200Invite, isInitialInvite, sippWire, wire } from './sipWire';
import { CHROMIUM_MEDIA_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER = join(ROOT, 'dist-renderer');

export type BrowserSample = { popDomMs: number; popFromSippMs: number | null; clickTo200Ms: number; clickTo200AtSippMs: number | null };
export type BrowserResult = { samples: BrowserSample[]; skipped: string | null };

async function must(host: Host, channel: string, input: unknown): Promise<unknown> {
  const r = await host.dispatch(channel, input, { transport: 'web' });
  if (!r.ok) throw new BenchError(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function until<T>(what: string, fn: () => T | null | undefined | Promise<T | null | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined) return v;
    if (performance.now() > deadline) throw new BenchError(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * Stamps (wall clock) the moment each call's Answer button appears in the page. Passed as source
 * text: tsx (esbuild keepNames) would wrap a function's inner closures in a `__name` helper that
 * does not exist in the page.
 */
const WATCH_POPS = `(() => {
  window.__pops = {};
  const check = () => {
    for (const el of document.querySelectorAll('[data-testid="call-incoming"][data-call-id]')) {
      const id = el.dataset.callId || '';
      if (!(id in window.__pops) && el.querySelector('[data-testid="call-answer"]')) window.__pops[id] = performance.timeOrigin + performance.now();
    }
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
})()`;

async function watchPops(page: Page): Promise<void> {
  await page.evaluate(WATCH_POPS);
}

export async function browserRun(calls: number, warmup: number): Promise<BrowserResult> {
  if (!existsSync(CHROMIUM_PATH)) return { samples: [], skipped: `${CHROMIUM_PATH} not installed` };
  if (!existsSync(join(RENDERER, 'index.html'))) return { samples: [], skipped: 'renderer not built (node scripts/build.mjs --renderer-only)' };
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
    server = await startWebServer({ host, rendererDir: RENDERER, port: 0, log });
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
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { consoleMedia?: unknown }).consoleMedia !== undefined, undefined, { timeout: 15_000 });
    await watchPops(page);

    type Pending = { id: string; sipCallId: string; inviteAt: number };
    const queue: Pending[] = [];
    const seen = new Set<string>();
    h.events.subscribe((event, payload) => {
      if (event !== 'calls:state') return;
      for (const c of (payload as CallsSnapshot).calls) {
        if (c.state !== 'ringing' || seen.has(c.id)) continue;
        seen.add(c.id);
        const inv = [...wire].reverse().find((w) => w.dir === 'in' && isInitialInvite(w));
        queue.push({ id: c.id, sipCallId: inv?.callId ?? '', inviteAt: inv?.t ?? Number.NaN });
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
    const marks: { sipCallId: string; inviteAt: number; domAt: number; clickAt: number; okAt: number }[] = [];
    for (let n = 0; n < total; n++) {
      const p = await until(`call ${n + 1} ringing`, () => queue.shift());
      const domAt = await until(`call ${n + 1} in the DOM`, () =>
        page.evaluate((id) => (window as unknown as { __pops: Record<string, number> }).__pops[id], p.id),
      );
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
      await must(h, 'calls:hangup', { callId: p.id });
      await must(h, 'calls:wrapUp', { callId: p.id, code: null, note: null });
      marks.push({ sipCallId: p.sipCallId, inviteAt: p.inviteAt, domAt, clickAt, okAt: ok.t });
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
      };
    });
    return { samples, skipped: null };
  } finally {
    await sipp?.kill();
    await browser?.close();
    await server?.close();
    host?.close();
    await rig?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

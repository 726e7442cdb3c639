/**
 * Electron hardening proved on the REAL built bundles (scripts/electronBundles.mjs, the same
 * build step `npm run build` uses): dist-electron/main.cjs runs in a vm function with a recording
 * stand-in for `electron` (the Electron binary cannot be downloaded here) while better-sqlite3,
 * pino and ws load for real on a temp data folder.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS } from '../../../src-shared/ipc/contract';
import { createElectronStandIn, electronEvent, FakeWebContents, type Recorder } from './standIn';
import { until } from '../../helpers/until';

const root = join(import.meta.dirname, '..', '..', '..');
const realRequire = createRequire(join(root, 'package.json'));
const EVIL = 'https://evil.example/';

let work: string;
let outdir: string;
let rendererIndex: string;
let own: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'opconsole-electron-'));
  outdir = join(work, 'dist-electron');
  const { buildElectronBundles } = (await import(pathToFileURL(join(root, 'scripts/electronBundles.mjs')).href)) as {
    buildElectronBundles(o: { root: string; outdir: string }): Promise<void>;
  };
  await buildElectronBundles({ root, outdir });
  rendererIndex = join(work, 'dist-renderer', 'index.html');
  own = pathToFileURL(rendererIndex).href;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the built main bundle as Electron would, with `electron` replaced by the stand-in. */
async function runMain(opts: { lock: boolean; dataDir: string }): Promise<Recorder> {
  const { electron, rec } = createElectronStandIn({ lock: opts.lock });
  const file = join(outdir, 'main.cjs');
  const fn = vm.compileFunction(readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  const module = { exports: {} };
  const req = (id: string): unknown => (id === 'electron' ? electron : realRequire(id));
  const argv = process.argv;
  process.argv = [process.execPath, file, '--data-dir', opts.dataDir, '--no-demo'];
  try {
    fn(module.exports, req, module, file, outdir);
    if (opts.lock) await until('the window to load', () => rec.loadedFiles.length > 0 || rec.exitCode !== null, 10_000);
  } finally {
    process.argv = argv;
  }
  return rec;
}

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

describe('Electron main process hardening (built main.cjs, stand-in electron)', () => {
  let rec: Recorder;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = join(work, 'data');
    rec = await runMain({ lock: true, dataDir });
    expect(rec.exitCode).toBeNull();
  });
  afterAll(() => {
    rec.app.emit('window-all-closed'); // closes the host's database
  });

  it('creates one window with every webPreference locked down and loads only the local renderer', () => {
    expect(rec.windows).toHaveLength(1);
    expect(rec.windows[0]!.options.webPreferences).toEqual({
      preload: join(outdir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
    expect(rec.loadedFiles).toEqual([rendererIndex]);
    expect(rec.loadedUrls).toEqual([]);
    expect(rec.paths.get('userData')).toBe(dataDir);
    expect(existsSync(join(dataDir, 'console.db'))).toBe(true); // the real host ran on real SQLite
  });

  it('sets the CSP header on every response', () => {
    let headers: Record<string, string[]> = {};
    rec.session.headers!({ responseHeaders: { 'X-A': ['1'] } }, (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders));
    expect(headers['X-A']).toEqual(['1']);
    expect(headers['Content-Security-Policy']?.[0]).toMatch(/default-src 'self'/);
  });

  it('permission requests: only the microphone and notifications, only for our own page in its main frame', () => {
    const ask = (permission: string, details: Record<string, unknown>): boolean => {
      let answer: boolean | null = null;
      rec.session.request!(rec.windows[0]!.webContents, permission, (granted: boolean) => (answer = granted), {
        isMainFrame: true,
        requestingUrl: own,
        ...details,
      });
      if (answer === null) throw new Error(`no answer for ${permission}`);
      return answer;
    };
    expect(ask('media', { mediaTypes: ['audio'] })).toBe(true);
    expect(ask('notifications', {})).toBe(true);
    expect(ask('media', { mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(ask('media', { mediaTypes: [] })).toBe(false);
    expect(ask('display-capture', { mediaTypes: ['audio'] })).toBe(false);
    expect(ask('geolocation', {})).toBe(false);
    expect(ask('clipboard-read', {})).toBe(false);
    expect(ask('openExternal', {})).toBe(false);
    expect(ask('media', { mediaTypes: ['audio'], requestingUrl: EVIL })).toBe(false);
    expect(ask('notifications', { requestingUrl: EVIL })).toBe(false);
    expect(ask('media', { mediaTypes: ['audio'], requestingUrl: 'file:///etc/passwd' })).toBe(false);
    expect(ask('media', { mediaTypes: ['audio'], isMainFrame: false })).toBe(false);
  });

  it('permission checks give the same answers as requests', () => {
    const wc = rec.windows[0]!.webContents;
    const check = (permission: string, details: Record<string, unknown>, contents: unknown = wc): boolean =>
      rec.session.check!(contents, permission, 'file://', { isMainFrame: true, requestingUrl: own, ...details }) as boolean;
    expect(check('media', { mediaType: 'audio' })).toBe(true);
    expect(check('notifications', {})).toBe(true);
    expect(check('media', { mediaType: 'video' })).toBe(false);
    expect(check('media', { mediaType: 'unknown' })).toBe(false);
    expect(check('media', {})).toBe(false);
    expect(check('geolocation', {})).toBe(false);
    expect(check('clipboard-read', {})).toBe(false);
    expect(check('clipboard-sanitized-write', {})).toBe(false);
    expect(check('notifications', { requestingUrl: EVIL })).toBe(false);
    expect(check('media', { mediaType: 'audio', isMainFrame: false })).toBe(false);
    // Without a requesting URL (a worker) the contents' own URL decides.
    const foreign = new FakeWebContents();
    foreign.url = EVIL;
    expect(check('notifications', { requestingUrl: undefined }, foreign)).toBe(false);
    expect(check('notifications', { requestingUrl: undefined })).toBe(true);
    expect(rec.session.device!({ deviceType: 'usb', origin: 'file://' })).toBe(false);
    let streams: unknown = 'unset';
    rec.session.displayMedia!({}, (s: unknown) => (streams = s));
    expect(streams).toBeNull();
  });

  it('navigation, redirects, webviews and new windows are refused for the window and any later webContents', () => {
    const later = new FakeWebContents();
    rec.app.emit('web-contents-created', electronEvent(), later);
    for (const wc of [rec.windows[0]!.webContents, later]) {
      for (const url of [EVIL, own, 'file:///etc/passwd']) {
        const nav = electronEvent();
        wc.emit('will-navigate', nav, url);
        expect(nav.defaultPrevented, `will-navigate ${url}`).toBe(true);
        const redirect = electronEvent();
        wc.emit('will-redirect', redirect, url);
        expect(redirect.defaultPrevented, `will-redirect ${url}`).toBe(true);
      }
      const webview = electronEvent();
      wc.emit('will-attach-webview', webview, {}, { src: EVIL });
      expect(webview.defaultPrevented).toBe(true);
      expect(wc.openHandler!({ url: EVIL })).toEqual({ action: 'deny' });
      expect(wc.openHandler!({ url: own })).toEqual({ action: 'deny' });
    }
    expect(rec.openedExternal).toEqual([]);
  });

  it('asks for the single-instance lock; a second launch brings the window back', () => {
    expect(rec.lockRequested).toBe(1);
    const win = rec.windows[0]!;
    win.minimized = true;
    const before = win.focused;
    rec.app.emit('second-instance', electronEvent(), ['electron', '.'], process.cwd());
    expect(win.restored).toBeGreaterThan(0);
    expect(win.focused).toBe(before + 1);
  });

  it('registers every contract channel with ipcMain.handle and nothing else', () => {
    expect(new Set(rec.handlers.keys())).toEqual(new Set(CHANNELS));
    expect(rec.ipcOn).toEqual([]);
  });

  it('every handler refuses a foreign URL, a sub-frame of our page and a missing frame with UNAUTHORIZED', async () => {
    const senders = [
      frame(EVIL),
      frame(own, { url: own }),
      { senderFrame: null },
      frame('file:///tmp/other.html'),
      frame(`${own.replace(/index\.html$/, '')}../x.html`),
    ];
    for (const channel of CHANNELS) {
      for (const sender of senders) {
        const answer = await rec.handlers.get(channel)!(sender, {});
        expect(answer, `${channel} from ${JSON.stringify(sender)}`).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      }
    }
    console.log(`hostile electron ipc: ${CHANNELS.length * senders.length} requests from untrusted frames`);
  });

  it('a refused request does not run its handler; our own main frame is served', async () => {
    const call = (sender: unknown, channel: string, input: unknown) => rec.handlers.get(channel)!(sender, input);
    expect(await call(frame(EVIL), 'settings:setLocale', { locale: 'en' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await call(frame(own, { url: own }), 'settings:setLocale', { locale: 'en' })).toMatchObject({ ok: false });
    expect(await call(frame(`${own}#x`), 'app:info', {})).toMatchObject({ ok: true, value: { locale: 'ru', transport: 'electron', dataDir } });
    expect(await call(frame(own), 'settings:setLocale', { locale: 'en' })).toEqual({ ok: true, value: { locale: 'en' } });
    expect(await call(frame(own), 'app:info', {})).toMatchObject({ ok: true, value: { locale: 'en' } });
    // The window's host keeps secrets with safeStorage (the stand-in reports a libsecret keyring).
    expect(await call(frame(own), 'softphone:account', {})).toMatchObject({ ok: true, value: { passwordStorage: 'os-encrypted' } });
  });
});

describe('Electron single-instance lock lost', () => {
  it('quits at once: no window, no IPC, no database', async () => {
    const dataDir = join(work, 'second');
    const rec = await runMain({ lock: false, dataDir });
    expect(rec.lockRequested).toBe(1);
    expect(rec.quit).toBe(1);
    expect(rec.windows).toEqual([]);
    expect(rec.handlers.size).toBe(0);
    expect(existsSync(join(dataDir, 'console.db'))).toBe(false);
  });
});

describe('Electron preload bundle (built preload.cjs)', () => {
  it('requires only electron and exposes only consoleApi, whose allow-lists are the contract', async () => {
    const file = join(outdir, 'preload.cjs');
    const code = readFileSync(file, 'utf8');
    const required = new Set<string>();
    const invoked: string[] = [];
    const subscribed: string[] = [];
    const exposed = new Map<string, Record<string, (...a: unknown[]) => unknown>>();
    const electron = {
      contextBridge: { exposeInMainWorld: (k: string, v: Record<string, (...a: unknown[]) => unknown>) => exposed.set(k, v) },
      ipcRenderer: {
        invoke: (c: string) => {
          invoked.push(c);
          return Promise.resolve({ ok: true, value: null });
        },
        on: (e: string) => subscribed.push(e),
        removeListener: () => undefined,
      },
      webUtils: { getPathForFile: () => '' },
    };
    const fn = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
    const module = { exports: {} };
    fn(
      module.exports,
      (id: string) => {
        required.add(id);
        if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
        return electron;
      },
      module,
      file,
      outdir,
    );
    expect(required).toEqual(new Set(['electron']));
    expect([...exposed.keys()]).toEqual(['consoleApi']);
    const api = exposed.get('consoleApi')!;
    for (const c of CHANNELS) await api.call!(c, {});
    expect(invoked).toEqual([...CHANNELS]);
    expect(await api.call!('fs:read', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(invoked).toHaveLength(CHANNELS.length);
    for (const e of EVENTS) api.on!(e, () => undefined);
    expect(subscribed).toEqual([...EVENTS]);
    expect(() => api.on!('ELECTRON_BROWSER_REQUIRE', () => undefined)).toThrow(/unknown event/);
    expect(subscribed).toHaveLength(EVENTS.length);
  });
});

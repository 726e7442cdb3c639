/**
 * Electron glue, kept thin: window, CSP, IPC registration with the sender check, and the wiring
 * of the same host that browser mode serves. Everything behind it is plain Node code tested
 * without Electron (the Electron binary cannot be downloaded on CI machines here); the built
 * bundle itself runs against a recording stand-in in tests/integration/electron/hardening.test.ts.
 */
import { app, BrowserWindow, dialog, ipcMain, Notification, powerMonitor, safeStorage, session, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNELS, EVENTS } from '../../src-shared/ipc/contract';
import { errorEnvelope } from '../../src-shared/ipc/envelope';
import { resolveDataDir } from '../config';
import { createHost, type Host } from '../host';
import { createLogger, openLogFile, type Logger } from '../log';
import { CSP } from '../web/csp';
import { allowPermission, hardenedWebPreferences, hardenWebContents, isOwnPage } from './policy';
import { createSafeStorageSecretStore } from './secrets';

// Terminal only until the data folder is known; then also the rotating file in it.
let log: Logger = createLogger('console-electron');
const rendererDir = join(__dirname, '..', 'dist-renderer');
const rendererIndex = join(rendererDir, 'index.html');
const rendererUrlPrefix = pathToFileURL(rendererDir).href + '/';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

/** Only our own renderer page, in its main frame, may call the host. */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isOwnPage(frame.url, rendererUrlPrefix);
}

function registerIpc(host: Host, win: BrowserWindow): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!trustedSender(event)) {
        log.warn({ channel, url: event.senderFrame?.url }, 'IPC request from an untrusted frame refused');
        return errorEnvelope('UNAUTHORIZED', 'request from an untrusted frame');
      }
      return host.dispatch(channel, input, { transport: 'electron' });
    });
  }
  host.events.subscribe((event, payload) => {
    if (!win.isDestroyed() && (EVENTS as readonly string[]).includes(event)) win.webContents.send(event, payload);
  });
}

let win: BrowserWindow | null = null;

function showWindow(): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(flag('--data-dir'));
  // ESM or not, the data path must be set before 'ready' so Chromium's own files land there too.
  app.setPath('userData', dataDir);
  log = createLogger({ name: 'console-electron', file: await openLogFile(dataDir) });
  // Every webContents (the window, anything a bug or an attacker manages to create) gets the
  // same refusals; registering before 'ready' means none is ever created without them.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (what, url) => log.warn({ what, url: String(url).slice(0, 200) }, 'refused'));
  });
  await app.whenReady();

  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // Request and check handlers answer the same question: a check that said yes would let a page
  // skip the prompt path entirely (Electron grants by default when no check handler is set).
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(allowPermission({ permission, url: details.requestingUrl, isMainFrame: details.isMainFrame, mediaTypes }, rendererUrlPrefix));
  });
  ses.setPermissionCheckHandler((wc, permission, _origin, details) => {
    const mediaTypes = details.mediaType === undefined ? undefined : [details.mediaType];
    const url = details.requestingUrl ?? wc?.getURL();
    return allowPermission({ permission, url, isMainFrame: details.isMainFrame, mediaTypes }, rendererUrlPrefix);
  });
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null));

  const host = createHost({
    dataDir,
    transport: 'electron',
    log,
    demo: !process.argv.includes('--no-demo'),
    secrets: createSafeStorageSecretStore({ file: join(dataDir, 'secrets.json'), log, safeStorage }),
    // Incoming calls notify also when the window is minimised; a click brings it back.
    notify: (title, body) => {
      if (!Notification.isSupported()) return;
      const n = new Notification({ title, body, urgency: 'critical' });
      n.on('click', showWindow);
      n.show();
    },
    // files:pick: the host's own dialog, so the renderer never names a path (src-main/files).
    pickFile: async ({ title, filters }) => {
      const options = { title, properties: ['openFile' as const], filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })) };
      const r = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  });
  // After sleep the PBX binding and the WebSocket are likely gone: re-register at once.
  powerMonitor.on('resume', () => host.resume());
  powerMonitor.on('unlock-screen', () => host.resume());
  win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1280,
    minHeight: 800,
    title: 'Операторская консоль',
    webPreferences: hardenedWebPreferences(join(__dirname, 'preload.cjs')),
  });
  registerIpc(host, win);
  app.on('window-all-closed', () => {
    host.close();
    app.quit();
  });
  // Local file only: the console never shows remote content.
  await win.loadFile(rendererIndex);
}

// One console per user: two hosts on one database and one SIP account would fight over the
// registration. A second launch hands over to the first (which comes to the front) and exits.
if (!app.requestSingleInstanceLock()) {
  log.info('another console is already running: bringing it to the front');
  app.quit();
} else {
  app.on('second-instance', showWindow);
  start().catch((err: unknown) => {
    log.fatal({ err }, 'console failed to start');
    app.exit(1);
  });
}

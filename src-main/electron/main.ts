/**
 * Electron glue, kept thin: window, CSP, IPC registration with the sender check, and the wiring
 * of the same host that browser mode serves. Everything behind it is plain Node code tested
 * without Electron (the Electron binary cannot be downloaded on CI machines here).
 */
import { app, BrowserWindow, dialog, ipcMain, Notification, powerMonitor, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNELS, EVENTS } from '../../src-shared/ipc/contract';
import { errorEnvelope } from '../../src-shared/ipc/envelope';
import { resolveDataDir } from '../config';
import { createHost, type Host } from '../host';
import { createLogger } from '../log';
import { CSP } from '../web/csp';
import { createSafeStorageSecretStore } from './secrets';

const log = createLogger('console-electron');
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
  return frame !== null && frame.parent === null && frame.url.startsWith(rendererUrlPrefix);
}

function registerIpc(host: Host, win: BrowserWindow): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!trustedSender(event)) return errorEnvelope('UNAUTHORIZED', 'request from an untrusted frame');
      return host.dispatch(channel, input, { transport: 'electron' });
    });
  }
  host.events.subscribe((event, payload) => {
    if (!win.isDestroyed() && (EVENTS as readonly string[]).includes(event)) win.webContents.send(event, payload);
  });
}

async function start(): Promise<void> {
  const dataDirFlag = flag('--data-dir');
  const dataDir = resolveDataDir(dataDirFlag);
  // ESM or not, the data path must be set before 'ready' so Chromium's own files land there too.
  app.setPath('userData', dataDir);
  await app.whenReady();

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => {
    callback(permission === 'media' || permission === 'notifications');
  });

  let win: BrowserWindow | null = null;
  const host = createHost({
    dataDir,
    transport: 'electron',
    log,
    demo: !process.argv.includes('--no-demo'),
    // The SIP password is encrypted by the OS keychain (safeStorage), never stored in clear.
    secrets: createSafeStorageSecretStore({ file: join(dataDir, 'secrets.json'), log, safeStorage }),
    // Incoming calls notify also when the window is minimised; a click brings it back.
    notify: (title, body) => {
      if (!Notification.isSupported()) return;
      const n = new Notification({ title, body, urgency: 'critical' });
      n.on('click', () => {
        if (win && !win.isDestroyed()) {
          if (win.isMinimized()) win.restore();
          win.focus();
        }
      });
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
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  registerIpc(host, win);
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(rendererUrlPrefix)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  await win.loadFile(rendererIndex);
  app.on('window-all-closed', () => {
    host.close();
    app.quit();
  });
}

start().catch((err: unknown) => {
  log.fatal({ err }, 'console failed to start');
  app.exit(1);
});

/**
 * A recording stand-in for the `electron` module: the Electron binary cannot be downloaded here,
 * so the real built main bundle runs against this. It records what the bundle asks of Electron
 * and returns the smallest objects that let it go on; it decides nothing itself.
 */
import { pathToFileURL } from 'node:url';

type Listener = (...args: unknown[]) => unknown;

export class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((fn) => fn(...args));
  }
}

/** Electron's preventable event. */
export function electronEvent(): { defaultPrevented: boolean; preventDefault(): void } {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export class FakeWebContents extends Emitter {
  url = '';
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: { channel: string; payload: unknown }[] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return false;
  }
}

export type Recorder = ReturnType<typeof createElectronStandIn>['rec'];

export function createElectronStandIn(opts: { lock: boolean; storageBackend?: string }) {
  const app = new Emitter();
  const rec = {
    app,
    lockRequested: 0,
    quit: 0,
    exitCode: null as number | null,
    paths: new Map<string, string>(),
    windows: [] as FakeWindow[],
    loadedFiles: [] as string[],
    loadedUrls: [] as string[],
    handlers: new Map<string, Listener>(),
    ipcOn: [] as string[],
    openedExternal: [] as string[],
    session: {
      headers: null as Listener | null,
      request: null as Listener | null,
      check: null as Listener | null,
      device: null as Listener | null,
      displayMedia: null as Listener | null,
    },
  };

  class FakeWindow {
    readonly webContents = new FakeWebContents();
    minimized = true;
    focused = 0;
    restored = 0;
    constructor(readonly options: Record<string, unknown>) {
      rec.windows.push(this);
      // Real Electron announces the window's contents through the same app event.
      app.emit('web-contents-created', electronEvent(), this.webContents);
    }
    loadFile(file: string): Promise<void> {
      rec.loadedFiles.push(file);
      this.webContents.url = pathToFileURL(file).href;
      return Promise.resolve();
    }
    loadURL(url: string): Promise<void> {
      rec.loadedUrls.push(url);
      return Promise.resolve();
    }
    isDestroyed(): boolean {
      return false;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    restore(): void {
      this.restored++;
      this.minimized = false;
    }
    show(): void {}
    focus(): void {
      this.focused++;
    }
  }

  const electron = {
    app: Object.assign(app, {
      requestSingleInstanceLock: () => {
        rec.lockRequested++;
        return opts.lock;
      },
      quit: () => {
        rec.quit++;
      },
      exit: (code: number) => {
        rec.exitCode = code;
      },
      setPath: (name: string, value: string) => rec.paths.set(name, value),
      getPath: (name: string) => rec.paths.get(name) ?? '',
      whenReady: () => Promise.resolve(),
    }),
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (channel: string, fn: Listener) => rec.handlers.set(channel, fn),
      on: (channel: string) => rec.ipcOn.push(channel),
    },
    Notification: class {
      static isSupported(): boolean {
        return false;
      }
    },
    powerMonitor: new Emitter(),
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => opts.storageBackend ?? 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from(`enc:${s}`),
      decryptString: (b: Buffer) => b.toString().replace(/^enc:/, ''),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: Listener) => (rec.session.headers = fn) },
        setPermissionRequestHandler: (fn: Listener) => (rec.session.request = fn),
        setPermissionCheckHandler: (fn: Listener) => (rec.session.check = fn),
        setDevicePermissionHandler: (fn: Listener) => (rec.session.device = fn),
        setDisplayMediaRequestHandler: (fn: Listener) => (rec.session.displayMedia = fn),
      },
    },
    shell: { openExternal: (url: string) => rec.openedExternal.push(url) },
  };
  return { electron, rec };
}

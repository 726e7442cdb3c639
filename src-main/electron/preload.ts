/**
 * Sandboxed preload, bundled into one CommonJS file (a sandboxed preload can be neither ESM nor
 * require our other files). The allow-lists come from the contract at build time.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, EVENTS } from '../../src-shared/ipc/contract';
import type { PreloadApi } from '../../src-shared/ipc/preload';

const channels = new Set<string>(CHANNELS);
const events = new Set<string>(EVENTS);

const api: PreloadApi = {
  transport: 'electron',
  call(channel: string, input: unknown): Promise<unknown> {
    if (!channels.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel: ${String(channel).slice(0, 64)}` } });
    }
    return ipcRenderer.invoke(channel, input);
  },
  on(event: string, cb: (payload: unknown) => void): () => void {
    if (!events.has(event)) throw new Error(`unknown event: ${event}`);
    const listener = (_e: unknown, payload: unknown) => cb(payload);
    ipcRenderer.on(event, listener);
    return () => ipcRenderer.removeListener(event, listener);
  },
};

contextBridge.exposeInMainWorld('consoleApi', api);

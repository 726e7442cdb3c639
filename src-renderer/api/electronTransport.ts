import type { PreloadApi } from './consoleApi';
import { asEnvelope, type Transport } from './transport';

/** Electron: the preload's `consoleApi` (IPC with a sender check in the host). Always connected. */
export function createElectronTransport(api: PreloadApi): Transport {
  return {
    kind: 'electron',
    call: async (channel, input) => {
      try {
        return asEnvelope(await api.call(channel, input));
      } catch (err) {
        return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
      }
    },
    on: (event, cb) => api.on(event, cb),
    // The host opens its own dialog (files:pick): the page never learns a path.
    fileSource: { via: 'host-dialog' },
    state: () => 'open',
    onState: () => () => undefined,
  };
}

import type { PreloadApi } from '../../src-shared/ipc/preload';

/** What the Electron preload exposes (declared in the contract); absent in browser mode. */
export type { PreloadApi };

declare global {
  // Declaration merging with the DOM's Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    consoleApi?: PreloadApi;
  }
}

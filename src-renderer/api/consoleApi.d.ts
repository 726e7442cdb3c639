/** What the Electron preload (src-main/electron/preload.ts) exposes; absent in browser mode. */
export type PreloadApi = {
  readonly transport: 'electron';
  call(channel: string, input: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
};

declare global {
  // Declaration merging with the DOM's Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    consoleApi?: PreloadApi;
  }
}

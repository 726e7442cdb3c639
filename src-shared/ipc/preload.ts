/**
 * What the Electron preload exposes as `window.consoleApi` (src-main/electron/preload.ts), declared
 * once: the preload's object is checked against it and the renderer's transport reads it
 * (src-renderer/api/consoleApi.d.ts). Its allow-lists are the contract's channels and events; a
 * name outside them is refused in the preload (the renderer is untrusted, so the names stay strings).
 */
import type { Channel, EventName } from './contract';

export type PreloadApi = Readonly<{
  transport: 'electron';
  /** Answers the contract's envelope; a channel outside the contract answers UNKNOWN_CHANNEL. */
  call(channel: Channel | (string & {}), input: unknown): Promise<unknown>;
  /** Throws for an event outside the contract. */
  on(event: EventName | (string & {}), cb: (payload: unknown) => void): () => void;
}>;

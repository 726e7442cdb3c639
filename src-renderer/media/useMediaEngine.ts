/**
 * Starts the one media engine of this window (App mounts it) and keeps the microphone warm while a
 * softphone account with media is configured. Exposes `window.consoleMedia` for diagnostics (the
 * e2e test reads RTP counters from it; an operator's support person can too).
 */
import { useEffect, useSyncExternalStore } from 'react';
import { contract } from '../../src-shared/ipc/contract';
import { call, initTransport } from '../api/client';
import { createMediaEngine, type MediaEngine } from './engine';
import { createMicrophone, type Microphone, type MicState } from './microphone';
import { createRinger, type Ringer } from './ringer';
import type { SessionStats } from './session';

declare global {
  // Declaration merging with the DOM's Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    consoleMedia?: {
      readonly engineId: string;
      stats(): Promise<SessionStats[]>;
      open(): { readonly sessions: number; readonly liveTracks: number };
      mic(): MicState;
      ringing(): boolean;
    };
  }
}

let mic: Microphone | null = null;
let engine: MediaEngine | null = null;
let ringer: Ringer | null = null;

export function microphone(): Microphone {
  mic ??= createMicrophone();
  return mic;
}

export function ringTone(): Ringer {
  ringer ??= createRinger();
  return ringer;
}

function startEngine(): MediaEngine | null {
  if (engine) return engine;
  const setup = initTransport();
  if (!setup.ok) return null;
  const t = setup.transport;
  const schema = contract.events['media:request'];
  engine = createMediaEngine({
    attach: (engineId) => call('media:attach', { engineId }),
    reply: (r) => call('media:reply', r),
    onRequest: (cb) =>
      t.on('media:request', (raw) => {
        const parsed = schema.safeParse(raw);
        if (parsed.success) cb(parsed.data);
        else console.error('media:request outside the contract', parsed.error.issues);
      }),
    onOpen: (cb) => {
      // Attach now if the transport is already up, and after every reconnect (a new socket is a
      // new renderer for the host: its pending requests to the old one have failed).
      if (t.state() === 'open') cb();
      let last = t.state();
      return t.onState((s) => {
        if (s === 'open' && last !== 'open') cb();
        last = s;
      });
    },
    mic: microphone(),
  });
  const e = engine;
  window.consoleMedia = {
    engineId: e.engineId,
    stats: () => e.stats(),
    open: () => e.open(),
    mic: () => microphone().state(),
    ringing: () => ringTone().playing(),
  };
  return engine;
}

/** Mount once (App). `warm`: a softphone account with media exists, so open the microphone now. */
export function useMediaEngine(warm: boolean): void {
  useEffect(() => {
    startEngine();
  }, []);
  useEffect(() => {
    if (warm) void microphone().warm();
    else microphone().release();
  }, [warm]);
}

export function useMicState(): MicState {
  const m = microphone();
  return useSyncExternalStore(m.subscribe, m.state);
}

/**
 * The renderer's one way to the console host: a typed `call()` over the contract and
 * `useEvent()` for host events, on whichever transport this window has (Electron preload or
 * the browser-mode WebSocket). Answers are checked against the contract's output schemas, so a
 * host/renderer mismatch shows up as an error here, not as undefined deep in a component.
 */
import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import type { z } from 'zod';
import { contract, type Channel, type EventName, type EventPayload, type Input, type Output } from '../../src-shared/ipc/contract';
import { ApiError } from './errors';
import { createElectronTransport } from './electronTransport';
import { takeToken } from './token';
import type { ConnectionState, FileSource, Transport } from './transport';
import { createWsTransport } from './wsTransport';

export { ApiError, isApiError } from './errors';
export type { ConnectionState, FileSource } from './transport';

let transport: Transport | null = null;

export type TransportSetup = { readonly ok: true; readonly transport: Transport } | { readonly ok: false; readonly problem: 'no-token' };

/** Picks the transport: the preload's `consoleApi` in Electron, else a WebSocket with the page's token. */
export function initTransport(win: Window = window): TransportSetup {
  if (transport) return { ok: true, transport };
  if (win.consoleApi?.transport === 'electron') {
    transport = createElectronTransport(win.consoleApi);
    return { ok: true, transport };
  }
  const token = takeToken(win);
  if (token === null) return { ok: false, problem: 'no-token' };
  const wsProto = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  transport = createWsTransport({
    wsUrl: `${wsProto}//${win.location.host}/ws?token=${encodeURIComponent(token)}`,
    uploadUrl: `${win.location.protocol}//${win.location.host}/upload`,
    token,
  });
  return { ok: true, transport };
}

/** For tests and storybook-like harnesses: use a given transport. */
export function setTransport(t: Transport | null): void {
  transport = t;
}

function current(): Transport {
  if (!transport) throw new Error('transport not initialised (initTransport() runs in main.tsx)');
  return transport;
}

export async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  const env = await current().call(channel, input);
  if (!env.ok) throw new ApiError(env.error);
  const schema = contract.requests[channel].output as unknown as z.ZodType<Output<C>>;
  const parsed = schema.safeParse(env.value);
  if (!parsed.success) {
    console.error(`answer of ${channel} is outside the contract`, parsed.error.issues);
    throw new ApiError({ code: 'INTERNAL', message: `the answer of ${channel} does not match the contract` });
  }
  return parsed.data;
}

/** Turns a file the operator picked into the source `directory:import` takes. */
export function fileSource(file: File): Promise<FileSource> {
  return current().fileSource(file);
}

export function transportKind(): 'electron' | 'web' {
  return current().kind;
}

/** Subscribes to a host event for the component's lifetime; payloads are checked against the contract. */
export function useEvent<E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void): void {
  const ref = useRef(cb);
  useLayoutEffect(() => {
    ref.current = cb;
  });
  useEffect(() => {
    const schema = contract.events[name] as unknown as z.ZodType<EventPayload<E>>;
    return current().on(name, (raw) => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        console.error(`event ${name} is outside the contract`, parsed.error.issues);
        return;
      }
      ref.current(parsed.data);
    });
  }, [name]);
}

const noopSubscribe = () => () => undefined;

export function useConnectionState(): ConnectionState {
  const t = transport;
  return useSyncExternalStore(
    t ? t.onState.bind(t) : noopSubscribe,
    () => (t ? t.state() : 'open'),
  );
}

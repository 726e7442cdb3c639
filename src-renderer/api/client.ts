/**
 * The renderer's one way to the console host: a typed `call()` over the contract and
 * `useEvent()` for host events, on whichever transport this window has (Electron preload or
 * the browser-mode WebSocket). Answers are checked against the contract's output schemas, so a
 * host/renderer mismatch shows up as an error here, not as undefined deep in a component.
 */
import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import type { z } from 'zod';
import { contract, type Channel, type EventName, type EventPayload, type Input, type Output } from '../../src-shared/ipc/contract';
import { UPLOAD } from '../../src-shared/ipc/socket';
import { ApiError } from './errors';
import { createElectronTransport } from './electronTransport';
import { storeToken, takeToken, tokenFromHash } from './token';
import { announceToken, listenForTokens } from './tokenHandover';
import type { FilePurpose } from '../../src-shared/ipc/files';
import type { ConnectionState, FileRef, Transport } from './transport';
import { createWsTransport, type WsTransport } from './wsTransport';

export { isApiError } from './errors';
export type { ConnectionState, FileRef } from './transport';

let transport: Transport | null = null;
/** The same object as `transport` in browser mode: the one that can take a new token. */
let webTransport: WsTransport | null = null;

export type TransportSetup = { readonly ok: true; readonly transport: Transport } | { readonly ok: false; readonly problem: 'no-token' };

/** Picks the transport: the preload's `consoleApi` in Electron, else a WebSocket with the page's token. */
export function initTransport(win: Window = window): TransportSetup {
  if (transport) return { ok: true, transport };
  if (win.consoleApi?.transport === 'electron') {
    transport = createElectronTransport(win.consoleApi);
    return { ok: true, transport };
  }
  const fromLink = tokenFromHash(win.location.hash) !== null;
  const token = takeToken(win);
  if (token === null) return { ok: false, problem: 'no-token' };
  const wsProto = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const web = createWsTransport({
    wsUrl: `${wsProto}//${win.location.host}/ws`,
    uploadUrl: `${win.location.protocol}//${win.location.host}${UPLOAD.path}`,
    token,
  });
  webTransport = web;
  transport = web;
  // A tab opened with a fresh link may be the restarted host's: tabs refused for the old token take it.
  if (fromLink) announceToken(token);
  listenForTokens((t) => {
    if (web.state() === 'unauthorized') adoptToken(t, win);
  });
  return { ok: true, transport };
}

/**
 * Browser mode: connect with a new token (a restarted host's link) without reloading the page,
 * so forms keep what was typed. False in Electron or before the transport exists (nothing to adopt it).
 */
export function adoptToken(token: string, win: Window = window): boolean {
  if (webTransport === null) return false;
  storeToken(win.sessionStorage, token);
  webTransport.useToken(token);
  return true;
}

/** For tests and storybook-like harnesses: use a given transport. */
export function setTransport(t: Transport | null): void {
  transport = t;
  webTransport = null;
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

/**
 * A file the operator chose, for `tickets:attach` / `directory:import`. `handle()` gives the file
 * handle those requests take: Electron already has it (the host's dialog made it), browser mode
 * uploads the File when it is used (so choosing a file costs nothing until then).
 */
export type ChosenFile = { readonly name: string; readonly bytes: number; handle(): Promise<FileRef> };

/** How this window lets the operator choose a file: the host's dialog, or the page's file input. */
export function fileChooser(): 'host-dialog' | 'page-input' {
  return current().fileSource.via === 'host-dialog' ? 'host-dialog' : 'page-input';
}

/** Electron: the host opens its own dialog; null when the operator cancelled. */
export async function pickWithHostDialog(purpose: FilePurpose): Promise<ChosenFile | null> {
  const ref = await call('files:pick', { purpose });
  return ref === null ? null : { name: ref.name, bytes: ref.bytes, handle: () => Promise.resolve(ref) };
}

/** Browser mode: a File from the page's input, uploaded when its handle is first needed. */
export function chosenFromPage(file: File): ChosenFile {
  const source = current().fileSource;
  return {
    name: file.name,
    bytes: file.size,
    // Each use uploads again: a handle is single-use on the host.
    handle: () => (source.via === 'upload' ? source.upload(file) : Promise.reject(new Error('this window chooses files through the host dialog'))),
  };
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

/** The connection as it is now (outside React: the query client's retry policy). */
export function connectionState(): ConnectionState {
  return transport ? transport.state() : 'open';
}

export function useConnectionState(): ConnectionState {
  const t = transport;
  return useSyncExternalStore(t ? t.onState.bind(t) : noopSubscribe, () => (t ? t.state() : 'open'));
}

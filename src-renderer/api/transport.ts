import type { Envelope } from '../../src-shared/ipc/envelope';
import type { FileRef } from '../../src-shared/ipc/files';

/**
 * `resuming`: the host dropped the socket on purpose because the page stopped reading for a
 * while (WS_CLOSE.slowConsumer); the transport is reconnecting and shows nothing for it.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'resuming' | 'unauthorized';

/** Host events sent while the socket was down are lost: calls `refetch` once the socket is back. */
export function refetchAfterReconnect(refetch: () => void): (s: ConnectionState) => void {
  let dropped = false;
  return (s) => {
    if (s === 'reconnecting' || s === 'resuming') dropped = true;
    if (s === 'open' && dropped) {
      dropped = false;
      refetch();
    }
  };
}

/** What the top bar says about the connection: nothing while open or quietly resuming. */
export function connectionNotice(s: ConnectionState): 'connecting' | 'reconnecting' | 'unauthorized' | null {
  switch (s) {
    case 'open':
    case 'resuming':
      return null;
    case 'connecting':
    case 'reconnecting':
    case 'unauthorized':
      return s;
    default:
      return assertNever(s);
  }
}

/**
 * Whether react-query should ask again after a failed query. Only an OFFLINE answer can change
 * by itself, and only while the socket is up (the host was slow): with the host gone, retries
 * would keep «Поиск…» spinning for half a minute; the query ends in the offline message at once
 * and is refetched when the socket is back (refetchAfterReconnect).
 */
export function shouldRetryQuery(failures: number, code: string | null, connection: ConnectionState): boolean {
  return code === 'OFFLINE' && connectionNotice(connection) === null && failures < 3;
}

function assertNever(x: never): never {
  throw new Error(`unexpected connection state ${String(x)}`);
}

export type { FileRef } from '../../src-shared/ipc/files';

/**
 * How this window turns a file the operator chooses into a file handle (never a path): Electron
 * asks the host to open its own dialog (`files:pick`); browser mode uploads the page's File.
 */
export type FileSource = { readonly via: 'host-dialog' } | { readonly via: 'upload'; upload(file: File): Promise<FileRef> };

/**
 * One of the contract's two transports as the renderer sees it. Everything above this (the typed
 * `call`, `useEvent`, react-query hooks) is the same for Electron and browser mode.
 */
export type Transport = {
  readonly kind: 'electron' | 'web';
  call(channel: string, input: unknown): Promise<Envelope<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
  readonly fileSource: FileSource;
  state(): ConnectionState;
  onState(cb: (s: ConnectionState) => void): () => void;
};

/** Anything that is not a well-formed envelope becomes an INTERNAL error envelope. */
export function asEnvelope(x: unknown): Envelope<unknown> {
  if (typeof x === 'object' && x !== null && 'ok' in x) {
    const e = x as { ok: unknown; value?: unknown; error?: unknown };
    if (e.ok === true) return { ok: true, value: e.value };
    if (e.ok === false && typeof e.error === 'object' && e.error !== null) {
      const err = e.error as { code?: unknown; message?: unknown; issues?: unknown };
      if (typeof err.code === 'string') return x as Envelope<unknown>;
    }
  }
  return { ok: false, error: { code: 'INTERNAL', message: 'the host answered with something that is not an envelope' } };
}

/**
 * One browser-mode WebSocket connection: `{ id, channel, input }` → `{ id, result }`, host events
 * as `{ event, payload }`. Both directions are bounded per connection:
 *
 * - outgoing: before every frame (replies and events alike) the connection's unread queue is
 *   checked; past `maxBufferedBytes` the client has stopped reading, so it is closed with
 *   `WS_CLOSE.slowConsumer` instead of growing the host without limit (the attack run measured
 *   124 → 878 MB in 20 s, and every other seat slowed by seconds);
 * - incoming: at most `maxInFlight` requests are being worked on; past it the request is answered
 *   BUSY at once, so no unbounded work piles up behind a flood.
 *
 * Everything the connection holds (its event subscription, its queue) is released when it closes.
 */
import type { RawData, WebSocket } from 'ws';
import { errorEnvelope, type Envelope } from '../../src-shared/ipc/envelope';
import { MAX_BUFFERED_BYTES, MAX_IN_FLIGHT, RequestFrameSchema, WS_CLOSE, type HostFrame, type RequestFrame } from '../../src-shared/ipc/socket';
import type { Host } from '../host';
import type { Logger } from '../log';

export type SocketLimits = {
  readonly maxBufferedBytes: number;
  readonly maxInFlight: number;
  /** How long a dropped slow consumer gets to read its close frame before its socket is destroyed. */
  readonly closeGraceMs: number;
};

export const DEFAULT_SOCKET_LIMITS: SocketLimits = { maxBufferedBytes: MAX_BUFFERED_BYTES, maxInFlight: MAX_IN_FLIGHT, closeGraceMs: 10_000 };

export class MalformedRequestError extends Error {
  readonly id: number | string | null;
  constructor(message: string, id: number | string | null = null) {
    super(message);
    this.name = 'MalformedRequestError';
    this.id = id;
  }
}

function parseRequest(data: RawData, isBinary: boolean): RequestFrame {
  if (isBinary) throw new MalformedRequestError('binary frames are not part of the contract');
  let msg: unknown;
  try {
    msg = JSON.parse(data.toString());
  } catch (err) {
    throw new MalformedRequestError(err instanceof Error ? err.message : String(err));
  }
  if (typeof msg !== 'object' || msg === null) throw new MalformedRequestError('a request is a JSON object');
  const frame = RequestFrameSchema.safeParse(msg);
  // An object can only lack a usable id (channel and input are checked by the dispatcher); a JSON
  // array is an object too, and has no id either.
  if (!frame.success) throw new MalformedRequestError('a request needs a numeric or string "id"');
  return frame.data;
}

export function serveSocket(ws: WebSocket, deps: { readonly host: Host; readonly log: Logger; readonly limits?: SocketLimits }): void {
  const { host, log } = deps;
  const limits = deps.limits ?? DEFAULT_SOCKET_LIMITS;
  let inFlight = 0;
  let dropped = false;

  function dropSlowConsumer(): void {
    if (dropped) return;
    dropped = true;
    log.warn({ buffered: ws.bufferedAmount, limit: limits.maxBufferedBytes }, 'browser-mode client stopped reading: connection closed');
    unsubscribe();
    ws.close(WS_CLOSE.slowConsumer, 'outgoing queue full: the client stopped reading');
    // The close frame waits behind the unread queue; a client that never reads must not keep that
    // memory for ws's 30 s close timeout.
    const timer = setTimeout(() => ws.terminate(), limits.closeGraceMs);
    timer.unref();
    ws.once('close', () => clearTimeout(timer));
  }

  /** Queues one frame unless the client already has too much unread. */
  function deliver(frame: HostFrame): void {
    if (dropped || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount >= limits.maxBufferedBytes) {
      dropSlowConsumer();
      return;
    }
    ws.send(JSON.stringify(frame));
  }

  const unsubscribe = host.events.subscribe((event, payload) => {
    // This runs inside the emitting service: a failure here must not reach it or the other seats.
    try {
      deliver({ event, payload });
    } catch (err) {
      log.error({ err, event }, 'could not send a host event to a browser-mode client');
    }
  });
  ws.on('close', unsubscribe);
  ws.on('error', (err) => log.warn({ err }, 'websocket error'));

  async function answer(data: RawData, isBinary: boolean): Promise<void> {
    let req: RequestFrame;
    try {
      req = parseRequest(data, isBinary);
    } catch (err) {
      if (!(err instanceof MalformedRequestError)) throw err;
      deliver({ id: err.id, result: errorEnvelope('VALIDATION', `malformed request: ${err.message}`) });
      return;
    }
    if (inFlight >= limits.maxInFlight) {
      deliver({
        id: req.id,
        result: errorEnvelope('BUSY', `too many requests in flight on this connection (at most ${limits.maxInFlight}): retry when answers arrive`),
      });
      return;
    }
    inFlight++;
    let result: Envelope<unknown>;
    try {
      result = await host.dispatch(req.channel, req.input, { transport: 'web' });
    } catch (err) {
      // dispatch answers envelopes by design; reaching here is a bug, still answered, never thrown out.
      log.error({ err }, 'dispatch threw');
      result = errorEnvelope('INTERNAL', 'internal error');
    } finally {
      inFlight--;
    }
    deliver({ id: req.id, result });
  }

  ws.on('message', (data, isBinary) => {
    if (dropped || ws.readyState !== ws.OPEN) return;
    answer(data, isBinary).catch((err: unknown) => log.error({ err }, 'browser-mode request failed'));
  });
}

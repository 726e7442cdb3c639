/**
 * The HTTP plumbing of browser mode that keeps one bad request from reaching the process: every
 * request and upgrade handler runs inside a guard (an unexpected error answers 500 or drops that
 * one socket, and is logged), and malformed HTTP gets a plain status line and a closed socket.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log';

/** Headers every answer carries, error pages included. */
const BASE_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' } as const;

/** A short plain-text answer (errors, refusals); the connection may stay open for the next request. */
export function sendText(res: ServerResponse, status: number, text: string, headers: Readonly<Record<string, string>> = {}): void {
  const body = `${text}\n`;
  res.writeHead(status, { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/** A raw HTTP answer on a socket that never became a request/response pair (upgrade, CONNECT, parse error), then closed. */
export function endSocket(socket: Duplex, status: number, text = STATUS_CODES[status] ?? 'error'): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'connection: close\r\ncontent-type: text/plain; charset=utf-8\r\nx-content-type-options: nosniff\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Log fields that describe a request without copying a hostile amount of it into the log. */
function requestFields(req: IncomingMessage): Record<string, string | undefined> {
  return { method: req.method, url: req.url?.slice(0, 200) };
}

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Wraps a request handler so nothing it throws (synchronously or later) leaves it: an unhandled
 * error in a request listener would end the whole console for every operator seat.
 */
export function guardRequest(log: Logger, handle: RequestHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const fail = (err: unknown) => {
      log.error({ err, ...requestFields(req) }, 'web request failed');
      if (res.headersSent || res.destroyed) {
        // Part of an answer is already out: the only honest end is to cut this connection.
        res.destroy();
        return;
      }
      try {
        sendText(res, 500, 'internal error');
      } catch (sendErr) {
        log.warn({ err: sendErr }, 'could not send the 500 answer');
        res.destroy();
      }
    };
    try {
      const pending = handle(req, res);
      if (pending) pending.catch(fail);
    } catch (err) {
      fail(err);
    }
  };
}

type SocketHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** The same guard for `upgrade` and `connect`, whose sockets have no response object. */
export function guardSocket(log: Logger, handle: SocketHandler): SocketHandler {
  return (req, socket, head) => {
    // From here on the socket is ours: without a listener a reset by the peer would be an uncaught error.
    socket.on('error', (err) => log.debug({ err }, 'socket error'));
    try {
      handle(req, socket, head);
    } catch (err) {
      log.error({ err, ...requestFields(req) }, 'web upgrade failed');
      endSocket(socket, 500);
    }
  };
}

/**
 * `clientError`: the request could not be parsed (bad request line, HTTP/0.9, oversized headers,
 * conflicting lengths, header timeout). Answers like Node's default would, and logs it: having a
 * listener at all is what keeps such sockets from surfacing as errors elsewhere.
 */
export function onClientError(log: Logger): (err: NodeJS.ErrnoException, socket: Duplex) => void {
  return (err, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    log.warn({ code: err.code, status }, 'malformed HTTP request refused');
    // A pipelined request may fail while an answer to the previous one is still being written on
    // this socket; raw bytes would corrupt it, so then the socket is only closed (Node does the same).
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    endSocket(socket, status);
  };
}

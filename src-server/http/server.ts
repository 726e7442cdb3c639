/**
 * The desk server's listener: HTTPS when given a certificate and key, plain HTTP only on a
 * loopback address. Every request runs inside one guard (nothing a request does can end the
 * process); `close()` stops accepting, lets in-flight requests finish (pushes must not be cut in
 * half), answers 503 to anything new on a kept-alive connection, and then closes what is left.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log';
import { ApiError } from './errors';
import { sendJson } from './router';

export type Tls = Readonly<{ cert: Buffer; key: Buffer }>;
export type ListenOptions = Readonly<{
  host: string;
  port: number;
  tls: Tls | null;
  log: Logger;
  drainMs: number;
  /** The HTTP `upgrade` event (the live WebSocket); without it an upgrade is refused. */
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}>;
export type Listener = Readonly<{ url: string; port: number; close(): Promise<void>; inFlight(): number }>;

export class InsecureBindError extends Error {
  override readonly name = 'InsecureBindError';
  constructor(host: string) {
    super(
      `refusing to serve plain HTTP on ${host}: passwords and session tokens would cross the network in clear text. ` +
        'Give --cert FILE and --key FILE to serve HTTPS there, or bind to a loopback address (127.0.0.1, ::1, localhost).',
    );
  }
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  const v = isIP(host);
  if (v === 4) return host.startsWith('127.');
  if (v === 6) return host === '::1' || host.toLowerCase() === '0:0:0:0:0:0:0:1';
  return false;
}

type Handle = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export async function listen(opts: ListenOptions, handle: Handle): Promise<Listener> {
  const { host, port, tls, log } = opts;
  if (!tls && !isLoopback(host)) throw new InsecureBindError(host);
  let inFlight = 0;
  let stopping = false;
  const idle: Array<() => void> = [];

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight++;
    const started = Date.now();
    res.once('close', () => {
      inFlight--;
      log.debug({ method: req.method, url: req.url?.slice(0, 200), status: res.statusCode, ms: Date.now() - started }, 'request');
      if (inFlight === 0) for (const f of idle.splice(0)) f();
    });
    const fail = (err: unknown): void => {
      const api = err instanceof ApiError ? err : null;
      if (!api) log.error({ err, method: req.method, url: req.url?.slice(0, 200) }, 'request failed');
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      const e = api ?? new ApiError('INTERNAL', 'internal error (logged on the server)');
      // With `connection: close` (a body we refused to read is still on the wire) Node ends the
      // socket once this answer is out, instead of parsing the rest as the next request.
      sendJson(res, e.status, e.body(), e.headers);
    };
    if (stopping) {
      fail(new ApiError('UNAVAILABLE', 'the server is shutting down; try again shortly', undefined, { connection: 'close' }));
      return;
    }
    try {
      handle(req, res).catch(fail);
    } catch (err) {
      fail(err);
    }
  };

  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, onRequest) : createHttpServer(onRequest);
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.maxHeadersCount = 100;
  // A malformed request line or header never reaches a handler: answer it and drop the socket.
  server.on('clientError', (err, socket) => {
    log.debug({ err }, 'bad HTTP from a client');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (opts.onUpgrade && !stopping) {
      opts.onUpgrade(req, socket, head);
      return;
    }
    socket.on('error', (err) => log.debug({ err }, 'refused upgrade socket error'));
    socket.end('HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = isIP(host) === 6 ? `[${host}]` : host;
  const url = `${tls ? 'https' : 'http'}://${shownHost}:${actualPort}`;

  return {
    url,
    port: actualPort,
    inFlight: () => inFlight,
    async close() {
      if (stopping) return;
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        log.info({ inFlight }, 'draining in-flight requests');
        const drained = new Promise<void>((resolve) => idle.push(resolve));
        const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), opts.drainMs).unref());
        if ((await Promise.race([drained, timer])) === 'timeout') log.warn({ inFlight }, 'drain timed out; closing the remaining connections');
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

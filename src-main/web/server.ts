/**
 * Browser mode: the same console host served to any Chromium on 127.0.0.1. The page gets a
 * per-start secret token in its URL fragment; the WebSocket (the contract's second transport)
 * and uploads refuse any request without it. Origin and Host are checked too, so another web
 * page or a DNS-rebinding site cannot drive the console.
 *
 * Anything can connect to the port, so no request may end the process: every handler runs inside
 * a guard (src-main/web/http.ts), malformed HTTP is answered by `clientError`, and each WebSocket
 * connection has bounded queues both ways (src-main/web/socket.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createWriteStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError, errorEnvelope, type Envelope } from '../../src-shared/ipc/envelope';
import { UPLOAD, WS_CLOSE, type ReplyFrame, type UploadReply } from '../../src-shared/ipc/socket';
import { checkFileName, toFileRef } from '../files/registry';
import type { Host } from '../host';
import type { Logger } from '../log';
import { PRIVATE_FILE_MODE } from '../privateFiles';
import { endSocket, guardRequest, guardSocket, onClientError, sendText } from './http';
import { serveSocket, type SocketLimits } from './socket';
import { createStaticFiles } from './staticFiles';

/**
 * The browser's file name (URI-encoded by the client): the handle's display name, so it obeys the
 * same rule as any other line of text from outside (src-shared/text/safe.ts).
 */
function fileNameHeader(raw: string | string[] | undefined): string {
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined || v === '') return 'upload';
  let name: string;
  try {
    name = decodeURIComponent(v);
  } catch (err) {
    throw new AppError('VALIDATION', `${UPLOAD.fileNameHeader} is not URI-encoded UTF-8 (${err instanceof Error ? err.message : String(err)})`);
  }
  return checkFileName(name.trim());
}

const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
const MAX_FRAME_BYTES = 1024 * 1024;

export class UploadTooLargeError extends Error {
  constructor() {
    super(`file too large (at most ${MAX_UPLOAD_BYTES} bytes)`);
    this.name = 'UploadTooLargeError';
  }
}

export type WebServer = { readonly url: string; readonly token: string; readonly port: number; close(): Promise<void> };

export async function startWebServer(opts: {
  host: Host;
  rendererDir: string;
  port: number;
  log: Logger;
  token?: string;
  socketLimits?: SocketLimits;
}): Promise<WebServer> {
  const { host, log } = opts;
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const rendererDir = resolve(opts.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`renderer not built: ${join(rendererDir, 'index.html')} is missing (run: node scripts/build.mjs --renderer-only)`);
  }
  const serveStatic = createStaticFiles({ rendererDir, log });
  let port = opts.port;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const tokenOk = (given: string | null | undefined): boolean => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const sendJson = (res: ServerResponse, status: number, body: Envelope<unknown>) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(JSON.stringify(body));
  };

  async function handleUpload(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return sendJson(res, 403, errorEnvelope('UNAUTHORIZED', 'upload from a foreign origin'));
    const given = req.headers[UPLOAD.tokenHeader.toLowerCase()];
    if (!tokenOk(Array.isArray(given) ? given[0] : given)) return sendJson(res, 401, errorEnvelope('UNAUTHORIZED', 'missing or wrong console token'));
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_UPLOAD_BYTES) return sendJson(res, 413, errorEnvelope('VALIDATION', `file too large (${length} bytes, at most ${MAX_UPLOAD_BYTES})`));
    let name: string;
    try {
      name = fileNameHeader(req.headers[UPLOAD.fileNameHeader.toLowerCase()]);
    } catch (err) {
      req.resume(); // drain the body we refuse, so the answer reaches the client
      return sendJson(res, 400, errorEnvelope('VALIDATION', err instanceof Error ? err.message : String(err)));
    }
    const path = host.files.newUploadPath();
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_UPLOAD_BYTES) req.destroy(new UploadTooLargeError());
    });
    try {
      await pipeline(req, createWriteStream(path, { mode: PRIVATE_FILE_MODE }));
    } catch (err) {
      // Nothing half-written stays behind: a broken upload is no file at all.
      await rm(path, { force: true });
      log.warn({ err }, 'upload failed');
      if (err instanceof UploadTooLargeError) return sendJson(res, 413, errorEnvelope('VALIDATION', err.message));
      return sendJson(res, 400, errorEnvelope('VALIDATION', `upload failed: ${err instanceof Error ? err.message : String(err)}`));
    }
    const handle = host.files.registerUpload(path, name, received);
    const reply: UploadReply = { ok: true, value: toFileRef(handle) };
    return sendJson(res, 200, reply);
  }

  const server: Server = createServer(
    guardRequest(log, (req, res) => {
      if (!allowedHosts().has(req.headers.host ?? '')) return sendText(res, 421, 'wrong host');
      if (req.method === 'POST' && req.url === UPLOAD.path) return handleUpload(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
      return serveStatic(req, res);
    }),
  );
  server.on('clientError', onClientError(log));
  // Without a listener Node drops CONNECT silently; an explicit refusal is clearer to whoever tried.
  server.on(
    'connect',
    guardSocket(log, (_req, socket) => endSocket(socket, 405)),
  );

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on(
    'upgrade',
    guardSocket(log, (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!allowedHosts().has(req.headers.host ?? '')) return endSocket(socket, 421, 'wrong host');
      const target = req.url ?? '';
      const q = target.indexOf('?');
      if ((q < 0 ? target : target.slice(0, q)) !== '/ws') return endSocket(socket, 404, 'not found');
      const params = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
      wss.handleUpgrade(req, socket, head, (ws) => {
        const origin = req.headers.origin;
        if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(ws, 'connection from a foreign origin');
        if (!tokenOk(params.get('token'))) return refuse(ws, 'missing or wrong console token');
        serveSocket(ws, { host, log, ...(opts.socketLimits ? { limits: opts.socketLimits } : {}) });
      });
    }),
  );

  function refuse(ws: WebSocket, message: string) {
    const frame: ReplyFrame = { id: null, result: errorEnvelope('UNAUTHORIZED', message) };
    ws.send(JSON.stringify(frame));
    ws.close(WS_CLOSE.unauthorized, 'unauthorized');
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, '127.0.0.1', () => ok());
  });
  server.on('error', (err) => log.error({ err }, 'web server error'));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('web server has no TCP address');
  port = addr.port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((ok) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

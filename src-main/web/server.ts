/**
 * Browser mode: the same console host served to any Chromium on 127.0.0.1. The page gets a
 * per-start secret token in its URL fragment; the WebSocket (the contract's second transport)
 * and uploads refuse any request without it. Origin and Host are checked too, so another web
 * page or a DNS-rebinding site cannot drive the console.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream, createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError, errorEnvelope, type Envelope } from '../../src-shared/ipc/envelope';
import { checkFileName, toFileRef } from '../files/registry';
import type { Host } from '../host';
import type { Logger } from '../log';
import { PRIVATE_FILE_MODE } from '../privateFiles';

import { CSP } from './csp';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
};
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
    throw new AppError('VALIDATION', `X-File-Name is not URI-encoded UTF-8 (${err instanceof Error ? err.message : String(err)})`);
  }
  return checkFileName(name.trim());
}

const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
const MAX_FRAME_BYTES = 1024 * 1024;

export type WebServer = { readonly url: string; readonly token: string; readonly port: number; close(): Promise<void> };

export async function startWebServer(opts: { host: Host; rendererDir: string; port: number; log: Logger; token?: string }): Promise<WebServer> {
  const { host, log } = opts;
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const rendererDir = resolve(opts.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`renderer not built: ${join(rendererDir, 'index.html')} is missing (run: node scripts/build.mjs --renderer-only)`);
  }
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
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  async function handleUpload(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return sendJson(res, 403, errorEnvelope('UNAUTHORIZED', 'upload from a foreign origin'));
    const given = req.headers['x-console-token'];
    if (!tokenOk(Array.isArray(given) ? given[0] : given)) return sendJson(res, 401, errorEnvelope('UNAUTHORIZED', 'missing or wrong console token'));
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_UPLOAD_BYTES) return sendJson(res, 413, errorEnvelope('VALIDATION', `file too large (${length} bytes, at most ${MAX_UPLOAD_BYTES})`));
    let name: string;
    try {
      name = fileNameHeader(req.headers['x-file-name']);
    } catch (err) {
      req.resume(); // drain the body we refuse, so the answer reaches the client
      return sendJson(res, 400, errorEnvelope('VALIDATION', err instanceof Error ? err.message : String(err)));
    }
    const path = host.files.newUploadPath();
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_UPLOAD_BYTES) req.destroy(new Error('upload too large'));
    });
    try {
      await pipeline(req, createWriteStream(path, { mode: PRIVATE_FILE_MODE }));
    } catch (err) {
      // Nothing half-written stays behind: a broken upload is no file at all.
      rmSync(path, { force: true });
      log.warn({ err }, 'upload failed');
      return sendJson(res, 400, errorEnvelope('VALIDATION', `upload failed: ${err instanceof Error ? err.message : String(err)}`));
    }
    const handle = host.files.registerUpload(path, name, received);
    return sendJson(res, 200, { ok: true, value: toFileRef(handle) });
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse) {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const rel = urlPath === '/' ? 'index.html' : urlPath.slice(1);
    const file = resolve(rendererDir, rel);
    if (!file.startsWith(rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': rel === 'index.html' ? 'no-store' : 'max-age=3600',
    });
    createReadStream(file).pipe(res);
  }

  const server: Server = createServer((req, res) => {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('wrong host');
      return;
    }
    if (req.method === 'POST' && req.url === '/upload') {
      void handleUpload(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    serveStatic(req, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/ws' || !allowedHosts().has(req.headers.host ?? '')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(ws, 'connection from a foreign origin');
      if (!tokenOk(url.searchParams.get('token'))) return refuse(ws, 'missing or wrong console token');
      serveSocket(ws);
    });
  });

  function refuse(ws: WebSocket, message: string) {
    ws.send(JSON.stringify({ id: null, result: errorEnvelope('UNAUTHORIZED', message) }));
    ws.close(4401, 'unauthorized');
  }

  function serveSocket(ws: WebSocket) {
    const unsubscribe = host.events.subscribe((event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
    });
    ws.on('close', unsubscribe);
    ws.on('error', (err) => log.warn({ err }, 'websocket error'));
    ws.on('message', (data, isBinary) => {
      void (async () => {
        let id: number | string | null = null;
        let result: Envelope<unknown>;
        try {
          if (isBinary) throw new Error('binary frames are not part of the contract');
          const msg: unknown = JSON.parse(data.toString());
          if (typeof msg !== 'object' || msg === null) throw new Error('a request is a JSON object');
          const m = msg as { id?: unknown; channel?: unknown; input?: unknown };
          id = typeof m.id === 'number' || typeof m.id === 'string' ? m.id : null;
          if (id === null) throw new Error('a request needs a numeric or string "id"');
          result = await host.dispatch(m.channel, m.input, { transport: 'web' });
        } catch (err) {
          result = errorEnvelope('VALIDATION', `malformed request: ${err instanceof Error ? err.message : String(err)}`);
        }
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
      })();
    });
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, '127.0.0.1', () => ok());
  });
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

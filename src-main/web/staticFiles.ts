/**
 * The renderer's files for browser mode. A request target names a file inside the renderer
 * folder or it is refused: malformed escapes, `..`/`.`/empty segments, NUL and other controls,
 * backslashes and absolute-form targets answer 400 before the file system is asked, and what
 * resolves (symlinks followed) outside the folder answers 404.
 */
import { createReadStream, realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../log';
import { CSP } from './csp';
import { sendText } from './http';

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

export class BadPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadPathError';
  }
}

/**
 * The renderer-relative file a request target names (`/` is `index.html`), or a BadPathError
 * saying what is wrong with it. Only origin-form targets are taken: a browser never sends
 * anything else to this server, and `new URL()` would quietly reinterpret `//host/x` or `http://…`.
 */
export function staticPath(target: string): string {
  if (!target.startsWith('/')) throw new BadPathError('the request target must be a path starting with "/"');
  const raw = target.split(/[?#]/, 1)[0] ?? '';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch (err) {
    if (err instanceof URIError) throw new BadPathError('malformed percent-encoding in the path');
    throw err;
  }
  if (path === '/') return 'index.html';
  if (/[\u0000-\u001f\u007f\\]/.test(path)) throw new BadPathError('control character or backslash in the path');
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) throw new BadPathError('empty, "." or ".." segment in the path');
  return segments.join('/');
}

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'EACCES']);

async function realpathOrNull(file: string): Promise<string | null> {
  try {
    return await realpath(file);
  } catch (err) {
    if (MISSING.has((err as NodeJS.ErrnoException).code ?? '')) return null;
    throw err;
  }
}

/** Serves GET/HEAD for files under `rendererDir`; anything unexpected is thrown to the request guard. */
export function createStaticFiles(deps: { rendererDir: string; log: Logger }) {
  const root = realpathSync(deps.rendererDir);
  return async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let rel: string;
    try {
      rel = staticPath(req.url ?? '');
    } catch (err) {
      if (err instanceof BadPathError) return sendText(res, 400, `bad request: ${err.message}`);
      throw err;
    }
    const file = await realpathOrNull(resolve(root, rel));
    const st = file !== null && file.startsWith(root + sep) ? await stat(file) : null;
    if (file === null || st === null || !st.isFile()) return sendText(res, 404, 'not found');
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': String(st.size),
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': rel === 'index.html' ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await pipeline(createReadStream(file), res);
    } catch (err) {
      // The browser going away mid-file is ordinary; anything else is for the guard (it cuts the socket).
      if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') {
        deps.log.debug({ file: rel }, 'client left before the file was sent');
        return;
      }
      throw err;
    }
  };
}

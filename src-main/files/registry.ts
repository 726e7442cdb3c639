/**
 * Opaque file handles: the only way a file chosen by the operator reaches a request that reads
 * it. A handle is a random id mapped to a host path that never leaves the host; the renderer
 * (hostile by default) can name a handle it was given, never a path. See README.md here.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { AppError } from '../../src-shared/ipc/envelope';
import { FILE_ID_RE, FILE_NAME_MAX, FileNameSchema, type FileRef } from '../../src-shared/ipc/files';
import { unsafeCharIn, unsafeCharMessage } from '../../src-shared/text/safe';
import type { Logger } from '../log';
import { errorReason } from '../../src-shared/text/errors';

/** An hour is enough to pick a file and press «Импорт» / attach it; after that the file is re-chosen. */
export const FILE_HANDLE_TTL_MS = 60 * 60 * 1000;

export type FileHandle = Readonly<{
  id: string;
  /** Where the bytes are on the host: never sent to the renderer. */
  path: string;
  /** Display name (the browser's file name, or the picked file's base name), safeLine-checked. */
  name: string;
  bytes: number;
  /** True for an upload: the host made the file and removes it after use or expiry. */
  owned: boolean;
  createdAt: number;
}>;

/** A name the operator will read: same rule as every other line of text from outside. */
export function checkFileName(name: string): string {
  const parsed = FileNameSchema.safeParse(name);
  if (parsed.success) return parsed.data;
  const code = unsafeCharIn(name);
  if (code !== null) throw new AppError('VALIDATION', `file name ${unsafeCharMessage(code)}`);
  if (name.length > FILE_NAME_MAX) throw new AppError('VALIDATION', `file name is longer than ${FILE_NAME_MAX} characters`);
  throw new AppError('VALIDATION', 'file name must not be empty');
}

export function toFileRef(h: FileHandle): FileRef {
  return { fileId: h.id, name: h.name, bytes: h.bytes };
}

export function createFileRegistry(deps: {
  uploadsDir: string;
  /** The console's data folder: its files (database, secrets.json) are never handed out. */
  dataDir: string;
  now: () => number;
  log: Logger;
  ttlMs?: number;
  /** How often expired handles are swept (their uploads removed) in the background. */
  sweepEveryMs?: number;
}) {
  const ttl = deps.ttlMs ?? FILE_HANDLE_TTL_MS;
  const handles = new Map<string, FileHandle>();
  const dataDir = realDir(deps.dataDir);

  // Uploads live only as long as their handle, and handles do not survive a restart: anything
  // left in the folder is a stale upload of a previous run (or of a crash).
  rmSync(deps.uploadsDir, { recursive: true, force: true });
  mkdirSync(deps.uploadsDir, { recursive: true, mode: 0o700 });

  function removeOwned(h: FileHandle): void {
    if (!h.owned) return;
    try {
      rmSync(h.path, { force: true });
    } catch (err) {
      deps.log.warn({ err, file: h.path }, 'could not remove an upload');
    }
  }

  function add(h: Omit<FileHandle, 'id' | 'createdAt'>): FileHandle {
    const handle: FileHandle = { ...h, id: randomBytes(32).toString('base64url'), createdAt: deps.now() };
    handles.set(handle.id, handle);
    return handle;
  }

  function expired(h: FileHandle, at: number): boolean {
    return at - h.createdAt >= ttl;
  }

  function sweep(): number {
    const at = deps.now();
    let n = 0;
    for (const h of handles.values()) {
      if (!expired(h, at)) continue;
      handles.delete(h.id);
      removeOwned(h);
      n++;
    }
    return n;
  }

  const timer = setInterval(sweep, deps.sweepEveryMs ?? 60_000);
  timer.unref();

  function get(id: string): FileHandle {
    // The contract already checks the shape; internal callers get the same answer.
    if (!FILE_ID_RE.test(id)) throw new AppError('VALIDATION', 'not a file handle id');
    const h = handles.get(id);
    if (!h)
      throw new AppError(
        'NOT_FOUND',
        'no such file handle: it was used already, or the console restarted; choose the file again',
        undefined,
        errorReason('fileGone'),
      );
    if (expired(h, deps.now())) {
      handles.delete(id);
      removeOwned(h);
      throw new AppError(
        'NOT_FOUND',
        `the file handle expired (handles live ${Math.round(ttl / 60_000)} min); choose the file again`,
        undefined,
        errorReason('fileGone'),
      );
    }
    return h;
  }

  return {
    uploadsDir: deps.uploadsDir,
    /** A fresh path in the uploads folder for an incoming upload (not a handle yet). */
    newUploadPath: (): string => join(deps.uploadsDir, `${randomUUID()}.upload`),
    /** A finished upload becomes a handle the host owns (removed after use or expiry). */
    registerUpload(path: string, name: string, bytes: number): FileHandle {
      return add({ path, name: checkFileName(name), bytes, owned: true });
    },
    /**
     * A file the operator chose in the host's own dialog: referenced where it is. Files of the
     * console's own data folder (database, secrets.json, uploads) are refused even then.
     */
    registerPicked(chosen: string): FileHandle {
      if (!isAbsolute(chosen)) throw new AppError('VALIDATION', 'the file dialog returned a relative path');
      let real: string;
      let size: number;
      try {
        real = realpathSync(chosen);
        const s = statSync(real);
        if (!s.isFile()) throw new AppError('VALIDATION', 'the chosen item is not a regular file');
        size = s.size;
      } catch (err) {
        if (err instanceof AppError) throw err;
        const code = (err as NodeJS.ErrnoException | null)?.code;
        throw new AppError(
          'VALIDATION',
          `cannot read the chosen file: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'error')}`,
        );
      }
      if (inside(dataDir, real)) throw new AppError('VALIDATION', "files of the console's own data folder cannot be attached or imported");
      return add({ path: real, name: checkFileName(basename(real)), bytes: size, owned: false });
    },
    /** The live handle for an id; NOT_FOUND when unknown, used or expired. */
    get,
    /**
     * Hands the file over to one request: the handle is gone from the registry (a handle is
     * single-use) and the caller removes an owned upload with `discard` when done.
     */
    take(id: string): FileHandle {
      const h = get(id);
      handles.delete(id);
      return h;
    },
    discard: removeOwned,
    sweep,
    size: (): number => handles.size,
    /** The host closes: every upload still waiting is removed. */
    close(): void {
      clearInterval(timer);
      for (const h of handles.values()) removeOwned(h);
      handles.clear();
    },
  };
}
export type FileRegistry = ReturnType<typeof createFileRegistry>;

function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch (err) {
    // The host creates the data folder before anything else; a missing one here is a wiring bug.
    throw new Error(`data folder ${dir} is not readable: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function inside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

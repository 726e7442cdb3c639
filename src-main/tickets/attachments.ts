/**
 * R-TKT-FORM: files attached to a ticket are kept by reference and SHA-256, never in the database.
 * Electron passes a local path (the file stays where it is; its hash says whether it changed);
 * browser mode uploads the file first (POST /upload into uploadsDir, which is wiped at every
 * start), so the console moves it to <dataDir>/attachments/<sha256> and references that copy.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../src-shared/ipc/envelope';
import { ensurePrivateDir } from '../privateFiles';

export type StoredFile = { readonly name: string; readonly path: string; readonly size: number; readonly sha256: string };
export type AttachSource = { kind: 'path'; path: string } | { kind: 'upload'; uploadId: string; name: string };

async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(createReadStream(path), async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) {
      size += chunk.length;
      hash.update(chunk);
    }
  });
  return { size, sha256: hash.digest('hex') };
}

function unreadable(path: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : err instanceof Error ? err.message : String(err);
  return new AppError('VALIDATION', `cannot attach ${path}: ${why}`);
}

export function createAttachmentFiles(deps: { dataDir: string; uploadsDir: string }) {
  const store = join(deps.dataDir, 'attachments');

  async function fromPath(input: string): Promise<StoredFile> {
    if (!isAbsolute(input)) throw new AppError('VALIDATION', `cannot attach ${input}: give the file's absolute path`);
    const path = resolve(input);
    try {
      const s = await stat(path);
      if (!s.isFile()) throw Object.assign(new Error('not a file'), { code: s.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
      return { name: basename(path), path, ...(await hashFile(path)) };
    } catch (err) {
      throw unreadable(path, err);
    }
  }

  async function fromUpload(uploadId: string, name: string): Promise<StoredFile> {
    const upload = join(deps.uploadsDir, `${uploadId}.upload`);
    let hashed: { size: number; sha256: string };
    try {
      hashed = await hashFile(upload);
    } catch (err) {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        throw new AppError('VALIDATION', `no upload ${uploadId}: uploads do not survive a restart of the console; upload the file again`);
      }
      throw unreadable(upload, err);
    }
    ensurePrivateDir(store);
    const target = join(store, hashed.sha256);
    // Content-addressed: the same file attached twice is stored once.
    const exists = await stat(target).then((s) => s.isFile(), () => false);
    if (exists) await rm(upload, { force: true });
    else await rename(upload, target);
    const label = await readFile(`${upload}.name`, 'utf8').catch(() => null);
    await rm(`${upload}.name`, { force: true });
    return { name: name.trim() || label?.trim() || hashed.sha256, path: target, ...hashed };
  }

  return {
    dir: store,
    read: (source: AttachSource): Promise<StoredFile> => (source.kind === 'path' ? fromPath(source.path) : fromUpload(source.uploadId, source.name)),
  };
}
export type AttachmentFiles = ReturnType<typeof createAttachmentFiles>;

/**
 * R-TKT-FORM: files attached to a ticket are kept by reference and SHA-256, never in the database.
 * The file comes as a handle (src-main/files): one the host's own dialog made (Electron) is hashed
 * and referenced where it is (its hash says whether it changed later); an upload (browser mode,
 * owned by the host) is moved to <dataDir>/attachments/<sha256> and that copy is referenced.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../src-shared/ipc/envelope';
import { ensurePrivateDir } from '../privateFiles';
import type { FileHandle, FileRegistry } from '../files/registry';

export type StoredFile = { readonly name: string; readonly path: string; readonly size: number; readonly sha256: string };

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

/** Names the file by its display name only: the host path is not the renderer's business. */
function unreadable(h: FileHandle, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const why =
    code === 'ENOENT'
      ? 'the file is gone'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : 'it cannot be read';
  return new AppError('VALIDATION', `cannot attach «${h.name}»: ${why}; choose the file again`);
}

export function createAttachmentFiles(deps: { dataDir: string; registry: Pick<FileRegistry, 'take' | 'discard'> }) {
  const store = join(deps.dataDir, 'attachments');

  async function storeUpload(h: FileHandle): Promise<StoredFile> {
    const hashed = await hashFile(h.path);
    ensurePrivateDir(store);
    const target = join(store, hashed.sha256);
    // Content-addressed: the same file attached twice is stored once.
    const exists = await stat(target).then(
      (s) => s.isFile(),
      () => false,
    );
    if (exists) await rm(h.path, { force: true });
    else await rename(h.path, target);
    return { name: h.name, path: target, ...hashed };
  }

  async function referenceInPlace(h: FileHandle): Promise<StoredFile> {
    const s = await stat(h.path);
    if (!s.isFile()) throw Object.assign(new Error('not a file'), { code: s.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
    return { name: h.name, path: h.path, ...(await hashFile(h.path)) };
  }

  return {
    dir: store,
    /** Uses up the handle (single-use): an upload is moved into the store or, on failure, removed. */
    async read(fileId: string): Promise<StoredFile> {
      const h = deps.registry.take(fileId);
      try {
        return await (h.owned ? storeUpload(h) : referenceInPlace(h));
      } catch (err) {
        throw unreadable(h, err);
      } finally {
        deps.registry.discard(h); // a moved upload is already gone: then this removes nothing
      }
    },
  };
}
export type AttachmentFiles = ReturnType<typeof createAttachmentFiles>;

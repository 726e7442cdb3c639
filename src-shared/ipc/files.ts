/**
 * Files part of the contract. The renderer never names a path on the host (ARCHITECTURE.md "One
 * contract, declared once"): a file reaches the host as an opaque handle, made either by the
 * host's own file dialog (`files:pick`, Electron) or by an upload (`POST /upload`, browser mode),
 * and requests that read a file (`tickets:attach`, `directory:import`) take that handle's id.
 */
import { z } from 'zod';
import { safeLine } from '../text/safe';

export const FilePurposeSchema = z.enum(['attachment', 'directory-csv']);
export type FilePurpose = z.infer<typeof FilePurposeSchema>;

/** 32 random bytes in base64url: unguessable, and nothing like a path. */
export const FILE_ID_RE = /^[A-Za-z0-9_-]{43}$/;
export const FileIdSchema = z.string().regex(FILE_ID_RE, 'expected a file handle id from files:pick or POST /upload');

/** A file's display name: what the operator sees in the ticket and the directory status. */
export const FILE_NAME_MAX = 255;
export const FileNameSchema = safeLine(FILE_NAME_MAX).min(1, 'a file name must not be empty');

/** What a handle tells the renderer: never the host path. */
export const FileRefSchema = z.object({ fileId: FileIdSchema, name: FileNameSchema, bytes: z.number().int().min(0) });
export type FileRef = z.infer<typeof FileRefSchema>;

export const filesRequests = {
  /**
   * Electron: the host opens its own file dialog and answers the chosen file's handle, or null
   * when the operator cancelled. Browser mode answers an error: the page uploads the file instead.
   */
  'files:pick': { input: z.object({ purpose: FilePurposeSchema }).strict(), output: FileRefSchema.nullable() },
} as const;

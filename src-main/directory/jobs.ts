import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/ipc/envelope';
import type { ImportProgress } from '../../src-shared/ipc/contract';
import { uuidv7 } from '../../src-shared/ids';
import type { Logger } from '../log';
import type { CsvEncodingChoice } from './csv';
import { DirectoryImportError, ImportCancelledError, type DirectoryImporter } from './importer';

export type ImportSource = { kind: 'path'; path: string } | { kind: 'upload'; uploadId: string };
type Job = { id: string; controller: AbortController; uploadPath: string | null };

/**
 * Runs one directory import at a time in the background of the host and reports it as
 * `directory:importProgress` events; the request that starts it answers at once with the job id.
 */
export function createImportJobs(deps: {
  importer: DirectoryImporter;
  uploadsDir: string;
  reportDir: string;
  log: Logger;
  onProgress: (p: ImportProgress) => void;
  onFinished: () => void;
}) {
  let current: Job | null = null;

  function resolveSource(source: ImportSource): { path: string; label: string; uploadPath: string | null } {
    if (source.kind === 'upload') {
      const path = join(deps.uploadsDir, `${source.uploadId}.upload`);
      if (!existsSync(path)) throw new AppError('NOT_FOUND', `upload ${source.uploadId} not found (it is removed after one import)`);
      const nameFile = `${path}.name`;
      const label = existsSync(nameFile) ? readFileSync(nameFile, 'utf8') : `upload ${source.uploadId}`;
      return { path, label, uploadPath: path };
    }
    if (!existsSync(source.path)) throw new AppError('NOT_FOUND', `file not found: ${source.path}`);
    if (!statSync(source.path).isFile()) throw new AppError('VALIDATION', `not a file: ${source.path}`);
    return { path: source.path, label: source.path, uploadPath: null };
  }

  function start(source: ImportSource, opts: { skipBadRows: boolean; encoding: CsvEncodingChoice; demo?: boolean; label?: string }): { jobId: string; done: Promise<void> } {
    if (current) throw new AppError('BUSY', 'a directory import is already running; wait for it or cancel it');
    const resolved = resolveSource(source);
    const job: Job = { id: uuidv7(), controller: new AbortController(), uploadPath: resolved.uploadPath };
    current = job;
    let last: Omit<ImportProgress, 'jobId' | 'phase' | 'error' | 'reportPath'> = { rows: 0, badRows: 0, bytes: 0, totalBytes: 0, rowsPerSec: 0, etaSec: null, encoding: null };
    const emit = (p: Omit<ImportProgress, 'jobId'>) => deps.onProgress({ ...p, jobId: job.id });
    const done = deps.importer
      .importFile({
        path: resolved.path,
        encoding: opts.encoding,
        skipBadRows: opts.skipBadRows,
        reportDir: deps.reportDir,
        signal: job.controller.signal,
        sourceLabel: opts.label ?? resolved.label,
        demo: opts.demo ?? false,
        onProgress: (p) => {
          last = p;
          emit(p);
        },
      })
      .then(
        (r) => {
          emit({ ...last, phase: 'done', rows: r.rows, badRows: r.badRows, etaSec: 0, error: null, reportPath: r.reportPath, encoding: r.encoding });
        },
        (err: unknown) => {
          if (err instanceof ImportCancelledError) {
            emit({ ...last, phase: 'cancelled', etaSec: null, error: null, reportPath: null });
            return;
          }
          const error =
            err instanceof DirectoryImportError
              ? { line: err.line, field: err.field, message: err.message }
              : { line: null, field: null, message: err instanceof Error ? err.message : String(err) };
          if (!(err instanceof DirectoryImportError)) deps.log.error({ err }, 'directory import failed');
          emit({ ...last, phase: 'failed', etaSec: null, error, reportPath: null });
        },
      )
      .finally(() => {
        if (job.uploadPath) {
          rmSync(job.uploadPath, { force: true });
          rmSync(`${job.uploadPath}.name`, { force: true });
        }
        current = null;
        // After `current` is cleared, so the status it carries says no import is running.
        deps.onFinished();
      });
    return { jobId: job.id, done };
  }

  return {
    start,
    running: (): string | null => current?.id ?? null,
    cancel(jobId: string): boolean {
      if (!current || current.id !== jobId) return false;
      current.controller.abort();
      return true;
    },
  };
}
export type ImportJobs = ReturnType<typeof createImportJobs>;

import { rmSync } from 'node:fs';
import { AppError } from '../../src-shared/ipc/envelope';
import type { ImportProgress } from '../../src-shared/ipc/contract';
import { uuidv7 } from '../../src-shared/ids';
import type { Logger } from '../log';
import type { CsvEncodingChoice } from './csv';
import { DirectoryImportError, ImportCancelledError, type DirectoryImporter } from './importer';

/**
 * The file an import reads, resolved by the host from a file handle (src-main/files) or, for the
 * first-run demo, its own file: a path never comes from the renderer.
 */
export type ImportFile = { readonly path: string; readonly label: string; /** An upload: removed when the job ends. */ readonly owned: boolean };
type Job = { id: string; controller: AbortController; uploadPath: string | null };

/**
 * Runs one directory import at a time in the background of the host and reports it as
 * `directory:importProgress` events; the request that starts it answers at once with the job id.
 */
export function createImportJobs(deps: {
  importer: DirectoryImporter;
  reportDir: string;
  log: Logger;
  onProgress: (p: ImportProgress) => void;
  onFinished: () => void;
}) {
  let current: Job | null = null;

  function start(
    file: ImportFile,
    opts: { skipBadRows: boolean; encoding: CsvEncodingChoice; demo?: boolean; label?: string },
  ): { jobId: string; done: Promise<void> } {
    if (current) throw new AppError('BUSY', 'a directory import is already running; wait for it or cancel it');
    const job: Job = { id: uuidv7(), controller: new AbortController(), uploadPath: file.owned ? file.path : null };
    current = job;
    let last: Omit<ImportProgress, 'jobId' | 'phase' | 'error' | 'reportPath'> = {
      rows: 0,
      badRows: 0,
      bytes: 0,
      totalBytes: 0,
      rowsPerSec: 0,
      etaSec: null,
      encoding: null,
    };
    const emit = (p: Omit<ImportProgress, 'jobId'>) => deps.onProgress({ ...p, jobId: job.id });
    const done = deps.importer
      .importFile({
        path: file.path,
        encoding: opts.encoding,
        skipBadRows: opts.skipBadRows,
        reportDir: deps.reportDir,
        signal: job.controller.signal,
        sourceLabel: opts.label ?? file.label,
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
        if (job.uploadPath) rmSync(job.uploadPath, { force: true });
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

import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ImportEncodingChoiceSchema, type ImportProgress } from '../../../src-shared/ipc/contract';
import { useQueryClient } from '@tanstack/react-query';
import { call, useEvent, type ChosenFile } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { FilePicker } from '../../components/FilePicker';
import { formatCount, formatDuration } from '../../lib/format';
import { csvFieldLabel, importErrorDetail } from '../../lib/importError';
import type { I18nKey } from '../../i18n/types';
import { directoryKeys } from '../../shared/queryKeys';

type ImportEncodingChoice = z.infer<typeof ImportEncodingChoiceSchema>;

const ENCODING_LABEL: Readonly<Record<NonNullable<ImportProgress['encoding']>, I18nKey>> = {
  'utf-8': 'directory.utf8',
  'windows-1251': 'directory.cp1251',
  'utf-16le': 'directory.utf16le',
  'utf-16be': 'directory.utf16be',
};

type Run =
  | { readonly step: 'idle' }
  | { readonly step: 'uploading' }
  | { readonly step: 'starting' }
  | { readonly step: 'running'; readonly jobId: string }
  | { readonly step: 'error'; readonly error: unknown };

const FINAL = new Set<ImportProgress['phase']>(['done', 'failed', 'cancelled']);

/**
 * CSV import: the chosen file's handle (browser mode: uploaded now; Electron: the host's dialog
 * made it), start `directory:import`, then follow the job's
 * `directory:importProgress` events: rows, rate, time left; cancel; the result or the error with
 * its line and field. The host swaps the directory in one transaction, so on any failure the
 * previous directory stays — the form says so.
 */
export function ImportForm({ attachTo }: { readonly attachTo: string | null }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<ChosenFile | null>(null);
  // Automatic by default: Russian billing exports are usually windows-1251, others UTF-8 or UTF-16.
  const [encoding, setEncoding] = useState<ImportEncodingChoice>('auto');
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [run, setRun] = useState<Run>({ step: 'idle' });
  const [progress, setProgress] = useState<ReadonlyMap<string, ImportProgress>>(new Map());
  const [cancelError, setCancelError] = useState<unknown>(null);

  // Events can arrive before `directory:import` has answered with the job id: keep them all by job.
  const qc = useQueryClient();
  useEvent('directory:importProgress', (p) => {
    setProgress((m) => new Map(m).set(p.jobId, p));
    // The status (counts, "import running") changes when a job ends, also when it fails or is
    // cancelled, which sends no directory:changed.
    if (FINAL.has(p.phase)) void qc.invalidateQueries({ queryKey: directoryKeys.status });
  });

  // A reload (or another window) while an import runs: follow that job.
  useEffect(() => {
    if (attachTo !== null && (run.step === 'idle' || run.step === 'error')) setRun({ step: 'running', jobId: attachTo });
  }, [attachTo, run.step]);

  const current = run.step === 'running' ? (progress.get(run.jobId) ?? null) : null;
  const busy = run.step === 'uploading' || run.step === 'starting' || (run.step === 'running' && (current === null || !FINAL.has(current.phase)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || busy) return;
    setCancelError(null);
    try {
      setRun({ step: 'uploading' });
      const { fileId } = await file.handle();
      setRun({ step: 'starting' });
      const { jobId } = await call('directory:import', { fileId, skipBadRows, encoding });
      setRun({ step: 'running', jobId });
    } catch (err) {
      setRun({ step: 'error', error: err });
    }
  };

  const cancel = async () => {
    if (run.step !== 'running') return;
    try {
      await call('directory:cancelImport', { jobId: run.jobId });
    } catch (err) {
      setCancelError(err);
    }
  };

  return (
    <article className="card" aria-labelledby="import-title">
      <h2 id="import-title" className="card-title">
        {t('directory.importTitle')}
      </h2>
      <form className="import-form" onSubmit={(e) => void submit(e)} noValidate>
        <FilePicker
          purpose="directory-csv"
          look="field"
          caption={t('directory.file')}
          accept=".csv,text/csv"
          disabled={busy}
          testId="import-file"
          onChosen={setFile}
          onError={(err) => setRun({ step: 'error', error: err })}
        />
        <div className="row">
          <label className="field field-inline">
            <span className="field-label">{t('directory.encoding')}</span>
            <select
              className="input"
              value={encoding}
              disabled={busy}
              onChange={(e) => setEncoding(ImportEncodingChoiceSchema.catch('auto').parse(e.target.value))}
              data-testid="import-encoding"
            >
              <option value="auto">{t('directory.encodingAuto')}</option>
              <option value="utf-8">{t('directory.utf8')}</option>
              <option value="windows-1251">{t('directory.cp1251')}</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={skipBadRows} disabled={busy} onChange={(e) => setSkipBadRows(e.target.checked)} data-testid="import-skip-bad" />
            {t('directory.skipBad')}
          </label>
        </div>
        <div className="row">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!file || busy}
            data-testid="import-submit"
            title={file ? undefined : t('directory.chooseFile')}
          >
            {t('directory.submit')}
          </button>
          {run.step === 'running' && busy ? (
            <button type="button" className="btn" onClick={() => void cancel()} data-testid="import-cancel">
              {t('directory.cancel')}
            </button>
          ) : null}
        </div>
      </form>

      <div aria-live="polite">
        {run.step === 'uploading' ? <p className="hint">{t('directory.uploading')}</p> : null}
        {run.step === 'starting' || (run.step === 'running' && current === null) ? <p className="hint">{t('directory.starting')}</p> : null}
        {run.step === 'error' ? (
          <div data-testid="import-result" data-outcome="error">
            <ErrorText error={run.error} />
            <p className="msg msg-info">{t('directory.kept')}</p>
          </div>
        ) : null}
        {cancelError !== null ? <ErrorText error={cancelError} /> : null}
        {current && !FINAL.has(current.phase) ? <ProgressView p={current} /> : null}
        {current && FINAL.has(current.phase) ? <ResultView p={current} /> : null}
      </div>
    </article>
  );
}

function ProgressView({ p }: { readonly p: ImportProgress }) {
  const { t } = useTranslation();
  const determinate = p.phase === 'reading' && p.totalBytes > 0;
  const pct = determinate ? Math.min(100, Math.floor((p.bytes / p.totalBytes) * 100)) : null;
  return (
    <div className="progress" data-testid="import-progress" data-phase={p.phase}>
      <div className="progress-head">
        <strong>{t(`directory.phase_${p.phase}`)}</strong>
        {pct !== null ? <span>{pct}%</span> : null}
      </div>
      {determinate ? (
        <progress max={p.totalBytes} value={p.bytes} aria-label={t(`directory.phase_${p.phase}`)} />
      ) : (
        <progress aria-label={t(`directory.phase_${p.phase}`)} />
      )}
      <p className="progress-nums">
        {t('directory.progressRows', { rows: formatCount(p.rows) })} · {t('directory.progressRate', { rate: formatCount(p.rowsPerSec) })}
        {p.etaSec !== null ? ` · ${t('directory.progressEta', { eta: formatDuration(p.etaSec) })}` : ''}
        {p.badRows > 0 ? ` · ${t('directory.progressBad', { n: formatCount(p.badRows) })}` : ''}
        {p.encoding !== null ? ` · ${t('directory.encodingUsed', { encoding: String(t(ENCODING_LABEL[p.encoding])) })}` : ''}
      </p>
    </div>
  );
}

function ResultView({ p }: { readonly p: ImportProgress }) {
  const { t, i18n } = useTranslation();
  if (p.phase === 'done') {
    return (
      <div className="msg msg-ok" data-testid="import-result" data-outcome="done">
        <strong>✔ {t('directory.done', { count: p.rows, n: formatCount(p.rows) })}</strong>
        {p.encoding !== null ? (
          <p data-testid="import-encoding-used">{t('directory.encodingUsed', { encoding: String(t(ENCODING_LABEL[p.encoding])) })}</p>
        ) : null}
        {p.badRows > 0 ? <p>{t('directory.badRows', { n: formatCount(p.badRows) })}</p> : null}
        {p.reportPath ? <p className="break">{t('directory.report', { path: p.reportPath })}</p> : null}
      </div>
    );
  }
  if (p.phase === 'cancelled') {
    return (
      <div className="msg msg-info" data-testid="import-result" data-outcome="cancelled">
        <strong>{t('directory.cancelled')}</strong> {t('directory.kept')}
      </div>
    );
  }
  const e = p.error;
  const message = e === null ? '—' : importErrorDetail(e.message);
  const text =
    e === null
      ? t('directory.failed', { message })
      : e.line !== null && e.field !== null
        ? t('directory.failedAt', { line: e.line, field: csvFieldLabel(e.field, i18n.language === 'en' ? 'en' : 'ru'), message })
        : e.line !== null
          ? t('directory.failedAtLine', { line: e.line, message })
          : t('directory.failed', { message });
  return (
    <div className="msg msg-error" role="alert" data-testid="import-result" data-outcome="failed">
      <strong>✖ {text}</strong>
      {p.encoding !== null ? <p>{t('directory.encodingUsed', { encoding: String(t(ENCODING_LABEL[p.encoding])) })}</p> : null}
      <p>{t('directory.kept')}</p>
    </div>
  );
}

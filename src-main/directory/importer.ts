/**
 * Directory import (docs/directory-csv.md): streams a CSV into staging tables in batched
 * transactions, then swaps them in with one transaction, so a failed, cancelled or crashed
 * import leaves the live directory exactly as it was (ARCHITECTURE.md "Local data").
 *
 * Transactions are synchronous on purpose: the host shares this connection, and a transaction
 * left open across an `await` would swallow (or roll back) other services' writes.
 */
import { closeSync, createReadStream, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTick } from 'node:timers/promises';
import type { ImportProgress } from '../../src-shared/ipc/contract';
import { withoutCommitSync, type Db } from '../db/open';
import type { Logger } from '../log';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../privateFiles';
import { CsvEncodingError, CsvSyntaxError, readCsv, type CsvDelimiter, type CsvEncoding, type CsvEncodingChoice } from './csv';
import { DirectoryHeaderError, mapHeader, parseRow, type ColumnMap, type DirectoryRow, type RowError } from './columns';

export type ImportOptions = {
  path: string;
  /** `auto`: from the bytes (csv.ts CsvDecoder); a BOM or UTF-16 wins over any choice. */
  encoding: CsvEncodingChoice;
  /** false (default): the first bad row aborts the import; true: bad rows go to a report file. */
  skipBadRows: boolean;
  reportDir: string;
  onProgress?: (p: Omit<ImportProgress, 'jobId'>) => void;
  signal?: AbortSignal;
  /** Stored as settings `directory.source` (default: the path). */
  sourceLabel?: string;
  demo?: boolean;
};

export type ImportResult = { rows: number; badRows: number; reportPath: string | null; durationMs: number; encoding: CsvEncoding };

/** The file cannot be imported; `line`/`field` point at the cause when there is one. */
export class DirectoryImportError extends Error {
  override readonly name = 'DirectoryImportError';
  constructor(
    readonly line: number | null,
    readonly field: string | null,
    readonly detail: string,
  ) {
    super(`${line === null ? '' : `line ${line}${field === null ? '' : `, field "${field}"`}: `}${detail}`);
  }
}

export class ImportCancelledError extends Error {
  override readonly name = 'ImportCancelledError';
  constructor() {
    super('the directory import was cancelled; the previous directory is unchanged');
  }
}

/**
 * Rows per staging transaction. Measured at 300k rows: 5k, 10k and 50k take the same total time
 * within noise (the FTS index flushes every ~1 MB of terms whatever the commits), so the smallest
 * keeps the event loop blocked least (~0.1–0.3 s per batch) and the heap smallest.
 */
export const BATCH_ROWS = 5_000;
/**
 * WAL pages (4 KiB) the staging batches may leave before a checkpoint: ~40 MB, a few checkpoints
 * for a million rows instead of one per batch, while the WAL file stays bounded.
 */
const STAGING_CHECKPOINT_PAGES = 10_000;
const PROGRESS_INTERVAL_MS = 100;
// 256 KiB measured fastest for the CSV reader (less live garbage per chunk than 1 MiB, fewer calls than 64 KiB).
const READ_CHUNK_BYTES = 1 << 18;

const STAGE_TABLES = ['stage_contracts', 'stage_contract_phones', 'stage_devices', 'stage_contracts_fts'] as const;

/** Free pages above this share of the file after dropping a crashed import's tables are given back. */
const RECLAIM_FREE_SHARE = 0.25;

function sizeOf(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

export type StagingCleanup = {
  readonly dropped: readonly string[];
  readonly vacuumed: boolean;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  readonly ms: number;
};

/**
 * Drops the staging tables an import killed mid-way (crash, power cut, SIGKILL) left behind; the
 * host calls it when it opens the database, so they do not sit there until the next import.
 *
 * The space: dropping only moves their pages to SQLite's free list. When that is a large share of
 * the file, one VACUUM gives it back to the disk (it rewrites the live data, so it costs about as
 * much as copying the database once; this only happens after a crashed import, never on a normal
 * start), and the WAL the crashed import grew is truncated. Below that share the free pages are
 * simply reused by the next import's staging tables.
 */
export function dropLeftoverStaging(db: Db, log: Logger): StagingCleanup | null {
  const names = STAGE_TABLES as readonly string[];
  const present = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => names.includes(n));
  if (present.length === 0) return null;
  const t0 = performance.now();
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  // What the disk holds: the database file and its WAL.
  const fileBytes = (): number => (db.memory ? 0 : sizeOf(db.name) + sizeOf(`${db.name}-wal`));
  const bytesBefore = fileBytes();
  const pagesBefore = db.pragma('page_count', { simple: true }) as number;
  db.transaction(() => db.exec(present.map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n')))();
  const free = (db.pragma('freelist_count', { simple: true }) as number) * pageSize;
  const vacuumed = free > pagesBefore * pageSize * RECLAIM_FREE_SHARE;
  if (vacuumed) db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const result = { dropped: present, vacuumed, bytesBefore, bytesAfter: fileBytes(), ms: Math.round(performance.now() - t0) };
  log.warn(result, 'dropped the staging tables of an interrupted directory import');
  return result;
}

// Same shapes as 0010-initial, and deliberately no secondary indexes: they are built once, at the
// swap, which is far cheaper than maintaining them row by row. (contract_no keeps its UNIQUE
// constraint: it is part of the table and catches duplicates as they are inserted.)
const STAGE_DDL = `
  CREATE TABLE stage_contracts (
    id INTEGER PRIMARY KEY,
    contract_no TEXT NOT NULL UNIQUE,
    holder_name TEXT NOT NULL,
    surname_fold TEXT NOT NULL,
    address TEXT NOT NULL,
    balance_kopecks INTEGER,
    balance_at TEXT,
    debt_since TEXT,
    tariff TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
    contract_key TEXT NOT NULL DEFAULT ''
  ) STRICT;
  CREATE TABLE stage_contract_phones (
    contract_id INTEGER NOT NULL,
    e164 TEXT NOT NULL
  ) STRICT;
  CREATE TABLE stage_devices (
    contract_id INTEGER NOT NULL,
    serial TEXT NOT NULL
  ) STRICT;
  CREATE VIRTUAL TABLE stage_contracts_fts USING fts5 (
    name, address, content = '', contentless_delete = 1, prefix = '2 3', tokenize = 'unicode61'
  );
`;

// Exactly the live secondary indexes of 0010-initial and 0074-search-priority (checked by the import test). Note for
// later migrations: RENAME re-checks views and triggers, so a view over these tables would have
// to be dropped and recreated in this same transaction.
// Prepared statements elsewhere survive the swap: see repo.ts.
const SWAP_SQL = `
  DROP TABLE IF EXISTS contracts;
  DROP TABLE IF EXISTS contract_phones;
  DROP TABLE IF EXISTS devices;
  DROP TABLE IF EXISTS contracts_fts;
  ALTER TABLE stage_contracts RENAME TO contracts;
  ALTER TABLE stage_contract_phones RENAME TO contract_phones;
  ALTER TABLE stage_devices RENAME TO devices;
  ALTER TABLE stage_contracts_fts RENAME TO contracts_fts;
  CREATE INDEX ix_contract_phones_e164 ON contract_phones (e164);
  CREATE INDEX ix_contract_phones_contract ON contract_phones (contract_id);
  CREATE INDEX ix_devices_serial ON devices (serial);
  CREATE INDEX ix_devices_contract ON devices (contract_id);
  CREATE INDEX ix_contracts_key ON contracts (contract_key);
  CREATE INDEX ix_contract_phones_tail ON contract_phones (substr(e164, -7));
`;

type Progress = Omit<ImportProgress, 'jobId'>;

export function createDirectoryImporter({ db, log, now = () => new Date() }: { db: Db; log: Logger; now?: () => Date }) {
  const setSetting = db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');

  function dropStaging(): void {
    db.exec(STAGE_TABLES.map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n'));
  }

  /** Statements over the staging tables, prepared once per import (the tables are new each time). */
  function stageWriter(onBad: (e: RowError, fields: readonly string[]) => void) {
    const contract = db.prepare<[number, string, string, string, string, number | null, string | null, string | null, string, string, string]>(
      `INSERT INTO stage_contracts (id, contract_no, holder_name, surname_fold, address, balance_kopecks, balance_at, debt_since, tariff, status, contract_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (contract_no) DO NOTHING`,
    );
    const idOf = db.prepare<[string], { id: number }>('SELECT id FROM stage_contracts WHERE contract_no = ?');
    const phone = db.prepare<[number, string]>('INSERT INTO stage_contract_phones (contract_id, e164) VALUES (?, ?)');
    const device = db.prepare<[number, string]>('INSERT INTO stage_devices (contract_id, serial) VALUES (?, ?)');
    const fts = db.prepare<[number, string, string]>('INSERT INTO stage_contracts_fts (rowid, name, address) VALUES (?, ?, ?)');
    // lineOfId[id] = the line a staged contract came from, to name both lines of a duplicate.
    const lineOfId: number[] = [0];

    const writeBatch = db.transaction((rows: readonly DirectoryRow[], lines: readonly number[], raw: readonly (readonly string[])[]) => {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i] as DirectoryRow;
        const id = lineOfId.length;
        const info = contract.run(
          id,
          r.contractNo,
          r.holderName,
          r.surnameFold,
          r.address,
          r.balanceKopecks,
          r.balanceAt,
          r.debtSince,
          r.tariff,
          r.status,
          r.contractKey,
        );
        if (info.changes === 0) {
          const first = lineOfId[idOf.get(r.contractNo)?.id ?? 0];
          const line = lines[i] as number;
          onBad({ line, field: 'contract_no', message: `the contract number "${r.contractNo}" is already on line ${first ?? '?'}` }, raw[i] ?? []);
          continue;
        }
        lineOfId.push(lines[i] as number);
        for (const e164 of r.phones) phone.run(id, e164);
        for (const serial of r.serials) device.run(id, serial);
        fts.run(id, r.nameFts, r.addressFts);
      }
    });
    // Staging needs no durability (a crash drops it at the next open, dropLeftoverStaging): its
    // batches commit without an fsync, and the WAL they grow is copied back every ~40 MB instead of
    // after nearly every batch. Under FULL a 200k-row import made 127 fsyncs (one per batch commit,
    // two per checkpoint), now 23, fewer than the bench's floor (31, one commit), and each fsync is
    // as slow as the disk is busy with other work.
    const write = (rows: readonly DirectoryRow[], lines: readonly number[], raw: readonly (readonly string[])[]): void =>
      withoutCommitSync(db, STAGING_CHECKPOINT_PAGES, () => writeBatch(rows, lines, raw));
    return { writeBatch: write, staged: () => lineOfId.length - 1 };
  }

  async function importFile(opts: ImportOptions): Promise<ImportResult> {
    const t0 = performance.now();
    const { signal } = opts;
    const checkCancelled = (): void => {
      if (signal?.aborted) throw new ImportCancelledError();
    };
    checkCancelled();
    const totalBytes = statSync(opts.path).size;
    let bytes = 0;
    let badRows = 0;
    let lastEmit = -Infinity;
    let report: ReportWriter | null = null;

    const progress = (phase: Progress['phase'], rows: number, force = false): void => {
      const t = performance.now();
      if (!opts.onProgress || (!force && t - lastEmit < PROGRESS_INTERVAL_MS)) return;
      lastEmit = t;
      const sec = (t - t0) / 1000;
      const bytesPerSec = sec > 0 ? bytes / sec : 0;
      const etaSec = phase === 'reading' && bytesPerSec > 0 ? Math.max(0, (totalBytes - bytes) / bytesPerSec) : null;
      opts.onProgress({
        phase,
        rows,
        badRows,
        bytes,
        totalBytes,
        rowsPerSec: sec > 0 ? Math.round(rows / sec) : 0,
        etaSec,
        error: null,
        reportPath: report?.path ?? null,
        encoding,
      });
    };

    let delimiter: CsvDelimiter = ';';
    let encoding: CsvEncoding | null = null;
    const onBad = (e: RowError, fields: readonly string[]): void => {
      if (!opts.skipBadRows) throw new DirectoryImportError(e.line, e.field, e.message);
      badRows++;
      report ??= createReportWriter(opts.reportDir, now());
      report.write(e, fields, delimiter);
    };

    dropStaging(); // leftovers of a crash since the host opened the database (dropLeftoverStaging runs at open)
    db.exec(STAGE_DDL);
    const stage = stageWriter(onBad);
    const stream = createReadStream(opts.path, { highWaterMark: READ_CHUNK_BYTES });
    try {
      async function* counted(): AsyncGenerator<Uint8Array> {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          bytes += chunk.length;
          yield chunk;
        }
      }
      progress('reading', 0, true);
      let map: ColumnMap | null = null;
      let rows: DirectoryRow[] = [];
      let lines: number[] = [];
      let raw: (readonly string[])[] = [];
      const flush = (): void => {
        if (rows.length === 0) return;
        stage.writeBatch(rows, lines, raw);
        rows = [];
        lines = [];
        raw = [];
      };
      for await (const records of readCsv(counted(), { encoding: opts.encoding, onDelimiter: (d) => (delimiter = d), onEncoding: (e) => (encoding = e) })) {
        checkCancelled();
        for (const rec of records) {
          if (map === null) {
            map = headerOf(rec.line, rec.fields);
            continue;
          }
          const r = parseRow(rec.line, rec.fields, map);
          if (r.ok) {
            rows.push(r.row);
            lines.push(rec.line);
            raw.push(rec.fields);
          } else {
            onBad(r.error, rec.fields);
          }
        }
        if (rows.length >= BATCH_ROWS) {
          flush();
          progress('reading', stage.staged());
          // Let IPC, lookups and progress events run between batches.
          await nextTick();
        }
      }
      flush();
      if (map === null) throw new DirectoryImportError(null, null, 'the file is empty: expected a header row and at least one contract');
      const staged = stage.staged();
      if (staged === 0) {
        const reportPath = (report as ReportWriter | null)?.path;
        const rejected = badRows > 0 ? ` (${badRows} rejected${reportPath ? `, see ${reportPath}` : ''})` : '';
        throw new DirectoryImportError(null, null, `the file has no valid rows${rejected}; the directory was not replaced`);
      }
      checkCancelled();
      progress('indexing', staged, true);
      await nextTick();
      checkCancelled();
      db.transaction(() => {
        db.exec(SWAP_SQL);
        setSetting.run('directory.imported_at', now().toISOString());
        setSetting.run('directory.source', opts.sourceLabel ?? opts.path);
        setSetting.run('directory.demo', opts.demo ? '1' : '0');
      })();
      const durationMs = Math.round(performance.now() - t0);
      const reportPath = (report as ReportWriter | null)?.path ?? null;
      const used: CsvEncoding = encoding ?? 'utf-8';
      log.info({ rows: staged, badRows, durationMs, reportPath, encoding: used, source: opts.sourceLabel ?? opts.path }, 'directory imported');
      return { rows: staged, badRows, reportPath, durationMs, encoding: used };
    } catch (err) {
      dropStaging();
      throw toImportError(err);
    } finally {
      stream.destroy();
      (report as ReportWriter | null)?.close();
    }
  }

  return { importFile };
}
export type DirectoryImporter = ReturnType<typeof createDirectoryImporter>;

function headerOf(line: number, fields: readonly string[]): ColumnMap {
  try {
    return mapHeader(fields);
  } catch (err) {
    if (err instanceof DirectoryHeaderError) throw new DirectoryImportError(line, err.field, err.message);
    throw err;
  }
}

/**
 * The skipBadRows report: a CSV (";" delimited, UTF-8 with BOM so Excel shows Cyrillic) with
 * line, field, message and the raw record re-quoted in the source file's delimiter. Written
 * synchronously row by row: bad rows are few, and nothing of them is kept in memory. It holds
 * customer data, so it is readable by the user only (0600), and it is made to be opened in Excel,
 * so no cell of it can run as a formula (neutralize).
 */
type ReportWriter = { readonly path: string; write(e: RowError, fields: readonly string[], delimiter: CsvDelimiter): void; close(): void };

// What spreadsheets read as the start of a formula (OWASP CSV injection), also in full width.
const FORMULA_START = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

/**
 * One cell of the report as text a spreadsheet shows and never evaluates: a leading `'` before
 * anything that starts like a formula (OWASP CSV-injection guidance). Quoting alone does not
 * help: Excel evaluates `"=1+1"` too.
 */
export function neutralize(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

function csvField(s: string, delimiter: string): string {
  const v = neutralize(s);
  return v.includes('"') || v.includes(delimiter) || v.includes('\n') || v.includes('\r') ? `"${v.replaceAll('"', '""')}"` : v;
}

function createReportWriter(dir: string, at: Date): ReportWriter {
  ensurePrivateDir(dir);
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  let path = join(dir, `import-report-${stamp}.csv`);
  let fd: number | null = null;
  for (let n = 2; fd === null; n++) {
    try {
      fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
    } catch (err) {
      // Two imports in the same millisecond: take the next free name.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 100) throw err;
      path = join(dir, `import-report-${stamp}-${n}.csv`);
    }
  }
  const file = fd;
  writeSync(file, '\uFEFFline;field;message;record\r\n');
  let open = true;
  return {
    path,
    write(e, fields, delimiter) {
      // Each field of the record is neutralized too: split back into columns, none may run.
      const record = fields.map((f) => csvField(f, delimiter)).join(delimiter);
      writeSync(file, `${e.line};${csvField(e.field ?? '', ';')};${csvField(e.message, ';')};${csvField(record, ';')}\r\n`);
    },
    close() {
      if (open) closeSync(file);
      open = false;
    },
  };
}

function toImportError(err: unknown): unknown {
  if (err instanceof CsvSyntaxError) return new DirectoryImportError(err.line, null, err.message.replace(/^line \d+: /, ''));
  if (err instanceof CsvEncodingError) return new DirectoryImportError(err.line, null, err.message);
  return err;
}

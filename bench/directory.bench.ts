/**
 * `npm run bench:directory -- [--rows N] [--seed S]`: directory import and lookups against floors
 * measured in the same run (ARCHITECTURE.md "bench/").
 *
 * 1. The demo CSV is generated once into .bench-data/ (not timed; reused for the same rows/seed).
 * 2. FLOOR: raw better-sqlite3 on a fresh file DB: the same rows, generated in memory in chunks
 *    (generation not timed, never parsed from CSV), plain prepared INSERTs into contracts /
 *    phones / devices / FTS in one transaction, then the secondary indexes.
 * 3. IMPORT: our importer on a fresh file DB from the CSV.
 *    Floor and import run in separate child processes so each peak RSS is its own.
 * 4. LOOKUPS through the directory service (search) by phone, contract number and surname
 *    prefix, plus the dictated forms (a contract number as «д6», the last 7 digits of a phone)
 *    prefix, each next to a raw indexed prepared SELECT, p50/p99 over random keys.
 * 5. CSV READER: the same CSV parsed only (no database) by our reader, by csv-parse + iconv-lite
 *    and by a raw indexOf floor, UTF-8 and a windows-1251 copy, each in its own child process
 *    (bench/csvReaders.ts); the readers must agree on every record. `--csv-runs N` rounds
 *    (default 3), the fastest counts.
 * Prints a table, then one JSON object as the last line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openDatabase } from '../src-main/db/open';
import { createLogger } from '../src-main/log';
import { createDirectoryImporter } from '../src-main/directory/importer';
import { createDirectoryRepo, surnameMatchQuery } from '../src-main/directory/repo';
import { createDirectoryService } from '../src-main/directory/service';
import { createDemoRows, DEMO_FIXTURES, fixtureAsRow, writeDemoDirectory, type DemoRow } from '../src-main/directory/demo';
import { ftsFold, holderSurname } from '../src-main/directory/columns';
import { DESK_PRESETS } from '../src-shared/domain/deskPresets';
import { contractNoKey } from '../src-shared/domain/contractNo';
import { formatPhone } from '../src-shared/domain/phone';
import { RU_CALENDAR } from '../src-shared/worktime/calendar';
import { moscowIso } from '../src-shared/worktime/moscow';
import { readFlags } from '../src-main/config';
import {
  childCsvReader,
  csvReadersJson,
  CSV_ENCODINGS,
  CSV_READERS,
  measureCsvReaders,
  printCsvReaders,
  type CsvChildResult,
  type CsvReaderName,
} from './csvReaders';
import type { PeerEncoding } from './csvPeer';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, '.bench-data');
// A fixed reference time keeps the file identical between runs (balance dates, debts).
const REFERENCE_NOW = new Date('2026-11-20T09:00:00Z');
const FLOOR_CHUNK = 50_000;
const LOOKUP_ITERATIONS = 10_000;
const WARMUP = 1_000;

type Args = {
  rows: number;
  seed: number;
  child: 'floor' | 'import' | 'csv' | null;
  db: string | null;
  csv: string | null;
  csvRuns: number;
  reader: CsvReaderName | null;
  encoding: PeerEncoding | null;
  check: boolean;
};

class UsageError extends Error {
  override readonly name = 'UsageError';
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { rows: 1_000_000, seed: 1, child: null, db: null, csv: null, csvRuns: 3, reader: null, encoding: null, check: false };
  const str = { type: 'string' } as const;
  const flags = readFlags(
    argv,
    { rows: str, seed: str, 'csv-runs': str, child: str, db: str, csv: str, reader: str, encoding: str, check: { type: 'boolean' } },
    {
      unknown: (raw) => new UsageError(`unknown flag ${raw}; usage: npm run bench:directory -- [--rows N] [--seed S] [--csv-runs N]`),
      missing: (raw) => new UsageError(`${raw} needs a value`),
    },
  );
  for (const { name, raw, value = '' } of flags) {
    const int = (): number => {
      if (!/^\d+$/.test(value)) throw new UsageError(`${raw} needs a whole number, got ${value}`);
      return Number(value);
    };
    if (name === 'rows') args.rows = int();
    else if (name === 'seed') args.seed = int();
    else if (name === 'csv-runs') args.csvRuns = int();
    else if (name === 'child') {
      if (value !== 'floor' && value !== 'import' && value !== 'csv') throw new UsageError(`--child must be floor, import or csv, got ${value}`);
      args.child = value;
    } else if (name === 'db') args.db = value;
    else if (name === 'csv') args.csv = value;
    else if (name === 'reader') {
      const known = CSV_READERS.find((x) => x === value);
      if (!known) throw new UsageError(`--reader must be one of ${CSV_READERS.join(', ')}, got ${value}`);
      args.reader = known;
    } else if (name === 'encoding') {
      const known = CSV_ENCODINGS.find((x) => x === value);
      if (!known) throw new UsageError(`--encoding must be one of ${CSV_ENCODINGS.join(', ')}, got ${value}`);
      args.encoding = known;
    } else args.check = true;
  }
  if (args.rows < 1) throw new UsageError('--rows must be at least 1');
  if (args.csvRuns < 1) throw new UsageError('--csv-runs must be at least 1');
  return args;
}

const moscowDay = (ms: number): string => moscowIso(ms).slice(0, 10);
const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

// ---------------------------------------------------------------------------------------------
// Children

/** FLOOR: prints {insertMs, indexMs, totalMs, peakRssMb}. */
function childFloor(dbPath: string, rows: number, seed: number): void {
  const db = openDatabase(dbPath);
  // Same schema and pragmas as the console, minus the secondary indexes until the end.
  db.exec(
    'DROP INDEX ix_contract_phones_e164; DROP INDEX ix_contract_phones_contract; DROP INDEX ix_devices_serial; DROP INDEX ix_devices_contract; DROP INDEX ix_contracts_key; DROP INDEX ix_contract_phones_tail;',
  );
  const contract = db.prepare(
    'INSERT INTO contracts (id, contract_no, holder_name, surname_fold, address, balance_kopecks, balance_at, debt_since, tariff, status, contract_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const phone = db.prepare('INSERT INTO contract_phones (contract_id, e164) VALUES (?, ?)');
  const device = db.prepare('INSERT INTO devices (contract_id, serial) VALUES (?, ?)');
  const fts = db.prepare('INSERT INTO contracts_fts (rowid, name, address) VALUES (?, ?, ?)');
  const next = createDemoRows(seed, REFERENCE_NOW);
  type Prepared = {
    row: DemoRow;
    key: string;
    surname: string;
    name: string;
    address: string;
    balanceAt: string | null;
    debtSince: string | null;
    phones: string[];
  };
  let timed = 0;
  let t = performance.now();
  db.exec('BEGIN');
  timed += performance.now() - t;
  for (let from = 1; from <= rows; from += FLOOR_CHUNK) {
    // Not timed: the rows as the importer would have them after parsing and validation.
    const chunk: Prepared[] = [];
    for (let n = from; n < Math.min(rows + 1, from + FLOOR_CHUNK); n++) {
      const fixture = DEMO_FIXTURES[n - 1];
      const row = fixture ? fixtureAsRow(fixture, REFERENCE_NOW) : next(n);
      chunk.push({
        row,
        key: contractNoKey(row.contractNo).digits,
        surname: holderSurname(row.holder),
        name: ftsFold(row.holder),
        address: ftsFold(row.address),
        balanceAt: row.balanceAtMs === null ? null : moscowIso(row.balanceAtMs),
        debtSince: row.debtSinceMs === null ? null : moscowDay(row.debtSinceMs),
        phones: row.phones.map((nsn) => `+7${nsn}`),
      });
    }
    t = performance.now();
    let id = from;
    for (const p of chunk) {
      const r = p.row;
      contract.run(id, r.contractNo, r.holder, p.surname, r.address, r.balanceKopecks, p.balanceAt, p.debtSince, r.tariff, r.status, p.key);
      for (const e164 of p.phones) phone.run(id, e164);
      for (const s of r.serials) device.run(id, s);
      fts.run(id, p.name, p.address);
      id++;
    }
    timed += performance.now() - t;
  }
  t = performance.now();
  db.exec('COMMIT');
  const insertMs = timed + performance.now() - t;
  t = performance.now();
  db.exec(`
    CREATE INDEX ix_contract_phones_e164 ON contract_phones (e164);
    CREATE INDEX ix_contract_phones_contract ON contract_phones (contract_id);
    CREATE INDEX ix_devices_serial ON devices (serial);
    CREATE INDEX ix_devices_contract ON devices (contract_id);
    CREATE INDEX ix_contracts_key ON contracts (contract_key);
    CREATE INDEX ix_contract_phones_tail ON contract_phones (substr(e164, -7));
  `);
  const indexMs = performance.now() - t;
  db.close();
  console.log(JSON.stringify({ insertMs, indexMs, totalMs: insertMs + indexMs, peakRssMb: peakRssMb() }));
}

/** IMPORT: prints {totalMs, rows, peakRssMb, peakHeapMb, loop delays}. */
async function childImport(dbPath: string, csv: string): Promise<void> {
  const db = openDatabase(dbPath);
  // How long the host would be unresponsive: batches block the event loop, and so does the swap.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const importer = createDirectoryImporter({ db, log: createLogger('bench'), now: () => REFERENCE_NOW });
  let peakHeap = process.memoryUsage().heapUsed;
  let swapStartedAt = 0;
  let readingMaxDelayMs = 0;
  loop.enable();
  const t = performance.now();
  const result = await importer.importFile({
    path: csv,
    encoding: 'utf-8',
    skipBadRows: false,
    reportDir: dirname(dbPath),
    onProgress: (p) => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      if (p.phase === 'indexing' && swapStartedAt === 0) {
        swapStartedAt = performance.now();
        readingMaxDelayMs = loop.max / 1e6;
      }
    },
  });
  const totalMs = performance.now() - t;
  const swapMs = performance.now() - swapStartedAt;
  loop.disable();
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  db.close();
  console.log(JSON.stringify({ totalMs, swapMs, readingMaxDelayMs, rows: result.rows, peakRssMb: peakRssMb(), peakHeapMb: mb(peakHeap) }));
}

function runChild<T>(args: readonly string[]): T {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8',
    env: { ...process.env, OPCONSOLE_LOG_LEVEL: 'silent' },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

// ---------------------------------------------------------------------------------------------
// Lookups

type Stats = { p50: number; p99: number };

function measure(keys: readonly string[], fn: (key: string) => unknown): Stats {
  for (let i = 0; i < WARMUP; i++) fn(keys[i % keys.length] as string);
  const times = new Float64Array(LOOKUP_ITERATIONS);
  for (let i = 0; i < LOOKUP_ITERATIONS; i++) {
    const key = keys[i % keys.length] as string;
    const t = performance.now();
    fn(key);
    times[i] = performance.now() - t;
  }
  times.sort();
  return { p50: times[Math.floor(LOOKUP_ITERATIONS * 0.5)] as number, p99: times[Math.floor(LOOKUP_ITERATIONS * 0.99)] as number };
}

function lookups(dbPath: string, seed: number) {
  const db = openDatabase(dbPath);
  const repo = createDirectoryRepo(db);
  const profile = DESK_PRESETS.find((p) => p.balance.requirePositive) ?? DESK_PRESETS[0];
  if (!profile) throw new Error('no desk presets');
  const service = createDirectoryService({ repo, profile: () => profile, now: () => REFERENCE_NOW, calendar: RU_CALENDAR });

  // Random keys from the data (seeded, so runs compare).
  let s = seed >>> 0 || 1;
  const rand = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const max = (db.prepare('SELECT max(id) AS n FROM contracts').get() as { n: number }).n;
  const byId = db.prepare<[number], { contract_no: string; surname_fold: string }>('SELECT contract_no, surname_fold FROM contracts WHERE id = ?');
  const phoneOf = db.prepare<[number], { e164: string }>('SELECT e164 FROM contract_phones WHERE contract_id = ? LIMIT 1');
  const phones: string[] = [],
    e164s: string[] = [],
    numbers: string[] = [],
    dictated: string[] = [],
    tails: string[] = [],
    prefixes: string[] = [];
  while (numbers.length < 2000) {
    const id = 1 + Math.floor(rand() * max);
    const c = byId.get(id);
    const p = phoneOf.get(id);
    if (!c || !p) continue;
    numbers.push(c.contract_no);
    // «Д-000123» said as «д123»; «+7 903 969-14-45» given as «969-14-45»
    dictated.push(c.contract_no.toLowerCase().replace(/[-\s]+0*/g, ''));
    tails.push(formatPhone(p.e164).slice(-9));
    phones.push(formatPhone(p.e164)); // typed like "+7 903 969-14-45": classifyQuery does its work
    e164s.push(p.e164);
    prefixes.push(c.surname_fold.slice(0, 3 + Math.floor(rand() * 4)));
  }

  const rawPhone = db.prepare('SELECT c.* FROM contract_phones p JOIN contracts c ON c.id = p.contract_id WHERE p.e164 = ?');
  const rawContract = db.prepare('SELECT * FROM contracts WHERE contract_no = ?');
  const rawFts = db.prepare('SELECT rowid FROM contracts_fts WHERE contracts_fts MATCH ? LIMIT 51');
  const ftsQueries = new Map(prefixes.map((p) => [p, surnameMatchQuery(p) ?? '']));
  const phoneE164 = new Map(phones.map((p, i) => [p, e164s[i] as string]));

  const result = {
    phone: measure(phones, (k) => service.search(k, 50)),
    phoneRaw: measure(phones, (k) => rawPhone.all(phoneE164.get(k))),
    contract: measure(numbers, (k) => service.search(k, 50)),
    contractRaw: measure(numbers, (k) => rawContract.get(k)),
    dictated: measure(dictated, (k) => service.search(k, 50)),
    tail: measure(tails, (k) => service.search(k, 50)),
    surname: measure(prefixes, (k) => service.search(k, 50)),
    surnameRaw: measure(prefixes, (k) => rawFts.all(ftsQueries.get(k))),
  };
  db.close();
  return result;
}

// ---------------------------------------------------------------------------------------------

async function ensureCsv(rows: number, seed: number): Promise<{ path: string; generatedMs: number | null }> {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, `directory-${rows}-seed${seed}.csv`);
  if (existsSync(path)) return { path, generatedMs: null };
  const t = performance.now();
  const tmp = `${path}.partial`;
  await writeDemoDirectory({ rows, seed, path: tmp, now: REFERENCE_NOW });
  renameSync(tmp, path); // an interrupted generation is never mistaken for a complete file
  return { path, generatedMs: performance.now() - t };
}

const fmt = (ms: number): string => (ms < 1 ? ms.toFixed(4) : ms.toFixed(2));
const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child === 'floor') return childFloor(args.db as string, args.rows, args.seed);
  if (args.child === 'import') return childImport(args.db as string, args.csv as string);
  if (args.child === 'csv') {
    if (!args.reader || !args.encoding || !args.csv) throw new UsageError('--child csv needs --reader, --encoding and --csv');
    console.log(JSON.stringify(await childCsvReader(args.reader, args.encoding, args.csv, args.check)));
    return;
  }

  const csv = await ensureCsv(args.rows, args.seed);
  const runDir = join(DATA, `run-${process.pid}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  try {
    const floorDb = join(runDir, 'floor.db');
    const importDb = join(runDir, 'import.db');
    const floor = runChild<{ insertMs: number; indexMs: number; totalMs: number; peakRssMb: number }>([
      '--child',
      'floor',
      '--db',
      floorDb,
      '--rows',
      String(args.rows),
      '--seed',
      String(args.seed),
    ]);
    const imp = runChild<{ totalMs: number; swapMs: number; readingMaxDelayMs: number; rows: number; peakRssMb: number; peakHeapMb: number }>([
      '--child',
      'import',
      '--db',
      importDb,
      '--csv',
      csv.path,
    ]);
    if (imp.rows !== args.rows) throw new Error(`imported ${imp.rows} rows, expected ${args.rows}`);
    const l = lookups(importDb, args.seed);
    const readers = await measureCsvReaders({
      runChild: (a) => runChild<CsvChildResult>(a),
      csvPath: csv.path,
      rows: args.rows,
      runs: args.csvRuns,
      sizeMb: (p) => statSync(p).size / 1e6,
    });

    const csvMb = statSync(csv.path).size / 1e6;
    const importVsFloor = imp.totalMs / floor.totalMs;
    console.log(
      `directory bench: ${args.rows} rows, seed ${args.seed}, CSV ${csvMb.toFixed(0)} MB${csv.generatedMs === null ? ' (reused)' : ` (generated in ${(csv.generatedMs / 1000).toFixed(1)} s)`}`,
    );
    console.log('');
    console.log('import                      seconds    rows/s   peak RSS MB');
    console.log(
      `  floor (raw inserts+index)  ${(floor.totalMs / 1000).toFixed(2).padStart(6)}  ${Math.round(args.rows / (floor.totalMs / 1000))
        .toString()
        .padStart(8)}  ${String(floor.peakRssMb).padStart(6)}   (insert ${(floor.insertMs / 1000).toFixed(2)} s, index ${(floor.indexMs / 1000).toFixed(2)} s)`,
    );
    console.log(
      `  importer (CSV → swap)      ${(imp.totalMs / 1000).toFixed(2).padStart(6)}  ${Math.round(args.rows / (imp.totalMs / 1000))
        .toString()
        .padStart(8)}  ${String(imp.peakRssMb).padStart(6)}   (heap peak ${imp.peakHeapMb} MB, ${(csvMb / (imp.totalMs / 1000)).toFixed(1)} MB/s of CSV)`,
    );
    console.log(`  import_vs_floor            ${importVsFloor.toFixed(2)}×   (target ≤ 2×)`);
    console.log(
      `  event loop: longest block while reading ${imp.readingMaxDelayMs.toFixed(0)} ms; final swap (drop, rename, 6 indexes) ${(imp.swapMs / 1000).toFixed(2)} s in one transaction`,
    );
    console.log('');
    console.log('lookup (ms)         service p50   p99      raw p50   p99      ratio p50  p99');
    const line = (name: string, a: Stats, b: Stats) =>
      console.log(
        `  ${name.padEnd(17)} ${fmt(a.p50).padStart(9)} ${fmt(a.p99).padStart(8)}   ${fmt(b.p50).padStart(8)} ${fmt(b.p99).padStart(8)}   ${(a.p50 / b.p50).toFixed(1).padStart(6)} ${(a.p99 / b.p99).toFixed(1).padStart(5)}`,
      );
    line('phone', l.phone, l.phoneRaw);
    line('contract number', l.contract, l.contractRaw);
    line('number as «д123»', l.dictated, l.contractRaw);
    line('phone last 7', l.tail, l.phoneRaw);
    line('surname prefix', l.surname, l.surnameRaw);
    console.log('  targets: phone/contract p99 < 1 ms, surname p99 < 20 ms');
    printCsvReaders(readers);
    console.log(
      JSON.stringify({
        rows: args.rows,
        csv_mb: round(csvMb, 1),
        floor_s: round(floor.totalMs / 1000),
        floor_insert_s: round(floor.insertMs / 1000),
        floor_index_s: round(floor.indexMs / 1000),
        floor_rows_per_s: Math.round(args.rows / (floor.totalMs / 1000)),
        floor_peak_rss_mb: floor.peakRssMb,
        import_s: round(imp.totalMs / 1000),
        import_rows_per_s: Math.round(args.rows / (imp.totalMs / 1000)),
        import_vs_floor: round(importVsFloor),
        peak_rss_mb: imp.peakRssMb,
        peak_heap_mb: imp.peakHeapMb,
        import_swap_s: round(imp.swapMs / 1000),
        import_reading_max_loop_block_ms: Math.round(imp.readingMaxDelayMs),
        lookup_phone_p50_ms: round(l.phone.p50, 4),
        lookup_phone_p99_ms: round(l.phone.p99, 4),
        lookup_phone_raw_p99_ms: round(l.phoneRaw.p99, 4),
        lookup_phone_p99_vs_raw: round(l.phone.p99 / l.phoneRaw.p99, 1),
        lookup_contract_p50_ms: round(l.contract.p50, 4),
        lookup_contract_p99_ms: round(l.contract.p99, 4),
        lookup_contract_raw_p99_ms: round(l.contractRaw.p99, 4),
        lookup_contract_p99_vs_raw: round(l.contract.p99 / l.contractRaw.p99, 1),
        lookup_contract_dictated_p50_ms: round(l.dictated.p50, 4),
        lookup_contract_dictated_p99_ms: round(l.dictated.p99, 4),
        lookup_phone_tail_p50_ms: round(l.tail.p50, 4),
        lookup_phone_tail_p99_ms: round(l.tail.p99, 4),
        surname_prefix_p50_ms: round(l.surname.p50, 4),
        surname_prefix_p99_ms: round(l.surname.p99, 4),
        surname_prefix_raw_p99_ms: round(l.surnameRaw.p99, 4),
        surname_prefix_p99_vs_raw: round(l.surname.p99 / l.surnameRaw.p99, 1),
        ...csvReadersJson(readers),
      }),
    );
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) console.error(`error: ${err.message}`);
  else console.error(err);
  process.exit(1);
});

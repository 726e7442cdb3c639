/**
 * The diagnostics bundle: one JSON file a desk sends to support when something went wrong. It
 * says what runs (versions, OS), what the data folder holds (names, sizes, modes: no content),
 * how the console is set up (settings and the desk profile, secrets removed), the database's
 * schema version and row counts, the SIP registration state and the last log lines.
 */
import { closeSync, lstatSync, openSync, readdirSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, release, type as osType } from 'node:os';
import { join, relative } from 'node:path';
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import type { RegistrationStatus } from '../../src-shared/ipc/softphone';
import type { DiagnosticsSaved } from '../../src-shared/ipc/diagnostics';
import type { Db } from '../db/open';
import { LOG_DIR, LOG_EXTENSION, LOG_FILE_BASE, REDACTED } from '../log';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../privateFiles';

export const DIAGNOSTICS_DIR = 'diagnostics';
/** How many log lines the bundle carries (the newest), and how much of each log file is read. */
export const LOG_LINES = 500;
const LOG_TAIL_BYTES = 1024 * 1024;
/** The data folder listing stops here: a runaway uploads folder must not make the bundle huge. */
const MAX_ENTRIES = 2000;
/** Older bundles beyond this many are removed: each one holds log lines, i.e. customer data. */
const KEEP_BUNDLES = 10;

/** A key that names a secret, wherever it appears (settings JSON, log lines). */
const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|cookie|credential/i;

/** A copy with every value under a secret-looking key replaced, at any depth. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : withoutSecrets(v);
    return out;
  }
  return value;
}

export type DiagnosticsDeps = Readonly<{
  dataDir: string;
  db: Db;
  appVersion: string;
  transport: 'electron' | 'web';
  now: () => Date;
  profile: () => DeskProfile;
  registration: () => RegistrationStatus;
}>;

type Entry = { path: string; type: 'dir' | 'file' | 'link' | 'other'; bytes: number; mode: string };

function layout(dataDir: string): { entries: Entry[]; truncated: boolean } {
  const entries: Entry[] = [];
  let truncated = false;
  const walk = (dir: string): void => {
    for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entries.length >= MAX_ENTRIES) {
        truncated = true;
        return;
      }
      const path = join(dir, d.name);
      const st = lstatSync(path);
      const type = d.isSymbolicLink() ? 'link' : d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other';
      entries.push({ path: relative(dataDir, path), type, bytes: type === 'file' ? st.size : 0, mode: (st.mode & 0o777).toString(8).padStart(4, '0') });
      if (type === 'dir') walk(path); // links are listed, never followed
    }
  };
  walk(dataDir);
  return { entries, truncated };
}

function tail(file: string): string {
  const size = lstatSync(file).size;
  const start = Math.max(0, size - LOG_TAIL_BYTES);
  const buf = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  const text = buf.toString('utf8');
  // A tail cut mid-line starts with a fragment: drop it.
  return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
}

/** The newest `LOG_LINES` lines of the rotating log, oldest first, secrets removed again. */
function lastLogLines(dataDir: string): unknown[] {
  const dir = join(dataDir, LOG_DIR);
  const re = new RegExp(`^${LOG_FILE_BASE}\\.(\\d+)\\${LOG_EXTENSION}$`);
  let files: { name: string; n: number }[];
  try {
    files = readdirSync(dir)
      .map((name) => ({ name, n: Number(re.exec(name)?.[1] ?? NaN) }))
      .filter((f) => Number.isInteger(f.n))
      .sort((a, b) => b.n - a.n);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines: string[] = [];
  for (const f of files) {
    if (lines.length >= LOG_LINES) break;
    const fileLines = tail(join(dir, f.name))
      .split('\n')
      .filter((l) => l.trim() !== '');
    lines.unshift(...fileLines.slice(-(LOG_LINES - lines.length)));
  }
  return lines.map((l) => {
    try {
      return withoutSecrets(JSON.parse(l));
    } catch (err) {
      // A line that is not JSON (a crash message) is kept as text, shortened.
      return { unparsed: l.slice(0, 500), error: err instanceof Error ? err.name : 'unknown' };
    }
  });
}

function database(db: Db) {
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((r) => r.name);
  const rows: Record<string, number> = {};
  // Names come from sqlite_master, quoted as identifiers: no input from outside reaches this SQL.
  for (const name of tables) rows[name] = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get()?.n ?? 0;
  return { schemaVersion, rows };
}

function settings(db: Db): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings ORDER BY key').all()) {
    if (SECRET_KEY.test(key)) {
      out[key] = REDACTED;
      continue;
    }
    let parsed: unknown = value;
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err; // a plain string setting stays as it is
    }
    out[key] = withoutSecrets(parsed);
  }
  return out;
}

export function buildBundle(deps: DiagnosticsDeps): Record<string, unknown> {
  const { entries, truncated } = layout(deps.dataDir);
  return {
    kind: 'operator-console-diagnostics',
    createdAt: deps.now().toISOString(),
    app: { version: deps.appVersion, transport: deps.transport },
    versions: {
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chromium: process.versions.chrome ?? null,
      v8: process.versions.v8,
      sqlite: deps.db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v ?? null,
    },
    os: { platform: platform(), type: osType(), release: release(), arch: arch() },
    dataFolder: { entries, truncated },
    settings: settings(deps.db),
    deskProfile: withoutSecrets(deps.profile()),
    database: database(deps.db),
    registration: withoutSecrets(deps.registration()),
    log: lastLogLines(deps.dataDir),
  };
}

/** Writes the bundle 0600 into `<dataDir>/diagnostics/` (whole or not at all) and keeps the newest few. */
export function saveBundle(deps: DiagnosticsDeps): DiagnosticsSaved {
  const dir = join(deps.dataDir, DIAGNOSTICS_DIR);
  ensurePrivateDir(dir);
  const stamp = deps.now().toISOString().replace(/[:.]/g, '-');
  const fileName = `diagnostics-${stamp}.json`;
  const content = JSON.stringify(buildBundle(deps), null, 2) + '\n';
  const tmp = join(dir, `.${fileName}.tmp`);
  writeFileSync(tmp, content, { mode: PRIVATE_FILE_MODE, flag: 'w' });
  renameSync(tmp, join(dir, fileName));
  const bundles = readdirSync(dir)
    .filter((n) => /^diagnostics-.*\.json$/.test(n))
    .sort();
  for (const old of bundles.slice(0, Math.max(0, bundles.length - KEEP_BUNDLES))) rmSync(join(dir, old), { force: true });
  return { fileName, bytes: Buffer.byteLength(content), content };
}

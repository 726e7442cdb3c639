/**
 * The server's command line and environment, from one table: the parser and `--help` both read
 * OPTIONS, so help can never miss an option (tests/integration/server/cli.test.ts checks each).
 * A flag beats its environment variable, which beats the default.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LogFormat } from './log';

export type OptionSpec = Readonly<{ flag: string; arg?: string; env?: string; help: string; boolean?: true }>;

export const OPTIONS = [
  { flag: 'host', arg: 'ADDR', env: 'DESK_HOST', help: 'address to listen on (default 127.0.0.1); anything but loopback needs --cert and --key' },
  { flag: 'port', arg: 'N', env: 'DESK_PORT', help: 'port to listen on (default 8470; 0 = any free port)' },
  {
    flag: 'data-dir',
    arg: 'DIR',
    env: 'DESK_DATA_DIR',
    help: 'folder of the embedded database (PGlite), created 0700 (default ~/.local/share/operator-desk)',
  },
  {
    flag: 'database-url',
    arg: 'URL',
    env: 'DATABASE_URL',
    help: 'PostgreSQL 15+ to use instead of the embedded database, e.g. postgres://desk:…@db:5432/desk',
  },
  { flag: 'cert', arg: 'FILE', env: 'DESK_TLS_CERT', help: 'TLS certificate chain (PEM): serve HTTPS/WSS' },
  { flag: 'key', arg: 'FILE', env: 'DESK_TLS_KEY', help: 'TLS private key (PEM) for --cert' },
  {
    flag: 'admin-password-file',
    arg: 'FILE',
    env: 'DESK_ADMIN_PASSWORD_FILE',
    help: 'first start only: the password of the "admin" account (first line, at least 12 characters); without it a random one is printed once',
  },
  { flag: 'max-body-kib', arg: 'N', env: 'DESK_MAX_BODY_KIB', help: 'largest request body accepted, in KiB (default 1024)' },
  {
    flag: 'change-log-days',
    arg: 'N',
    env: 'DESK_CHANGE_LOG_DAYS',
    help: "keep the sync change log this many days (default 30; pruned at start and every 6 hours); a console further behind gets a fresh snapshot; push's stored results older than that go too",
  },
  { flag: 'log-level', arg: 'LEVEL', env: 'DESK_LOG_LEVEL', help: 'trace, debug, info, warn, error or silent (default info)' },
  { flag: 'log-format', arg: 'FORMAT', env: 'DESK_LOG_FORMAT', help: 'pretty or json (default: pretty on a terminal, JSON lines otherwise)' },
  { flag: 'help', help: 'print this help and exit', boolean: true },
] as const satisfies readonly OptionSpec[];

type Flag = (typeof OPTIONS)[number]['flag'];

export function helpText(): string {
  const lines = ['Usage: npm run server -- [options]', '', 'The desk server: users, roles and sync (push and pull) for the operator consoles.', '', 'Options:'];
  for (const o of OPTIONS as readonly OptionSpec[]) {
    const left = `  --${o.flag}${o.arg ? ` ${o.arg}` : ''}`;
    lines.push(`${left.padEnd(30)}${o.help}${o.env ? ` [env ${o.env}]` : ''}`);
  }
  return lines.join('\n');
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type ServerConfig = Readonly<{
  help: boolean;
  host: string;
  port: number;
  database: Readonly<{ kind: 'pglite'; dataDir: string }> | Readonly<{ kind: 'postgres'; url: string }>;
  tls: Readonly<{ certFile: string; keyFile: string }> | null;
  adminPasswordFile: string | null;
  bodyLimitBytes: number;
  changeLogDays: number;
  logLevel: string;
  logFormat: LogFormat;
}>;

/** How long the sync change log is kept (ARCHITECTURE.md "Scale beyond one machine": retention). */
export const DEFAULT_CHANGE_LOG_DAYS = 30;

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function int(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new ConfigError(`--${flag} must be a whole number ${min}..${max}, got "${value.slice(0, 40)}"`);
  return n;
}

export function defaultDataDir(env: NodeJS.ProcessEnv, home = env.HOME || homedir()): string {
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'operator-desk');
}

export function parseServerConfig(argv: readonly string[], env: NodeJS.ProcessEnv, isTTY: boolean): ServerConfig {
  const options = Object.fromEntries((OPTIONS as readonly OptionSpec[]).map((o) => [o.flag, { type: o.boolean ? ('boolean' as const) : ('string' as const) }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ConfigError(`${err instanceof Error ? err.message : String(err)} (see --help)`);
  }
  const get = (flag: Flag): string | undefined => {
    const v = values[flag];
    if (typeof v === 'string') {
      if (v === '') throw new ConfigError(`--${flag} needs a value`);
      return v;
    }
    const spec = (OPTIONS as readonly OptionSpec[]).find((o) => o.flag === flag);
    const fromEnv = spec?.env ? env[spec.env] : undefined;
    return fromEnv === '' ? undefined : fromEnv;
  };
  const cert = get('cert');
  const key = get('key');
  if ((cert === undefined) !== (key === undefined)) throw new ConfigError('--cert and --key go together: give both or neither');
  const url = get('database-url');
  const level = get('log-level') ?? 'info';
  if (!LEVELS.includes(level)) throw new ConfigError(`--log-level must be one of ${LEVELS.join(', ')}, got "${level.slice(0, 40)}"`);
  const format = get('log-format') ?? (isTTY ? 'pretty' : 'json');
  if (format !== 'pretty' && format !== 'json') throw new ConfigError(`--log-format must be pretty or json, got "${format.slice(0, 40)}"`);
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('--database-url must be a postgres:// or postgresql:// URL');
  const port = get('port');
  const kib = get('max-body-kib');
  const adminFile = get('admin-password-file');
  const days = get('change-log-days');
  return {
    help: values.help === true,
    host: get('host') ?? '127.0.0.1',
    port: port === undefined ? 8470 : int('port', port, 0, 65535),
    database: url !== undefined ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: resolve(get('data-dir') ?? defaultDataDir(env)) },
    tls: cert !== undefined && key !== undefined ? { certFile: resolve(cert), keyFile: resolve(key) } : null,
    adminPasswordFile: adminFile === undefined ? null : resolve(adminFile),
    bodyLimitBytes: (kib === undefined ? 1024 : int('max-body-kib', kib, 1, 65536)) * 1024,
    changeLogDays: days === undefined ? DEFAULT_CHANGE_LOG_DAYS : int('change-log-days', days, 1, 3650),
    logLevel: level,
    logFormat: format,
  };
}

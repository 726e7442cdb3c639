import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const APP_DIR_NAME = 'operator-console';
export const DATA_DIR_ENV = 'OPCONSOLE_DATA_DIR';

/**
 * The user's application-data folder, the same place Electron's app.getPath('userData') uses for
 * this app name, so the Electron app and browser mode share one database by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME);
}

/** Flag beats environment beats the platform default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv) return resolve(fromEnv);
  return defaultDataDir(env);
}

/** `port` null: not given (browser mode then reuses the port of its last start, web/lastPort.ts). */
export type CliOptions = { dataDir: string | undefined; port: number | null; demo: boolean; help: boolean };

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export type FlagOptions = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string }>>;
export type Flag = { readonly name: string; readonly raw: string; readonly value: string | undefined };
export type FlagErrors = { unknown(raw: string): Error; missing(raw: string): Error };

/**
 * The command line of our tools (browser mode, benchmarks, demo data) read by node:util
 * `parseArgs`, in order, in both spellings (`--flag value`, `--flag=value`). parseArgs's own errors
 * name no flag the way our help texts do, so it runs without `strict` and its tokens are checked
 * here: an unknown flag or a stray word is `unknown`, a string flag without a value `missing`
 * (`--rows --seed 5` is a missing value, not rows called "--seed").
 */
export function readFlags(argv: readonly string[], options: FlagOptions, errors: FlagErrors): Flag[] {
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const flags: Flag[] = [];
  for (const t of tokens) {
    if (t.kind === 'option-terminator') throw errors.unknown('--');
    if (t.kind === 'positional') throw errors.unknown(t.value);
    const spec = options[t.name];
    if (!spec) throw errors.unknown(t.inlineValue ? `${t.rawName}=${t.value ?? ''}` : t.rawName);
    if (spec.type === 'string' && (t.value === undefined || t.value === '' || (!t.inlineValue && t.value.startsWith('--')))) throw errors.missing(t.rawName);
    flags.push({ name: t.name, raw: t.rawName, value: t.value });
  }
  return flags;
}

const WEB_FLAGS: FlagOptions = {
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  'no-demo': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** Parses `--data-dir DIR`, `--port N`, `--no-demo`, `--help` (also `--flag=value`). */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const out: CliOptions = { dataDir: undefined, port: null, demo: true, help: false };
  const flags = readFlags(argv, WEB_FLAGS, {
    unknown: (raw) => new CliError(`unknown option "${raw}" (try --help)`),
    missing: (raw) => new CliError(`${raw} needs a value`),
  });
  for (const { name, value = '' } of flags) {
    if (name === 'data-dir') out.dataDir = value;
    else if (name === 'port') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port must be 0..65535, got "${value}"`);
      out.port = n;
    } else if (name === 'no-demo') out.demo = false;
    else out.help = true;
  }
  return out;
}

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

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

export type CliOptions = { dataDir: string | undefined; port: number; demo: boolean; help: boolean };

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Parses `--data-dir DIR`, `--port N`, `--no-demo`, `--help` (also `--flag=value`). */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const out: CliOptions = { dataDir: undefined, port: 0, demo: true, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    const eq = raw.indexOf('=');
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string => {
      const v = eq > 0 ? raw.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new CliError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--data-dir':
        out.dataDir = value();
        break;
      case '--port': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port must be 0..65535, got "${v}"`);
        out.port = n;
        break;
      }
      case '--no-demo':
        out.demo = false;
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        throw new CliError(`unknown option "${raw}" (try --help)`);
    }
  }
  return out;
}

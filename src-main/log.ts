import { join } from 'node:path';
import pino from 'pino';
import pinoPretty from 'pino-pretty';
import pinoRoll from 'pino-roll';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './privateFiles';

export type Logger = pino.Logger;

/** The rotating JSON log: `<dataDir>/logs/console.N.log`, N counting up, the oldest removed. */
export const LOG_DIR = 'logs';
export const LOG_FILE_BASE = 'console';
export const LOG_EXTENSION = '.log';
export type LogRotation = Readonly<{ size: string; files: number }>;
export const DEFAULT_ROTATION: LogRotation = { size: '10m', files: 5 };

/**
 * Secrets never reach a log line, whoever logs the object: the SIP password, the console token,
 * anything called secret. Paths one and two levels deep cover `{ account: { password } }`.
 */
const SECRET_KEYS = ['password', 'authorizationPassword', 'token', 'secret', 'authorization', 'cookie'];
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
export const REDACTED = '[redacted]';

/** Pretty lines for a person at a terminal; JSON lines for pipes (CI, tests, `| tee`). */
export type TerminalFormat = 'pretty' | 'json';

/**
 * A person runs `npm run web` in a terminal; tests and CI read the host's stdout through a pipe
 * and parse JSON lines, so anything that is not a TTY keeps JSON. OPCONSOLE_LOG_FORMAT overrides.
 */
export function chooseTerminalFormat(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>> = process.env): TerminalFormat {
  const forced = env.OPCONSOLE_LOG_FORMAT;
  if (forced === 'pretty' || forced === 'json') return forced;
  return isTTY === true ? 'pretty' : 'json';
}

export type LoggerOptions = Readonly<{
  name?: string;
  /** Default: OPCONSOLE_LOG_LEVEL, else info (silent under vitest). */
  level?: string;
  /** Where terminal lines go (default process.stdout) and in which format (default from its isTTY). */
  terminal?: Readonly<{ stream: pino.DestinationStream; format: TerminalFormat }> | null;
  /** The rotating file from openLogFile (null: terminal only). */
  file?: pino.DestinationStream | null;
}>;

/** The one logger factory of the host (browser mode, Electron, tests). */
export function createLogger(opts: LoggerOptions | string = {}): Logger {
  const o: LoggerOptions = typeof opts === 'string' ? { name: opts } : opts;
  const level = o.level ?? process.env.OPCONSOLE_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  const terminal =
    o.terminal === undefined ? { stream: process.stdout as pino.DestinationStream, format: chooseTerminalFormat(process.stdout.isTTY) } : o.terminal;
  const streams: pino.StreamEntry[] = [];
  if (terminal) {
    const stream =
      terminal.format === 'pretty'
        ? pinoPretty({
            destination: terminal.stream,
            // Colours only on a real terminal (OPCONSOLE_LOG_FORMAT=pretty into a file stays plain).
            colorize: terminal.stream === (process.stdout as unknown) && process.stdout.isTTY === true,
            // Local wall-clock time (the desk runs in Moscow time), no date or epoch noise.
            translateTime: 'SYS:HH:MM:ss',
            ignore: 'pid,hostname,name',
            sync: true,
          })
        : terminal.stream;
    streams.push({ level: level as pino.Level, stream });
  }
  if (o.file) streams.push({ level: level as pino.Level, stream: o.file });
  const options: pino.LoggerOptions = {
    name: o.name ?? 'console-host',
    level,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (streams.length === 0) return pino({ ...options, level: 'silent' });
  return pino(options, pino.multistream(streams));
}

export type LogFile = Awaited<ReturnType<typeof pinoRoll>>;

/**
 * Opens the rotating JSON log in `<dataDir>/logs/` (0700), files 0600: a log line names callers
 * and contracts, so it is customer data like the database. Size-based rotation keeps at most
 * `rotation.files` files.
 */
export async function openLogFile(dataDir: string, rotation: LogRotation = DEFAULT_ROTATION): Promise<LogFile> {
  const dir = join(dataDir, LOG_DIR);
  ensurePrivateDir(dataDir);
  ensurePrivateDir(dir);
  const stream = await pinoRoll({
    file: join(dir, LOG_FILE_BASE),
    extension: LOG_EXTENSION,
    size: rotation.size,
    limit: { count: rotation.files - 1 },
    mode: PRIVATE_FILE_MODE,
    mkdir: false,
  });
  // Open before use: a flush at an early shutdown would otherwise throw «not ready yet».
  if (stream.fd < 0) {
    await new Promise<void>((resolve, reject) => {
      stream.once('ready', () => resolve());
      stream.once('error', (err) => reject(err instanceof Error ? err : new Error(String(err))));
    });
  }
  return stream;
}

/**
 * Structured logs of the desk server (pino): JSON lines in a pipe (systemd, CI, tests), readable
 * lines on a terminal. Passwords, tokens and authorization headers never reach a line.
 */
import pino from 'pino';
import pinoPretty from 'pino-pretty';

export type Logger = pino.Logger;
export type LogFormat = 'pretty' | 'json';

const SECRET_KEYS = ['password', 'newPassword', 'currentPassword', 'token', 'authorization', 'cookie', 'passwordHash'];
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export function createServerLogger(opts: Readonly<{ level: string; format: LogFormat; stream?: pino.DestinationStream }>): Logger {
  const stream = opts.stream ?? (process.stdout as pino.DestinationStream);
  const options: pino.LoggerOptions = {
    name: 'desk-server',
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (opts.format === 'json') return pino(options, stream);
  return pino(
    options,
    pinoPretty({ destination: stream, colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name', sync: true }),
  );
}

import pino from 'pino';

export type Logger = pino.Logger;

/** One structured logger for the host; level from OPCONSOLE_LOG_LEVEL (default info, silent in tests). */
export function createLogger(name = 'console-host'): Logger {
  const level = process.env.OPCONSOLE_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino({ name, level });
}

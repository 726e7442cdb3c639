/**
 * `--now ISO` / $OPCONSOLE_NOW for browser mode: the host clock starts at that instant and runs
 * forward at real speed, so e2e tests and benchmarks see a fixed date (a working Tuesday, a
 * holiday, a call past 15:00) while timers still fire normally.
 */
import { CliError } from '../config';

export const NOW_ENV = 'OPCONSOLE_NOW';

/**
 * Takes `--now ISO` / `--now=ISO` out of argv (the other options go to parseCliArgs) and returns the
 * host clock: starting at that instant, running at real speed. Flag beats $OPCONSOLE_NOW.
 */
export function extractClock(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  real: () => number = Date.now,
): { rest: string[]; now: (() => Date) | undefined; startsAt: string | null } {
  const rest: string[] = [];
  let given: string | undefined = env[NOW_ENV] || undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--now') {
      given = argv[++i];
      if (given === undefined || given === '') throw new CliError('--now needs a value');
    } else if (a.startsWith('--now=')) given = a.slice('--now='.length);
    else rest.push(a);
  }
  if (given === undefined) return { rest, now: undefined, startsAt: null };
  const start = Date.parse(given);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(given) || !Number.isFinite(start))
    throw new CliError(`--now must be an ISO instant like 2026-11-24T10:00:00+03:00, got "${given}"`);
  const offset = start - real();
  return { rest, now: () => new Date(real() + offset), startsAt: new Date(start).toISOString() };
}

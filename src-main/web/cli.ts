/**
 * `npm run web`: the console host under plain Node, serving the renderer on 127.0.0.1.
 * Prints `Console: http://127.0.0.1:PORT/#token=…` (tests wait for that line).
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { CliError, DATA_DIR_ENV, parseCliArgs, resolveDataDir } from '../config';
import { createHost } from '../host';
import { createLogger, openLogFile } from '../log';
import { startWebServer } from './server';
import { NOW_ENV, extractClock } from './clock';
import { DatabaseFromFutureError } from '../db/open';
import { listenOnLastPort, readLastPort, writeLastPort } from './lastPort';

const HELP = `Usage: npm run web -- [--data-dir DIR] [--port N] [--no-demo] [--now ISO]
  --data-dir DIR  where the console keeps its database (default: $${DATA_DIR_ENV} or the user's application-data folder)
  --port N        port on 127.0.0.1 (0 = any free port; default: the port of the last start if it is free, else any)
  --no-demo       do not import the demo directory on first run
  --now ISO       start the console's clock at this instant (e.g. 2026-11-24T10:00:00+03:00); it then runs
                  forward at real speed (e2e tests and benchmarks need a fixed date; default: $${NOW_ENV} or the real time)`;

async function main(): Promise<void> {
  const clock = extractClock(process.argv.slice(2));
  const opts = parseCliArgs(clock.rest);
  if (opts.help) {
    console.log(HELP);
    return;
  }
  const dataDir = resolveDataDir(opts.dataDir);
  // Pretty lines when a person watches the terminal, JSON when a pipe reads it; always the file.
  const logFile = await openLogFile(dataDir);
  const log = createLogger({ file: logFile });
  const host = createHost({ dataDir, transport: 'web', log, demo: opts.demo, ...(clock.now ? { now: clock.now } : {}) });
  const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist-renderer');
  const start = (port: number) => startWebServer({ host, rendererDir, port, log });
  const server = opts.port !== null ? await start(opts.port) : await listenOnLastPort(readLastPort(dataDir, log), start, log);
  writeLastPort(dataDir, server.port);
  console.log(`Data folder: ${dataDir}`);
  if (clock.startsAt) console.log(`Clock: started at ${clock.startsAt}`);
  console.log(`Console: ${server.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    void server.close().then(() => {
      host.close();
      logFile.flushSync();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof CliError || err instanceof DatabaseFromFutureError) {
    console.error(`error: ${err.message}`);
    if (err instanceof CliError) console.error(HELP);
  } else {
    console.error('error:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});

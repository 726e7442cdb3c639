/**
 * Browser mode, no `--port`: the host comes back on the port it had last time when that port is
 * free. A page left open then reaches the restarted host at the same address (the same origin),
 * so it can take the new token in place and keep what the operator typed (issue 11 item 4); on a
 * new port the page could only be opened afresh. The port is not a secret (the per-start token is).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from '../privateFiles';
import type { Logger } from '../log';

const FILE = 'web-port';

/** The port of the last start, or null: none yet, or a file that is not a port (then: any free port). */
export function readLastPort(dataDir: string, log: Logger): number | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const n = Number(text.trim());
  if (Number.isInteger(n) && n > 0 && n <= 65535) return n;
  log.warn({ file: FILE }, 'the remembered browser-mode port is not a port; taking any free port');
  return null;
}

export function writeLastPort(dataDir: string, port: number): void {
  writeFileSync(join(dataDir, FILE), `${port}\n`, { mode: PRIVATE_FILE_MODE });
}

/**
 * Starts on the remembered port and, when something else holds it now, on any free port: a busy
 * old port must never keep the console from starting.
 */
export async function listenOnLastPort<T>(remembered: number | null, listen: (port: number) => Promise<T>, log: Logger): Promise<T> {
  if (remembered === null) return listen(0);
  try {
    return await listen(remembered);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    log.warn({ port: remembered }, 'the last browser-mode port is taken; taking any free port');
    return listen(0);
  }
}

/**
 * Consoles against the protocol double for one describe block (push, pull, hostile answers): the
 * consoles a test opened are stopped and closed after it, its double closed, its folders removed.
 * Kept apart from kit.ts, which a plain child process imports too (no vitest there).
 */
import { afterEach } from 'vitest';
import { startSyncServerDouble, type SyncServerDouble } from '../../helpers/syncServerDouble';
import { useTempDir } from '../../helpers/tmp';
import { openConsole, type Console } from './kit';

export type ConsoleOptions = Parameters<typeof openConsole>[2];

export function useDoubleConsoles(prefix: string) {
  const tmp = useTempDir(prefix);
  const open: Console[] = [];
  let server: SyncServerDouble | null = null;
  afterEach(async () => {
    for (const c of open.splice(0)) {
      await c.client.stop();
      c.close();
    }
    await server?.close();
    server = null;
  });
  return {
    /** A fresh folder, removed after the test. */
    tmp,
    /** The test's double (one per test). */
    async double(opts?: Parameters<typeof startSyncServerDouble>[0]): Promise<SyncServerDouble> {
      return (server = await startSyncServerDouble(opts));
    },
    /** A console on the file in `dir` (a fresh folder unless given), signed in to `server` unless null. */
    console(server: SyncServerDouble | null, opts?: ConsoleOptions, dir: string = tmp()): Console {
      const c = openConsole(dir, server, opts);
      open.push(c);
      return c;
    },
    /** Stops and closes a console now (its file is then reopened, as after a restart). */
    async shut(c: Console): Promise<void> {
      open.splice(open.indexOf(c), 1);
      await c.client.stop();
      c.close();
    },
  };
}

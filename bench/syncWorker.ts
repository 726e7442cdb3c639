/**
 * A thread of bench consoles (bench/sync.bench.ts): on a desk every console is a computer of its
 * own, so the consoles other than A and B run in threads of their own rather than in the event
 * loop that measures B. Each console is the same as in the main thread (syncConsole.ts): its own
 * SQLite file, sync client, live socket and mutation runner.
 *
 * Messages: `open` (signs nothing in: the main thread hands the tokens), `settle`, `push`
 * (writes and syncs until a time), `close`; each is answered with `{ id, ok }` or `{ id, error }`.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { openConsole, settled, type BenchConsole } from './syncConsole';

export type WorkerRequest =
  | { id: number; cmd: 'open'; url: string; tokens: string[]; root: string; tag: string }
  | { id: number; cmd: 'settle' }
  | { id: number; cmd: 'push'; seconds: number }
  | { id: number; cmd: 'close' };
export type WorkerAnswer = { id: number; ok: true; acked?: number } | { id: number; ok: false; error: string };

const consoles: BenchConsole[] = [];
const acked = () => consoles.reduce((sum, c) => sum + c.store.ackedSeq(), 0);

async function handle(m: WorkerRequest): Promise<Omit<WorkerAnswer & { ok: true }, 'id' | 'ok'>> {
  switch (m.cmd) {
    case 'open':
      for (const [i, token] of m.tokens.entries()) {
        const creds = { url: m.url, token };
        const c = openConsole(mkdtempSync(join(m.root, `${m.tag}-${i}-`)), creds);
        consoles.push(c);
        c.connect(creds);
        await c.live();
      }
      await Promise.all(consoles.map((c) => settled(c)));
      return {};
    case 'settle':
      await Promise.all(consoles.map((c) => settled(c)));
      return {};
    case 'push': {
      const before = acked();
      const end = performance.now() + m.seconds * 1000;
      let k = 0;
      await Promise.all(
        consoles.map(async (c) => {
          while (performance.now() < end) {
            c.ticket(`Поток ${k++}`);
            await c.client.syncNow();
          }
        }),
      );
      await Promise.all(consoles.map((c) => settled(c)));
      return { acked: acked() - before };
    }
    case 'close':
      for (const c of consoles.splice(0)) await c.close();
      return {};
  }
}

parentPort?.on('message', (m: WorkerRequest) => {
  handle(m).then(
    (r) => parentPort?.postMessage({ id: m.id, ok: true, ...r } satisfies WorkerAnswer),
    (err: unknown) => parentPort?.postMessage({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies WorkerAnswer),
  );
});

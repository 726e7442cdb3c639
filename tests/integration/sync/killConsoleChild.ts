/**
 * A console host as a child process for converge-console-kill.test.ts: its SQLite file in the
 * folder given as the argument, signed in to the desk server named in `server.json` there; it
 * writes tickets and comments as fast as it can while its sync client pushes, until SIGKILLed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLiveClient } from '../../../src-main/sync/liveClient';
import { log, openConsole } from './kit';

const dir = process.argv[2];
if (!dir) throw new Error('usage: killConsoleChild.ts <data dir>');
const server = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')) as { url: string; token: string };
const c = openConsole(dir, server, {
  timings: { debounceMs: 5, intervalMs: 3_600_000, backoffMinMs: 20, backoffMaxMs: 200 },
  live: (d) => createLiveClient({ ...d, log }),
});
c.client.start();
process.stdout.write('writing\n');
let last = '';
for (let i = 0; ; i++) {
  if (i % 2 === 0 || last === '') last = c.ticket(`Заявка ${process.pid}-${i}`);
  else c.runMutation('ticket.comment', { id: last, text: `Комментарий ${process.pid}-${i}`, followUp: false, channel: null, callId: null });
  await new Promise((r) => setTimeout(r, 3));
}

/**
 * A console host in its own process writing tickets in a tight loop, for the kill test: the test
 * SIGKILLs this process at a random moment, so no transaction gets to finish cleanly.
 *
 *   node --import tsx killChild.ts <dataDir>
 * Prints "writing" once the first ticket has committed, then keeps creating and changing tickets
 * (create → comment → update → transition → …) until killed.
 */
import pino from 'pino';
import { createHost } from '../../../src-main/host';
import { uuidv7 } from '../../../src-shared/ids';
import { seedDirectory } from './harness';

const [dataDir] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: killChild.ts <dataDir>\n');
  process.exit(2);
}
const host = createHost({ dataDir, transport: 'web', log: pino({ level: 'silent' }), demo: false, now: () => new Date('2026-11-24T08:00:00.000Z') });
if ((host.db.prepare('SELECT count(*) AS n FROM contracts').get() as { n: number }).n === 0) seedDirectory(host);
const ctx = { transport: 'web' as const };
const must = async (channel: string, input: unknown): Promise<{ id: string }> => {
  const r = await host.dispatch(channel, input, ctx);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as { id: string };
};

let announced = false;
for (let i = 0; ; i++) {
  const t = await must('tickets:create', {
    id: uuidv7(),
    type: 'problem',
    subject: `заявка ${i}`,
    contractNo: i % 2 ? 'Д-000001' : 'Д-000002',
    description: 'x'.repeat(i % 500),
  });
  if (!announced) {
    process.stdout.write('writing\n');
    announced = true;
  }
  await must('tickets:comment', { id: t.id, text: `комментарий ${i}`, followUp: i % 3 === 0, channel: 'phone' });
  await must('tickets:update', { id: t.id, priority: 1 + (i % 4) === 3 ? 2 : 1 + (i % 4), description: `описание ${i}` });
  await must('tickets:transition', { id: t.id, to: i % 2 ? 'in_progress' : 'waiting' });
}

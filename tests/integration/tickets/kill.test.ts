import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/open';
import { runAndKill } from '../../helpers/killWriter';
import { useTempDir } from '../../helpers/tmp';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');

describe('killing the host in the middle of writes', () => {
  const tmp = useTempDir('tickets-kill-');

  it('each ticket and its outbox rows are both there or both absent, after several SIGKILLs at random moments', async () => {
    const dir = tmp();
    let tickets = 0;
    for (let round = 0; round < 5; round++) {
      await runAndKill({ script: join(HERE, 'killChild.ts'), cwd: ROOT, dataDir: dir, ms: 50 + Math.floor(Math.random() * 350) });
      const db = openDatabase(join(dir, 'console.db'));
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        // Every ticket has its create row, and every create row its ticket.
        expect(
          db
            .prepare(
              "SELECT count(*) AS n FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.name = 'ticket.create' AND json_extract(o.args, '$.id') = t.id)",
            )
            .get(),
        ).toEqual({ n: 0 });
        expect(
          db
            .prepare(
              "SELECT count(*) AS n FROM outbox o WHERE o.name LIKE 'ticket.%' AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = json_extract(o.args, '$.id'))",
            )
            .get(),
        ).toEqual({ n: 0 });
        // Every outbox row has the history event it wrote (event ids are "<mutation id>.<n>"), and every event its row.
        expect(
          db
            .prepare(
              "SELECT count(*) AS n FROM outbox o WHERE o.name LIKE 'ticket.%' AND NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.id = o.mutation_id || '.0')",
            )
            .get(),
        ).toEqual({ n: 0 });
        expect(
          db.prepare('SELECT count(*) AS n FROM ticket_events e WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.mutation_id = substr(e.id, 1, 36))').get(),
        ).toEqual({ n: 0 });
        // A ticket's version counts its mutations: none half-applied.
        expect(
          db
            .prepare(
              "SELECT count(*) AS n FROM tickets t WHERE t.version <> (SELECT count(*) FROM outbox o WHERE o.name LIKE 'ticket.%' AND json_extract(o.args, '$.id') = t.id)",
            )
            .get(),
        ).toEqual({ n: 0 });
        // Numbers were handed out in the same transactions: the sequence matches the tickets.
        const n = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
        expect(Number((db.prepare("SELECT value FROM settings WHERE key = 'tickets.seq'").get() as { value: string }).value)).toBe(n);
        expect(n).toBeGreaterThan(tickets); // each round wrote something
        tickets = n;
        console.log(`round ${round + 1}: ${n} tickets, ${(db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n} outbox rows`);
      } finally {
        db.close();
      }
    }
  }, 180_000);
});

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/open';
import { runAndKill } from '../../helpers/killWriter';
import { useTempDir } from '../../helpers/tmp';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');

const count = (db: ReturnType<typeof openDatabase>, sql: string): number => (db.prepare(sql).get() as { n: number }).n;
/** Outbox rows of `name` for the call `c` (args.id). */
const rowsOf = (name: string) => `(SELECT count(*) FROM outbox o WHERE o.name = '${name}' AND json_extract(o.args, '$.id') = c.id)`;

describe('killing the host in the middle of call-log writes', () => {
  const tmp = useTempDir('calls-kill-');

  it('every call row has exactly the outbox rows of the changes it shows, after several SIGKILLs at random moments', async () => {
    const dir = tmp();
    let calls = 0;
    for (let round = 0; round < 5; round++) {
      await runAndKill({ script: join(HERE, 'killChild.ts'), cwd: ROOT, dataDir: dir, ms: 50 + Math.floor(Math.random() * 350) });
      const db = openDatabase(join(dir, 'console.db'));
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        // The offer: a row for every call.offered and a call.offered for every row.
        expect(count(db, `SELECT count(*) AS n FROM calls c WHERE ${rowsOf('call.offered')} <> 1`)).toBe(0);
        expect(
          count(
            db,
            "SELECT count(*) AS n FROM outbox o WHERE o.name LIKE 'call.%' AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = json_extract(o.args, '$.id'))",
          ),
        ).toBe(0);
        // Each change the row shows has its outbox row with the same values, and no outbox row is missing its change.
        expect(count(db, `SELECT count(*) AS n FROM calls c WHERE (c.answered_at IS NOT NULL) <> (${rowsOf('call.answered')} = 1)`)).toBe(0);
        expect(
          count(db, `SELECT count(*) AS n FROM calls c WHERE (c.ended_at IS NOT NULL) <> (${rowsOf('call.ended')} + ${rowsOf('call.interrupted')} = 1)`),
        ).toBe(0);
        expect(
          count(
            db,
            "SELECT count(*) AS n FROM calls c JOIN outbox o ON json_extract(o.args, '$.id') = c.id AND o.name IN ('call.ended', 'call.interrupted') WHERE json_extract(o.args, '$.endedAt') IS NOT c.ended_at OR json_extract(o.args, '$.outcome') IS NOT c.outcome",
          ),
        ).toBe(0);
        expect(
          count(
            db,
            `SELECT count(*) AS n FROM calls c WHERE (c.verified = 1 OR c.contract_no = 'D-100' AND c.remote_number <> '+79039691445') AND ${rowsOf('call.identify')} = 0`,
          ),
        ).toBe(0);
        expect(count(db, `SELECT count(*) AS n FROM calls c WHERE (c.escalated_at IS NOT NULL) <> (${rowsOf('call.escalate')} = 1)`)).toBe(0);
        expect(
          count(db, `SELECT count(*) AS n FROM calls c WHERE (SELECT count(*) FROM visit_requests v WHERE v.call_id = c.id) <> ${rowsOf('call.escalate')}`),
        ).toBe(0);
        expect(count(db, `SELECT count(*) AS n FROM calls c WHERE (c.note IS NOT NULL) <> (${rowsOf('call.wrapUp')} = 1)`)).toBe(0);
        // Redirects: the row's id is its mutation id, both ways.
        expect(
          count(
            db,
            "SELECT count(*) AS n FROM redirects r WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.name = 'redirect.record' AND o.mutation_id = r.id)",
          ),
        ).toBe(0);
        expect(
          count(
            db,
            "SELECT count(*) AS n FROM outbox o WHERE o.name = 'redirect.record' AND NOT EXISTS (SELECT 1 FROM redirects r WHERE r.id = o.mutation_id)",
          ),
        ).toBe(0);
        // From round 2 on, the calls the killed run left open were closed as interrupted at the restart.
        if (round > 0) expect(count(db, "SELECT count(*) AS n FROM outbox WHERE name = 'call.interrupted'")).toBeGreaterThan(0);
        const n = count(db, 'SELECT count(*) AS n FROM calls');
        expect(n).toBeGreaterThan(calls); // each round wrote something
        calls = n;
        console.log(`round ${round + 1}: ${n} calls, ${count(db, 'SELECT count(*) AS n FROM outbox')} outbox rows`);
      } finally {
        db.close();
      }
    }
  }, 180_000);
});

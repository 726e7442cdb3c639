import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/open';
import { MIGRATIONS } from '../../../src-main/db/migrations/index';
import { mutationDef, isMutationName } from '../../../src-shared/mutators/index';
import { useTempDir } from '../../helpers/tmp';

// call.offered as versions before 60 wrote it: the SQLite row.
const OLD_OFFERED = {
  id: '0190c0de-2222-7000-8000-000000000001',
  sip_call_id: 'abc@pbx',
  direction: 'inbound',
  remote_number: '+79039691445',
  remote_name: 'Иванов',
  line: '1001',
  offered_at: '2026-11-24T07:00:00.000Z',
  answered_at: null,
  ended_at: null,
  wait_ms: null,
  talk_ms: null,
  operator: 'Анна',
  contract_no: 'D-100',
  verified: 1,
  outcome: null,
  wrap_up_code: null,
  note: null,
  ticket_id: null,
  escalated_at: null,
};

describe('migration 0060: pending call.offered outbox rows in the domain shape', () => {
  const tmp = useTempDir();

  it('rewrites the old row-shaped args, leaves every other row as it was, and the result passes the mutator schema', () => {
    const file = join(tmp(), 'console.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 50) });
    const ins = old.prepare('INSERT INTO outbox (mutation_id, name, args, created_at) VALUES (?, ?, ?, ?)');
    const answered = JSON.stringify({ id: OLD_OFFERED.id, answeredAt: '2026-11-24T07:00:30.000Z', waitMs: 30_000 });
    const redirect = JSON.stringify({
      contractNo: null,
      phone: null,
      reason: 'счёт',
      redirectLabel: 'Биллинг',
      redirectPhone: null,
      recordedAt: '2026-11-24T07:01:00.000Z',
    });
    ins.run('m1', 'call.offered', JSON.stringify(OLD_OFFERED), '2026-11-24T07:00:00.000Z');
    ins.run('m2', 'call.answered', answered, '2026-11-24T07:00:30.000Z');
    ins.run(
      'm3',
      'call.offered',
      JSON.stringify({ ...OLD_OFFERED, id: '0190c0de-2222-7000-8000-000000000002', sip_call_id: null, remote_name: null, contract_no: null, verified: 0 }),
      '2026-11-24T07:02:00.000Z',
    );
    ins.run('m4', 'redirect.record', redirect, '2026-11-24T07:01:00.000Z');
    expect(mutationDef('call.offered').args.safeParse(OLD_OFFERED).success).toBe(false); // the old shape is no longer accepted
    old.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    const rows = db.prepare('SELECT mutation_id, name, args FROM outbox ORDER BY client_seq').all() as { mutation_id: string; name: string; args: string }[];
    expect(rows.map((r) => [r.mutation_id, r.name])).toEqual([
      ['m1', 'call.offered'],
      ['m2', 'call.answered'],
      ['m3', 'call.offered'],
      ['m4', 'redirect.record'],
    ]);
    expect(JSON.parse(rows[0]?.args ?? '')).toEqual({
      id: OLD_OFFERED.id,
      sipCallId: 'abc@pbx',
      direction: 'inbound',
      remoteNumber: '+79039691445',
      remoteName: 'Иванов',
      line: '1001',
      offeredAt: '2026-11-24T07:00:00.000Z',
      operator: 'Анна',
      contractNo: 'D-100',
      verified: true,
    });
    expect(JSON.parse(rows[2]?.args ?? '')).toMatchObject({ sipCallId: null, remoteName: null, contractNo: null, verified: false });
    expect(rows[1]?.args).toBe(answered);
    expect(rows[3]?.args).toBe(redirect);
    // What a later sync pushes: every pending row passes its mutation's schema.
    for (const r of rows) {
      if (!isMutationName(r.name)) throw new Error(`unknown mutation ${r.name}`);
      expect(mutationDef(r.name).args.safeParse(JSON.parse(r.args)).success, r.mutation_id).toBe(true);
    }
    db.close();
  });
});

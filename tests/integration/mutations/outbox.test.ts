import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/db/open';
import { createMutations } from '../../../src-main/mutations/index';
import { createOutbox } from '../../../src-main/mutations/outbox';
import { createSettingsRepo } from '../../../src-main/settings/repo';
import { DEFAULT_PRESET_ID, presetById } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { useTempDir } from '../../helpers/tmp';

const now = () => new Date('2026-11-23T10:00:00Z');

function plumbing(db: Db) {
  const outbox = createOutbox(db);
  const profile = presetById(DEFAULT_PRESET_ID) as DeskProfile;
  const { runMutation } = createMutations({
    db,
    outbox,
    settings: createSettingsRepo(db),
    now,
    profile: () => profile,
    calendar: RU_CALENDAR,
    contract: () => null,
    operator: { id: () => 'op-anna', name: () => 'Анна' },
    locale: () => 'ru',
  });
  return { outbox, runMutation };
}

const offer = (id: string) => ({
  id,
  sipCallId: null,
  direction: 'inbound' as const,
  remoteNumber: '+79039691445',
  remoteName: null,
  line: null,
  offeredAt: '2026-11-23T10:00:00.000Z',
  operator: 'Анна',
  contractNo: null,
  verified: false,
});

describe('outbox: a local change and its outbox row are one transaction', () => {
  const tmp = useTempDir();

  it('commits the change and the row together, with increasing client_seq and UUIDv7 ids', () => {
    const db = openDatabase(join(tmp(), 'c.db'));
    const { outbox, runMutation } = plumbing(db);
    const a = runMutation('call.offered', offer('a'));
    const b = runMutation('call.offered', offer('b'));
    expect(a.mutationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const rows = db.prepare('SELECT client_seq, mutation_id, name, args, created_at FROM outbox ORDER BY client_seq').all() as {
      client_seq: number;
      mutation_id: string;
      name: string;
      args: string;
      created_at: string;
    }[];
    expect(rows.map((r) => [r.mutation_id, r.name, JSON.parse(r.args), r.created_at])).toEqual([
      [a.mutationId, 'call.offered', offer('a'), '2026-11-23T10:00:00.000Z'],
      [b.mutationId, 'call.offered', offer('b'), '2026-11-23T10:00:00.000Z'],
    ]);
    expect(rows[1]?.client_seq).toBe((rows[0]?.client_seq ?? 0) + 1);
    expect(db.prepare('SELECT id FROM calls ORDER BY id').all()).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(outbox.pendingCount()).toBe(2);
    db.close();
  });

  it('leaves neither the change nor the outbox row when the mutation fails half-way', () => {
    const file = join(tmp(), 'c.db');
    const db = openDatabase(file);
    const { runMutation } = plumbing(db);
    runMutation('call.offered', offer('a'));
    runMutation('call.offered', offer('b'));
    const visit = {
      id: 'v1',
      callId: 'a',
      contractNo: null,
      holderName: null,
      phone: null,
      address: null,
      notes: '',
      createdAt: '2026-11-23T10:00:00.000Z',
      status: 'new' as const,
    };
    runMutation('call.escalate', { id: 'a', at: '2026-11-23T10:00:00.000Z', visit });
    // call.escalate of b marks b escalated, then its visit request reuses v1: the insert fails after the first write.
    expect(() => runMutation('call.escalate', { id: 'b', at: '2026-11-23T10:00:00.000Z', visit: { ...visit, callId: 'b' } })).toThrow(/UNIQUE/);
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT id, escalated_at FROM calls ORDER BY id').all()).toEqual([
      { id: 'a', escalated_at: '2026-11-23T10:00:00.000Z' },
      { id: 'b', escalated_at: null },
    ]);
    expect(again.prepare('SELECT name FROM outbox ORDER BY client_seq').all()).toEqual([
      { name: 'call.offered' },
      { name: 'call.offered' },
      { name: 'call.escalate' },
    ]);
    again.close();
  });

  it('accepts only registered mutation names, and args that match their schema, before anything is written', () => {
    const db = openDatabase(join(tmp(), 'c.db'));
    const { outbox, runMutation } = plumbing(db);
    // @ts-expect-error: not a mutation name of src-shared/mutators
    expect(() => runMutation('probe.set', {})).toThrow();
    // @ts-expect-error: call.offered has no `extra`
    expect(() => runMutation('call.offered', { ...offer('a'), extra: 1 })).toThrow(/extra|Unrecognized/i);
    // @ts-expect-error: not a mutation name of src-shared/mutators
    expect(() => db.transaction(() => outbox.append('probe.set', {}, 'm', now()))()).toThrow();
    expect(() => outbox.append('call.wrapUp', { id: 'a', code: null, note: null }, 'm', new Date())).toThrow(/outside a transaction/);
    expect(db.prepare('SELECT count(*) AS n FROM calls').get()).toEqual({ n: 0 });
    expect(outbox.pendingCount()).toBe(0);
    db.close();
  });
});

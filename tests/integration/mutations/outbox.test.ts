import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/open';
import { createOutbox } from '../../../src-main/mutations/outbox';
import { useTempDir } from '../../helpers/tmp';

describe('outbox: a local change and its outbox row are one transaction', () => {
  const tmp = useTempDir();
  const now = () => new Date('2026-11-23T10:00:00Z');

  it('commits the change and the row together, with increasing client_seq and UUIDv7 ids', () => {
    const db = openDatabase(join(tmp(), 'c.db'));
    const outbox = createOutbox(db, now);
    const ins = db.prepare("INSERT INTO settings (key, value) VALUES (?, 'v')");
    const a = outbox.run('call.wrapUp', { id: 'a', code: null, note: 'a' }, () => (ins.run('a'), { done: true }));
    const b = outbox.run('call.wrapUp', { id: 'b', code: null, note: 'b' }, () => (ins.run('b'), { done: true }));
    expect(b.clientSeq).toBe(a.clientSeq + 1);
    expect(a.mutationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const rows = db.prepare('SELECT name, args, created_at FROM outbox ORDER BY client_seq').all();
    expect(rows).toEqual([
      { name: 'call.wrapUp', args: '{"id":"a","code":null,"note":"a"}', created_at: '2026-11-23T10:00:00.000Z' },
      { name: 'call.wrapUp', args: '{"id":"b","code":null,"note":"b"}', created_at: '2026-11-23T10:00:00.000Z' },
    ]);
    expect(outbox.pendingCount()).toBe(2);
    db.close();
  });

  it('leaves neither the change nor the outbox row when the mutation fails half-way', () => {
    const file = join(tmp(), 'c.db');
    const db = openDatabase(file);
    const outbox = createOutbox(db, now);
    const ins = db.prepare("INSERT INTO settings (key, value) VALUES (?, 'v')");
    expect(() =>
      outbox.run('call.wrapUp', { id: 'half', code: null, note: null }, () => {
        ins.run('half');
        throw new Error('boom after the local write');
      }),
    ).toThrow('boom');
    db.close();
    const again = openDatabase(file);
    expect(again.prepare("SELECT count(*) AS n FROM settings WHERE key = 'half'").get()).toEqual({ n: 0 });
    expect(again.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    again.close();
  });

  it('accepts only registered mutation names, and args that match their schema, before anything is written', () => {
    const db = openDatabase(join(tmp(), 'c.db'));
    const outbox = createOutbox(db, now);
    const ins = db.prepare("INSERT INTO settings (key, value) VALUES ('x', 'v')");
    // @ts-expect-error: not a mutation name of src-shared/mutators
    expect(() => outbox.run('probe.set', {}, () => ins.run())).toThrow();
    // @ts-expect-error: call.wrapUp has no `extra`
    expect(() => outbox.run('call.wrapUp', { id: 'a', code: null, note: null, extra: 1 }, () => ins.run())).toThrow(/extra|Unrecognized/i);
    expect(() => outbox.append('call.wrapUp', { id: 'a', code: null, note: null }, 'm', new Date())).toThrow(/outside a transaction/);
    expect(db.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 0 });
    expect(outbox.pendingCount()).toBe(0);
    db.close();
  });
});

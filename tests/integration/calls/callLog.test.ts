import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_LOG_SQL, reversedDigits } from '../../../src-main/calls/repo';
import { createHost } from '../../../src-main/host';
import { openDatabase } from '../../../src-main/db/open';
import { createCallStack, inbound, SHARED_PHONE, SINGLE_PHONE } from '../../unit/softphone/fixture';
import { useTempDir } from '../../helpers/tmp';

const T0 = new Date('2026-11-23T10:00:00.000Z');

describe('call log on a real SQLite file', () => {
  const tmp = useTempDir();
  beforeEach(() => {
    vi.useFakeTimers({ now: T0, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('R-CALL-WAIT: a row exists from the offer; wait time is offered → answered, talk time answered → ended', () => {
    const s = createCallStack({ file: join(tmp(), 'console.db') });
    const c = s.calls.offer(inbound());
    const row = s.db
      .prepare(
        'SELECT direction, remote_number, remote_name, line, offered_at, answered_at, ended_at, operator, contract_no, sip_call_id FROM calls WHERE id = ?',
      )
      .get(c.id);
    expect(row).toEqual({
      direction: 'inbound',
      remote_number: SINGLE_PHONE,
      remote_name: 'Caller',
      line: '1001',
      offered_at: T0.toISOString(),
      answered_at: null,
      ended_at: null,
      operator: 'Анна',
      contract_no: 'D-100',
      sip_call_id: 'sip-1',
    });
    vi.advanceTimersByTime(95_000); // R-CALL-WAIT: callers may wait up to 2 minutes
    s.calls.apply(c.id, { type: 'answered', at: new Date().toISOString() });
    vi.advanceTimersByTime(300_000);
    s.calls.end(c.id, 'hangup');
    expect(s.repo.get(c.id)).toMatchObject({ waitMs: 95_000, talkMs: 300_000, outcome: 'answered', endedAt: new Date(T0.getTime() + 395_000).toISOString() });
    s.close();
  });

  it('R-CALL-WAIT: an unanswered call waited until it ended', () => {
    const s = createCallStack({ file: join(tmp(), 'console.db') });
    const c = s.calls.offer(inbound());
    vi.advanceTimersByTime(120_000);
    s.calls.end(c.id, 'remote-cancel');
    expect(s.repo.get(c.id)).toMatchObject({ waitMs: 120_000, talkMs: null, answeredAt: null, outcome: 'missed' });
    s.close();
  });

  it('every write goes through the outbox with its change', () => {
    const s = createCallStack({ file: join(tmp(), 'console.db') });
    const c = s.calls.offer(inbound());
    s.calls.apply(c.id, { type: 'answered', at: new Date().toISOString() });
    s.calls.identify(c.id, 'D-100', true);
    s.calls.escalate(c.id, 'визит');
    s.calls.end(c.id, 'hangup');
    s.calls.wrapUp(c.id, 'visit-booked', 'заявка на выезд');
    const names = (s.db.prepare('SELECT name, args FROM outbox ORDER BY client_seq').all() as { name: string; args: string }[]).map((r) => r.name);
    expect(names).toEqual(['call.offered', 'call.answered', 'call.identify', 'call.escalate', 'call.ended', 'call.wrapUp']);
    expect(s.repo.get(c.id)).toMatchObject({ contractNo: 'D-100', verified: true, wrapUpCode: 'visit-booked', note: 'заявка на выезд' });
    s.close();
  });

  it('a call open when the app died is closed as interrupted on the next start', async () => {
    const dir = tmp();
    const s = createCallStack({ file: join(dir, 'console.db') });
    const ringing = s.calls.offer(inbound(SHARED_PHONE));
    const talking = s.calls.offer(inbound());
    vi.advanceTimersByTime(10_000);
    s.calls.apply(talking.id, { type: 'answered', at: new Date().toISOString() });
    const done = s.calls.offer(inbound());
    s.calls.end(done.id, 'remote-cancel');
    s.db.close(); // the app dies: no end written for the first two
    vi.useRealTimers();
    const start = new Date(T0.getTime() + 3_600_000);
    const host = createHost({ dataDir: dir, transport: 'web', log: pino({ level: 'silent' }), demo: false, now: () => start });
    const log = await host.dispatch('calls:log', {}, { transport: 'web' });
    host.close();
    expect(log.ok).toBe(true);
    const rows = (log as { value: { id: string; outcome: string; endedAt: string; waitMs: number; talkMs: number | null }[] }).value;
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ringing.id)).toMatchObject({ outcome: 'interrupted', endedAt: start.toISOString(), waitMs: 3_600_000, talkMs: null });
    expect(byId.get(talking.id)).toMatchObject({ outcome: 'interrupted', endedAt: start.toISOString(), waitMs: 10_000, talkMs: 3_590_000 });
    expect(byId.get(done.id)).toMatchObject({ outcome: 'missed' });
    const db = openDatabase(join(dir, 'console.db'));
    expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE name = 'call.interrupted'").get()).toEqual({ n: 2 });
    db.close();
  });
});

describe('R-CALL-REPEAT: the call log is searchable by number, contract, date and operator', () => {
  const tmp = useTempDir();
  afterEach(() => {
    vi.useRealTimers();
  });

  function seeded() {
    vi.useFakeTimers({ now: T0, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const s = createCallStack({ file: join(tmp(), 'console.db') });
    const ids: string[] = [];
    const at = (h: number) => vi.setSystemTime(new Date(T0.getTime() + h * 3_600_000));
    at(0);
    ids.push(s.calls.offer(inbound(SINGLE_PHONE)).id); // D-100
    at(24);
    ids.push(s.calls.offer(inbound(SHARED_PHONE)).id);
    s.calls.identify(ids[1] as string, 'D-300', true);
    at(48);
    ids.push(s.calls.offer({ direction: 'outbound', remoteNumber: SINGLE_PHONE, remoteName: null, line: null, contractNo: 'D-100', sipCallId: null }).id);
    at(72);
    ids.push(s.calls.offer(inbound('1002')).id);
    for (const id of ids) s.calls.end(id, 'remote-cancel');
    vi.useRealTimers();
    return { s, ids };
  }

  it('R-CALL-REPEAT: by number in any written form (suffix of digits), newest first', () => {
    const { s, ids } = seeded();
    for (const q of ['+7 903 969-14-45', '89039691445', '9039691445', '969-14-45']) {
      expect(
        s.calls.log({ number: q, limit: 100 }).map((r) => r.id),
        q,
      ).toEqual([ids[2], ids[0]]);
    }
    expect(s.calls.log({ number: '1002', limit: 100 }).map((r) => r.id)).toEqual([ids[3]]);
    expect(s.calls.log({ number: '000', limit: 100 })).toEqual([]);
    s.close();
  });

  it('R-CALL-REPEAT: by contract, by operator, by date range, combined, with a limit', () => {
    const { s, ids } = seeded();
    expect(s.calls.log({ contractNo: 'D-100', limit: 100 }).map((r) => r.id)).toEqual([ids[2], ids[0]]);
    expect(s.calls.log({ contractNo: 'D-300', limit: 100 }).map((r) => r.id)).toEqual([ids[1]]);
    expect(s.calls.log({ operator: 'Анна', limit: 100 }).map((r) => r.id)).toEqual([...ids].reverse());
    expect(s.calls.log({ operator: 'Борис', limit: 100 })).toEqual([]);
    const from = new Date(T0.getTime() + 24 * 3_600_000).toISOString();
    const to = '2026-11-25T13:00:00+03:00'; // = 10:00Z, +48 h, inclusive; offsets are normalized
    expect(s.calls.log({ from, to, limit: 100 }).map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(s.calls.log({ number: '9691445', from, limit: 100 }).map((r) => r.id)).toEqual([ids[2]]);
    expect(s.calls.log({ contractNo: 'D-100', operator: 'Анна', to: T0.toISOString(), limit: 100 }).map((r) => r.id)).toEqual([ids[0]]);
    expect(s.calls.log({ limit: 2 }).map((r) => r.id)).toEqual([ids[3], ids[2]]);
    s.close();
  });

  it('R-CALL-REPEAT: every search runs on its index (EXPLAIN QUERY PLAN)', () => {
    const { s } = seeded();
    const plan = (sql: string) =>
      (
        s.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({
          rev: reversedDigits('9691445'),
          revEnd: `${reversedDigits('9691445')}\u007f`,
          contract: 'D-1',
          operator: 'A',
          from: null,
          to: null,
          limit: 10,
        }) as { detail: string }[]
      )
        .map((r) => r.detail)
        .join(' | ');
    expect(plan(CALL_LOG_SQL.byNumber)).toMatch(/SEARCH calls USING INDEX ix_calls_remote_rev \(remote_rev>\? AND remote_rev<\?\)/);
    expect(plan(CALL_LOG_SQL.byContract)).toMatch(/SEARCH calls USING INDEX ix_calls_contract \(contract_no=\?\)/);
    expect(plan(CALL_LOG_SQL.byContract)).not.toMatch(/TEMP B-TREE/); // newest first straight from the index
    expect(plan(CALL_LOG_SQL.byOperator)).toMatch(/SEARCH calls USING INDEX ix_calls_operator \(operator=\?\)/);
    expect(plan(CALL_LOG_SQL.byOperator)).not.toMatch(/TEMP B-TREE/);
    expect(plan(CALL_LOG_SQL.byDate)).toMatch(/SCAN calls USING INDEX ix_calls_offered|SEARCH calls USING INDEX ix_calls_offered/);
    expect(plan(CALL_LOG_SQL.byDate)).not.toMatch(/TEMP B-TREE/);
    expect(plan(CALL_LOG_SQL.open)).toMatch(/ix_calls_open/);
    s.close();
  });
});

/**
 * Issue 11 «the verdict travels» through the real host on a SQLite file: the host (not only the
 * form) refuses a ticket or visit for an unverified or ineligible contract without a reason,
 * writes nothing then, records the reason in the history, and the call log lists what the call
 * made and what the operator saw. R-ID-STAFF through identification:verify on the SaaS desk.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { useTempDir } from '../../helpers/tmp';
import { openDatabase } from '../../../src-main/db/open';
import { MIGRATIONS } from '../../../src-main/db/migrations/index';
import { MOBILE, iso, insertCall, newId, openHarness, ticketInput, type Harness } from '../tickets/harness';

describe('the verdict travels (host + SQLite)', () => {
  const tmp = useTempDir();
  let h: Harness | null = null;
  afterEach(() => {
    h?.close();
    h = null;
  });

  it('R-ID-CONTRACT: a ticket on an unverified call is refused without a reason (nothing written), made with one; the call log lists it with what the operator saw', async () => {
    h = openHarness(tmp());
    const callId = insertCall(h.host);
    h.host.db.prepare('UPDATE calls SET verified = 0 WHERE id = ?').run(callId);
    const outboxBefore = h.outbox().length;

    const err = await h.fail('tickets:create', ticketInput({ callId }));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('Нужна причина: договор не проверен');
    expect(h.host.db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 0 });
    expect(h.outbox()).toHaveLength(outboxBefore);

    const t = await h.call('tickets:create', ticketInput({ callId, verdictReason: 'адрес и телефон совпали' }));
    expect(t.history.map((e: { kind: string }) => e.kind)).toContain('verdict-override');
    expect(t.history.find((e: { kind: string }) => e.kind === 'verdict-override').data).toMatchObject({
      checks: ['unverified'],
      reason: 'адрес и телефон совпали',
    });

    const [row] = await h.call('calls:log', { contractNo: 'Д-000001' });
    expect(row.created).toEqual([{ ticketId: t.id, number: t.number, type: 'problem' }]);
    expect(row.decisions).toEqual([
      expect.objectContaining({ what: 'ticket', ticketId: t.id, verified: false, checks: ['unverified'], reason: 'адрес и телефон совпали' }),
    ]);
    // The outbox carries the reason, so the desk server replays the same decision.
    expect(h.outbox().at(-1)).toMatchObject({ name: 'ticket.create', args: { verdictReason: 'адрес и телефон совпали', callId } });
  });

  it('R-BAL-POSITIVE: a visit for a contract with a negative balance needs a reason; the desk profile set to refuse refuses it', async () => {
    h = openHarness(tmp());
    h.host.db.prepare("UPDATE contracts SET balance_kopecks = -50000, balance_at = ? WHERE contract_no = 'Д-000001'").run(iso('2026-11-24 09:00'));
    const booking = (over: Record<string, unknown> = {}) => ({
      id: newId(),
      ticketId: null,
      newTicketId: newId(),
      callId: null,
      contractNo: 'Д-000001',
      address: 'г. Москва, ул. Тверская, д. 7, кв. 12',
      responsible: 'Иванов Иван Петрович',
      phone: MOBILE,
      slotStart: iso('2026-11-25 10:30'),
      ...over,
    });
    const err = await h.fail('visits:book', booking());
    expect(err).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('баланс не положительный') });
    const ok = await h.call('visits:book', booking({ verdictReason: 'авария на линии' }));
    expect(ok.ticket.history.find((e: { kind: string }) => e.kind === 'verdict-override')?.data).toMatchObject({ what: 'visit', reason: 'авария на линии' });

    await h.useDesk('001', { unverifiedPolicy: 'refuse' });
    const refused = await h.fail('visits:book', booking({ verdictReason: 'авария на линии' }));
    expect(refused).toMatchObject({ code: 'CONFLICT', message: 'Для этого договора не оформляется: баланс не положительный.' });
  });

  it('R-ID-STAFF: on the SaaS desk verification asks whether the caller is the customer staff; a partner is not verified', async () => {
    h = openHarness(tmp());
    await h.useDesk('002');
    const ask = { contractNo: 'Д-000001', surname: 'Иванов' };
    expect(await h.call('identification:verify', ask)).toMatchObject({ verified: false, reason: 'staff-unknown', contract: null });
    expect(await h.call('identification:verify', { ...ask, callerStaff: false })).toMatchObject({ verified: false, reason: 'not-staff', contract: null });
    expect(await h.call('identification:verify', { ...ask, callerStaff: true })).toMatchObject({ verified: true, reason: null });
    await h.useDesk('001');
    expect(await h.call('identification:verify', ask)).toMatchObject({ verified: true });
  });

  it('migration 0070 adds the staff answer and the decisions to calls written before it, empty', () => {
    const file = join(tmp(), 'console.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 70) });
    old
      .prepare(
        `INSERT INTO calls (id, direction, remote_number, remote_rev, offered_at, operator, contract_no, verified)
         VALUES ('c1', 'inbound', '+79039691445', '54419696309', '2026-11-24T07:00:00.000Z', 'Анна', 'Д-000001', 1)`,
      )
      .run();
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT caller_staff, decisions FROM calls').get()).toEqual({ caller_staff: null, decisions: '[]' });
    expect(() => db.prepare("UPDATE calls SET decisions = 'not json'").run()).toThrow(Database.SqliteError);
    db.close();
  });
});

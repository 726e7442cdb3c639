/**
 * Every registered mutator runs on the server's MutationStore (src-server/sync/store.ts) through a
 * real push: a call, the ticket made during it, its edits, a claim, an escalation and the visit
 * booked from it, the technician's steps, a redirect. Each must apply; a mutator that reads a row
 * its `reads()` did not declare would be refused here (the store throws on undeclared reads).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskServer, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { preload, UndeclaredReadError } from '../../../src-server/sync/store';
import { DEFAULT_PRESET_ID, presetById } from '../../../src-shared/domain/deskPresets';
import { slotStartsOn } from '../../../src-shared/domain/visits';
import { mutators, readSet, type MutationName } from '../../../src-shared/mutators/index';
import type { SyncRowData } from '../../../src-shared/server/sync';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { send } from '../../helpers/http';
import { deskConsole } from '../../helpers/deskSync';

const log = createServerLogger({ level: 'silent', format: 'json' });
const tmp = mkdtempSync(join(tmpdir(), 'desk-sync-mutators-'));
let server: DeskServer;
let token = '';
const clock = new Date('2026-11-24T07:00:00Z').getTime();

beforeAll(async () => {
  server = await startDeskServer({
    database: { kind: 'pglite', dataDir: join(tmp, 'pglite') },
    host: '127.0.0.1',
    port: 0,
    tls: null,
    log,
    adminPassword: 'admin password for tests',
    now: () => new Date(clock),
    scrypt: { log2N: 12, r: 8, p: 1 },
  });
  token = ((await send(server.url, '/api/v1/session', { json: { login: 'admin', password: 'admin password for tests' } })).json as { token: string }).token;
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const iso = (ms: number) => new Date(ms).toISOString();

describe('the shared mutators on the server store', () => {
  it('a desk day through push: every mutator applies on the server store', async () => {
    const c = deskConsole(() => server.url, token);
    const call = randomUUID();
    const call2 = randomUUID();
    const ticket = randomUUID();
    const other = randomUUID();
    const claim = randomUUID();
    const visit = randomUUID();
    const visit2 = randomUUID();
    const slots = slotStartsOn(RU_CALENDAR, presetById(DEFAULT_PRESET_ID)!, null, '2026-11-26');
    const offer = (id: string) => ({
      id,
      sipCallId: `sip-${id}`,
      direction: 'inbound',
      remoteNumber: '+79039691445',
      remoteName: 'Иванов',
      line: 'линия 1',
      offeredAt: iso(clock),
      operator: 'admin',
      contractNo: null,
      verified: false,
    });
    const tech = await send(server.url, '/api/v1/users', {
      token,
      json: { login: 'tech-day', displayName: 'Техник Дня', role: 'technician', queues: [], password: 'tech-day password 1' },
    });
    expect(tech.status, tech.text).toBe(201);
    const techId = (tech.json as { user: { id: string } }).user.id;
    const attachment = { id: randomUUID(), name: 'акт.pdf', path: '/data/attachments/акт.pdf', size: 1024, sha256: 'a'.repeat(64) };
    const steps: [MutationName, unknown][] = [
      ['call.offered', offer(call)],
      ['call.answered', { id: call, answeredAt: iso(clock + 5_000), waitMs: 5_000 }],
      ['call.identify', { id: call, contractNo: 'Д-000001', verified: true, callerStaff: null }],
      ['ticket.create', { id: other, type: 'question', subject: 'Первое обращение', number: '50-0001' }],
      [
        'ticket.create',
        { id: ticket, type: 'question', subject: 'Нет связи', callId: call, relatedTo: [other], number: '50-0002', verdictReason: 'проверено по телефону' },
      ],
      ['ticket.update', { id: ticket, priority: 2, subject: 'Нет связи с утра' }],
      ['ticket.assign', { id: ticket, assignee: 'admin', self: true }],
      ['ticket.extendSla', { id: ticket, minutes: 30, reason: 'ждём клиента' }],
      ['ticket.comment', { id: ticket, text: 'Перезвонить', callId: call }],
      ['ticket.attach', { id: ticket, attachment }],
      ['ticket.notified', { id: ticket, via: 'phone' }],
      ['ticket.transition', { id: ticket, to: 'in_progress' }],
      ['call.offered', offer(call2)],
      ['ticket.linkCall', { id: ticket, callId: call2 }],
      [
        'claim.create',
        {
          id: claim,
          number: '50-0003',
          claim: {
            holderName: 'Иванов',
            contractNo: 'Д-000001',
            phone: '+79039691445',
            incident: 'нет связи три дня',
            incidentFrom: '2026-11-20',
            incidentTo: null,
            specialist: '',
            answerVia: 'post',
            answerAddress: 'Москва, ул. Тверская, 1',
            signed: true,
            receivedOn: '2026-11-24',
          },
        },
      ],
      ['claim.answer', { id: claim, answer: 'Компенсация начислена' }],
      [
        'call.escalate',
        {
          id: call,
          at: iso(clock + 60_000),
          visit: {
            id: randomUUID(),
            callId: call,
            contractNo: 'Д-000001',
            holderName: 'Иванов',
            phone: '+79039691445',
            address: 'Москва',
            notes: 'выезд',
            createdAt: iso(clock + 60_000),
            status: 'new',
          },
        },
      ],
      [
        'visit.book',
        {
          id: visit,
          ticketId: ticket,
          callId: call,
          contractNo: 'Д-000001',
          address: 'Москва, ул. Тверская, 1',
          responsible: 'Иванов',
          phone: '+79039691445',
          slotStart: iso(slots[0]!),
          priority: 3,
          verdictReason: 'проверено',
        },
      ],
      [
        'visit.book',
        {
          id: visit2,
          newTicketId: randomUUID(),
          number: '50-0004',
          contractNo: null,
          address: 'Москва, ул. Арбат, 2',
          responsible: 'Петров',
          phone: '+79039691446',
          slotStart: iso(slots[0]!),
          priority: 1,
        },
      ],
      ['visit.assign', { id: visit, technicianId: techId }],
      ['visit.setStatus', { id: visit, status: 'en_route' }],
      ['visit.setStatus', { id: visit, status: 'arrived' }],
      ['visit.act', { id: visit, status: 'signed', signedBy: 'Иванов' }],
      ['visit.cancel', { id: visit2, reason: 'клиент отменил' }],
      ['call.ended', { id: call, endedAt: iso(clock + 300_000), outcome: 'answered', waitMs: 5_000, talkMs: 295_000 }],
      ['call.wrapUp', { id: call, code: 'visit-booked', note: 'заявка' }],
      ['call.interrupted', { id: call2, endedAt: iso(clock + 10_000), outcome: 'interrupted', waitMs: 10_000, talkMs: null }],
      [
        'redirect.record',
        { contractNo: 'Д-000001', phone: null, reason: 'вопрос по счёту', redirectLabel: 'Биллинг', redirectPhone: '+74950000000', recordedAt: iso(clock) },
      ],
      ['ticket.handoff', { id: ticket, queueId: 'repair', reason: 'нужен ремонт' }],
    ];
    expect(new Set(steps.map(([n]) => n))).toEqual(new Set(Object.keys(mutators)));
    const r = await c.rawPush(steps.map(([name, args]) => c.mutation(name, args)));
    expect(r.status, r.text).toBe(200);
    const results = (r.json as { results: { status: string; rejection?: unknown }[] }).results;
    const refused = results.map((x, i) => [steps[i]![0], x]).filter(([, x]) => (x as { status: string }).status !== 'applied');
    expect(refused).toEqual([]);

    await c.pullAll();
    expect(c.row<SyncRowData<'ticket'>>('ticket', ticket)).toMatchObject({ queueId: 'repair', status: 'in_progress', priority: 2 });
    expect(c.row<SyncRowData<'visit'>>('visit', visit)).toMatchObject({ status: 'arrived', actStatus: 'signed', technicianId: techId });
    expect(c.row<SyncRowData<'visit'>>('visit', visit2)).toMatchObject({ status: 'cancelled' });
    expect(c.row<SyncRowData<'claim'>>('claim', claim)).toMatchObject({ answer: 'Компенсация начислена' });
    expect(c.row<SyncRowData<'call'>>('call', call)).toMatchObject({ ticketId: ticket, wrapUpCode: 'visit-booked', outcome: 'answered' });
    expect(c.ids('visitRequest').map((id) => c.row<SyncRowData<'visitRequest'>>('visitRequest', id)!.status)).toEqual(['booked']);
    expect(c.ids('ticketLink')).toEqual([[ticket, other].sort().join('|')]);
    expect(c.ids('ticketCall').sort()).toEqual([`${ticket}|${call}`, `${ticket}|${call2}`].sort());
    expect(c.ids('attachment')).toEqual([attachment.id]);
    expect(c.ids('redirect')).toHaveLength(1);
  });

  it('the store refuses to read a row that reads() did not declare', async () => {
    await server.storage.transaction(async (tx) => {
      const { store } = await preload(tx, { reads: readSet({ tickets: ['declared'] }), ownerId: randomUUID(), seat: null });
      expect(store.getTicket('declared')).toBeNull();
      expect(() => store.getTicket('other')).toThrow(UndeclaredReadError);
      expect(() => store.getVisit('v')).toThrow(UndeclaredReadError);
      expect(() => store.getCallRecord('c')).toThrow(UndeclaredReadError);
      expect(() => store.visitsInSlots([clock])).toThrow(UndeclaredReadError);
      expect(() => store.visitRequestForCall('c')).toThrow(UndeclaredReadError);
      expect(() => store.getDeskUser(randomUUID())).toThrow(UndeclaredReadError);
    });
  });
});

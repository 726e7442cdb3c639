/**
 * An in-memory MutationStore (what the desk server will build over preloaded rows) that records
 * which keys were read, so tests can check that `reads(args)` declares everything `apply` touches.
 */
import { formatTicketNumber } from '../../../src-shared/domain/tickets';
import { DESK_PRESETS } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import type {
  AttachmentRecord,
  CallRecord,
  CallRef,
  ClaimRecord,
  ContractInfo,
  DeskUserRecord,
  MutationContext,
  MutationStore,
  QueueRecord,
  TicketEventRecord,
  RedirectRecord,
  TicketRecord,
  VisitRecord,
  VisitRequestRecord,
} from '../../../src-shared/mutators/index';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { compileWorkingTime, scheduleOf, type ScheduleKind, type WorkingTime } from '../../../src-shared/worktime/schedule';

export const QUEUES: QueueRecord[] = [
  { id: 'support', name: 'Техподдержка, 1-я линия', department: 'Техническая поддержка' },
  { id: 'repair', name: 'Сервисный центр', department: 'Сервисный центр' },
  { id: 'field', name: 'Выездная служба', department: 'Выездная служба' },
  { id: 'claims', name: 'Претензии', department: 'Отдел по работе с претензиями' },
];

export type FakeStore = MutationStore & {
  tickets: Map<string, TicketRecord>;
  events: TicketEventRecord[];
  visits: Map<string, VisitRecord>;
  claims: Map<string, ClaimRecord>;
  links: Set<string>;
  callLinks: Set<string>;
  bookedRequests: string[];
  attachments: AttachmentRecord[];
  calls: Map<string, CallRef>;
  /** The call log (getCall also finds these, as its short view). */
  callLog: Map<string, CallRecord>;
  visitRequests: Map<string, VisitRequestRecord>;
  redirects: Map<string, RedirectRecord>;
  /** The desk's people (the console's desk_users, the server's users). */
  users: Map<string, DeskUserRecord>;
  read: { tickets: Set<string>; visits: Set<string>; calls: Set<string>; queues: Set<string>; users: Set<string>; slots: number[]; numbers: number };
};

export function fakeStore(opts: { seat?: string } = {}): FakeStore {
  let seq = 0;
  const s: FakeStore = {
    tickets: new Map(),
    events: [],
    visits: new Map(),
    claims: new Map(),
    links: new Set(),
    callLinks: new Set(),
    bookedRequests: [],
    attachments: [],
    calls: new Map(),
    callLog: new Map(),
    visitRequests: new Map(),
    redirects: new Map(),
    users: new Map(),
    read: { tickets: new Set(), visits: new Set(), calls: new Set(), queues: new Set(), users: new Set(), slots: [], numbers: 0 },
    getTicket(id) {
      s.read.tickets.add(id);
      return s.tickets.get(id) ?? null;
    },
    insertTicket(t) {
      if (s.tickets.has(t.id)) throw new Error(`duplicate ticket ${t.id}`);
      s.tickets.set(t.id, t);
    },
    patchTicket(id, patch, at) {
      const cur = s.tickets.get(id);
      if (!cur) throw new Error(`no ticket ${id}`);
      const next = { ...cur, ...patch, updatedAt: at, version: cur.version + 1 };
      s.tickets.set(id, next);
      return next;
    },
    appendEvent: (e) => void s.events.push(e),
    nextTicketNumber() {
      s.read.numbers++;
      return formatTicketNumber(opts.seat ?? '42', ++seq);
    },
    getQueue(id) {
      s.read.queues.add(id);
      return QUEUES.find((q) => q.id === id) ?? null;
    },
    linkTickets(a, b) {
      const k = [a, b].sort().join('|');
      if (s.links.has(k)) return false;
      s.links.add(k);
      return true;
    },
    getCall(id) {
      s.read.calls.add(id);
      const c = s.callLog.get(id);
      return s.calls.get(id) ?? (c ? { id: c.id, contractNo: c.contractNo, remoteNumber: c.remoteNumber, ticketId: c.ticketId } : null);
    },
    linkCall(ticketId, callId) {
      const k = `${ticketId}|${callId}`;
      if (s.callLinks.has(k)) return false;
      s.callLinks.add(k);
      return true;
    },
    insertAttachment: (a) => void s.attachments.push(a),
    getVisit(id) {
      s.read.visits.add(id);
      return s.visits.get(id) ?? null;
    },
    visitsInSlots(starts) {
      s.read.slots.push(...starts);
      return [...s.visits.values()].filter((v) => v.status !== 'cancelled' && starts.includes(v.slotStart));
    },
    insertVisit: (v) => void s.visits.set(v.id, v),
    patchVisit(id, patch) {
      const cur = s.visits.get(id);
      if (!cur) throw new Error(`no visit ${id}`);
      const next = { ...cur, ...patch };
      s.visits.set(id, next);
      return next;
    },
    markVisitRequestBooked: (callId) => void s.bookedRequests.push(callId),
    getClaim: (ticketId) => s.claims.get(ticketId) ?? null,
    insertClaim: (c) => void s.claims.set(c.ticketId, c),
    patchClaim(ticketId, patch) {
      const cur = s.claims.get(ticketId);
      if (!cur) throw new Error(`no claim ${ticketId}`);
      s.claims.set(ticketId, { ...cur, ...patch });
    },
    getCallRecord(id) {
      s.read.calls.add(id);
      return s.callLog.get(id) ?? null;
    },
    insertCall(c) {
      if (s.callLog.has(c.id)) throw new Error(`duplicate call ${c.id}`);
      s.callLog.set(c.id, c);
    },
    patchCall(id, patch) {
      const cur = s.callLog.get(id);
      if (!cur) throw new Error(`no call ${id}`);
      const next = { ...cur, ...patch };
      s.callLog.set(id, next);
      return next;
    },
    visitRequestForCall(callId) {
      s.read.calls.add(callId);
      return [...s.visitRequests.values()].find((v) => v.callId === callId) ?? null;
    },
    insertVisitRequest(v) {
      if (s.visitRequests.has(v.id)) throw new Error(`duplicate visit request ${v.id}`);
      s.visitRequests.set(v.id, v);
    },
    getDeskUser(id) {
      s.read.users.add(id);
      return s.users.get(id) ?? null;
    },
    insertRedirect(r) {
      if (s.redirects.has(r.id)) throw new Error(`duplicate redirect ${r.id}`);
      s.redirects.set(r.id, r);
    },
  };
  return s;
}

export const CONTRACTS: Record<string, ContractInfo> = {
  'Д-000001': {
    holderName: 'Иванов Иван Петрович',
    tariff: 'Домашний 100',
    address: 'г. Москва, ул. Тверская, д. 7',
    phones: ['+74951234567', '+79039691445'],
  },
};

export function preset(seed: '000' | '001' | '002' | '004', edit: Partial<DeskProfile> = {}): DeskProfile {
  const p = DESK_PRESETS.find((x) => x.seed === seed);
  if (!p) throw new Error(`no preset ${seed}`);
  return { ...p, ...edit };
}

let n = 0;
/** A context at a Moscow wall-clock time ("2026-11-24 10:00") with a fresh mutation id. */
export function context(at: string, profile: DeskProfile = preset('001'), actor = 'Анна'): MutationContext {
  const compiled = new Map<ScheduleKind, WorkingTime>();
  return {
    now: Date.parse(`${at.replace(' ', 'T')}:00+03:00`),
    actor,
    actorId: `id:${actor}`,
    mutationId: `0190c0de-0000-7000-8000-${String(++n).padStart(12, '0')}`,
    profile,
    calendar: RU_CALENDAR,
    locale: 'ru',
    contract: (no) => CONTRACTS[no] ?? null,
    workingTime(kind) {
      let wt = compiled.get(kind);
      if (!wt) compiled.set(kind, (wt = compileWorkingTime(RU_CALENDAR, scheduleOf(profile, kind))));
      return wt;
    },
  };
}

export const msk = (s: string): number => Date.parse(`${s.replace(' ', 'T')}:00+03:00`);

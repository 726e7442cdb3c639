/**
 * Ticket mutations (DOMAIN.md "Tickets"): create, transition, update, comment / follow-up, assign,
 * handoff, SLA extension, call links, attachments and "number given to the customer". The args
 * are the contract's inputs (src-shared/ipc/tickets.ts, visits.ts, claims.ts) plus what the console fills in (the
 * ticket number, the attachment's reference and hash), so the server can replay them.
 */
import { z } from 'zod';
import { safeLine } from '../text/safe';
import { normalizeContractNo, validateSerial } from '../domain/identification';
import { normalizePhone } from '../domain/phone';
import { TICKET_NUMBER_RE, TransitionError, assertTransition, isOpenStatus, type Priority, type TicketChannel, type TicketType } from '../domain/tickets';
import { ticketsRequests } from '../ipc/tickets';
import { extendClock } from '../worktime/sla';
import { clockOnTransition, newClock, planClock } from './clock';
import { reactionFor, retargetClock, type SlaClock } from '../worktime/sla';
import { assertSameCreate, eventWriter, mustTicket, trimOrNull, type EventWriter } from './common';
import { verdictGate } from './verdict';
import {
  MutationError,
  defineMutator,
  readSet,
  type DeadlineRecord,
  type MutationContext,
  type MutationStore,
  type ProblemFormRecord,
  type TicketRecord,
} from './types';
import { errorReason } from '../text/errors';

/** The queue a new ticket lands in by type (seeded by migration 0040). */
export function defaultQueueFor(type: TicketType): string {
  return type === 'visit' ? 'field' : type === 'claim' ? 'claims' : 'support';
}

export const TicketNumberSchema = z.string().regex(TICKET_NUMBER_RE, 'expected a ticket number like 37-0042');

/** Result of a ticket mutation: the tickets it changed (for `tickets:changed`). */
export type TicketResult = { readonly ticketId: string; readonly touched: readonly string[]; readonly created?: boolean };

export type NewTicket = {
  readonly id: string;
  readonly number?: string | undefined;
  readonly type: TicketType;
  readonly priority: Priority;
  readonly channel: TicketChannel;
  readonly queueId?: string | undefined;
  readonly contractNo: string | null;
  readonly holderName?: string | null;
  readonly phone: string | null;
  readonly serial: string | null;
  readonly subject: string;
  readonly description: string;
  readonly form: ProblemFormRecord | null;
  readonly callId: string | null;
  readonly relatedTo: readonly string[];
  /** Claims run on a deadline instead of a reaction clock. */
  readonly deadline?: DeadlineRecord;
};

/**
 * Inserts a new ticket with every rule of its creation: R-ID-SERIAL, R-SLA-DUTY, R-SLA-REACT,
 * R-TKT-ASSIGN (the acting operator), the directory's holder and tariff, the call link and the
 * R-TKT-DEDUP links. Shared by ticket.create, visit.book and claim.create.
 */
export function insertNewTicket(store: MutationStore, ctx: MutationContext, ev: EventWriter, t: NewTicket): TicketRecord {
  const serial = checkSerial(ctx, t.type, t.serial);
  const contractNo = t.contractNo === null ? null : trimOrNull(normalizeContractNo(t.contractNo));
  const contract = contractNo === null ? null : ctx.contract(contractNo);
  const queueId = t.queueId ?? defaultQueueFor(t.type);
  if (!store.getQueue(queueId)) throw new MutationError('VALIDATION', `unknown queue "${queueId}"`);
  const call = t.callId === null ? null : store.getCall(t.callId);
  if (t.callId !== null && call === null)
    throw new MutationError('NOT_FOUND', `call ${t.callId} is not in the call log`, undefined, errorReason('callNotFound'));
  const related = t.relatedTo.filter((id, i, all) => all.indexOf(id) === i && id !== t.id);
  for (const id of related) mustTicket(store, id);

  const tariff = trimOrNull(contract?.tariff);
  const deadline = t.deadline ?? null;
  // May refuse (duty mode) before anything is written. A claim runs on its legal deadline, not a
  // reaction clock: recording a written claim that has arrived is never refused by duty mode.
  const plan = deadline === null ? planClock(ctx, t.type, tariff, t.priority) : null;
  const record: TicketRecord = {
    id: t.id,
    number: t.number ?? store.nextTicketNumber(),
    type: t.type,
    priority: t.priority,
    status: 'new',
    channel: t.channel,
    queueId,
    // R-TKT-ASSIGN: registered and assigned at once, by id; the name is for showing.
    assigneeId: ctx.actorId,
    assignee: ctx.actor,
    contractNo,
    holderName: t.holderName ?? contract?.holderName ?? null,
    // The caller's number, else the directory's first phone of the contract (a typed contract number).
    phone: phoneOf(t.phone) ?? (call?.remoteNumber.startsWith('+') ? call.remoteNumber : null) ?? contract?.phones[0] ?? null,
    serial,
    subject: t.subject,
    description: t.description,
    form: t.form,
    tariff,
    createdAt: ctx.now,
    createdBy: ctx.actor,
    updatedAt: ctx.now,
    version: 1,
    sla: plan === null ? null : newClock(ctx, plan),
    deadline,
  };
  store.insertTicket(record);
  ev(record.id, 'created', {
    number: record.number,
    type: record.type,
    priority: record.priority,
    channel: record.channel,
    queueId,
    assignee: record.assignee,
    contractNo,
    ...(plan === null ? {} : { schedule: plan.kind, targetMinutes: plan.targetMinutes, duty: plan.duty }),
  });
  if (t.callId !== null && store.linkCall(record.id, t.callId, ctx.now)) ev(record.id, 'call-linked', { callId: t.callId });
  for (const id of related) linkDuplicate(store, ev, ctx, record.id, id);
  return record;
}

/**
 * What a ticket create said, next to what the ticket holds, normalised the way insertNewTicket
 * stores it. Type, channel, contract, phone and serial never change after creation; the editable
 * fields (subject, description, priority, form, queue) are compared while the ticket is still as
 * created (version 1): once edited, a late retry of its create is still the same request.
 */
export function createdFields(
  t: TicketRecord,
  a: {
    type: TicketType;
    channel: TicketChannel;
    contractNo: string | null;
    phone: string | null;
    serial: string | null;
    callId: string | null;
    subject: string;
    description: string;
    priority: Priority;
    form: ProblemFormRecord | null;
    queueId?: string | undefined;
  },
): Record<string, readonly [unknown, unknown]> {
  const serial = trimOrNull(a.serial);
  const checked = serial === null ? null : validateSerial(serial);
  const fields: Record<string, readonly [unknown, unknown]> = {
    type: [a.type, t.type],
    channel: [a.channel, t.channel],
    contractNo: [a.contractNo === null ? null : trimOrNull(normalizeContractNo(a.contractNo)), t.contractNo],
    // With no phone given, the ticket took the call's number or the directory's (insertNewTicket).
    phone: [a.phone === null ? t.phone : phoneOf(a.phone), t.phone],
    serial: [checked === null ? null : checked.ok ? checked.serial : serial, t.serial],
  };
  if (t.version === 1) {
    Object.assign(fields, {
      subject: [a.subject, t.subject],
      description: [a.description, t.description],
      priority: [a.priority, t.priority],
      form: [a.form, t.form],
      queueId: [a.queueId ?? defaultQueueFor(a.type), t.queueId],
    });
  }
  return fields;
}

function checkSerial(ctx: MutationContext, type: TicketType, serial: string | null): string | null {
  const given = trimOrNull(serial);
  if (given === null) {
    if (ctx.profile.serialRequired && type === 'problem') {
      throw new MutationError('VALIDATION', "serial: this desk needs the device's 12-digit serial number for a problem ticket (R-ID-SERIAL)");
    }
    return null;
  }
  const r = validateSerial(given);
  if (!r.ok) throw new MutationError('VALIDATION', `serial: a serial number has 12 digits, ${r.digits} given (R-ID-SERIAL)`);
  return r.serial;
}

function phoneOf(input: string | null): string | null {
  const t = trimOrNull(input);
  if (t === null) return null;
  const p = normalizePhone(t);
  return p.ok ? p.e164 : t;
}

function linkDuplicate(store: MutationStore, ev: EventWriter, ctx: MutationContext, a: string, b: string): void {
  if (!store.linkTickets(a, b, ctx.now)) return;
  const ta = mustTicket(store, a),
    tb = mustTicket(store, b);
  ev(a, 'duplicate-linked', { ticketId: b, number: tb.number });
  ev(b, 'duplicate-linked', { ticketId: a, number: ta.number });
}

function mustBeOpen(t: TicketRecord, what: string): void {
  if (!isOpenStatus(t.status))
    throw new MutationError('CONFLICT', `ticket ${t.number} is ${t.status}: ${what} needs an open ticket`, undefined, errorReason('ticketNotOpen'));
}

const ticketRead = (args: { id: string }) => readSet({ tickets: [args.id] });

// ---------------------------------------------------------------------------------------------

export const ticketCreate = defineMutator({
  name: 'ticket.create',
  args: ticketsRequests['tickets:create'].input.extend({ number: TicketNumberSchema.optional() }),
  reads: (a) =>
    readSet({
      tickets: [a.id, ...a.relatedTo],
      calls: a.callId ? [a.callId] : [],
      queues: [a.queueId ?? defaultQueueFor(a.type)],
      ticketNumber: a.number === undefined,
    }),
  complete: (store, a) => (a.number !== undefined || store.getTicket(a.id) ? a : { ...a, number: store.nextTicketNumber() }),
  apply(store, a, ctx): TicketResult {
    // Idempotent retry: the client generated the id, a second create with the same body returns the first.
    const existing = store.getTicket(a.id);
    if (existing) {
      assertSameCreate('ticket', a.id, createdFields(existing, a));
      return { ticketId: a.id, touched: [], created: false };
    }
    // The verdict travels: checked before anything is written, recorded with the ticket.
    const contractNo = a.contractNo === null ? null : trimOrNull(normalizeContractNo(a.contractNo));
    const gate = verdictGate(store, ctx, { what: 'ticket', contractNo, callId: a.callId, reason: a.verdictReason });
    const ev = eventWriter(store, ctx);
    const t = insertNewTicket(store, ctx, ev, { ...a, holderName: undefined });
    gate?.record(ev, t.id, null);
    return { ticketId: t.id, touched: [t.id, ...a.relatedTo], created: true };
  },
});

export const ticketTransition = defineMutator({
  name: 'ticket.transition',
  args: ticketsRequests['tickets:transition'].input,
  reads: ticketRead,
  apply(store, a, ctx): TicketResult {
    const t = mustTicket(store, a.id);
    try {
      assertTransition(t.status, a.to);
    } catch (err) {
      if (err instanceof TransitionError)
        throw new MutationError('CONFLICT', `ticket ${t.number}: ${err.message}`, undefined, errorReason('transition', { from: err.from, to: err.to }));
      throw err;
    }
    const change = clockOnTransition(ctx, t.sla, t.status, a.to);
    store.patchTicket(t.id, { status: a.to, sla: change.clock }, ctx.now);
    eventWriter(store, ctx)(t.id, 'status', {
      from: t.status,
      to: a.to,
      reason: a.reason,
      ...(change.effect ? { sla: change.effect } : {}),
      ...(change.missingYear !== null ? { slaMissingYear: change.missingYear } : {}),
    });
    return { ticketId: t.id, touched: [t.id] };
  },
});

const sameForm = (a: ProblemFormRecord | null, b: ProblemFormRecord | null) =>
  a === b || (a !== null && b !== null && a.doing === b.doing && a.expected === b.expected && a.actual === b.actual);

export const ticketUpdate = defineMutator({
  name: 'ticket.update',
  args: ticketsRequests['tickets:update'].input,
  reads: ticketRead,
  apply(store, a, ctx): TicketResult {
    const t = mustTicket(store, a.id);
    const ev = eventWriter(store, ctx);
    const patch: { priority?: Priority; subject?: string; description?: string; form?: ProblemFormRecord | null; sla?: SlaClock | null } = {};
    // One 'field' event per changed field keeps the losing value (ARCHITECTURE: per-field merge).
    if (a.priority !== undefined && a.priority !== t.priority) {
      patch.priority = a.priority; // R-TKT-PRIO
      ev(t.id, 'field', { field: 'priority', from: t.priority, to: a.priority });
      // R-TKT-PRIO, R-SLA-REACT: the reaction time is the new priority's, under today's profile.
      const reaction = t.sla === null ? null : reactionFor(ctx.profile, t.tariff, a.priority);
      if (t.sla !== null && reaction !== null) patch.sla = retargetClock(t.sla, reaction.minutes);
    }
    if (a.subject !== undefined && a.subject !== t.subject) {
      patch.subject = a.subject;
      ev(t.id, 'field', { field: 'subject', from: t.subject, to: a.subject });
    }
    if (a.description !== undefined && a.description !== t.description) {
      patch.description = a.description;
      ev(t.id, 'field', { field: 'description', from: t.description, to: a.description });
    }
    if (a.form !== undefined && !sameForm(a.form, t.form)) {
      patch.form = a.form;
      ev(t.id, 'field', { field: 'form', from: t.form, to: a.form });
    }
    if (Object.keys(patch).length === 0) return { ticketId: t.id, touched: [] };
    store.patchTicket(t.id, patch, ctx.now);
    return { ticketId: t.id, touched: [t.id] };
  },
});

export const ticketComment = defineMutator({
  name: 'ticket.comment',
  args: ticketsRequests['tickets:comment'].input,
  reads: (a) => readSet({ tickets: [a.id], calls: a.callId ? [a.callId] : [] }),
  apply(store, a, ctx): TicketResult {
    const t = mustTicket(store, a.id);
    const ev = eventWriter(store, ctx);
    if (a.callId !== null) {
      if (!store.getCall(a.callId)) throw new MutationError('NOT_FOUND', `call ${a.callId} is not in the call log`, undefined, errorReason('callNotFound'));
      if (store.linkCall(t.id, a.callId, ctx.now)) ev(t.id, 'call-linked', { callId: a.callId });
    }
    // R-TKT-NEW: a follow-up from the customer goes to the existing ticket, with its channel.
    ev(t.id, a.followUp ? 'follow-up' : 'comment', { text: a.text, channel: a.channel, callId: a.callId });
    store.patchTicket(t.id, {}, ctx.now);
    return { ticketId: t.id, touched: [t.id] };
  },
});

export const ticketAssign = defineMutator({
  name: 'ticket.assign',
  args: ticketsRequests['tickets:assign'].input,
  reads: ticketRead,
  apply(store, a, ctx): TicketResult {
    const t = mustTicket(store, a.id);
    // R-TKT-ASSIGN: `self` assigns to the acting operator by id; a bare name is someone this
    // console has no id for (shown, never matched against a name for «Мои»). The current
    // assignee's own name sent back (the form's prefill) changes nothing, so it keeps its id.
    const toId = a.self ? ctx.actorId : null;
    const to = a.self ? ctx.actor : trimOrNull(a.assignee);
    if (a.self ? toId === t.assigneeId && to === t.assignee : to === t.assignee) return { ticketId: t.id, touched: [] };
    store.patchTicket(t.id, { assigneeId: toId, assignee: to }, ctx.now);
    eventWriter(store, ctx)(t.id, 'assigned', { from: t.assignee, to });
    return { ticketId: t.id, touched: [t.id] };
  },
});

export const ticketHandoff = defineMutator({
  name: 'ticket.handoff',
  args: ticketsRequests['tickets:handoff'].input,
  reads: (a) => readSet({ tickets: [a.id], queues: [a.queueId] }),
  apply(store, a, ctx): TicketResult {
    const t = mustTicket(store, a.id);
    mustBeOpen(t, 'a handoff');
    const to = store.getQueue(a.queueId);
    if (!to) throw new MutationError('VALIDATION', `unknown queue "${a.queueId}"`);
    if (to.id === t.queueId) throw new MutationError('VALIDATION', `ticket ${t.number} is already in queue "${to.name}"`);
    const from = store.getQueue(t.queueId);
    const ev = eventWriter(store, ctx);
    // R-TKT-HANDOFF: the other department picks its own specialist, so the assignee is cleared.
    let sla = t.sla;
    if (a.extendMinutes > 0) sla = extendOrRefuse(t, a.extendMinutes);
    store.patchTicket(t.id, { queueId: to.id, assigneeId: null, assignee: null, sla }, ctx.now);
    ev(t.id, 'handoff', {
      fromQueue: t.queueId,
      toQueue: to.id,
      fromDepartment: from?.department ?? null,
      toDepartment: to.department,
      reason: a.reason,
      previousAssignee: t.assignee,
    });
    if (a.extendMinutes > 0) ev(t.id, 'sla-extended', { minutes: a.extendMinutes, reason: a.reason }); // R-SLA-EXT
    return { ticketId: t.id, touched: [t.id] };
  },
});

function extendOrRefuse(t: TicketRecord, minutes: number) {
  if (t.sla === null || t.sla.targetMinutes === null) throw new MutationError('CONFLICT', `ticket ${t.number} has no reaction clock to extend`);
  if (t.sla.metAt !== null) throw new MutationError('CONFLICT', `ticket ${t.number}: the reaction was already met; nothing to extend`);
  return extendClock(t.sla, minutes);
}

export const ticketExtendSla = defineMutator({
  name: 'ticket.extendSla',
  args: ticketsRequests['tickets:extendSla'].input,
  reads: ticketRead,
  apply(store, a, ctx): TicketResult {
    const t = mustTicket(store, a.id);
    mustBeOpen(t, 'an SLA extension');
    store.patchTicket(t.id, { sla: extendOrRefuse(t, a.minutes) }, ctx.now);
    eventWriter(store, ctx)(t.id, 'sla-extended', { minutes: a.minutes, reason: a.reason }); // R-SLA-EXT
    return { ticketId: t.id, touched: [t.id] };
  },
});

export const ticketLinkCall = defineMutator({
  name: 'ticket.linkCall',
  args: ticketsRequests['tickets:linkCall'].input,
  reads: (a) => readSet({ tickets: [a.id], calls: [a.callId] }),
  apply(store, a, ctx): TicketResult {
    const t = mustTicket(store, a.id);
    if (!store.getCall(a.callId)) throw new MutationError('NOT_FOUND', `call ${a.callId} is not in the call log`, undefined, errorReason('callNotFound'));
    if (!store.linkCall(t.id, a.callId, ctx.now)) return { ticketId: t.id, touched: [] };
    store.patchTicket(t.id, {}, ctx.now);
    eventWriter(store, ctx)(t.id, 'call-linked', { callId: a.callId });
    return { ticketId: t.id, touched: [t.id] };
  },
});

export const AttachmentRefSchema = z
  .object({
    id: z.string().uuid(),
    name: safeLine(255).min(1),
    // The host's own path of the stored copy (never the renderer's): still text a row may hold.
    path: safeLine(4096).min(1),
    size: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

/** R-TKT-FORM: the console read (or received) the file and hashed it; the mutation stores the reference. */
export const ticketAttach = defineMutator({
  name: 'ticket.attach',
  args: z.object({ id: safeLine(64).min(1), attachment: AttachmentRefSchema }).strict(),
  reads: (a) => readSet({ tickets: [a.id] }),
  apply(store, a, ctx): TicketResult {
    const t = mustTicket(store, a.id);
    store.insertAttachment({ ...a.attachment, ticketId: t.id, addedAt: ctx.now, addedBy: ctx.actor });
    store.patchTicket(t.id, {}, ctx.now);
    eventWriter(store, ctx)(t.id, 'attachment', {
      attachmentId: a.attachment.id,
      name: a.attachment.name,
      size: a.attachment.size,
      sha256: a.attachment.sha256,
    });
    return { ticketId: t.id, touched: [t.id] };
  },
});

export const ticketNotified = defineMutator({
  name: 'ticket.notified',
  args: ticketsRequests['tickets:notified'].input,
  reads: ticketRead,
  apply(store, a, ctx): TicketResult {
    const t = mustTicket(store, a.id);
    store.patchTicket(t.id, {}, ctx.now);
    eventWriter(store, ctx)(t.id, 'notified', { via: a.via, number: t.number }); // R-TKT-NOTIFY
    return { ticketId: t.id, touched: [t.id] };
  },
});

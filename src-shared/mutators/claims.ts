/**
 * Written claims (R-CLAIM): a claim ticket with every field of the claim, answered within 14
 * working days of receipt on the production calendar. The deadline replaces the reaction clock:
 * due at the end of the deadline day (Moscow), met when the answer is recorded.
 */
import { claimDeadline } from '../domain/claims';
import { TransitionError, assertTransition } from '../domain/tickets';
import { claimsRequests } from '../ipc/claims';
import { endOfMoscowDay, moscowDate } from '../worktime/moscow';
import { claimReceivedIssue } from '../ipc/ticketSchemas';
import { normalizeContractNo } from '../domain/identification';
import { assertSameCreate, calendared, eventWriter, mustTicket, trimOrNull } from './common';
import { TicketNumberSchema, insertNewTicket, type TicketResult } from './tickets';
import { MutationError, defineMutator, readSet, type DeadlineRecord } from './types';
import { errorReason } from '../text/errors';

const CreateArgs = claimsRequests['claims:create'].input.extend({ number: TicketNumberSchema.optional() });

export const claimCreate = defineMutator({
  name: 'claim.create',
  args: CreateArgs,
  reads: (a) => readSet({ tickets: [a.id], calls: a.callId ? [a.callId] : [], queues: ['claims'], ticketNumber: a.number === undefined }),
  complete: (store, a) => (a.number !== undefined || store.getTicket(a.id) ? a : { ...a, number: store.nextTicketNumber() }),
  apply(store, a, ctx): TicketResult {
    const c = a.claim;
    const existing = store.getTicket(a.id);
    if (existing) {
      // A retry returns the claim; the same id with another claim (or a non-claim ticket) is refused.
      const stored = store.getClaim(a.id);
      if (stored === null) throw new MutationError('CONFLICT', `ticket ${a.id} already exists and is not a claim: a new claim needs a new id`);
      assertSameCreate('claim', a.id, {
        holderName: [c.holderName, stored.holderName],
        contractNo: [trimOrNull(normalizeContractNo(c.contractNo)) ?? c.contractNo, stored.contractNo],
        phone: [c.phone, stored.phone],
        incident: [c.incident, stored.incident],
        incidentFrom: [c.incidentFrom, stored.incidentFrom],
        incidentTo: [c.incidentTo, stored.incidentTo],
        specialist: [c.specialist, stored.specialist],
        answerVia: [c.answerVia, stored.answerVia],
        answerAddress: [c.answerAddress, stored.answerAddress],
        signed: [c.signed, stored.signed],
        receivedOn: [c.receivedOn, stored.receivedOn],
      });
      return { ticketId: a.id, touched: [], created: false };
    }
    // The period order and the e-mail address are checked by ClaimSchema (args); the receipt date
    // needs the clock: a claim dated tomorrow would start its 14 working days from a day that has
    // not come (R-CLAIM).
    const future = claimReceivedIssue(c.receivedOn, moscowDate(ctx.now));
    if (future !== null) {
      throw new MutationError('VALIDATION', `claim.receivedOn ${c.receivedOn} is after today`, [
        { path: `claim.${future.path}`, message: 'the receipt date is in the future', kind: future.kind, params: future.params },
      ]);
    }
    const due = calendared(() => claimDeadline(ctx.calendar, c.receivedOn));
    const deadline: DeadlineRecord = due.ok
      ? { dueMs: endOfMoscowDay(due.value), missingYear: null, metAt: null }
      : { dueMs: null, missingYear: due.missingYear, metAt: null };
    const ev = eventWriter(store, ctx);
    const t = insertNewTicket(store, ctx, ev, {
      id: a.id,
      number: a.number,
      type: 'claim',
      priority: a.priority,
      channel: 'phone',
      queueId: 'claims',
      contractNo: c.contractNo,
      holderName: c.holderName,
      phone: c.phone,
      serial: null,
      subject: a.subject && a.subject !== '' ? a.subject : `Претензия: ${c.incident.split('\n')[0]?.slice(0, 200) ?? ''}`,
      description: c.incident,
      form: null,
      callId: a.callId,
      relatedTo: [],
      deadline,
    });
    store.insertClaim({
      ticketId: t.id,
      holderName: c.holderName,
      contractNo: t.contractNo ?? c.contractNo,
      phone: t.phone ?? c.phone,
      incident: c.incident,
      incidentFrom: c.incidentFrom,
      incidentTo: c.incidentTo,
      specialist: c.specialist,
      answerVia: c.answerVia,
      answerAddress: c.answerAddress,
      signed: c.signed,
      receivedOn: c.receivedOn,
      deadline: due.ok ? due.value : null,
      missingYear: due.ok ? null : due.missingYear,
      answeredAt: null,
      answer: null,
    });
    return { ticketId: t.id, touched: [t.id], created: true };
  },
});

export const claimAnswer = defineMutator({
  name: 'claim.answer',
  args: claimsRequests['claims:answer'].input,
  reads: (a) => readSet({ tickets: [a.id] }),
  apply(store, a, ctx): TicketResult {
    const t = mustTicket(store, a.id);
    const claim = store.getClaim(t.id);
    if (!claim) throw new MutationError('VALIDATION', `ticket ${t.number} is not a claim`);
    if (claim.answeredAt !== null) throw new MutationError('CONFLICT', `claim ${t.number} was already answered`);
    const to = t.status === 'resolved' ? null : ('resolved' as const);
    if (to !== null) {
      try {
        assertTransition(t.status, to);
      } catch (err) {
        if (err instanceof TransitionError)
          throw new MutationError('CONFLICT', `claim ${t.number}: ${err.message}`, undefined, errorReason('transition', { from: err.from, to: err.to }));
        throw err;
      }
    }
    store.patchClaim(t.id, { answeredAt: ctx.now, answer: a.answer });
    store.patchTicket(t.id, { ...(to ? { status: to } : {}), deadline: t.deadline === null ? null : { ...t.deadline, metAt: ctx.now } }, ctx.now);
    const ev = eventWriter(store, ctx);
    ev(t.id, 'claim-answered', { answer: a.answer });
    if (to !== null) ev(t.id, 'status', { from: t.status, to, reason: 'claim answered' });
    return { ticketId: t.id, touched: [t.id] };
  },
});

/**
 * Who may push which mutation, decided from the signed-in user's row and the rows the mutation
 * locked (never from anything in the request): an operator works the tickets, claims and visits
 * of their queues and their own calls; a technician only steps and signs the visits assigned to
 * them; a shift lead and an admin work the whole desk and alone assign visits to technicians.
 *
 * New tickets may land in any queue (creating one for another department is a handoff at birth,
 * R-TKT-HANDOFF, which an operator may do), and a booking may plan around other queues' visits:
 * what is checked is every EXISTING row the mutation names.
 */
import type { MutationName } from '../../src-shared/mutators/index';
import type { BucketUser } from '../../src-shared/server/buckets';
import type { LoadedRows } from './store';

export class ForbiddenMutationError extends Error {
  override readonly name = 'ForbiddenMutationError';
}

const TECHNICIAN_MUTATIONS: readonly MutationName[] = ['visit.setStatus', 'visit.act'];

export function authorizeMutation(user: BucketUser, name: MutationName, rows: LoadedRows): void {
  switch (user.role) {
    case 'shift-lead':
    case 'admin':
      return;
    case 'technician': {
      if (!TECHNICIAN_MUTATIONS.includes(name)) throw new ForbiddenMutationError(`a technician may only record visit steps and acts, not ${name}`);
      for (const id of rows.namedVisits) {
        // The same answer for another technician's visit and a visit that does not exist: neither is theirs to learn about.
        if (rows.visits.get(id)?.rec.technicianId !== user.id) throw new ForbiddenMutationError(`visit ${id} is not assigned to you`);
      }
      return;
    }
    case 'operator': {
      // Dispatch is the shift lead's: an operator books visits but does not give them to technicians.
      if (name === 'visit.assign') throw new ForbiddenMutationError('only a shift lead or an admin assigns visits to technicians');
      const queues = new Set(user.queues);
      const outside = (queueId: string) => !queues.has(queueId);
      for (const [id, t] of rows.tickets) {
        if (t && !t.isNew && outside(t.rec.queueId))
          throw new ForbiddenMutationError(`ticket ${t.rec.number} (${id}) is in queue "${t.rec.queueId}", not one of yours`);
      }
      for (const id of rows.namedVisits) {
        const v = rows.visits.get(id);
        const ticket = v ? rows.tickets.get(v.rec.ticketId) : null;
        if (v && ticket && outside(ticket.rec.queueId))
          throw new ForbiddenMutationError(`visit ${id} belongs to queue "${ticket.rec.queueId}", not one of yours`);
      }
      for (const [id, c] of rows.calls) {
        if (c && c.ownerId !== user.id) throw new ForbiddenMutationError(`call ${id} is in another operator's call log`);
      }
      return;
    }
  }
}

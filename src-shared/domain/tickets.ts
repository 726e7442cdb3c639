/**
 * Tickets (заявки): types, priorities, the status state machine and the short number the operator
 * reads to the customer. Pure; used by the mutators (src-shared/mutators), the host and the UI.
 */

// R-TKT-TYPES: question, problem (fault), maintenance task, plus visit and claim.
export const TICKET_TYPES = ['question', 'problem', 'maintenance', 'visit', 'claim'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/** R-SLA-DUTY: the types duty mode accepts outside working hours ("only fault tickets"). */
export const FAULT_TYPES: readonly TicketType[] = ['problem', 'visit'];

// R-TKT-PRIO: set by the employee by criticality; 1 goes first.
export const PRIORITIES = [1, 2, 3, 4] as const;
export type Priority = (typeof PRIORITIES)[number];
export const DEFAULT_PRIORITY: Priority = 3;

// Where the request came from (R-TKT-DEDUP compares channels).
export const CHANNELS = ['phone', 'email', 'messenger', 'portal', 'visit'] as const;
export type TicketChannel = (typeof CHANNELS)[number];

export const TICKET_STATUSES = ['new', 'in_progress', 'waiting', 'resolved', 'closed', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

// R-TKT-HISTORY: every change, comment, linked call, handoff, SLA pause/extension, visit and claim step.
export const TICKET_EVENT_KINDS = [
  'created',
  'status',
  'field',
  'comment',
  'follow-up',
  'call-linked',
  'assigned',
  'handoff',
  'sla-extended',
  'attachment',
  'notified',
  'duplicate-linked',
  'visit-booked',
  'visit-moved',
  'visit-status',
  'visit-cancelled',
  // A shift lead assigned (or unassigned) the visit's technician.
  'visit-assigned',
  'act',
  'claim-answered',
  // Issue 11: a ticket or visit made although a check of the caller card failed, with the reason.
  'verdict-override',
  // Issue 12: the desk server gave a new ticket another number, its own was taken desk-wide ({ from, to }).
  'renumbered',
] as const;
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];

/** Statuses in which a ticket is "open": it sits in a queue and its clock matters. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'in_progress', 'waiting'];

/**
 * The explicit state machine. `waiting` = waiting on the customer: the SLA clock pauses
 * (R-SLA-REACT with pauses). `resolved` can be reopened; `closed` and `cancelled` are final.
 */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['in_progress', 'waiting', 'resolved', 'cancelled'],
  in_progress: ['waiting', 'resolved', 'cancelled'],
  waiting: ['in_progress', 'resolved', 'cancelled'],
  resolved: ['in_progress', 'closed'],
  closed: [],
  cancelled: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isOpenStatus(s: TicketStatus): boolean {
  return OPEN_STATUSES.includes(s);
}

export class TransitionError extends Error {
  override readonly name = 'TransitionError';
  constructor(
    readonly from: TicketStatus,
    readonly to: TicketStatus,
  ) {
    super(`a ticket cannot go from "${from}" to "${to}"; allowed: ${TRANSITIONS[from].join(', ') || 'none (final status)'}`);
  }
}

/** Throws TransitionError naming both ends and the allowed targets. */
export function assertTransition(from: TicketStatus, to: TicketStatus): void {
  if (!canTransition(from, to)) throw new TransitionError(from, to);
}

/**
 * R-TKT-NOTIFY: a short number the operator can read out: "<seat>-<seq>" (e.g. "37-0042").
 * The seat code keeps numbers made offline on different consoles apart; the sync issue lets the
 * desk server hand out seat codes instead of the random one a console picks on first use.
 */
export function formatTicketNumber(seat: string, seq: number): string {
  return `${seat}-${String(seq).padStart(4, '0')}`;
}

export const TICKET_NUMBER_RE = /^\d{2}-\d{4,}$/;

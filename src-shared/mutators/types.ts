/**
 * The mutator model (ARCHITECTURE.md "Offline writes and sync"): every local change is a named
 * mutation whose business rules run against a synchronous MutationStore. The console runs it on
 * SQLite (src-main/mutations/sqliteStore.ts) inside the transaction that also writes its outbox row; the
 * desk server will run the same code over a PostgreSQL transaction (README.md here).
 * Pure: no Node, no database; instants are epoch milliseconds.
 */
import type { z } from 'zod';
import type { ErrorBody } from '../ipc/envelope';
import type { CallOutcome } from '../domain/call';
import type { EligibilityInput, EligibilityLevel } from '../domain/eligibility';
import type { VerdictCheck } from '../domain/verdict';
import type { DeskProfile } from '../domain/deskProfile';
import type { AnswerVia } from '../domain/claims';
import type { ErrorReason } from '../text/errors';
import type { Priority, TicketChannel, TicketEventKind, TicketStatus, TicketType } from '../domain/tickets';
import type { Locale } from '../domain/values';
import type { ActStatus, VisitStatus } from '../domain/visits';
import type { Role } from '../server/roles';
import type { ProductionCalendar } from '../worktime/calendar';
import type { ScheduleKind, WorkingTime } from '../worktime/schedule';
import type { SlaClock } from '../worktime/sla';

export type MutationErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT';

/** A refused mutation; the host maps it to AppError with the same code, the server records it as rejected. */
export class MutationError extends Error {
  override readonly name = 'MutationError';
  constructor(
    readonly code: MutationErrorCode,
    message: string,
    /** For VALIDATION a rule found with the clock or the store (a future receipt date): the field it belongs to. */
    readonly issues?: ErrorBody['issues'],
    /** What the screen says (the message is for logs). */
    readonly reason?: ErrorReason,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Entities as the mutators see them (camelCase, epoch ms). The stores map them to their rows.

export type ProblemFormRecord = { readonly doing: string; readonly expected: string; readonly actual: string };

/** A fixed deadline instead of a reaction clock (claims, R-CLAIM): due at the end of the deadline day. */
export type DeadlineRecord = {
  /** Null when the calendar lacks the year the deadline needs (missingYear says which). */
  readonly dueMs: number | null;
  readonly missingYear: number | null;
  /** When it was met (the claim was answered). */
  readonly metAt: number | null;
};

export type TicketRecord = {
  readonly id: string;
  readonly number: string;
  readonly type: TicketType;
  readonly priority: Priority;
  readonly status: TicketStatus;
  readonly channel: TicketChannel;
  readonly queueId: string;
  /**
   * R-TKT-ASSIGN: who works the ticket, as an opaque user id (the console's local operator id, or
   * a desk server's user id); null when unassigned or assigned by name only to someone this
   * console does not know. «Мои» and its totals key on this.
   */
  readonly assigneeId: string | null;
  /** The assignee's display name, shown beside the id (or alone for a name-only assignee). */
  readonly assignee: string | null;
  readonly contractNo: string | null;
  readonly holderName: string | null;
  readonly phone: string | null;
  readonly serial: string | null;
  readonly subject: string;
  readonly description: string;
  readonly form: ProblemFormRecord | null;
  readonly tariff: string | null;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly updatedAt: number;
  readonly version: number;
  /** The reaction clock (R-SLA-REACT); null for tickets that run on a deadline instead. */
  readonly sla: SlaClock | null;
  readonly deadline: DeadlineRecord | null;
};

/** Fields a mutation may change; the store bumps `version` and sets `updatedAt`. */
export type TicketPatch = Partial<
  Pick<TicketRecord, 'priority' | 'status' | 'queueId' | 'assigneeId' | 'assignee' | 'subject' | 'description' | 'form' | 'sla' | 'deadline'>
>;

export type TicketEventRecord = {
  /** `<mutationId>.<n>`: the same on every replay of the mutation, so appends are idempotent. */
  readonly id: string;
  readonly ticketId: string;
  readonly at: number;
  readonly actor: string;
  readonly kind: TicketEventKind;
  readonly data: Readonly<Record<string, unknown>>;
};

export type QueueRecord = { readonly id: string; readonly name: string; readonly department: string };

export type CallRef = { readonly id: string; readonly contractNo: string | null; readonly remoteNumber: string; readonly ticketId: string | null };

export type AttachmentRecord = {
  readonly id: string;
  readonly ticketId: string;
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly addedAt: number;
  readonly addedBy: string;
};

export type VisitRecord = {
  readonly id: string;
  readonly ticketId: string;
  readonly callId: string | null;
  readonly contractNo: string | null;
  readonly holderName: string | null;
  readonly address: string;
  readonly responsible: string;
  readonly phone: string;
  readonly intercom: string;
  readonly problemLocation: string;
  readonly notes: string;
  readonly desiredAt: number | null;
  readonly priority: Priority;
  readonly slotStart: number;
  readonly slotEnd: number;
  readonly etaFrom: number;
  readonly etaTo: number;
  readonly status: VisitStatus;
  readonly statusReason: string | null;
  readonly cancelledAt: number | null;
  readonly cancelBillable: boolean;
  readonly actStatus: ActStatus;
  readonly actSignedBy: string | null;
  readonly actAt: number | null;
  readonly createdAt: number;
  readonly createdBy: string;
  /**
   * The desk user (a technician) the visit is assigned to, or null: the `tech:<userId>` bucket on
   * the server. Only `visit.assign` changes it; a console without a desk server never sets it.
   */
  readonly technicianId: string | null;
};
export type VisitPatch = Partial<
  Pick<
    VisitRecord,
    | 'slotStart'
    | 'slotEnd'
    | 'etaFrom'
    | 'etaTo'
    | 'status'
    | 'statusReason'
    | 'cancelledAt'
    | 'cancelBillable'
    | 'actStatus'
    | 'actSignedBy'
    | 'actAt'
    | 'technicianId'
  >
>;

/**
 * One of the desk's people as the sync's `ref` data carries them (display name and role only):
 * the server's users table, the console's copy of it (`desk_users`).
 */
export type DeskUserRecord = {
  readonly id: string;
  readonly displayName: string;
  readonly role: Role;
  readonly disabled: boolean;
};

export type ClaimRecord = {
  readonly ticketId: string;
  readonly holderName: string;
  readonly contractNo: string;
  readonly phone: string;
  readonly incident: string;
  readonly incidentFrom: string;
  readonly incidentTo: string | null;
  readonly specialist: string;
  readonly answerVia: AnswerVia;
  readonly answerAddress: string;
  readonly signed: boolean;
  readonly receivedOn: string;
  /** 14 working days after receivedOn (R-CLAIM); null when the calendar lacks the year. */
  readonly deadline: string | null;
  readonly missingYear: number | null;
  readonly answeredAt: number | null;
  readonly answer: string | null;
};

/**
 * A call-log entry (R-CALL-WAIT: one per offered or dialed call). Its instants are ISO strings,
 * as everywhere in the call log (the contract's CallLogRow), not epoch ms.
 */
export type CallRecord = {
  readonly id: string;
  readonly sipCallId: string | null;
  readonly direction: 'inbound' | 'outbound';
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly line: string | null;
  readonly offeredAt: string;
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  readonly waitMs: number | null;
  readonly talkMs: number | null;
  readonly operator: string | null;
  readonly contractNo: string | null;
  readonly verified: boolean;
  readonly outcome: CallOutcome | null;
  readonly wrapUpCode: string | null;
  readonly note: string | null;
  readonly ticketId: string | null;
  readonly escalatedAt: string | null;
  /** R-ID-STAFF: the caller said they are (true) or are not (false) the customer's own staff; null = not asked. */
  readonly callerStaff: boolean | null;
  /** What the operator saw when a ticket or visit was made during the call (oldest first). */
  readonly decisions: readonly VerdictDecisionRecord[];
};
/** What the call's life changes after the offer (ticketId belongs to ticket.linkCall). */
export type CallPatch = Partial<
  Pick<
    CallRecord,
    'answeredAt' | 'endedAt' | 'waitMs' | 'talkMs' | 'outcome' | 'contractNo' | 'verified' | 'wrapUpCode' | 'note' | 'escalatedAt' | 'callerStaff' | 'decisions'
  >
>;

/**
 * Issue 11 «the verdict travels»: the verification and the verdict at the moment a ticket or a
 * visit was made during a call, and the operator's reason when a check had failed.
 */
export type VerdictDecisionRecord = {
  /** ISO instant of the decision. */
  readonly at: string;
  readonly what: 'ticket' | 'visit';
  readonly ticketId: string;
  readonly visitId: string | null;
  readonly contractNo: string | null;
  readonly verified: boolean;
  readonly callerStaff: boolean | null;
  /** The card's eligibility level; null when the directory has no such contract. */
  readonly level: EligibilityLevel | null;
  readonly checks: readonly VerdictCheck[];
  readonly reason: string | null;
};

/** R-CALL-15: a visit request stored with a call's escalation (status moves on when it is booked). */
export type VisitRequestRecord = {
  readonly id: string;
  readonly callId: string | null;
  readonly contractNo: string | null;
  readonly holderName: string | null;
  readonly phone: string | null;
  readonly address: string | null;
  readonly notes: string;
  readonly createdAt: string;
  readonly status: 'new' | 'booked' | 'cancelled';
};

/** R-BAL-SCOPE: a money question routed away, with the desk's redirect at that moment. */
export type RedirectRecord = {
  readonly id: string;
  readonly contractNo: string | null;
  readonly phone: string | null;
  readonly reason: string;
  readonly redirectLabel: string;
  readonly redirectPhone: string | null;
  readonly recordedAt: string;
};

// ---------------------------------------------------------------------------------------------

/**
 * Everything a mutator may read or write. Synchronous on purpose: the console implements it over
 * better-sqlite3 inside one transaction; the server implements it over rows it preloaded (see
 * `reads`) inside a PostgreSQL transaction and flushes the writes before COMMIT.
 */
export type MutationStore = {
  getTicket(id: string): TicketRecord | null;
  insertTicket(t: TicketRecord): void;
  /** Applies the patch, bumps version, sets updatedAt = at; returns the new record. */
  patchTicket(id: string, patch: TicketPatch, at: number): TicketRecord;
  appendEvent(e: TicketEventRecord): void;
  /** The next short number of this console (R-TKT-NOTIFY); consoles call it in `complete` only. */
  nextTicketNumber(): string;
  getQueue(id: string): QueueRecord | null;
  /** R-TKT-DEDUP: links two tickets both ways; false when they already were. */
  linkTickets(a: string, b: string, at: number): boolean;
  getCall(id: string): CallRef | null;
  /** Links a call to a ticket (and sets the call's own ticket when it has none); false when already linked. */
  linkCall(ticketId: string, callId: string, at: number): boolean;
  insertAttachment(a: AttachmentRecord): void;
  getVisit(id: string): VisitRecord | null;
  /** Visits that are not cancelled whose slot starts at one of these instants. */
  visitsInSlots(slotStarts: readonly number[]): VisitRecord[];
  insertVisit(v: VisitRecord): void;
  patchVisit(id: string, patch: VisitPatch): VisitRecord;
  /** R-CALL-15: the call's stored visit request (calls:escalate) is now booked. */
  markVisitRequestBooked(callId: string): void;
  getClaim(ticketId: string): ClaimRecord | null;
  insertClaim(c: ClaimRecord): void;
  patchClaim(ticketId: string, patch: Partial<Pick<ClaimRecord, 'answeredAt' | 'answer'>>): void;
  /** The whole call-log entry (getCall is the ticket side's short view of it). */
  getCallRecord(id: string): CallRecord | null;
  insertCall(c: CallRecord): void;
  /** Sets the given fields of an existing call; returns the new record. */
  patchCall(id: string, patch: CallPatch): CallRecord;
  /** The visit request stored with this call's escalation, if any (one per call). */
  visitRequestForCall(callId: string): VisitRequestRecord | null;
  insertVisitRequest(v: VisitRequestRecord): void;
  insertRedirect(r: RedirectRecord): void;
  /** One of the desk's people (declared in `reads.users`); null when this store does not know them. */
  getDeskUser(id: string): DeskUserRecord | null;
};

export type ContractInfo = {
  readonly holderName: string;
  readonly tariff: string | null;
  readonly address: string;
  readonly phones: readonly string[];
  /** Balance and status for the verdict (R-BAL-POSITIVE, R-BAL-SUSPEND); absent = unknown, nothing to check. */
  readonly standing?: EligibilityInput;
};

export type MutationContext = {
  /** When the mutation happened: the outbox row's created_at (the client's clock, informational). */
  readonly now: number;
  /** Who did it, by name: the console's operator; on the server the signed-in user. */
  readonly actor: string;
  /** The same actor's opaque user id (src-main/operator/identity.ts; on the server the user's id). */
  readonly actorId: string;
  /** The outbox mutation id: event ids derive from it, so a replay writes the same ids. */
  readonly mutationId: string;
  readonly profile: DeskProfile;
  readonly calendar: ProductionCalendar;
  readonly locale: Locale;
  /** The directory's contract by canonical number, or null (not imported / unknown). */
  contract(contractNo: string): ContractInfo | null;
  /** compileWorkingTime(calendar, scheduleOf(profile, kind)), memoised by the runner. */
  workingTime(kind: ScheduleKind): WorkingTime;
};

/**
 * Rows a mutation touches, by key, so a server can load them before running `apply` against an
 * in-memory store (tickets named here also bring their claim). `visitSlots`: booked visits whose
 * slot starts in [fromMs, toMs) (the queue planning reads them); `ticketNumber`: the mutation may
 * allocate a number (only when the args carry none).
 */
export type ReadSet = {
  readonly tickets: readonly string[];
  readonly visits: readonly string[];
  readonly calls: readonly string[];
  readonly visitSlots: { readonly fromMs: number; readonly toMs: number } | null;
  readonly queues: readonly string[];
  readonly ticketNumber: boolean;
  /** Desk users the mutation checks (a visit's new technician). */
  readonly users: readonly string[];
};

/** A mutation's name and args schema (what the outbox checks); every registered one is a Mutator. */
export type MutationDef<S extends z.ZodType = z.ZodType> = {
  readonly name: string;
  readonly args: S;
};

export type Mutator<S extends z.ZodType, R> = MutationDef<S> & {
  /** Rows the mutation reads (the server preloads them). */
  reads(args: z.output<S>): ReadSet;
  /**
   * Fills values the console assigns inside the transaction (the ticket number from its seat
   * sequence) into the args; the outbox stores the completed args, so the server replays them.
   */
  complete?(store: MutationStore, args: z.output<S>, ctx: MutationContext): z.output<S>;
  apply(store: MutationStore, args: z.output<S>, ctx: MutationContext): R;
};

export function defineMutator<S extends z.ZodType, R>(m: Mutator<S, R>): Mutator<S, R> {
  return m;
}

export function readSet(partial: Partial<ReadSet>): ReadSet {
  return { tickets: [], visits: [], calls: [], visitSlots: null, queues: [], ticketNumber: false, users: [], ...partial };
}

/**
 * The synced tables, kind by kind: which table holds a kind and how a row's buckets follow from
 * the records (`src-shared/server/buckets.ts`). The one place that knows the table names.
 */
import { queueBucket, techBucket, userBucket } from '../../src-shared/server/buckets';
import type { SyncRowKind } from '../../src-shared/server/sync';

/** Kinds written by mutations, each in its own table (`ref` kinds live in `queues` and `users`). */
export const ROW_TABLES = {
  ticket: 'sync_tickets',
  ticketEvent: 'sync_ticket_events',
  ticketLink: 'sync_ticket_links',
  ticketCall: 'sync_ticket_calls',
  attachment: 'sync_attachments',
  visit: 'sync_visits',
  claim: 'sync_claims',
  call: 'sync_calls',
  visitRequest: 'sync_visit_requests',
  redirect: 'sync_redirects',
} as const satisfies Partial<Record<SyncRowKind, string>>;
export type MutableKind = keyof typeof ROW_TABLES;
export const MUTABLE_KINDS = Object.keys(ROW_TABLES) as MutableKind[];

/** Kinds in the order a snapshot sends them (parents before children, `ref` first). */
export const SNAPSHOT_KINDS: readonly SyncRowKind[] = ['queue', 'user', ...MUTABLE_KINDS];

/** The children that follow a ticket into its queue's bucket. */
export const TICKET_CHILDREN = [
  { kind: 'ticketEvent', where: 'ticket_id = $1' },
  { kind: 'ticketCall', where: 'ticket_id = $1' },
  { kind: 'attachment', where: 'ticket_id = $1' },
  { kind: 'claim', where: 'id = $1' },
  { kind: 'visit', where: 'ticket_id = $1' },
  { kind: 'ticketLink', where: 'a = $1 OR b = $1' },
] as const satisfies readonly { kind: MutableKind; where: string }[];

/**
 * A ticket is in its queue's bucket; a ticket with visits assigned to technicians is also in their
 * buckets (the work order a technician's console needs with the visit: its visits table refers to
 * it). Its history, claim, links and attachments stay in the queue only (`TICKET_CHILDREN`).
 */
export function ticketBuckets(queueId: string, technicianIds: readonly string[] = []): string[] {
  return [queueBucket(queueId), ...[...new Set(technicianIds)].sort().map(techBucket)];
}

/** The assigned visits of a ticket and their technicians (their buckets carry the ticket too). */
export const TICKET_TECHNICIANS_SQL =
  'SELECT id, technician_id::text AS technician_id FROM sync_visits WHERE ticket_id = $1 AND technician_id IS NOT NULL ORDER BY id';

/** A visit is in its ticket's queue and, once assigned, in its technician's bucket. */
export function visitBuckets(queueId: string, technicianId: string | null): string[] {
  return technicianId === null ? [queueBucket(queueId)] : [queueBucket(queueId), techBucket(technicianId)];
}

export const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];
export const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

export const ownerBuckets = (ownerId: string): string[] => [userBucket(ownerId)];

export const linkId = (a: string, b: string): string => [a, b].sort().join('|');
export const ticketCallId = (ticketId: string, callId: string): string => `${ticketId}|${callId}`;

/**
 * Buckets: which rows a user receives (ARCHITECTURE.md "Offline writes and sync"). Computed by the
 * server from the signed-in user's row (role, queues, id), never from anything a client sends.
 *
 * - `ref`: queues and the desk's people (display names, roles) — everyone.
 * - `queue:<id>`: tickets of that queue with their history, links, claims, attachments and visits.
 * - `user:<userId>`: the calls an operator handled (their own call log) and their redirects.
 * - `tech:<userId>`: the visits assigned to that technician, with the customer snippet the visit
 *   row carries (name, address, phone, contract number) and each visit's ticket (the work order its
 *   visits table refers to) — no ticket history, claims, calls or directory.
 * A shift lead and an admin receive every bucket (`all`), technicians' included.
 */
import type { Role } from './roles';

export type BucketUser = { readonly id: string; readonly role: Role; readonly queues: readonly string[] };
export type BucketSet = { readonly all: true } | { readonly all: false; readonly buckets: readonly string[] };

export const REF_BUCKET = 'ref';
export const queueBucket = (queueId: string): string => `queue:${queueId}`;
export const userBucket = (userId: string): string => `user:${userId}`;
export const techBucket = (userId: string): string => `tech:${userId}`;

export function bucketsOf(user: BucketUser): BucketSet {
  switch (user.role) {
    case 'shift-lead':
    case 'admin':
      return { all: true };
    case 'operator':
      return { all: false, buckets: [REF_BUCKET, userBucket(user.id), ...[...user.queues].sort().map(queueBucket)] };
    case 'technician':
      return { all: false, buckets: [REF_BUCKET, techBucket(user.id)] };
  }
}

export function inBuckets(set: BucketSet, bucket: string): boolean {
  return set.all || set.buckets.includes(bucket);
}

/**
 * The NOTIFY channel of "bucket advanced": written by the transaction that changed rows
 * (`pg_notify` is delivered only on commit), payload `{"buckets":[…]}`; every server process
 * LISTENs and pokes the WebSockets of users who receive one of those buckets.
 */
export const POKE_CHANNEL = 'sync_poke';
export type PokePayload = { readonly buckets: readonly string[] };

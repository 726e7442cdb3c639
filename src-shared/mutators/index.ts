/**
 * The registry of named mutations (ARCHITECTURE.md "Offline writes and sync"). The outbox accepts
 * only these names and checks the args against their schemas; the console's runner and the desk
 * server run the same `apply` (README.md here).
 */
import type { z } from 'zod';
import { callAnswered, callEnded, callEscalate, callIdentify, callInterrupted, callOffered, callWrapUp, redirectRecord } from './calls';
import { claimAnswer, claimCreate } from './claims';
import {
  ticketAssign,
  ticketAttach,
  ticketComment,
  ticketCreate,
  ticketExtendSla,
  ticketHandoff,
  ticketLinkCall,
  ticketNotified,
  ticketTransition,
  ticketUpdate,
} from './tickets';
import { visitAct, visitAssign, visitBook, visitCancel, visitSetStatus } from './visits';
import type { MutationDef, Mutator } from './types';

export const mutators = {
  'ticket.create': ticketCreate,
  'ticket.transition': ticketTransition,
  'ticket.update': ticketUpdate,
  'ticket.comment': ticketComment,
  'ticket.assign': ticketAssign,
  'ticket.handoff': ticketHandoff,
  'ticket.extendSla': ticketExtendSla,
  'ticket.linkCall': ticketLinkCall,
  'ticket.attach': ticketAttach,
  'ticket.notified': ticketNotified,
  'visit.book': visitBook,
  'visit.cancel': visitCancel,
  'visit.setStatus': visitSetStatus,
  'visit.act': visitAct,
  'visit.assign': visitAssign,
  'claim.create': claimCreate,
  'claim.answer': claimAnswer,
  // The call log and the money-question redirects.
  'call.offered': callOffered,
  'call.answered': callAnswered,
  'call.ended': callEnded,
  'call.identify': callIdentify,
  'call.wrapUp': callWrapUp,
  'call.escalate': callEscalate,
  'call.interrupted': callInterrupted,
  'redirect.record': redirectRecord,
} as const;

type Registry = typeof mutators;
export type MutationName = keyof Registry;
/** What the caller passes (before schema defaults). */
export type MutationArgs<N extends MutationName> = z.input<Registry[N]['args']>;
/** What apply receives and the outbox stores. */
export type ParsedMutationArgs<N extends MutationName> = z.output<Registry[N]['args']>;
/** Names with an `apply` here: the ones runMutation runs. */
export type MutatorName = { [N in MutationName]: Registry[N] extends { apply: unknown } ? N : never }[MutationName];
export type MutationResult<N extends MutatorName> = Registry[N] extends Mutator<z.ZodType, infer R> ? R : never;

export function isMutationName(x: unknown): x is MutationName {
  return typeof x === 'string' && Object.hasOwn(mutators, x);
}

/** The registry entry, typed loosely for generic code (the outbox, a server's replay loop). */
export function mutationDef(name: MutationName): MutationDef {
  return mutators[name];
}

// The registry key and the mutator's own name must agree (a typo would push the wrong name).
for (const [key, def] of Object.entries(mutators)) {
  if (key !== def.name) throw new Error(`mutator registered as ${key} is named ${def.name}`);
}

export * from './types';

/**
 * Field builders every request schema uses, so each string from the renderer has a length limit
 * and refuses control and text-direction characters (src-shared/text/safe.ts), and a phone is a
 * phone before it reaches a mutator (ARCHITECTURE.md: "the renderer is treated as untrusted").
 */
import { z } from 'zod';
import { normalizePhone } from '../domain/phone';
import { safeLine, safeText } from '../text/safe';
import { issueParams } from '../text/issues';

/** A one-line field, trimmed: names, numbers, subjects, addresses. */
export const Line = (max: number) => safeLine(max).trim();
/** Free text, trimmed: descriptions, comments, notes (TAB, LF, CR allowed). */
export const Free = (max: number) => safeText(max).trim();
/** An entity id the client or the host generated (uuidv7, a call id, a slug). */
export const Id = safeLine(64).min(1);
/** An id in an answer or an event: a shape check only (what the host wrote). Requests use Id. */
export const StoredId = z.string().min(1).max(64);
/** A client-generated entity id: creates carry it so a retry is idempotent. */
export const Uuid = z.string().uuid('expected a UUID (the client generates ids: uuidv7)');
/** A request that takes nothing. */
export const Empty = z.object({}).strict();

/** The message of a value that is not a phone number; the renderer maps it by its prefix. */
export function notAPhoneMessage(field: string): string {
  return `${field}: not a phone number; expected e.g. +7 903 969-14-45 or 8 (903) 969-14-45`;
}

function toE164(field: string) {
  return (s: string, ctx: z.RefinementCtx): string => {
    const p = normalizePhone(s);
    if (p.ok) return p.e164;
    ctx.addIssue({ code: 'custom', message: notAPhoneMessage(field), input: s, params: issueParams('phone') });
    return z.NEVER;
  };
}

/**
 * An optional contact phone, normalised to E.164 (src-shared/domain/phone.ts); empty means none.
 * Idempotent: an E.164 value parses to itself, so the outbox's completed args replay unchanged.
 */
export function OptionalPhone(field = 'phone') {
  const e164 = toE164(field);
  return Line(32)
    .nullable()
    .transform((s, ctx) => (s === null || s === '' ? null : e164(s, ctx)));
}

/** A required contact phone, normalised to E.164; `required` is the message for an empty one. */
export function RequiredPhone(field: string, required: string) {
  return Line(32).min(1, required).transform(toE164(field));
}

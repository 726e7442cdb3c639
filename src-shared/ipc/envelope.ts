import { z } from 'zod';
import { IssueKindSchema, IssueParamsSchema, fieldIssues } from '../text/issues';
import { ErrorReasonSchema, type ErrorReason } from '../text/errors';

/** Error codes that cross the contract (ARCHITECTURE.md "One contract, declared once"). */
export const ERROR_CODES = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'OFFLINE', 'SIP', 'UNAUTHORIZED', 'UNKNOWN_CHANNEL', 'BUSY', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorBodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /**
   * Field-level details for VALIDATION, never a stack. `kind` + `params` are what the UI shows (in
   * the operator's language, src-shared/text/issues.ts); `message` is the developer's sentence for
   * logs. `kind` is optional only so an older peer's reply still parses (shown as `invalid`).
   */
  issues: z.array(z.object({ path: z.string(), message: z.string(), kind: IssueKindSchema.optional(), params: IssueParamsSchema.optional() })).optional(),
  /** Why, for the screen (src-shared/text/errors.ts); optional because most refusals are told by their code. */
  reason: ErrorReasonSchema.optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorBody };

/** A typed error a handler throws on purpose; anything else becomes INTERNAL without its stack. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorBody['issues'];
  readonly reason: ErrorReason | undefined;
  constructor(code: ErrorCode, message: string, issues?: ErrorBody['issues'], reason?: ErrorReason) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
    this.reason = reason;
  }
}

export function errorEnvelope(code: ErrorCode, message: string, issues?: ErrorBody['issues'], reason?: ErrorReason): Envelope<never> {
  return { ok: false, error: { code, message, ...(issues ? { issues } : {}), ...(reason ? { reason } : {}) } };
}

/** At most this many issues cross the contract: a form shows a handful, a hostile payload could make 100,000. */
export const MAX_ISSUES = 20;
const MAX_PATH = 200;

/**
 * Flattens zod issues into path + kind + params the UI shows next to fields (and a message for
 * logs). Bounded, so an answer to a hostile payload stays small: the first MAX_ISSUES, then one
 * entry counting the rest; a path is cut (a key of a hostile object can be any size). `input` is
 * what was parsed, so a missing field is told from a wrong one.
 */
export function zodIssues(err: z.ZodError, input?: unknown): NonNullable<ErrorBody['issues']> {
  const kinds = fieldIssues(new z.ZodError(err.issues.slice(0, MAX_ISSUES)), input);
  const shown = err.issues.slice(0, MAX_ISSUES).map((i, n) => ({
    path: (i.path.map(String).join('.') || '(input)').slice(0, MAX_PATH),
    message: i.message.slice(0, 500),
    kind: kinds[n]?.kind ?? ('invalid' as const),
    params: kinds[n]?.params ?? {},
  }));
  const more = err.issues.length - shown.length;
  return more > 0 ? [...shown, { path: '(input)', message: `and ${more} more problem(s)`, kind: 'invalid' as const, params: { more } }] : shown;
}

/** One line of issues for an error message ("path: message; …"), built from the bounded list. */
export function issuesText(issues: NonNullable<ErrorBody['issues']>): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

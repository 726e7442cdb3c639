import { z } from 'zod';

/** Error codes that cross the contract (ARCHITECTURE.md "One contract, declared once"). */
export const ERROR_CODES = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'OFFLINE', 'SIP', 'UNAUTHORIZED', 'UNKNOWN_CHANNEL', 'BUSY', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorBodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Field-level details for VALIDATION (path → message), never a stack. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorBody };

/** A typed error a handler throws on purpose; anything else becomes INTERNAL without its stack. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorBody['issues'];
  constructor(code: ErrorCode, message: string, issues?: ErrorBody['issues']) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }
}

export function errorEnvelope(code: ErrorCode, message: string, issues?: ErrorBody['issues']): Envelope<never> {
  return issues ? { ok: false, error: { code, message, issues } } : { ok: false, error: { code, message } };
}

/** Flattens zod issues into path → message pairs the UI can show next to fields. */
export function zodIssues(err: z.ZodError): NonNullable<ErrorBody['issues']> {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));
}

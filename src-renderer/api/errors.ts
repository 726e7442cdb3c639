import type { ErrorBody, ErrorCode } from '../../src-shared/ipc/envelope';

/** A `{ ok: false }` envelope turned into something `throw`able; react-query surfaces it as `error`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: NonNullable<ErrorBody['issues']>;
  readonly reason: ErrorBody['reason'];
  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.issues = body.issues ?? [];
    this.reason = body.reason;
  }
}

export function isApiError(x: unknown): x is ApiError {
  return x instanceof ApiError;
}

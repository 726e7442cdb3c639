import { SERVER_ERRORS, type ServerError, type ServerErrorCode } from '../../src-shared/server/api';

/** An answer a handler gives on purpose; anything else thrown becomes INTERNAL without its stack. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ServerErrorCode,
    message: string,
    readonly issues?: ServerError['error']['issues'],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
  get status(): number {
    return SERVER_ERRORS[this.code];
  }
  body(): ServerError {
    return { error: this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message } };
  }
}

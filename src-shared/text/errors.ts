/**
 * Why the host refused a request, as data the renderer words in the operator's language (issue 11
 * item 3): a `kind` and flat `params`, beside the error's English `message`, which is for logs
 * only and never reaches the screen. A refusal without a kind is shown by its code alone
 * («Не найдено», «Конфликт изменений»), never by the English sentence.
 */
import { z } from 'zod';
import { IssueParamsSchema, type IssueParams } from './issues';

export const ERROR_KINDS = [
  'ticketNotFound',
  'visitNotFound',
  'callNotFound',
  'contractGone',
  'fileGone',
  'profileNotFound',
  'ticketNotOpen',
  'transition',
  'dutyMode',
  'dutyModeWorkingHours',
  'verdictRefused',
  'verdictReason',
  'callState',
  'noPhoneAccount',
  'transferPending',
  'alreadyExists',
  'changesOfAnotherUser',
  // A visit assigned to someone who is not an active technician of the desk.
  'notTechnician',
  // A closed or cancelled visit keeps the technician it had.
  'visitClosed',
] as const;
type ErrorKind = (typeof ERROR_KINDS)[number];

export const ErrorReasonSchema = z.object({ kind: z.enum(ERROR_KINDS), params: IssueParamsSchema.optional() });
export type ErrorReason = z.infer<typeof ErrorReasonSchema>;

export function errorReason(kind: ErrorKind, params?: IssueParams): ErrorReason {
  return params ? { kind, params } : { kind };
}

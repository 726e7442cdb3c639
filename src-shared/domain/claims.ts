/**
 * Written claims (R-CLAIM): answered within 14 working days on the production calendar.
 *
 * Counting: the day the claim is received is day 0; day 1 is the first working day AFTER it
 * (whether or not the day of receipt is itself a working day), and the deadline is working day 14,
 * inclusive: the answer is due by the end of that day. This is calendar.ts addWorkingDays(from, 14)
 * (days d with from < d, counting only working and shortened days). Shortened pre-holiday days
 * and transferred working Saturdays count as full working days (art. 95: still working days).
 */
import { addWorkingDays, type IsoDate, type ProductionCalendar } from '../worktime/calendar';

export const CLAIM_ANSWER_WORKING_DAYS = 14;

/** How the customer wants the written answer (R-CLAIM form). */
export const ANSWER_VIA = ['email', 'post', 'phone', 'in-person'] as const;
export type AnswerVia = (typeof ANSWER_VIA)[number];

/** The last day to answer; throws CalendarMissingError for a year without data. */
export function claimDeadline(cal: ProductionCalendar, receivedOn: IsoDate): IsoDate {
  return addWorkingDays(cal, receivedOn, CLAIM_ANSWER_WORKING_DAYS);
}

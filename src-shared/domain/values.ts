/**
 * Values every part of the desk shares, declared once: the wire contract (src-shared/ipc), the
 * mutators, the host and the UI take them from here (ARCHITECTURE.md "One contract, declared once").
 */
import { z } from 'zod';
import { isIsoDate } from '../worktime/calendar';
import { issueParams, patternKind } from '../text/issues';

/** An instant with its offset, as the host writes it ("2026-11-24T10:00:00+03:00" or "…Z"). */
export const IsoInstantSchema = z.string().datetime({ offset: true });
/** A calendar date without time or zone; a day that does not exist (2026-02-30) is refused too. */
export const IsoDateSchema = z
  .string()
  .regex(patternKind(/^\d{4}-\d{2}-\d{2}$/, 'date'), 'expected YYYY-MM-DD')
  .refine(isIsoDate, { message: 'expected a real date as YYYY-MM-DD', params: issueParams('date') });

/** The UI languages: Russian by default, English. */
export const LOCALES = ['ru', 'en'] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

/** A contract's status in the directory (the caller card's eligibility reads it). */
export const ContractStatusSchema = z.enum(['active', 'suspended', 'closed']);
export type ContractStatus = z.infer<typeof ContractStatusSchema>;

import { z } from 'zod';
import { safeLine, safeText } from '../text/safe';
import { VERDICT_POLICIES } from './verdict';
import { issueParams, patternKind } from '../text/issues';

/**
 * Desk profile: every rule of DOMAIN.md that differs between desks is a setting here, not a
 * constant. The four seed desks ship as presets (deskPresets.ts); an admin edits copies.
 * Validation messages name the field so the admin form can show them next to it.
 */

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "HH:MM" → minutes since midnight; "24:00" (end of day) → 1440. */
export function hhmmToMinutes(s: string): number {
  if (s === '24:00') return 1440;
  if (!HHMM.test(s)) throw new RangeError(`expected HH:MM, got ${JSON.stringify(s)}`);
  return Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
}

// zod 4 still runs object refinements when a field check failed, so the cross-field checks below
// compare only times that parse and leave the bad field to its own message.
function before(a: string | null, b: string | null): boolean {
  const x = a === null ? null : tryMinutes(a),
    y = b === null ? null : tryMinutes(b);
  return x === null || y === null || x < y;
}

function tryMinutes(s: string): number | null {
  return s === '24:00' || HHMM.test(s) ? hhmmToMinutes(s) : null;
}

// Every string of a profile has a limit and refuses control and direction characters: an admin's
// edit arrives from the renderer, and these texts are shown to every operator of the desk.
const Name = (max: number) => safeLine(max).trim();

const TimeSchema = z.string().max(5).regex(patternKind(HHMM, 'time'), 'expected a time HH:MM (00:00–23:59)');
// An end of day may be "24:00" so a round-the-clock day is {start: '00:00', end: '24:00'}.
const EndTimeSchema = z
  .string()
  .max(5)
  .refine((s) => s === '24:00' || HHMM.test(s), { message: 'expected a time HH:MM (00:00–24:00)', params: issueParams('time') });

const slug = z
  .string()
  .max(64)
  .regex(patternKind(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'slug'), 'expected a slug: lower-case latin letters, digits and single hyphens');

export const DayHoursSchema = z
  .object({ start: TimeSchema, end: EndTimeSchema })
  .readonly()
  .refine((d) => before(d.start, d.end), {
    message: 'start must be before end (overnight hours belong to duty mode)',
    path: ['end'],
    params: issueParams('timeOrder'),
  });

/** Monday first, as ISO weekdays 1..7 map to indexes 0..6. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A reaction-time row with this tariff applies to every tariff not listed by name. */
export const ANY_TARIFF = '*';

const ReactionMinutes = z.number().int('minutes must be whole').positive('minutes must be positive').max(1_000_000);

/** Reaction minutes per priority, П1 first (R-TKT-PRIO). */
export type PriorityMinutes = readonly [number, number, number, number];

/**
 * The default matrix when a desk names one reaction time for a tariff: that time is the longest
 * any request waits (seed 001 «в течение одного рабочего дня», seed 004 «максимальное время
 * реакции 24 часа»), so П3 and П4 get it, П2 half and П1 a quarter (whole minutes, at least 1).
 */
export function priorityMinutesFrom(maxMinutes: number): PriorityMinutes {
  const part = (share: number) => Math.max(1, Math.round(maxMinutes * share));
  return [part(1 / 4), part(1 / 2), maxMinutes, maxMinutes];
}

export const DeskProfileSchema = z
  .object({
    id: slug,
    name: Name(100).min(1, 'name must not be empty'),
    seed: z.enum(['000', '001', '002', '004']).nullable(),
    // R-SLA-HOURS: Moscow time, excluding holidays of the production calendar.
    workingHours: z
      .object({ days: z.array(DayHoursSchema.nullable()).length(7, 'days must have 7 entries, Monday to Sunday (null = closed)').readonly() })
      .readonly(),
    timezone: z.literal('Europe/Moscow', 'timezone must be Europe/Moscow'),
    // R-SLA-DUTY: outside working hours.
    dutyMode: z.object({ enabled: z.boolean(), acceptsOnly: z.enum(['faults', 'all']), note: safeText(1000).trim() }).readonly(),
    // R-VIS-WINDOW
    visitWindows: z
      .object({
        start: TimeSchema,
        end: EndTimeSchema,
        extendedEnd: EndTimeSchema.nullable(),
        extendedTariffs: z.array(Name(100).min(1, 'tariff names must not be empty')).max(200).readonly(),
      })
      .readonly()
      .refine((v) => before(v.start, v.end), { message: 'visitWindows.start must be before visitWindows.end', path: ['end'], params: issueParams('timeOrder') })
      .refine((v) => v.extendedEnd === null || before(v.end, v.extendedEnd), {
        message: 'visitWindows.extendedEnd must be after visitWindows.end',
        path: ['extendedEnd'],
        params: issueParams('timeOrder'),
      })
      .refine((v) => v.extendedEnd !== null || v.extendedTariffs.length === 0, {
        message: 'visitWindows.extendedTariffs needs an extendedEnd',
        path: ['extendedTariffs'],
        params: issueParams('required'),
      }),
    // R-VIS-QUEUE: slot capacity = how many visits can start in one 2-hour slot (crews out at
    // once). Defaulted so profiles stored before this field still parse.
    visitCrews: z.number().int('visitCrews must be whole').min(1, 'visitCrews must be at least 1').max(200).default(2),
    // R-CALL-15
    callLimit: z
      .object({
        warnAtSec: z.number().int('warnAtSec must be whole seconds').positive('warnAtSec must be positive'),
        limitSec: z.number().int('limitSec must be whole seconds').positive('limitSec must be positive'),
      })
      .readonly()
      .refine((c) => c.warnAtSec < c.limitSec, {
        message: 'callLimit.warnAtSec must be below callLimit.limitSec',
        path: ['warnAtSec'],
        params: issueParams('timeOrder'),
      }),
    // R-BAL-POSITIVE, R-BAL-SUSPEND / R-DEBT-STOP
    balance: z
      .object({
        requirePositive: z.boolean(),
        staleAfterHours: z.number().positive('staleAfterHours must be positive').max(100_000),
        debtSuspendWorkingDays: z.number().int('debtSuspendWorkingDays must be whole days').positive('debtSuspendWorkingDays must be positive').nullable(),
      })
      .readonly(),
    serialRequired: z.boolean(), // R-ID-SERIAL
    staffOnly: z.boolean(), // R-ID-STAFF
    // Issue 11 «the verdict travels»: a ticket or a visit for a contract that is not verified or
    // not eligible needs the operator's reason ('reason') or is not made at all ('refuse').
    // Defaulted so profiles stored before this field still parse.
    unverifiedPolicy: z.enum(VERDICT_POLICIES).default('reason'),
    // R-SLA-REACT, R-TKT-PRIO: minutes of the desk's working time per tariff and priority
    // (minutes[0] for П1 … minutes[3] for П4); includesWeekends = the clock also runs on weekends
    // (and holidays) within the same daily hours.
    reactionTimes: z
      .array(
        z
          .object({
            tariff: Name(100).min(1, 'tariff must not be empty'),
            minutes: z
              .tuple([ReactionMinutes, ReactionMinutes, ReactionMinutes, ReactionMinutes])
              .readonly()
              // R-TKT-PRIO: a more critical request never waits longer than a less critical one.
              .refine((m) => m.every((x, i) => i === 0 || (m[i - 1] ?? 0) <= x), 'a higher priority must not have a longer reaction time than a lower one'),
            includesWeekends: z.boolean(),
          })
          .readonly(),
      )
      .max(200)
      .readonly()
      .refine((rows) => new Set(rows.map((r) => r.tariff)).size === rows.length, 'reactionTimes lists a tariff twice'),
    // R-BAL-SCOPE / R-PAID-SCOPE: where money and paid requests go.
    moneyRedirect: z
      .object({
        label: Name(200).min(1, 'moneyRedirect.label must not be empty'),
        phone: z
          .string()
          .regex(patternKind(/^\+[1-9]\d{7,14}$/, 'phone'), 'moneyRedirect.phone must be E.164 (+79031234567)')
          .nullable(),
      })
      .readonly(),
    wrapUpCodes: z
      .array(slug)
      .min(1, 'wrapUpCodes must have at least one code')
      .max(100)
      .readonly()
      .refine((codes) => new Set(codes).size === codes.length, { message: 'wrapUpCodes lists a code twice', params: issueParams('duplicate') }),
  })
  .readonly();

export type DeskProfile = z.infer<typeof DeskProfileSchema>;
export type DayHours = z.infer<typeof DayHoursSchema>;

export class DeskProfileError extends Error {
  override readonly name = 'DeskProfileError';
  constructor(readonly issues: readonly { readonly path: string; readonly message: string }[]) {
    super(`invalid desk profile: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

/** Validates an admin-edited or stored profile; the error lists "field.path: message" per issue. */
export function parseDeskProfile(input: unknown): DeskProfile {
  const r = DeskProfileSchema.safeParse(input);
  if (r.success) return r.data;
  throw new DeskProfileError(r.error.issues.map((i) => ({ path: i.path.length ? i.path.join('.') : '(root)', message: i.message })));
}

/** Hours of a date's weekday (isoWeekday 1 = Monday … 7 = Sunday), null when the desk is closed. */
export function hoursOnWeekday(profile: DeskProfile, isoWeekday: number): DayHours | null {
  if (!Number.isInteger(isoWeekday) || isoWeekday < 1 || isoWeekday > 7) throw new RangeError(`isoWeekday must be 1..7, got ${isoWeekday}`);
  return profile.workingHours.days[isoWeekday - 1] ?? null;
}

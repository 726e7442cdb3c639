/**
 * The claim form's data (R-CLAIM): defaults, conversion to the contract's ClaimInput, and the
 * deadline sentence. Pure; unit-tested.
 */
import type { ClaimInput, ClaimView } from '../../../src-shared/ipc/ticketSchemas';
import { ANSWER_VIA, CLAIM_ANSWER_WORKING_DAYS, type AnswerVia } from '../../../src-shared/domain/claims';
import { formatIsoDate, moscowDate } from '../../../src-shared/worktime/moscow';
import type { Translate } from '../../i18n/types';
import { parseDay } from '../../lib/dayInput';

export type { AnswerVia };
/** The ways to answer a claim, in the form's order (declared once in the domain). */
export const ANSWER_VIAS: readonly AnswerVia[] = ANSWER_VIA;

/**
 * Dates are typed as people write them («28.12.2026»; ISO works too): the browser's own date
 * picker follows the workstation's language, not the console's, and shows 12/28/2026 on an
 * English system.
 */
export type ClaimFormState = {
  holderName: string;
  contractNo: string;
  phone: string;
  incident: string;
  incidentFrom: string;
  /** The incident lasted a period (from–to) rather than happening on one date. */
  period: boolean;
  incidentTo: string;
  specialist: string;
  answerVia: AnswerVia;
  answerAddress: string;
  signed: boolean;
  receivedOn: string;
};

/** A new claim: the identified contract's holder, number and phone; received today (Moscow date). */
export function emptyClaim(
  nowMs: number,
  ctx: { readonly holderName: string | null; readonly contractNo: string | null; readonly phone: string | null },
): ClaimFormState {
  const today = formatIsoDate(moscowDate(nowMs));
  return {
    holderName: ctx.holderName ?? '',
    contractNo: ctx.contractNo ?? '',
    phone: ctx.phone ?? '',
    incident: '',
    incidentFrom: today,
    period: false,
    incidentTo: '',
    specialist: '',
    answerVia: 'email',
    answerAddress: '',
    signed: false,
    receivedOn: today,
  };
}

export function toClaimInput(f: ClaimFormState): ClaimInput {
  return {
    holderName: f.holderName.trim(),
    contractNo: f.contractNo.trim(),
    phone: f.phone.trim(),
    incident: f.incident.trim(),
    incidentFrom: parseDay(f.incidentFrom) ?? f.incidentFrom.trim(),
    incidentTo: f.period && f.incidentTo.trim() !== '' ? (parseDay(f.incidentTo) ?? f.incidentTo.trim()) : null,
    specialist: f.specialist.trim(),
    answerVia: f.answerVia,
    answerAddress: f.answerAddress.trim(),
    signed: f.signed,
    receivedOn: parseDay(f.receivedOn) ?? f.receivedOn.trim(),
  };
}

/** Date fields that are not real dates (checked before saving; the host checks again). */
export function badDates(f: ClaimFormState): ReadonlySet<'incidentFrom' | 'incidentTo' | 'receivedOn'> {
  const out = new Set<'incidentFrom' | 'incidentTo' | 'receivedOn'>();
  if (parseDay(f.incidentFrom) === null) out.add('incidentFrom');
  if (f.period && f.incidentTo.trim() !== '' && parseDay(f.incidentTo) === null) out.add('incidentTo');
  if (parseDay(f.receivedOn) === null) out.add('receivedOn');
  return out;
}

/** «Ответить до 26.01.2027 (14 рабочих дней)», or the missing-calendar warning. */
export function deadlineText(claim: Pick<ClaimView, 'deadline' | 'missingYear'>, t: Translate): { readonly ok: boolean; readonly text: string } {
  if (claim.deadline !== null) return { ok: true, text: t('claims.deadline', { date: formatIsoDate(claim.deadline), count: CLAIM_ANSWER_WORKING_DAYS }) };
  return { ok: false, text: claim.missingYear !== null ? t('claims.deadlineMissing', { year: claim.missingYear }) : t('claims.deadlineUnknown') };
}

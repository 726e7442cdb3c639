/**
 * The desk-profile form works on text (what the admin typed, kept as typed even when invalid) and
 * converts to a DeskProfile only on save. Conversion problems the form can see itself (a duration
 * that is not mm:ss, a number that is not a number) are reported with the schema's own field
 * paths, the same paths the host's VALIDATION issues use, so both show next to the same field.
 */
import type { VerdictPolicy } from '../../../src-shared/domain/verdict';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { formatPhone, normalizePhone } from '../../../src-shared/domain/phone';
import type { I18nKey } from '../../i18n/types';
import { formatMmSs, parseMmSs } from '../../lib/format';

export type DayDraft = { readonly open: boolean; readonly start: string; readonly end: string };
/** minutes: one field per priority, П1 first (R-TKT-PRIO). */
export type ReactionDraft = { readonly tariff: string; readonly minutes: readonly [string, string, string, string]; readonly includesWeekends: boolean };
export type ProfileDraft = {
  readonly name: string;
  readonly days: readonly DayDraft[];
  readonly dutyEnabled: boolean;
  readonly dutyAcceptsOnly: 'faults' | 'all';
  readonly dutyNote: string;
  readonly visitStart: string;
  readonly visitEnd: string;
  readonly visitExtendedEnd: string;
  readonly visitExtendedTariffs: string;
  readonly callWarn: string;
  readonly callLimit: string;
  readonly requirePositive: boolean;
  readonly staleAfterHours: string;
  readonly debtSuspendWorkingDays: string;
  readonly serialRequired: boolean;
  readonly staffOnly: boolean;
  readonly unverifiedPolicy: VerdictPolicy;
  readonly reactions: readonly ReactionDraft[];
  readonly moneyLabel: string;
  readonly moneyPhone: string;
  readonly wrapUpCodes: string;
};

/** A problem found before sending; `key` is an i18n key (settings.badMmSs …). */
export type DraftIssue = { readonly path: string; readonly key: I18nKey };

const DEFAULT_DAY: DayDraft = { open: false, start: '09:00', end: '18:00' };

const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

export function toDraft(p: DeskProfile): ProfileDraft {
  return {
    name: p.name,
    days: p.workingHours.days.map((d) => (d ? { open: true, start: d.start, end: d.end } : DEFAULT_DAY)),
    dutyEnabled: p.dutyMode.enabled,
    dutyAcceptsOnly: p.dutyMode.acceptsOnly,
    dutyNote: p.dutyMode.note,
    visitStart: p.visitWindows.start,
    visitEnd: p.visitWindows.end,
    visitExtendedEnd: p.visitWindows.extendedEnd ?? '',
    visitExtendedTariffs: p.visitWindows.extendedTariffs.join(', '),
    callWarn: formatMmSs(p.callLimit.warnAtSec),
    callLimit: formatMmSs(p.callLimit.limitSec),
    requirePositive: p.balance.requirePositive,
    staleAfterHours: String(p.balance.staleAfterHours).replace('.', ','),
    debtSuspendWorkingDays: p.balance.debtSuspendWorkingDays === null ? '' : String(p.balance.debtSuspendWorkingDays),
    serialRequired: p.serialRequired,
    staffOnly: p.staffOnly,
    unverifiedPolicy: p.unverifiedPolicy,
    reactions: p.reactionTimes.map((r) => ({
      tariff: r.tariff,
      minutes: [String(r.minutes[0]), String(r.minutes[1]), String(r.minutes[2]), String(r.minutes[3])] as const,
      includesWeekends: r.includesWeekends,
    })),
    moneyLabel: p.moneyRedirect.label,
    moneyPhone: p.moneyRedirect.phone === null ? '' : formatPhone(p.moneyRedirect.phone),
    wrapUpCodes: p.wrapUpCodes.join(', '),
  };
}

function parseNumber(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

/**
 * Draft → the profile to send. Fields the form cannot convert are reported and `profile` is null
 * then; everything else is the schema's business (checked in the form with the same schema, and
 * by the host).
 */
export function fromDraft(
  base: DeskProfile,
  d: ProfileDraft,
): { readonly profile: DeskProfile | null; readonly converted: DeskProfile; readonly issues: readonly DraftIssue[] } {
  const issues: DraftIssue[] = [];
  const mmss = (text: string, path: string): number => {
    const v = parseMmSs(text);
    if (v === null) issues.push({ path, key: 'settings.badMmSs' });
    return v ?? 0;
  };
  const num = (text: string, path: string, integer: boolean): number => {
    const v = parseNumber(text);
    if (v === null || (integer && !Number.isInteger(v))) issues.push({ path, key: integer ? 'settings.badInteger' : 'settings.badNumber' });
    return v ?? 0;
  };
  const warnAtSec = mmss(d.callWarn, 'callLimit.warnAtSec');
  const limitSec = mmss(d.callLimit, 'callLimit.limitSec');
  const staleAfterHours = num(d.staleAfterHours, 'balance.staleAfterHours', false);
  const debtSuspendWorkingDays = d.debtSuspendWorkingDays.trim() === '' ? null : num(d.debtSuspendWorkingDays, 'balance.debtSuspendWorkingDays', true);
  const reactionTimes = d.reactions.map((r, i) => ({
    tariff: r.tariff.trim(),
    minutes: [
      num(r.minutes[0], `reactionTimes.${i}.minutes.0`, true),
      num(r.minutes[1], `reactionTimes.${i}.minutes.1`, true),
      num(r.minutes[2], `reactionTimes.${i}.minutes.2`, true),
      num(r.minutes[3], `reactionTimes.${i}.minutes.3`, true),
    ] as const,
    includesWeekends: r.includesWeekends,
  }));
  const phoneText = d.moneyPhone.trim();
  const phone =
    phoneText === ''
      ? null
      : (() => {
          const n = normalizePhone(phoneText);
          // Not a phone: send it as typed, the host's validation names the field.
          return n.ok ? n.e164 : phoneText;
        })();

  const profile: DeskProfile = {
    ...base,
    name: d.name,
    workingHours: { days: d.days.map((x) => (x.open ? { start: x.start.trim(), end: x.end.trim() } : null)) },
    dutyMode: { enabled: d.dutyEnabled, acceptsOnly: d.dutyAcceptsOnly, note: d.dutyNote },
    visitWindows: {
      start: d.visitStart.trim(),
      end: d.visitEnd.trim(),
      extendedEnd: d.visitExtendedEnd.trim() === '' ? null : d.visitExtendedEnd.trim(),
      extendedTariffs: list(d.visitExtendedTariffs),
    },
    callLimit: { warnAtSec, limitSec },
    balance: { requirePositive: d.requirePositive, staleAfterHours, debtSuspendWorkingDays },
    serialRequired: d.serialRequired,
    staffOnly: d.staffOnly,
    unverifiedPolicy: d.unverifiedPolicy,
    reactionTimes,
    moneyRedirect: { label: d.moneyLabel, phone },
    wrapUpCodes: list(d.wrapUpCodes),
  };
  // `converted` has 0 where a value could not be read: the form still checks the rest with the
  // schema, and shows its own issue for that field first.
  return { profile: issues.length ? null : profile, converted: profile, issues };
}

/** Host issue paths are relative to the request input (`profile.callLimit.warnAtSec`). */
export function profileIssuePath(hostPath: string): string {
  return hostPath.startsWith('profile.') ? hostPath.slice('profile.'.length) : hostPath === 'profile' ? '' : hostPath;
}

/** Issues that belong to a field: its own path or anything below it (`reactionTimes.0` → `reactionTimes.0.minutes`). */
export function issuesAt<T extends { readonly path: string }>(issues: readonly T[], path: string): T[] {
  return issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`));
}

const LABEL_KEYS: ReadonlyArray<readonly [RegExp, I18nKey]> = [
  [/^name$/, 'settings.name'],
  [/^workingHours/, 'settings.hoursTitle'],
  [/^dutyMode\.note/, 'settings.dutyNote'],
  [/^dutyMode/, 'settings.dutyTitle'],
  [/^visitWindows\.start/, 'settings.visitStart'],
  [/^visitWindows\.end/, 'settings.visitEnd'],
  [/^visitWindows\.extendedEnd/, 'settings.visitExtendedEnd'],
  [/^visitWindows\.extendedTariffs/, 'settings.visitExtendedTariffs'],
  [/^visitWindows/, 'settings.visitTitle'],
  [/^callLimit\.warnAtSec/, 'settings.callWarn'],
  [/^callLimit\.limitSec/, 'settings.callLimit'],
  [/^callLimit/, 'settings.callTitle'],
  [/^balance\.staleAfterHours/, 'settings.staleAfterHours'],
  [/^balance\.debtSuspendWorkingDays/, 'settings.debtSuspendWorkingDays'],
  [/^balance/, 'settings.balanceTitle'],
  [/^reactionTimes/, 'settings.reactTitle'],
  [/^moneyRedirect\.label/, 'settings.moneyLabel'],
  [/^moneyRedirect\.phone/, 'settings.moneyPhone'],
  [/^wrapUpCodes/, 'settings.wrapUpCodes'],
];

/** The i18n key of the form label an issue path belongs to (for the summary above the form). */
export function labelKeyFor(path: string): I18nKey | null {
  return LABEL_KEYS.find(([re]) => re.test(path))?.[1] ?? null;
}

import { describe, expect, it } from 'vitest';
import { DESK_PRESETS } from '../../../src-shared/domain/deskPresets';
import { DeskProfileSchema } from '../../../src-shared/domain/deskProfile';
import { fromDraft, issuesAt, labelKeyFor, profileIssuePath, toDraft } from '../../../src-renderer/features/settings/profileDraft';

const preset = DESK_PRESETS.find((p) => p.id === 'internet-provider') ?? (DESK_PRESETS[0] as (typeof DESK_PRESETS)[number]);

describe('desk profile form draft', () => {
  it('every preset survives draft → profile unchanged', () => {
    for (const p of DESK_PRESETS) {
      const { profile, issues } = fromDraft(p, toDraft(p));
      expect(issues).toEqual([]);
      expect(DeskProfileSchema.parse(profile)).toEqual(p);
    }
  });
  it('R-CALL-15: call warning and limit are edited as mm:ss', () => {
    const d = toDraft(preset);
    expect(d.callWarn).toBe('13:00');
    expect(d.callLimit).toBe('15:00');
    const { profile } = fromDraft(preset, { ...d, callWarn: '12:30', callLimit: '20' });
    expect(profile?.callLimit).toEqual({ warnAtSec: 750, limitSec: 1200 });
  });
  it('reports what it cannot convert at the schema path, and sends nothing', () => {
    const d = toDraft(preset);
    const r = fromDraft(preset, {
      ...d,
      callWarn: '13 минут',
      staleAfterHours: 'много',
      debtSuspendWorkingDays: '2,5',
      reactions: [{ tariff: '*', minutes: ['60', 'x', '240', '240'], includesWeekends: false }],
    });
    expect(r.profile).toBeNull();
    expect(r.issues.map((i) => i.path)).toEqual([
      'callLimit.warnAtSec',
      'balance.staleAfterHours',
      'balance.debtSuspendWorkingDays',
      'reactionTimes.0.minutes.1', // R-TKT-PRIO: the field of the priority that is wrong
    ]);
  });
  it('empty optional fields become null; decimal commas are accepted; phones go to E.164', () => {
    const d = toDraft(preset);
    const { profile } = fromDraft(preset, { ...d, debtSuspendWorkingDays: '', staleAfterHours: '1,5', moneyPhone: '8 (499) 245-67-77', visitExtendedEnd: '' });
    expect(profile?.balance.debtSuspendWorkingDays).toBeNull();
    expect(profile?.balance.staleAfterHours).toBe(1.5);
    expect(profile?.moneyRedirect.phone).toBe('+74992456777');
    expect(profile?.visitWindows.extendedEnd).toBeNull();
  });
  it('closed days are null, lists are split on commas', () => {
    const d = toDraft(preset);
    const days = d.days.map((x, i) => (i === 0 ? { ...x, open: false } : x));
    const { profile } = fromDraft(preset, { ...d, days, wrapUpCodes: 'solved, callback ,', visitExtendedTariffs: 'Премиум,  VIP' });
    expect(profile?.workingHours.days[0]).toBeNull();
    expect(profile?.wrapUpCodes).toEqual(['solved', 'callback']);
    expect(profile?.visitWindows.extendedTariffs).toEqual(['Премиум', 'VIP']);
  });
  it('maps host issue paths onto the form and finds the issues of a field', () => {
    expect(profileIssuePath('profile.callLimit.warnAtSec')).toBe('callLimit.warnAtSec');
    expect(profileIssuePath('profile')).toBe('');
    const issues = [
      { path: 'reactionTimes.0.minutes', text: 'a' },
      { path: 'reactionTimes', text: 'b' },
      { path: 'reactionTimesX', text: 'c' },
    ];
    expect(issuesAt(issues, 'reactionTimes').map((i) => i.text)).toEqual(['a', 'b']);
    expect(issuesAt(issues, 'reactionTimes.0').map((i) => i.text)).toEqual(['a']);
  });
  it('names the form field of an issue path for the summary', () => {
    expect(labelKeyFor('callLimit.warnAtSec')).toBe('settings.callWarn');
    expect(labelKeyFor('workingHours.days.2.end')).toBe('settings.hoursTitle');
    expect(labelKeyFor('reactionTimes.0.minutes')).toBe('settings.reactTitle');
    expect(labelKeyFor('unknownField')).toBeNull();
  });
});

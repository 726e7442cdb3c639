import { describe, expect, it } from 'vitest';
import { DESK_PRESETS, DEFAULT_PRESET_ID, presetById } from '../../../src-shared/domain/deskPresets';
import { DeskProfileError, DeskProfileSchema, hhmmToMinutes, hoursOnWeekday, parseDeskProfile, type DeskProfile } from '../../../src-shared/domain/deskProfile';

function preset(seed: DeskProfile['seed']): DeskProfile {
  const p = DESK_PRESETS.find((x) => x.seed === seed);
  if (!p) throw new Error(`no preset for seed ${seed}`);
  return p;
}

/** Message of the DeskProfileError thrown for `input`. */
function errorOf(input: unknown): string {
  try {
    parseDeskProfile(input);
  } catch (e) {
    if (e instanceof DeskProfileError) return e.message;
    throw e;
  }
  throw new Error('expected a DeskProfileError');
}

describe('desk presets', () => {
  it('R-SLA-HOURS: four presets, one per seed desk, all valid by the schema, unique ids', () => {
    expect(DESK_PRESETS.map((p) => p.seed)).toEqual(['000', '001', '002', '004']);
    for (const p of DESK_PRESETS) expect(DeskProfileSchema.safeParse(p).success, p.id).toBe(true);
    expect(new Set(DESK_PRESETS.map((p) => p.id)).size).toBe(4);
    expect(DESK_PRESETS.every((p) => /[а-яё]/i.test(p.name))).toBe(true);
  });

  it('R-ID-CONTRACT: the ISP desk (001) is the default preset', () => {
    expect(presetById(DEFAULT_PRESET_ID)?.seed).toBe('001');
    expect(presetById('no-such-desk')).toBeNull();
  });

  it('R-SLA-HOURS: working hours per desk (000 08–18, 001 10–18, 002 08–20, 004 09–18; weekends closed)', () => {
    const hours = (seed: DeskProfile['seed']) => preset(seed).workingHours.days.map((d) => (d ? `${d.start}-${d.end}` : null));
    const week = (h: string) => [h, h, h, h, h, null, null];
    expect(hours('000')).toEqual(week('08:00-18:00'));
    expect(hours('001')).toEqual(week('10:00-18:00'));
    expect(hours('002')).toEqual(week('08:00-20:00'));
    expect(hours('004')).toEqual(week('09:00-18:00'));
    expect(hoursOnWeekday(preset('001'), 1)).toEqual({ start: '10:00', end: '18:00' });
    expect(hoursOnWeekday(preset('001'), 7)).toBeNull();
    expect(() => hoursOnWeekday(preset('001'), 8)).toThrow(RangeError);
  });

  it('R-SLA-DUTY: the restaurant desk (000) takes only fault tickets in duty mode', () => {
    expect(preset('000').dutyMode).toMatchObject({ enabled: true, acceptsOnly: 'faults' });
    expect(preset('001').dutyMode.enabled).toBe(false);
  });

  it('R-BAL-SUSPEND: the restaurant desk (000) suspends after 30 working days of debt', () => {
    expect(preset('000').balance).toMatchObject({ requirePositive: false, debtSuspendWorkingDays: 30 });
  });

  it('R-VIS-WINDOW: visits 10:30–17:00 at 001; until 22:00 on some tariffs at 000', () => {
    expect(preset('001').visitWindows).toEqual({ start: '10:30', end: '17:00', extendedEnd: null, extendedTariffs: [] });
    expect(preset('000').visitWindows.extendedEnd).toBe('22:00');
  });

  it('R-PAID-SCOPE: 000 sends paid requests by e-mail; R-BAL-SCOPE: 001 routes money questions to its main line', () => {
    expect(preset('000').moneyRedirect.label).toContain('help@multi-support.ru');
    expect(preset('000').moneyRedirect.phone).toBe('+74912463383');
    expect(preset('001').moneyRedirect.phone).toBe('+74992456777');
  });

  it('R-BAL-POSITIVE and R-CALL-15: the ISP desk needs a positive balance; warns at 13:00, limit 15:00', () => {
    expect(preset('001').balance.requirePositive).toBe(true);
    expect(preset('001').callLimit).toEqual({ warnAtSec: 780, limitSec: 900 });
  });

  it('R-ID-STAFF: the SaaS desk (002) serves staff only', () => {
    expect(DESK_PRESETS.filter((p) => p.staffOnly).map((p) => p.seed)).toEqual(['002']);
  });

  // The matrix is per priority П1…П4 (R-TKT-PRIO): the seed's range where it gives one (002),
  // else its maximum for П3–П4 and the default shares (½, ¼) for П2 and П1.
  it('R-SLA-REACT, R-TKT-PRIO: 002 standard 2–4 h, dedicated 1–2 h incl. weekends; 004 at most 24 h; 001 one working day', () => {
    expect(preset('002').reactionTimes).toEqual([
      { tariff: '*', minutes: [120, 180, 240, 240], includesWeekends: false },
      { tariff: 'Network', minutes: [60, 90, 120, 120], includesWeekends: true },
      { tariff: 'Enterprise', minutes: [60, 90, 120, 120], includesWeekends: true },
    ]);
    expect(preset('004').reactionTimes).toEqual([{ tariff: '*', minutes: [360, 720, 1440, 1440], includesWeekends: false }]);
    expect(preset('001').reactionTimes).toEqual([{ tariff: '*', minutes: [120, 240, 480, 480], includesWeekends: false }]);
    expect(preset('000').reactionTimes).toEqual([]); // seed 000 gives no figures
  });

  it('R-TKT-PRIO: a higher priority may not wait longer than a lower one', () => {
    expect(() => parseDeskProfile({ ...preset('001'), reactionTimes: [{ tariff: '*', minutes: [480, 240, 480, 480], includesWeekends: false }] })).toThrow(
      /reactionTimes\.0\.minutes: a higher priority must not have a longer reaction time than a lower one/,
    );
  });

  it('R-ID-SERIAL: only the terminal vendor (004) requires a serial', () => {
    expect(DESK_PRESETS.filter((p) => p.serialRequired).map((p) => p.seed)).toEqual(['004']);
  });
});

describe('DeskProfileSchema validation', () => {
  const base = preset('001');

  it('R-SLA-HOURS: a bad HH:MM names the day and field', () => {
    const days = [...base.workingHours.days];
    days[2] = { start: '9:00', end: '18:00' };
    expect(errorOf({ ...base, workingHours: { days } })).toMatch(/workingHours\.days\.2\.start: expected a time HH:MM/);
  });

  it('R-SLA-HOURS: start after end is rejected on the end field; 24:00 is a valid end', () => {
    const days = [...base.workingHours.days];
    days[0] = { start: '18:00', end: '08:00' };
    expect(errorOf({ ...base, workingHours: { days } })).toMatch(/workingHours\.days\.0\.end: start must be before end/);
    days[0] = { start: '00:00', end: '24:00' };
    expect(parseDeskProfile({ ...base, workingHours: { days } }).workingHours.days[0]).toEqual({ start: '00:00', end: '24:00' });
  });

  it('R-SLA-HOURS: the week must have seven days', () => {
    expect(errorOf({ ...base, workingHours: { days: base.workingHours.days.slice(0, 5) } })).toMatch(/workingHours\.days: days must have 7 entries/);
  });

  it('R-CALL-15: the warning must come before the limit', () => {
    expect(errorOf({ ...base, callLimit: { warnAtSec: 900, limitSec: 900 } })).toMatch(
      /callLimit\.warnAtSec: callLimit\.warnAtSec must be below callLimit\.limitSec/,
    );
  });

  it('R-VIS-WINDOW: the extended end must be after the normal end', () => {
    const msg = errorOf({ ...base, visitWindows: { ...base.visitWindows, extendedEnd: '16:00', extendedTariffs: ['Бизнес'] } });
    expect(msg).toMatch(/visitWindows\.extendedEnd: visitWindows\.extendedEnd must be after visitWindows\.end/);
  });

  it('R-BAL-SUSPEND: debt days must be a positive integer or null; bad id, phone and timezone are named', () => {
    expect(errorOf({ ...base, balance: { ...base.balance, debtSuspendWorkingDays: 0 } })).toMatch(
      /balance\.debtSuspendWorkingDays: debtSuspendWorkingDays must be positive/,
    );
    expect(errorOf({ ...base, id: 'ISP desk' })).toMatch(/^invalid desk profile: id: expected a slug/);
    expect(errorOf({ ...base, moneyRedirect: { label: 'x', phone: '8 (499) 245-67-77' } })).toMatch(
      /moneyRedirect\.phone: moneyRedirect\.phone must be E\.164/,
    );
    expect(errorOf({ ...base, timezone: 'Europe/Samara' })).toMatch(/timezone: timezone must be Europe\/Moscow/);
  });

  it('R-SLA-REACT: a tariff listed twice and duplicate wrap-up codes are rejected', () => {
    const row = { tariff: 'Network', minutes: [60, 60, 60, 60], includesWeekends: false };
    expect(errorOf({ ...base, reactionTimes: [row, row] })).toMatch(/reactionTimes: reactionTimes lists a tariff twice/);
    expect(errorOf({ ...base, wrapUpCodes: ['solved', 'solved'] })).toMatch(/wrapUpCodes: wrapUpCodes lists a code twice/);
  });

  it('R-SLA-HOURS: hhmmToMinutes reads HH:MM and the 24:00 end of day', () => {
    expect(hhmmToMinutes('10:30')).toBe(630);
    expect(hhmmToMinutes('24:00')).toBe(1440);
    expect(() => hhmmToMinutes('24:30')).toThrow(RangeError);
  });
});

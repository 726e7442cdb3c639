import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { claimDeadline } from '../../../src-shared/domain/claims';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { badDates, deadlineText, emptyClaim, toClaimInput } from '../../../src-renderer/features/claims/claimDraft';
import { ru } from '../../../src-renderer/i18n/ru';
import { en } from '../../../src-renderer/i18n/en';
import type { Translate } from '../../../src-renderer/i18n/types';

const i18n = i18next.createInstance();
await i18n.init({ resources: { ru: { translation: ru }, en: { translation: en } }, lng: 'ru', interpolation: { escapeValue: false }, initAsync: false });
const t: Translate = (k, o) => i18n.t(k, { ...o });

describe('claim form (R-CLAIM)', () => {
  it('starts from the identified contract, received today by the Moscow date', () => {
    // 23:30 UTC on 27.12 is already 28.12 in Moscow.
    const f = emptyClaim(Date.parse('2026-12-27T21:30:00Z'), { holderName: 'Иванов Иван Петрович', contractNo: 'Д-000001', phone: '+79039691445' });
    expect(f).toMatchObject({
      holderName: 'Иванов Иван Петрович',
      contractNo: 'Д-000001',
      phone: '+79039691445',
      receivedOn: '28.12.2026',
      incidentFrom: '28.12.2026',
      signed: false,
    });
  });
  it('sends a date or a period, trimmed', () => {
    const f = {
      ...emptyClaim(0, { holderName: ' Иванов ', contractNo: 'Д-1', phone: '1' }),
      incident: ' Не было связи ',
      incidentFrom: '20.12.2026',
      incidentTo: '2026-12-22',
    };
    expect(toClaimInput(f)).toMatchObject({ holderName: 'Иванов', incident: 'Не было связи', incidentTo: null });
    expect(toClaimInput({ ...f, period: true })).toMatchObject({ incidentFrom: '2026-12-20', incidentTo: '2026-12-22', receivedOn: '1970-01-01' });
  });
  it('dates are typed the Russian way; a date that does not exist is caught before saving', () => {
    const f = { ...emptyClaim(0, { holderName: null, contractNo: null, phone: null }), incidentFrom: '31.11.2026', period: true, incidentTo: 'вчера' };
    expect([...badDates(f)].sort()).toEqual(['incidentFrom', 'incidentTo']);
    expect(badDates({ ...f, incidentFrom: '30.11.2026', incidentTo: '' }).size).toBe(0);
  });
  it('R-CLAIM: «Ответить до …» 14 working days later across the New Year holidays (received 28.12.2026 → 26.01.2027)', () => {
    // 29, 30.12 (2 days); 31.12–08.01 holidays, 09–10.01 weekend; 11–15.01 (7), 18–22.01 (12), 25, 26.01 (14).
    expect(claimDeadline(RU_CALENDAR, '2026-12-28')).toBe('2027-01-26');
    expect(deadlineText({ deadline: '2027-01-26', missingYear: null }, t)).toEqual({ ok: true, text: 'Ответить до 26.01.2027 (14 рабочих дней)' });
    expect(deadlineText({ deadline: '2027-01-26', missingYear: null }, (k, o) => i18n.t(k, { ...o, lng: 'en' })).text).toBe(
      'Answer by 26.01.2027 (14 working days)',
    );
  });
  it('a year without calendar data is a visible warning, never a guess', () => {
    expect(deadlineText({ deadline: null, missingYear: 2028 }, t)).toEqual({
      ok: false,
      text: 'Нет производственного календаря на 2028 год — срок ответа не рассчитан, уточните вручную',
    });
  });
});

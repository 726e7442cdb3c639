/**
 * The renderer's forms are checked with the host's own schemas (issue 11 item 3): the resolver
 * every form runs on react-hook-form with, and the list a form reads its errors from.
 */
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import type { FieldErrors, FieldValues, ResolverOptions } from 'react-hook-form';
import { en } from '../../../src-renderer/i18n/en';
import { ru } from '../../../src-renderer/i18n/ru';
import type { Translate } from '../../../src-renderer/i18n/types';
import { errorList, schemaResolver } from '../../../src-renderer/lib/schemaForm';
import { contract } from '../../../src-shared/ipc/contract';
import { softphoneRequests } from '../../../src-shared/ipc/softphone';
import { DESK_PRESETS } from '../../../src-shared/domain/deskPresets';

async function translator(lng: 'ru' | 'en'): Promise<Translate> {
  const i = i18next.createInstance();
  await i.init({ resources: { ru: { translation: ru }, en: { translation: en } }, lng, interpolation: { escapeValue: false } });
  return i.t.bind(i) as unknown as Translate;
}
/** What react-hook-form passes a resolver; nothing here depends on its fields. */
const options = <V extends FieldValues>(): ResolverOptions<V> => ({ fields: {}, shouldUseNativeValidation: false });

type Account = { wsUri: string; sipUri: string; authUser: string; displayName: string; whenBusy: 'busy-486'; nullMedia: boolean; password: string };
const account = (patch: Partial<Account> = {}): Account => ({
  wsUri: 'ws://pbx.local:8088',
  sipUri: 'sip:1001@pbx.local',
  authUser: '1001',
  displayName: 'Оператор',
  whenBusy: 'busy-486',
  nullMedia: false,
  password: '',
  ...patch,
});
const toSave = ({ password, ...a }: Account) => ({ account: a, password: password === '' ? null : password });

describe('schemaResolver', () => {
  it('words the host schema’s issues in Russian, keyed by the form’s field without the request wrapper', async () => {
    const resolve = schemaResolver<Account>({
      schema: softphoneRequests['softphone:saveAccount'].input,
      toInput: toSave,
      t: await translator('ru'),
      wrapper: /^account\./,
    });
    const r = await resolve(account({ sipUri: '1001', authUser: '' }), undefined, options<Account>());
    expect(r.values).toEqual({});
    expect(r.errors.sipUri?.message).toBe('Введите SIP-адрес вида sip:1001@pbx.example.ru');
    expect(r.errors.authUser?.message).toBe('Обязательное поле');
    expect(r.errors.wsUri).toBeUndefined();
    const ok = await resolve(account(), undefined, options<Account>());
    expect(ok.errors).toEqual({});
    expect(ok.values).toEqual(account());
  });

  it('keeps only the fields the form has, and says it in the operator’s language', async () => {
    type Verify = { contractNo: string; surname: string };
    const opts = { schema: contract.requests['identification:verify'].input, toInput: (v: Verify) => v };
    const en1 = await schemaResolver<Verify>({ ...opts, t: await translator('en'), fields: ['surname'] })(
      { contractNo: '', surname: ' ' },
      undefined,
      options<Verify>(),
    );
    expect(Object.keys(en1.errors)).toEqual(['surname']);
    expect(en1.errors.surname?.message).toBe('Required');
  });

  it('the form’s own findings come first on a field; flat errors keep list and row issues apart', async () => {
    type Draft = { warn: string };
    const preset = DESK_PRESETS[0] as (typeof DESK_PRESETS)[number];
    const resolve = schemaResolver<Draft>({
      schema: contract.requests['profiles:save'].input,
      // warnAtSec 0 (what the form sends for a value it cannot read) and a tariff listed twice.
      toInput: () => ({
        profile: {
          ...preset,
          callLimit: { warnAtSec: 0, limitSec: 900 },
          reactionTimes: [
            { tariff: 'A', minutes: [60, 30, 240, 240], includesWeekends: false },
            { tariff: 'A', minutes: [60, 120, 240, 240], includesWeekends: false },
          ],
        },
      }),
      t: await translator('ru'),
      wrapper: /^profile\./,
      flat: true,
      extra: () => [{ path: 'callLimit.warnAtSec', text: 'Введите длительность как мм:сс' }],
    });
    const r = await resolve({ warn: '13 минут' }, undefined, options<Draft>());
    expect(errorList(r.errors)).toEqual([
      { path: 'callLimit.warnAtSec', text: 'Введите длительность как мм:сс' },
      { path: 'reactionTimes.0.minutes', text: 'Неверное значение' },
      { path: 'reactionTimes', text: 'Неверное значение' },
    ]);
  });
});

describe('errorList', () => {
  it('lists nested errors with their dotted paths, a list’s own error under the list', () => {
    const errors = {
      phone: { type: 'phone', message: 'Это не номер телефона' },
      form: { doing: { type: 'tooLong', message: 'Слишком длинно' } },
      reactions: Object.assign([{ tariff: { type: 'required', message: 'Обязательное поле' } }], {
        root: { type: 'duplicate', message: 'Значение повторяется' },
      }),
    };
    expect(errorList(errors as unknown as FieldErrors)).toEqual([
      { path: 'phone', text: 'Это не номер телефона' },
      { path: 'form.doing', text: 'Слишком длинно' },
      { path: 'reactions.0.tariff', text: 'Обязательное поле' },
      { path: 'reactions', text: 'Значение повторяется' },
    ]);
  });
});

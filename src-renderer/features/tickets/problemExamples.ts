/**
 * R-TKT-FORM: the examples under «Что делаю / Что ожидаю / Что получаю» come from the desk's own
 * trade. A cash register («открываю кассу», «Нет связи с ФН») is the restaurant desk's (000); the
 * internet provider's operator saw them too. Pure: the active profile's seed → i18n keys.
 */
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import type { I18nKey } from '../../i18n/types';

type ExampleSet = '000' | '001' | '002' | '004' | 'other';

export function problemExamples(profile: Pick<DeskProfile, 'seed'> | null): { readonly doing: I18nKey; readonly expected: I18nKey; readonly actual: I18nKey } {
  // A custom desk (no seed) gets neutral wording rather than another desk's trade.
  const set: ExampleSet = profile?.seed ?? 'other';
  return { doing: `newTicket.examples.${set}.doing`, expected: `newTicket.examples.${set}.expected`, actual: `newTicket.examples.${set}.actual` };
}

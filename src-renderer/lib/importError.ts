import type { Locale } from '../../src-shared/domain/values';
/**
 * The host's import error carries the line and field separately and also in its message
 * ("line 5, field "phones": …"); the panel names line and field itself, so the prefix goes.
 */
export function importErrorDetail(message: string): string {
  return message.replace(/^line \d+(?:, field "[^"]*")?: /, '');
}

/** CSV column names of the host's errors (columns.ts `name`) → the Russian header of the file format. */
export const CSV_FIELD_RU: Readonly<Record<string, string>> = {
  contract_no: 'Номер договора',
  holder: 'ФИО',
  phones: 'Телефоны',
  address: 'Адрес',
  balance: 'Баланс',
  balance_at: 'Дата баланса',
  debt_since: 'Долг с',
  tariff: 'Тариф',
  status: 'Статус',
  serials: 'Серийные номера',
};

export function csvFieldLabel(field: string, locale: Locale): string {
  const ru = CSV_FIELD_RU[field];
  if (!ru) return field;
  return locale === 'ru' ? ru : `${ru} / ${field}`;
}

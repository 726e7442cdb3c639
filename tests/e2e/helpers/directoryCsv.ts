/**
 * Small directory files for the e2e tests, in the import format of docs/directory-csv.md /
 * src-main/directory/columns.ts: `;`-delimited, Russian header, balance in rubles, balance time
 * as "DD.MM.YYYY HH:MM" (Moscow time), debt start as "YYYY-MM-DD".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HEADER = 'Номер договора;ФИО;Телефоны;Адрес;Баланс;Дата баланса;Долг с;Тариф;Статус;Серийные номера';

const msk = (d: Date) => {
  const p: Record<string, string> = {};
  const fmt = new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Europe/Moscow',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  for (const x of fmt.formatToParts(d)) p[x.type] = x.value;
  return p as { year: string; month: string; day: string; hour: string; minute: string };
};

/** "21.11.2026 14:02", Moscow time. */
export function mskDateTime(d: Date): string {
  const p = msk(d);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}

/** "2026-11-21", the Moscow date. */
export function mskIsoDate(d: Date): string {
  const p = msk(d);
  return `${p.year}-${p.month}-${p.day}`;
}

export type Row = readonly [
  no: string,
  holder: string,
  phones: string,
  address: string,
  balance: string,
  balanceAt: string,
  debtSince: string,
  tariff: string,
  status: string,
  serials: string,
];

const SURNAMES = [
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
];
const NAMES = ['Алексей Павлович', 'Дмитрий Олегович', 'Сергей Николаевич', 'Андрей Юрьевич'];
const TARIFFS = ['Базовый', 'Стандарт', 'Премиум'];

export const FILLER_ROWS = 52;
/** The four named contracts of the scenario plus the filler rows. */
export const TOTAL_ROWS = 4 + FILLER_ROWS;

export function scenarioRows(now = new Date()): Row[] {
  const fresh = mskDateTime(new Date(now.getTime() - 10 * 60_000));
  const debtStart = mskIsoDate(new Date(now.getTime() - 60 * 86_400_000));
  const rows: Row[] = [
    [
      'Д-000001',
      'Иванов Иван Петрович',
      '+7 903 969-14-45',
      'г. Москва, ул. Летчика Бабушкина, д. 1, кв. 5',
      '1234,56',
      fresh,
      '',
      'Стандарт',
      'действует',
      '123456789012',
    ],
    ['Д-000002', 'Фёдорова Анна Сергеевна', '8 (495) 123-45-67', 'г. Москва, Малая Семёновская ул., д. 9', '500', fresh, '', 'Базовый', 'действует', ''],
    [
      'Д-000003',
      'Фёдоров Пётр Ильич',
      '8 (495) 123-45-67, +7 916 555-12-12',
      'г. Москва, Малая Семёновская ул., д. 9',
      '75,10',
      fresh,
      '',
      'Премиум',
      'действует',
      '',
    ],
    [
      'Д-000004',
      'Сидоров Олег Викторович',
      '+7 926 111-22-33',
      'г. Химки, ул. Молодёжная, д. 14',
      '-3500,00',
      fresh,
      debtStart,
      'Стандарт',
      'действует',
      '987654321098',
    ],
  ];
  for (let i = 0; i < FILLER_ROWS; i++) {
    const n = 100 + i;
    rows.push([
      `Д-${String(n).padStart(6, '0')}`,
      `${SURNAMES[i % SURNAMES.length]} ${NAMES[i % NAMES.length]}`,
      `+7 915 ${String(100 + i).padStart(3, '0')}-${String(10 + (i % 90)).padStart(2, '0')}-${String(20 + (i % 70)).padStart(2, '0')}`,
      `г. Москва, ул. Тестовая, д. ${i + 1}`,
      `${(i * 137) % 5000},${String(i % 100).padStart(2, '0')}`,
      fresh,
      '',
      TARIFFS[i % TARIFFS.length] as string,
      'действует',
      i % 4 === 0 ? String(555000000000 + i) : '',
    ]);
  }
  return rows;
}

export function toCsv(rows: readonly Row[]): string {
  return `${[HEADER, ...rows.map((r) => r.join(';'))].join('\r\n')}\r\n`;
}

/** A temp folder for a test's CSV files; `remove()` at the end of the test. */
export function csvFolder(): { write(name: string, content: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'console-e2e-csv-'));
  return {
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content, 'utf8');
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

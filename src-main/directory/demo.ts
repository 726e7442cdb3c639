/**
 * Synthetic directory CSV for demos, tests and the import benchmark: deterministic for a given
 * seed and reference time (a seeded PRNG, no Math.random), streamed to disk so a million rows
 * never sit in memory. The shape is what billing exports of Russian ISPs look like: `;`
 * delimiter, Russian header, phones in every usual format, amounts with comma decimals.
 */
import { createWriteStream } from 'node:fs';
import { PRIVATE_FILE_MODE } from '../privateFiles';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parseRubles } from '../../src-shared/domain/money';
import { mulberry32 } from '../../src-shared/random';
import { MOSCOW_OFFSET, moscowParts } from '../../src-shared/worktime/moscow';
import type { ContractStatus } from '../../src-shared/domain/values';

/** Rows every demo directory starts with, so tests and demo scripts can rely on them. */
export type DemoFixture = Readonly<{
  contractNo: string;
  holder: string;
  phones: readonly string[];
  address: string;
  balance: string;
  /** Balance snapshot age in hours before the reference time. */
  balanceHoursAgo: number;
  /** Debt start in days before the reference time; null = no debt. */
  debtDaysAgo: number | null;
  tariff: string;
  status: 'активен' | 'приостановлен' | 'закрыт';
  serials: readonly string[];
}>;

export const DEMO_FIXTURES: readonly DemoFixture[] = [
  {
    contractNo: 'Д-000001',
    holder: 'Иванов Иван Петрович',
    phones: ['+7 903 969-14-45'],
    address: 'г. Москва, ул. Тверская, д. 7, кв. 12',
    balance: '1250.00',
    balanceHoursAgo: 2,
    debtDaysAgo: null,
    tariff: 'Домашний 100',
    status: 'активен',
    serials: ['123456789012'],
  },
  {
    contractNo: 'Д-000002',
    holder: 'Фёдорова Анна Сергеевна',
    phones: ['+7 495 123-45-67'],
    address: 'г. Москва, ул. Профсоюзная, д. 56, кв. 301',
    balance: '480,50',
    balanceHoursAgo: 3,
    debtDaysAgo: null,
    tariff: 'Домашний 300',
    status: 'активен',
    serials: [],
  },
  {
    contractNo: 'Д-000003',
    holder: 'Фёдоров Пётр Ильич',
    phones: ['8 (495) 1234567', '8-916-555-01-02'],
    address: 'г. Москва, ул. Профсоюзная, д. 56, кв. 301',
    balance: '2 300,00',
    balanceHoursAgo: 5,
    debtDaysAgo: null,
    tariff: 'Бизнес 500',
    status: 'активен',
    serials: [],
  },
  {
    contractNo: 'Д-000004',
    holder: 'Сидоров Олег Викторович',
    phones: ['9261112233'],
    address: 'Московская обл., г. Химки, ул. Ленина, д. 3, кв. 45',
    balance: '-1 234,56',
    balanceHoursAgo: 1,
    debtDaysAgo: 60,
    tariff: 'Домашний 100',
    status: 'активен',
    serials: [],
  },
];

export const DEMO_HEADER = ['Номер договора', 'ФИО', 'Телефоны', 'Адрес', 'Баланс', 'Дата баланса', 'Долг с', 'Тариф', 'Статус', 'Серийные номера'];

// --- word lists -------------------------------------------------------------------------------

// Male forms; female forms are derived (-ов → -ова, -ин → -ина, -ский → -ская, -ко stays).
const SURNAMES = (
  'Иванов Петров Сидоров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Фёдоров Морозов Волков Алексеев Лебедев ' +
  'Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев ' +
  'Григорьев Романов Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков ' +
  'Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов ' +
  'Богданов Осипов Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков ' +
  'Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев ' +
  'Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов ' +
  'Потапов Журавлёв Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов ' +
  'Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков Горбунов Анисимов ' +
  'Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров Симонов Прокофьев Харитонов Князев Цветков ' +
  'Воронцов Аксёнов Алёшин Шестаков Щукин Рябов Третьяков Вишневский Соколовский Шевченко Бондаренко Ткаченко Лёвкин'
).split(' ');

const MALE_NAMES = (
  'Александр Алексей Андрей Антон Артём Борис Вадим Валерий Василий Виктор Виталий Владимир Вячеслав Геннадий Георгий ' +
  'Григорий Денис Дмитрий Евгений Егор Иван Игорь Илья Кирилл Константин Леонид Максим Михаил Никита Николай Олег Павел ' +
  'Пётр Роман Сергей Семён Станислав Степан Тимофей Фёдор Юрий Ярослав'
).split(' ');

const FEMALE_NAMES = (
  'Анна Алёна Алла Анастасия Валентина Вера Виктория Галина Дарья Екатерина Елена Жанна Зоя Инна Ирина Ксения Лариса ' +
  'Любовь Людмила Марина Мария Надежда Наталья Нина Оксана Ольга Полина Светлана Софья Тамара Татьяна Юлия Яна Алёна'
).split(' ');

// [male, female] patronymics.
const PATRONYMICS: readonly (readonly [string, string])[] = (
  'Александрович:Александровна Алексеевич:Алексеевна Андреевич:Андреевна Антонович:Антоновна Борисович:Борисовна ' +
  'Вадимович:Вадимовна Валерьевич:Валерьевна Васильевич:Васильевна Викторович:Викторовна Витальевич:Витальевна ' +
  'Владимирович:Владимировна Геннадьевич:Геннадьевна Григорьевич:Григорьевна Дмитриевич:Дмитриевна Евгеньевич:Евгеньевна ' +
  'Егорович:Егоровна Иванович:Ивановна Игоревич:Игоревна Ильич:Ильинична Кириллович:Кирилловна Константинович:Константиновна ' +
  'Леонидович:Леонидовна Максимович:Максимовна Михайлович:Михайловна Николаевич:Николаевна Олегович:Олеговна ' +
  'Павлович:Павловна Петрович:Петровна Романович:Романовна Сергеевич:Сергеевна Семёнович:Семёновна Степанович:Степановна ' +
  'Фёдорович:Фёдоровна Юрьевич:Юрьевна Кузьмич:Кузьминична'
)
  .split(' ')
  .map((pair) => pair.split(':') as [string, string]);

const STREETS = (
  'ул. Тверская|ул. Ленина|ул. Мира|ул. Садовая|ул. Профсоюзная|ул. Новослободская|Ленинский пр-т|Кутузовский пр-т|' +
  'Варшавское ш.|ул. Гагарина|ул. Пушкина|ул. Лесная|ул. Центральная|ул. Молодёжная|ул. Школьная|ул. Советская|' +
  'ул. Пятницкая|ул. Маросейка|Цветной б-р|Гоголевский б-р|Кривоколенный пер.|ул. Вавилова|ул. Вешняков|ул. Королёва|' +
  'Дмитровское ш.|Щёлковское ш.|ул. Новаторов|ул. Зелёная|ул. Берёзовая|ул. Строителей'
).split('|');
const REGION_TOWNS = 'Химки Балашиха Подольск Королёв Мытищи Люберцы Красногорск Одинцово Щёлково Жуковский Долгопрудный Реутов'.split(' ');
const COMPLEXES = ['ЖК "Северный"', 'ЖК "Лесной квартал"', 'ЖК "Зиларт"'];
const TARIFFS = ['Домашний 100', 'Домашний 100', 'Домашний 300', 'Домашний 500', 'Бизнес 500', 'Бизнес 1000', 'Эконом 50', 'Стандарт', 'Премиум'];
const MOBILE_CODES = ['903', '905', '906', '909', '910', '915', '916', '917', '919', '925', '926', '929', '977', '985', '999'];
const CITY_CODES = ['495', '499'];
const SERIAL_MODELS = ['2023', '2024', '7701', '8800'];

// --- PRNG and formatting ----------------------------------------------------------------------

/** Seeded (src-shared/random.ts): same seed → same file. */
function createRandom(seed: number) {
  const next = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return { next, int, pick, chance: (p: number): boolean => next() < p };
}
type Random = ReturnType<typeof createRandom>;

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function femaleSurname(male: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(male)) return `${male}а`;
  if (male.endsWith('ский')) return `${male.slice(0, -2)}ая`;
  return male; // -ко, -ук and the like do not change
}

/** Ten national digits "9039691445" in one of the ways people and billing systems write them. */
function formatPhone(nsn: string, r: Random): string {
  const [a, b, c, d] = [nsn.slice(0, 3), nsn.slice(3, 6), nsn.slice(6, 8), nsn.slice(8, 10)];
  switch (r.int(0, 5)) {
    case 0:
      return `+7 ${a} ${b}-${c}-${d}`;
    case 1:
      return `8 (${a}) ${b}${c}${d}`;
    case 2:
      return nsn;
    case 3:
      return `8-${a}-${b}-${c}-${d}`;
    case 4:
      return `+7${nsn}`;
    default:
      return `7 (${a}) ${b} ${c} ${d}`;
  }
}

function formatRubles(kopecks: number, r: Random): string {
  const neg = kopecks < 0;
  const abs = Math.abs(kopecks);
  const rub = Math.floor(abs / 100);
  const kop = pad(abs % 100, 2);
  const sign = neg ? '-' : '';
  if (r.chance(0.5)) return `${sign}${rub}.${kop}`;
  const grouped = String(rub).replace(/\B(?=(\d{3})+$)/g, ' ');
  return `${sign}${grouped},${kop}`;
}

/** A Moscow wall-clock time in one of the accepted balance-date formats. */
function formatMoscow(instantMs: number, r: Random): string {
  const m = moscowParts(instantMs);
  const [y, mo, d, h, mi] = [m.year, pad(m.month, 2), pad(m.day, 2), pad(m.hour, 2), pad(m.minute, 2)];
  switch (r.int(0, 2)) {
    case 0:
      return `${y}-${mo}-${d}T${h}:${mi}:00${MOSCOW_OFFSET}`;
    case 1:
      return `${y}-${mo}-${d} ${h}:${mi}`;
    default:
      return `${d}.${mo}.${y} ${h}:${mi}`;
  }
}

function formatDate(instantMs: number, ru: boolean): string {
  const m = moscowParts(instantMs);
  const [y, mo, d] = [m.year, pad(m.month, 2), pad(m.day, 2)];
  return ru ? `${d}.${mo}.${y}` : `${y}-${mo}-${d}`;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** One synthetic contract in normalized form (what the importer should store for it). */
export type DemoRow = {
  contractNo: string;
  holder: string;
  /** Ten-digit national numbers (E.164 = "+7" + nsn). */
  phones: string[];
  address: string;
  balanceKopecks: number | null;
  balanceAtMs: number | null;
  debtSinceMs: number | null;
  tariff: string;
  status: ContractStatus;
  serials: string[];
};

const STATUS_RU = { active: 'активен', suspended: 'приостановлен', closed: 'закрыт' } as const;

/**
 * The synthetic rows after DEMO_FIXTURES, in order: row n (1-based) of the file. Text formats are
 * drawn from a second PRNG, so the bench can generate the same rows without formatting them.
 */
export function createDemoRows(seed: number, now: Date) {
  const nowMs = now.getTime();
  const r = createRandom(seed);
  const shared: { nsn: string; uses: number }[] = [];
  let serialSeq = 1;

  return (n: number): DemoRow => {
    const female = r.chance(0.5);
    const surname = r.pick(SURNAMES);
    const pat = r.pick(PATRONYMICS);
    const holder = `${female ? femaleSurname(surname) : surname} ${r.pick(female ? FEMALE_NAMES : MALE_NAMES)} ${female ? pat[1] : pat[0]}`;

    const phones: string[] = [];
    const count = r.chance(0.2) ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const pooled = shared.length > 0 && i === 0 && r.chance(0.05) ? r.int(0, shared.length - 1) : -1;
      if (pooled >= 0) {
        const entry = shared[pooled] as { nsn: string; uses: number };
        phones.push(entry.nsn);
        // Two or three contracts per shared number (a family, a small office), not more.
        if (++entry.uses >= 3 || r.chance(0.5)) shared.splice(pooled, 1);
        continue;
      }
      const nsn = `${r.pick(r.chance(0.15) ? CITY_CODES : MOBILE_CODES)}${pad(r.int(0, 9_999_999), 7)}`;
      if (!phones.includes(nsn)) phones.push(nsn);
      if (i === 0) {
        shared.push({ nsn, uses: 1 });
        if (shared.length > 500) shared.shift();
      }
    }

    const house = `д. ${r.int(1, 180)}${r.chance(0.15) ? `, корп. ${r.int(1, 5)}` : ''}`;
    let address: string;
    if (r.chance(0.6)) address = `г. Москва, ${r.pick(STREETS)}, ${house}, кв. ${r.int(1, 450)}`;
    else if (r.chance(0.9)) address = `Московская обл., г. ${r.pick(REGION_TOWNS)}, ${r.pick(STREETS)}, ${house}, кв. ${r.int(1, 300)}`;
    else if (r.chance(0.5)) address = `Московская обл., г. ${r.pick(REGION_TOWNS)}, ${r.pick(COMPLEXES)}, ${house}`;
    else address = `Московская обл., д. Лесное, ул. Садовая, ${house}`;

    let balanceKopecks: number | null = null;
    let debtSinceMs: number | null = null;
    if (!r.chance(0.02)) {
      if (r.chance(0.1)) {
        balanceKopecks = -r.int(100, 500_000);
        debtSinceMs = nowMs - r.int(1, 120) * DAY_MS;
      } else {
        balanceKopecks = r.int(0, 800_000);
      }
    }
    // Most balances are from today's billing export; one in ten is days old (R-BAL-POSITIVE).
    const ageMs = r.chance(0.1) ? r.int(1, 10) * DAY_MS + r.int(0, 23) * HOUR_MS : r.int(5, 12 * 60) * 60_000;
    const tariff = r.chance(0.01) ? '' : r.pick(TARIFFS);
    const st = r.next();
    const serials: string[] = [];
    if (r.chance(0.2)) {
      for (let i = r.chance(0.3) ? 2 : 1; i > 0; i--) {
        // A bijection of the sequence number (7919 is coprime with 10^8): unique, random-looking.
        serials.push(`${r.pick(SERIAL_MODELS)}${pad((serialSeq++ * 7919) % 100_000_000, 8)}`);
      }
    }
    return {
      contractNo: `Д-${pad(n, 6)}`,
      holder,
      phones,
      address,
      balanceKopecks,
      balanceAtMs: balanceKopecks === null ? null : Math.floor((nowMs - ageMs) / 60_000) * 60_000,
      debtSinceMs,
      tariff,
      status: st < 0.95 ? 'active' : st < 0.98 ? 'suspended' : 'closed',
      serials,
    };
  };
}

/** The CSV line of a synthetic row, in formats drawn from `f`. */
function demoLine(row: DemoRow, f: Random): string {
  const address = row.address.includes('"') ? `"${row.address.replaceAll('"', '""')}"` : row.address;
  return [
    row.contractNo,
    row.holder,
    row.phones.map((nsn) => formatPhone(nsn, f)).join(', '),
    address,
    row.balanceKopecks === null ? '' : formatRubles(row.balanceKopecks, f),
    row.balanceAtMs === null ? '' : formatMoscow(row.balanceAtMs, f),
    row.debtSinceMs === null ? '' : formatDate(row.debtSinceMs, f.chance(0.3)),
    row.tariff,
    STATUS_RU[row.status],
    row.serials.join(', '),
  ].join(';');
}

function fixtureLine(x: DemoFixture, nowMs: number, f: Random): string {
  const debt = x.debtDaysAgo === null ? '' : formatDate(nowMs - x.debtDaysAgo * DAY_MS, false);
  const balanceAt = formatMoscow(Math.floor((nowMs - x.balanceHoursAgo * HOUR_MS) / 60_000) * 60_000, f);
  return [x.contractNo, x.holder, x.phones.join(', '), x.address, x.balance, balanceAt, debt, x.tariff, x.status, x.serials.join(', ')].join(';');
}

const STATUS_OF_RU = { активен: 'active', приостановлен: 'suspended', закрыт: 'closed' } as const;

/** A fixture in normalized form, as the importer should store it (for benches and tests). */
export function fixtureAsRow(x: DemoFixture, now: Date): DemoRow {
  const balance = parseRubles(x.balance);
  const nowMs = now.getTime();
  return {
    contractNo: x.contractNo,
    holder: x.holder,
    phones: [...new Set(x.phones.map((p) => p.replace(/\D/g, '').slice(-10)))],
    address: x.address,
    balanceKopecks: balance.ok ? balance.kopecks : null,
    balanceAtMs: Math.floor((nowMs - x.balanceHoursAgo * HOUR_MS) / 60_000) * 60_000,
    debtSinceMs: x.debtDaysAgo === null ? null : nowMs - x.debtDaysAgo * DAY_MS,
    tariff: x.tariff,
    status: STATUS_OF_RU[x.status],
    serials: [...x.serials],
  };
}

const ROWS_PER_WRITE = 2000;
const FORMAT_SEED_SALT = 0x9e3779b9;

/**
 * Writes a header and `rows` data rows (DEMO_FIXTURES first, then createDemoRows) to `path`.
 * `now` is the reference time of balance dates and debts (default: the current time).
 */
export async function writeDemoDirectory(opts: { rows: number; seed: number; path: string; now?: Date }): Promise<void> {
  if (!Number.isSafeInteger(opts.rows) || opts.rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${opts.rows}`);
  const now = opts.now ?? new Date();
  const next = createDemoRows(opts.seed, now);
  const f = createRandom(opts.seed ^ FORMAT_SEED_SALT);
  // Customer-shaped data, even if synthetic: private like every file of the data folder.
  const out = createWriteStream(opts.path, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
  let lines: string[] = [DEMO_HEADER.join(';')];
  for (let n = 1; n <= opts.rows; n++) {
    const fixture = DEMO_FIXTURES[n - 1];
    lines.push(fixture ? fixtureLine(fixture, now.getTime(), f) : demoLine(next(n), f));
    if (lines.length >= ROWS_PER_WRITE) {
      // Excel's line ending; the reader takes LF as well.
      if (!out.write(`${lines.join('\r\n')}\r\n`)) await once(out, 'drain');
      lines = [];
    }
  }
  if (lines.length > 0) out.write(`${lines.join('\r\n')}\r\n`);
  // A write error surfaces here, or in the 'drain' wait above (events.once rejects on 'error').
  out.end();
  await finished(out);
}

import { parseDeskProfile, priorityMinutesFrom, type DayHours, type DeskProfile } from './deskProfile';

/**
 * The four seed desks of DOMAIN.md as editable presets. Each value says which seed page
 * (/work/shared/seeds/NNN_*.txt) it comes from; values no seed states are marked
 * "console default" so an admin knows they are ours, not the desk's.
 */

function weekdays(start: string, end: string): readonly (DayHours | null)[] {
  const h: DayHours = { start, end };
  return [h, h, h, h, h, null, null];
}

// R-CALL-15 figures (seed 001: 15 minutes; warning before 15:00). Only 001 states a limit; the
// other desks get the same as a console default.
const CALL_LIMIT = { warnAtSec: 13 * 60, limitSec: 15 * 60 } as const;

// R-VIS-QUEUE slot capacity (visits that can start in one slot). No seed states a crew count;
// 2 is a console default the admin sets to the desk's real number of technicians.
const VISIT_CREWS = 2;

const restaurantIntegrator: DeskProfile = {
  id: 'restaurant-integrator',
  name: 'Интегратор ПО для ресторанов',
  seed: '000',
  workingHours: { days: weekdays('08:00', '18:00') }, // seed 000: «ПН-ПТ с 8:00 до 18:00»
  timezone: 'Europe/Moscow',
  // seed 000: «Дежурный режим ПН-ПТ с 18:00 до 8:00, СБ-ВС круглосуточно … решаются заявки,
  // связанные с неисправностью» (R-SLA-DUTY)
  dutyMode: { enabled: true, acceptsOnly: 'faults', note: 'ПН–ПТ 18:00–08:00, СБ–ВС круглосуточно: только заявки о неисправности' },
  // seed 000: «Выезды на точку … осуществляются до 22:00 (в зависимости от тарифа)» (R-VIS-WINDOW).
  // The seed names no tariffs: the admin lists them; daytime window = working hours.
  visitWindows: { start: '08:00', end: '18:00', extendedEnd: '22:00', extendedTariffs: [] },
  visitCrews: VISIT_CREWS, // console default: the seed does not say
  callLimit: CALL_LIMIT, // console default
  balance: {
    requirePositive: false,
    staleAfterHours: 24, // console default
    debtSuspendWorkingDays: 30, // seed 000: «задолженность более 30-ти рабочих дней» (R-BAL-SUSPEND, R-DEBT-STOP)
  },
  serialRequired: false,
  staffOnly: false,
  unverifiedPolicy: 'reason', // console default: the restaurant desk records why it helps a debtor
  // seed 000: reaction «зависит от срочности, тарифного плана, а также … задолженности»; no figures given.
  reactionTimes: [],
  moneyRedirect: {
    // seed 000: paid / out-of-tariff requests by e-mail (R-PAID-SCOPE); «Общий номер компании».
    label: 'Счета и оплата — общий номер компании; акции, скидки, права доступа и заявки вне тарифа — письмом на help@multi-support.ru',
    phone: '+74912463383',
  },
  // R-CALL-REPEAT, R-SLA-DUTY, R-PAID-SCOPE, R-BAL-SUSPEND
  wrapUpCodes: ['solved', 'ticket-created', 'repeat-request', 'duty-fault', 'paid-request-email', 'debt-suspended', 'callback'],
};

const internetProvider: DeskProfile = {
  id: 'internet-provider',
  name: 'Интернет-провайдер',
  seed: '001',
  workingHours: { days: weekdays('10:00', '18:00') }, // seed 001: «с 10:00 до 18:00 по будням»
  timezone: 'Europe/Moscow',
  // seed 001: «С 18:00 и до 10:00 …, а также в выходные и праздничные дни, возможен только приём
  // заявок — на телефонных линиях работают автоответчики»: intake only, nobody works them.
  dutyMode: { enabled: false, acceptsOnly: 'all', note: 'С 18:00 до 10:00, в выходные и праздники — только приём заявок автоответчиком' },
  visitWindows: { start: '10:30', end: '17:00', extendedEnd: null, extendedTariffs: [] }, // seed 001: «с 10:30 до 17:00 в рабочие дни»
  visitCrews: VISIT_CREWS, // console default: the seed does not say
  callLimit: CALL_LIMIT, // seed 001: «в течение 15 минут телефонной беседы» (R-CALL-15)
  balance: {
    requirePositive: true, // seed 001: «Клиентам с положительным балансом счета» (R-BAL-POSITIVE)
    staleAfterHours: 4, // console default: ISP balances move daily with charges
    debtSuspendWorkingDays: null,
  },
  serialRequired: false,
  staffOnly: false,
  unverifiedPolicy: 'reason', // console default: a visit for a debtor is possible, with the reason on record
  // seed 001: HelpDesk «в течение одного рабочего дня» = 8 working hours of 10:00–18:00, and
  // tasks are queued «согласно приоритету» (its figures are in an annex the page does not give):
  // the day is the longest wait, higher priorities get the console default share of it.
  reactionTimes: [{ tariff: '*', minutes: priorityMinutesFrom(8 * 60), includesWeekends: false }],
  moneyRedirect: {
    // seed 001: support «не решает финансовые вопросы, не включает "в долг" и не проверяет
    // прохождение безналичных платежей» (R-BAL-SCOPE). The page gives no separate billing
    // number, only «основной многоканальный – (499) 245 6777».
    label: 'Финансовые вопросы, «в долг» и проверка платежей — не в техподдержку: основной многоканальный телефон',
    phone: '+74992456777',
  },
  // R-CALL-15, R-ID-CONTRACT, R-BAL-POSITIVE, R-BAL-SCOPE, R-CLAIM
  wrapUpCodes: ['solved', 'visit-booked', 'ticket-created', 'not-verified', 'balance-not-positive', 'money-redirected', 'claim-advised', 'callback'],
};

const saasPlatform: DeskProfile = {
  id: 'saas-platform',
  name: 'SaaS-платформа',
  seed: '002',
  workingHours: { days: weekdays('08:00', '20:00') }, // seed 002: «С 8:00 до 20:00 GMT+3 (время московское), будние дни»
  timezone: 'Europe/Moscow',
  // seed 002 has no duty mode; dedicated support extends the hours for two tariffs.
  dutyMode: { enabled: false, acceptsOnly: 'all', note: 'Тарифы Network и Enterprise: выделенная поддержка 08:00–20:00, включая выходные' },
  // seed 002 describes no on-site visits: window = working hours, console default.
  visitWindows: { start: '08:00', end: '20:00', extendedEnd: null, extendedTariffs: [] },
  visitCrews: VISIT_CREWS, // console default: the seed does not say
  callLimit: CALL_LIMIT, // console default
  balance: { requirePositive: false, staleAfterHours: 24, debtSuspendWorkingDays: null }, // console default
  serialRequired: false,
  staffOnly: true, // seed 002: «только штатным сотрудникам вашей компании, но не дистрибьюторам/партнерам» (R-ID-STAFF)
  unverifiedPolicy: 'refuse', // seed 002: support only for the customer's verified staff (R-ID-STAFF)
  reactionTimes: [
    // seed 002: «Время реакции 2-4 часа», priority «в зависимости от критичности запроса»: 2 h for
    // the most critical, 4 h for the least
    { tariff: '*', minutes: [120, 180, 240, 240], includesWeekends: false },
    // seed 002: dedicated support «1-2 часа», «включая выходные»
    { tariff: 'Network', minutes: [60, 90, 120, 120], includesWeekends: true },
    { tariff: 'Enterprise', minutes: [60, 90, 120, 120], includesWeekends: true },
  ],
  moneyRedirect: { label: 'Вопросы подписки и оплаты техподдержка не решает', phone: null }, // seed 002 gives no contact
  // R-TKT-TYPES, R-TKT-NEW, R-ID-STAFF
  wrapUpCodes: ['solved', 'ticket-created', 'follow-up-existing', 'not-staff', 'callback'],
};

const paymentTerminals: DeskProfile = {
  id: 'payment-terminals',
  name: 'Производитель платёжных терминалов',
  seed: '004',
  // seed 004: «с понедельника по пятницу с 9.00 до 18.00 по московскому времени, за исключением праздничных дней»
  workingHours: { days: weekdays('09:00', '18:00') },
  timezone: 'Europe/Moscow',
  dutyMode: { enabled: false, acceptsOnly: 'all', note: 'Заявки только в электронном виде (vendsupport@termt.com); вне графика ждут рабочего времени' },
  // seed 004 has no on-site visits (repairs go to the service department, R-TKT-HANDOFF):
  // window = working hours, console default.
  visitWindows: { start: '09:00', end: '18:00', extendedEnd: null, extendedTariffs: [] },
  visitCrews: VISIT_CREWS, // console default: the seed does not say
  callLimit: CALL_LIMIT, // console default
  balance: { requirePositive: false, staleAfterHours: 24, debtSuspendWorkingDays: null }, // console default
  serialRequired: true, // seed 004: «12-ти значный серийный номер … без серийного номера невозможно» (R-ID-SERIAL)
  staffOnly: false,
  unverifiedPolicy: 'reason', // console default
  // seed 004: «Максимальное время реакции … 24 часа … в соответствии с графиком работы»:
  // 24 hours of working time (R-SLA-REACT); may extend with partners involved (R-SLA-EXT).
  // The page names only the maximum: higher priorities get the console default share of it.
  reactionTimes: [{ tariff: '*', minutes: priorityMinutesFrom(24 * 60), includesWeekends: false }],
  // seed 004: a terminal bought with other equipment is supported by that supplier.
  moneyRedirect: { label: 'Коммерческие вопросы — не в техподдержку; терминал из комплекта оборудования — к его поставщику', phone: null },
  // R-ID-SERIAL, R-TKT-DEDUP, R-TKT-HANDOFF
  wrapUpCodes: ['solved', 'ticket-created', 'no-serial', 'duplicate-linked', 'handed-to-service', 'redirected-supplier'],
};

/** Validated at load: a preset that breaks the schema fails the app's start, not an admin's edit. */
export const DESK_PRESETS: readonly DeskProfile[] = [restaurantIntegrator, internetProvider, saasPlatform, paymentTerminals].map(parseDeskProfile);

export const DEFAULT_PRESET_ID = internetProvider.id;

export function presetById(id: string): DeskProfile | null {
  return DESK_PRESETS.find((p) => p.id === id) ?? null;
}

/**
 * The directory import format (docs/directory-csv.md): header aliases and per-row validation.
 * Everything here runs once per row of million-row files, so parsing is hand-rolled or uses one
 * anchored regex, and the common cases (one phone, no serials) take no extra allocations.
 */
import { normalizePhone } from '../../src-shared/domain/phone';
import { parseRubles } from '../../src-shared/domain/money';
import { contractNoKey } from '../../src-shared/domain/contractNo';
import { normalizeContractNo, surnameOf, validateSerial } from '../../src-shared/domain/identification';
import type { ContractStatus } from '../../src-shared/domain/values';
import { foldText } from '../../src-shared/text/fold';
import { unsafeCharIn, unsafeCharMessage } from '../../src-shared/text/safe';
import { MOSCOW_OFFSET, MOSCOW_OFFSET_MINUTES, moscowIso } from '../../src-shared/worktime/moscow';

export type ColumnKey = 'contractNo' | 'holder' | 'phones' | 'address' | 'balance' | 'balanceAt' | 'debtSince' | 'tariff' | 'status' | 'serials';

type ColumnSpec = { readonly key: ColumnKey; readonly name: string; readonly aliases: readonly string[]; readonly required: boolean; readonly max: number };

/**
 * `name` is the English header, used in messages; aliases are compared after trim + lower case + ё→е.
 * `max`: the longest value accepted (characters, after trimming), generous for real data, so a
 * stray quote or a hostile file cannot store a megabyte in a name.
 */
export const COLUMNS: readonly ColumnSpec[] = [
  { key: 'contractNo', name: 'contract_no', aliases: ['contract_no', 'номер договора', 'договор', 'лицевой счет'], required: true, max: 64 },
  { key: 'holder', name: 'holder', aliases: ['holder', 'фио', 'абонент'], required: true, max: 300 },
  { key: 'phones', name: 'phones', aliases: ['phones', 'телефоны', 'телефон'], required: true, max: 1000 },
  { key: 'address', name: 'address', aliases: ['address', 'адрес'], required: false, max: 500 },
  { key: 'balance', name: 'balance', aliases: ['balance', 'баланс'], required: false, max: 100 },
  { key: 'balanceAt', name: 'balance_at', aliases: ['balance_at', 'дата баланса'], required: false, max: 100 },
  { key: 'debtSince', name: 'debt_since', aliases: ['debt_since', 'долг с', 'задолженность с'], required: false, max: 100 },
  { key: 'tariff', name: 'tariff', aliases: ['tariff', 'тариф'], required: false, max: 200 },
  { key: 'status', name: 'status', aliases: ['status', 'статус'], required: false, max: 100 },
  { key: 'serials', name: 'serials', aliases: ['serials', 'серийные номера', 'серийный номер'], required: false, max: 1000 },
];

/** One validated row, ready for the staging tables. */
export type DirectoryRow = {
  contractNo: string;
  /** contractNoKey(contractNo).digits: the dictated-number key (contracts.contract_key). */
  contractKey: string;
  holderName: string;
  /** surnameOf(holderName): the first word, case and ё folded (contracts.surname_fold). */
  surnameFold: string;
  /** FTS texts of holder name and address (ftsFold). */
  nameFts: string;
  address: string;
  addressFts: string;
  phones: string[];
  balanceKopecks: number | null;
  balanceAt: string | null;
  debtSince: string | null;
  tariff: string;
  status: ContractStatus;
  serials: string[];
};

/** A rejected row; `field` is the column's English name, null for whole-record problems. */
export type RowError = { readonly line: number; readonly field: string | null; readonly message: string };

/** The header row cannot be used (missing or repeated column); names the column. */
export class DirectoryHeaderError extends Error {
  override readonly name = 'DirectoryHeaderError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Index of each known column in the record; -1 when the file has no such column. */
export type ColumnMap = Readonly<Record<ColumnKey, number>> & { readonly width: number };

export function mapHeader(header: readonly string[]): ColumnMap {
  const byAlias = new Map<string, ColumnSpec>();
  for (const spec of COLUMNS) for (const a of spec.aliases) byAlias.set(a, spec);
  const map: Record<ColumnKey, number> = {
    contractNo: -1,
    holder: -1,
    phones: -1,
    address: -1,
    balance: -1,
    balanceAt: -1,
    debtSince: -1,
    tariff: -1,
    status: -1,
    serials: -1,
  };
  header.forEach((raw, i) => {
    // A header folds like a search key (case, ё/е, spaces): «Ф.И.О.  Абонента» finds its alias.
    const spec = byAlias.get(foldText(raw));
    if (!spec) return; // unknown columns are ignored (billing exports carry many more)
    if (map[spec.key] !== -1) {
      throw new DirectoryHeaderError(spec.name, `the header has the column "${spec.name}" twice (columns ${map[spec.key] + 1} and ${i + 1})`);
    }
    map[spec.key] = i;
  });
  for (const spec of COLUMNS) {
    if (spec.required && map[spec.key] === -1) {
      throw new DirectoryHeaderError(
        spec.name,
        `the header has no "${spec.name}" column (accepted names: ${spec.aliases.map((a) => `"${a}"`).join(', ')}); the first line of the file must be the header`,
      );
    }
  }
  return { ...map, width: header.length };
}

const STATUS: ReadonlyMap<string, ContractStatus> = new Map([
  ['active', 'active'],
  ['активен', 'active'],
  ['активный', 'active'],
  ['действует', 'active'],
  ['suspended', 'suspended'],
  ['приостановлен', 'suspended'],
  ['приостановлено', 'suspended'],
  ['closed', 'closed'],
  ['закрыт', 'closed'],
  ['закрыто', 'closed'],
  ['расторгнут', 'closed'],
]);

// Lists of phones or serials: "," ";" "|" or "/" with optional spaces around.
const LIST_SEPARATOR = /[,;|/]/;

function splitList(s: string): string[] {
  if (!LIST_SEPARATOR.test(s)) {
    const t = s.trim();
    return t === '' ? [] : [t];
  }
  const out: string[] = [];
  for (const part of s.split(LIST_SEPARATOR)) {
    const t = part.trim();
    if (t !== '') out.push(t);
  }
  return out;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Value of the digits s[from, to), or -1 if any is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48; // NaN past the end, which fails the test too
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

type DateParts = { y: number; m: number; d: number; end: number };

/** "YYYY-MM-DD" or "D.M.YYYY" / "DD.MM.YYYY" at the start of s; `end` = index after it. */
function datePrefix(s: string): DateParts | null {
  let y: number, m: number, d: number, end: number;
  if (s.length >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    [y, m, d, end] = [digitsAt(s, 0, 4), digitsAt(s, 5, 7), digitsAt(s, 8, 10), 10];
  } else {
    const dot1 = s.indexOf('.');
    const dot2 = dot1 < 0 ? -1 : s.indexOf('.', dot1 + 1);
    if (dot1 < 1 || dot1 > 2 || dot2 - dot1 < 2 || dot2 - dot1 > 3 || s.length < dot2 + 5) return null;
    [d, m, y, end] = [digitsAt(s, 0, dot1), digitsAt(s, dot1 + 1, dot2), digitsAt(s, dot2 + 1, dot2 + 5), dot2 + 5];
  }
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d, end };
}

/** "2026-11-21" or "21.11.2026" → "2026-11-21". Hand-rolled like the rest: it runs per row. */
export function parseDate(s: string): string | null {
  const p = datePrefix(s);
  return p && p.end === s.length ? `${p.y}-${pad2(p.m)}-${pad2(p.d)}` : null;
}

/**
 * Balance snapshot time → ISO instant in Moscow time ("2026-11-21T14:02:00+03:00"). Accepts a
 * date (YYYY-MM-DD or DD.MM.YYYY), optionally followed by "T" or spaces and H:MM[:SS[.fff]],
 * then for ISO input an offset (Z, ±HH:MM, ±HHMM, ±HH). Naive times are Moscow time (UTC+3
 * all year since 2014), so stored values compare and sort as text.
 */
export function parseBalanceAt(s: string): string | null {
  const date = datePrefix(s);
  if (!date) return null;
  const { y, m, d } = date;
  let i = date.end;
  let h = 0,
    mi = 0,
    sec = 0,
    offset = MOSCOW_OFFSET_MINUTES;
  if (i < s.length) {
    const sep = s.charCodeAt(i);
    if (sep === 84 || sep === 116)
      i++; // T t
    else if (sep === 32 || sep === 44)
      while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 44)) i++; // spaces, "21.11.2026, 14:02"
    else return null;
    const colon = s.indexOf(':', i);
    if (colon - i < 1 || colon - i > 2) return null;
    h = digitsAt(s, i, colon);
    mi = digitsAt(s, colon + 1, colon + 3);
    i = colon + 3;
    if (s.charCodeAt(i) === 58) {
      sec = digitsAt(s, i + 1, i + 3);
      i += 3;
      if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
        const from = ++i;
        while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
        if (i === from) return null;
      }
    }
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return null;
    if (i < s.length) {
      const tz = s.slice(i).trim();
      if (tz === 'Z' || tz === 'z') offset = 0;
      else {
        const sign = tz.charCodeAt(0) === 43 ? 1 : tz.charCodeAt(0) === 45 ? -1 : 0;
        const hh = digitsAt(tz, 1, 3);
        const rest = tz.charCodeAt(3) === 58 ? tz.slice(4) : tz.slice(3);
        const mm = rest === '' ? 0 : rest.length === 2 ? digitsAt(rest, 0, 2) : -1;
        if (sign === 0 || tz.length < 3 || hh < 0 || hh > 14 || mm < 0 || mm > 59) return null;
        offset = sign * (hh * 60 + mm);
      }
    }
  }
  // The common case (a naive Moscow time) is written from its own digits: this runs once per row of
  // a million-row import, and needs no Date.
  if (offset === MOSCOW_OFFSET_MINUTES) return `${y}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(sec)}${MOSCOW_OFFSET}`;
  return moscowIso(Date.UTC(y, m - 1, d, h, mi, sec) - offset * 60_000);
}

/**
 * Text for the FTS index: ё → е. Case needs no folding here: the unicode61 tokenizer lower-cases
 * every letter itself, and queries go through foldText, so both sides end up as the same tokens.
 * (foldText's toLowerCase costs ~1.8 µs on an address, ~2 s per million rows.)
 */
export function ftsFold(s: string): string {
  return s.includes('ё') || s.includes('Ё') ? s.replace(/[ёЁ]/g, 'е') : s;
}

const DASH_LIKE = /[-\u2010-\u2015\u2212]/;

/**
 * surnameOf(holderName), computed on the first word only when that is certainly the whole
 * surname (no dash next to the first space, which "Петрова - Водкина" would have): the same
 * result at a third of the cost.
 */
export function holderSurname(holderName: string): string {
  const sp = holderName.indexOf(' ');
  if (sp < 0) return surnameOf(holderName);
  const around = holderName.slice(Math.max(0, sp - 1), sp + 2);
  return DASH_LIKE.test(around) ? surnameOf(holderName) : surnameOf(holderName.slice(0, sp));
}

/** Collapses whitespace runs (and tabs, newlines, NBSP) to one space; no work for clean text. */
function collapseSpaces(s: string): string {
  return s.includes('  ') || /[\t\n\r\u00a0]/.test(s) ? s.replace(/\s+/g, ' ') : s;
}

const show = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

export type RowResult = { readonly ok: true; readonly row: DirectoryRow } | { readonly ok: false; readonly error: RowError };

/**
 * A text value that a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with
 * `=`, `@`, `+` or `-`. Values made only of dashes ("-", "--": what exports write for "none") stay
 * allowed; leading TAB/CR/LF never reach this check (values are trimmed first). Applied to the
 * free-text columns that are stored as written (contract_no, holder, address, tariff): names,
 * addresses, tariffs and contract numbers never legitimately start like that, and these values go
 * on to reports and exports that open in Excel. Columns with a format (phones, amounts, dates,
 * serials, status) are parsed and refuse such text anyway.
 */
export function looksLikeFormula(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c === 61 || c === 64) return true; // = @
  if (c !== 43 && c !== 45) return false; // + -
  return !/^-+$/.test(s);
}

const FORMULA_FIELDS: ReadonlySet<ColumnKey> = new Set(['contractNo', 'holder', 'address', 'tariff']);

/** Validates one data record against the mapped header. */
export function parseRow(line: number, fields: readonly string[], map: ColumnMap): RowResult {
  const fail = (field: string | null, message: string): RowResult => ({ ok: false, error: { line, field, message } });
  if (fields.length !== map.width) {
    return fail(null, `the record has ${fields.length} fields, the header has ${map.width} (an unquoted delimiter inside a value, or a missing one?)`);
  }
  const get = (i: number): string => (i < 0 ? '' : (fields[i] as string).trim());
  // Every column the directory reads refuses control and text-direction characters (NUL, bidi
  // overrides: a name or a phone that displays as something it is not). Line breaks and tabs
  // inside a quoted value are allowed here: text columns collapse them to a space, the others
  // refuse them by their format.
  for (const spec of COLUMNS) {
    const i = map[spec.key];
    if (i < 0) continue;
    const value = get(i);
    if (value.length > spec.max) return fail(spec.name, `the value is ${value.length} characters long; at most ${spec.max} are accepted in this column`);
    const bad = unsafeCharIn(value, { multiline: true });
    if (bad !== null) return fail(spec.name, unsafeCharMessage(bad));
    if (FORMULA_FIELDS.has(spec.key) && looksLikeFormula(value)) {
      return fail(spec.name, `${show(value)} starts like a spreadsheet formula (=, @, + or -): such text is refused in this column`);
    }
  }

  const contractNo = normalizeContractNo(get(map.contractNo));
  if (contractNo === '') return fail('contract_no', 'the contract number is empty');
  const holderName = collapseSpaces(get(map.holder));
  if (holderName === '') return fail('holder', 'the holder name is empty');

  const phones: string[] = [];
  for (const p of splitList(get(map.phones))) {
    const r = normalizePhone(p);
    if (!r.ok) return fail('phones', `${show(p)} is not a valid phone number`);
    if (!phones.includes(r.e164)) phones.push(r.e164);
  }

  let balanceKopecks: number | null = null;
  const balanceText = get(map.balance);
  if (balanceText !== '') {
    const r = parseRubles(balanceText);
    if (!r.ok) return fail('balance', `${show(balanceText)} is not an amount in rubles (expected e.g. 1234.56 or -1 234,56)`);
    balanceKopecks = r.kopecks;
  }

  let balanceAt: string | null = null;
  const balanceAtText = get(map.balanceAt);
  if (balanceAtText !== '') {
    balanceAt = parseBalanceAt(balanceAtText);
    if (balanceAt === null) {
      return fail(
        'balance_at',
        `${show(balanceAtText)} is not a date and time (expected e.g. 2026-11-21T14:02:00+03:00, 2026-11-21 14:02 or 21.11.2026 14:02)`,
      );
    }
  }

  let debtSince: string | null = null;
  const debtText = get(map.debtSince);
  if (debtText !== '') {
    debtSince = parseDate(debtText);
    if (debtSince === null) return fail('debt_since', `${show(debtText)} is not a date (expected e.g. 2026-11-21 or 21.11.2026)`);
  }

  let status: ContractStatus = 'active';
  const statusText = get(map.status);
  if (statusText !== '') {
    const s = STATUS.get(statusText.toLowerCase());
    if (!s) return fail('status', `${show(statusText)} is not a status (expected active, suspended, closed or активен, приостановлен, закрыт)`);
    status = s;
  }

  const serials: string[] = [];
  for (const s of splitList(get(map.serials))) {
    const r = validateSerial(s);
    if (!r.ok) return fail('serials', `${show(s)} is not a 12-digit serial number (it has ${r.digits} digits)`);
    if (!serials.includes(r.serial)) serials.push(r.serial);
  }

  const address = collapseSpaces(get(map.address));
  return {
    ok: true,
    row: {
      contractNo,
      contractKey: contractNoKey(contractNo).digits,
      holderName,
      surnameFold: holderSurname(holderName),
      nameFts: ftsFold(holderName),
      address,
      addressFts: ftsFold(address),
      phones,
      balanceKopecks,
      balanceAt,
      debtSince,
      tariff: get(map.tariff),
      status,
      serials,
    },
  };
}

import { contractNoKey, contractNoMatches } from './contractNo';
import { normalizePhone } from './phone';
import { foldText } from '../text/fold';

/**
 * Caller identification: what the operator typed into the search box, the 12-digit serial of
 * equipment desks (R-ID-SERIAL) and the contract + surname check (R-ID-CONTRACT).
 */

export type SearchQuery =
  | { readonly kind: 'empty' }
  | { readonly kind: 'phone'; readonly e164: string }
  | { readonly kind: 'serial'; readonly serial: string }
  | { readonly kind: 'serial-invalid'; readonly digits: number }
  | { readonly kind: 'contract'; readonly contractNo: string }
  // 7 digits typed like a phone: the local part of a number (or a contract number: both are searched)
  | { readonly kind: 'phone-tail'; readonly tail: string; readonly contractNo: string }
  // A Russian phone with a digit missing («903 969 144»): said so instead of «nothing found»,
  // after a contract number with these digits has been looked for.
  | { readonly kind: 'phone-incomplete'; readonly digits: number; readonly contractNo: string }
  | { readonly kind: 'surname'; readonly prefix: string };

export type SerialResult = { readonly ok: true; readonly serial: string } | { readonly ok: false; readonly digits: number };

export type ContractVerification =
  { readonly verified: true } | { readonly verified: false; readonly reason: 'missing-input' | 'contract-not-found' | 'surname-mismatch' };

/** R-ID-SERIAL: terminal serial numbers have exactly this many digits (seed 004). */
export const SERIAL_DIGITS = 12;

// Hyphen-like characters that Excel autocorrect and keyboards produce in place of "-":
// U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash, U+2013 en dash,
// U+2014 em dash, U+2015 horizontal bar, U+2212 minus sign.
const DASHES = /[\u2010-\u2015\u2212]/g;
const WHITESPACE = /\s+/g;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSeparator(c: number): boolean {
  // space, tab, NBSP, narrow NBSP, "-" and its look-alikes (see DASHES)
  return c === 32 || c === 9 || c === 0xa0 || c === 0x202f || c === 45 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212;
}

/**
 * Digits of a "digits with spaces/dashes between groups" string, or null when the input has
 * other characters or starts/ends with a separator. Shared by the serial grammar.
 */
function groupedDigits(s: string): string | null {
  if (s === '' || !isDigit(s.charCodeAt(0)) || !isDigit(s.charCodeAt(s.length - 1))) return null;
  let digits = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) digits += s[i];
    else if (!isSeparator(c)) return null;
  }
  return digits;
}

// Characters people type around a phone number (as in ./phone.ts).
const PHONE_CHARS = /^[\d\s()+\-.\u2010-\u2015\u2212]+$/;
/** Digits of a local phone number people dictate without the area code (R-ID-PHONE); never starting with 0. */
export const PHONE_TAIL_DIGITS = 7;
/** A Russian national number has this many digits after +7 / 8. */
const RU_NATIONAL_DIGITS = 10;

/**
 * How many national digits a phone-looking input has when it is one short of a Russian number
 * («903 969 144», «+7 903 969 144», «8 903 969-14-4»), else null.
 */
function incompletePhoneDigits(s: string, digits: string): number | null {
  if (!PHONE_CHARS.test(s)) return null;
  let national = digits;
  if (s.startsWith('+7') || (digits.length === RU_NATIONAL_DIGITS && (digits[0] === '8' || digits[0] === '7'))) national = digits.slice(1);
  if (national.length !== RU_NATIONAL_DIGITS - 1 || !/^[3489]/.test(national)) return null;
  return national.length;
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) n++;
  return n;
}

/**
 * R-ID-SERIAL: exactly 12 digits, optionally grouped with spaces or dashes ("1234 5678 9012",
 * "1234-5678-9012"). On failure `digits` is how many digits were typed, so the panel can say
 * "the serial has 12 digits, you typed 11".
 */
export function validateSerial(input: string): SerialResult {
  const trimmed = input.trim();
  const digits = groupedDigits(trimmed);
  if (digits !== null && digits.length === SERIAL_DIGITS) return { ok: true, serial: digits };
  return { ok: false, digits: digits === null ? countDigits(trimmed) : digits.length };
}

/**
 * Canonical contract number for lookups and for the importer ("д - 000123" → "Д-000123"):
 * whitespace removed, dash variants unified to "-", upper case. Both sides of every comparison
 * go through this, so a number typed with an en dash still finds its contract.
 */
export function normalizeContractNo(s: string): string {
  return s.replace(WHITESPACE, '').replace(DASHES, '-').toUpperCase();
}

/**
 * What the operator's search text is. Order matters:
 * 1. 12 digits grouped only by spaces/dashes is a serial (R-ID-SERIAL), even though some
 *    12-digit strings would parse as foreign phone numbers: on an equipment desk the serial is
 *    what gets typed. A "+" in front ("+380 44 …") makes it a phone again.
 * 2. A phone number in any usual Russian form (R-ID-PHONE): "+7 903 969-14-45",
 *    "8 (903) 9691445", "89039691445", "9039691445".
 * 3. 11 or 13 digits in the serial grammar that are not a phone: a mistyped serial.
 * 4. Anything else with a digit: a contract number ("Д-000123", "0012345", "ИН-2024/0153").
 * 5. No digit: a surname prefix, folded (case, ё/е) the way holder names are indexed.
 *    Punctuation alone ("+", "--") is not a search.
 */
export function classifyQuery(input: string): SearchQuery {
  const trimmed = input.trim();
  if (trimmed === '') return { kind: 'empty' };
  const digitCount = countDigits(trimmed);
  if (digitCount === 0) {
    const prefix = foldText(trimmed);
    return /\p{L}/u.test(prefix) ? { kind: 'surname', prefix } : { kind: 'empty' };
  }
  const grouped = groupedDigits(trimmed);
  if (grouped !== null && grouped.length === SERIAL_DIGITS) return { kind: 'serial', serial: grouped };
  // normalizePhone itself rejects anything but digits, spaces and ( ) + - .
  const phone = normalizePhone(trimmed);
  if (phone.ok) return { kind: 'phone', e164: phone.e164 };
  if (grouped !== null && (grouped.length === SERIAL_DIGITS - 1 || grouped.length === SERIAL_DIGITS + 1)) {
    return { kind: 'serial-invalid', digits: grouped.length };
  }
  const contractNo = normalizeContractNo(trimmed);
  if (PHONE_CHARS.test(trimmed) && !trimmed.startsWith('+')) {
    const digits = trimmed.replace(/\D/g, '');
    if (digits.length === PHONE_TAIL_DIGITS && digits[0] !== '0') return { kind: 'phone-tail', tail: digits, contractNo };
  }
  const missing = incompletePhoneDigits(trimmed, trimmed.replace(/\D/g, ''));
  if (missing !== null) return { kind: 'phone-incomplete', digits: missing, contractNo };
  return { kind: 'contract', contractNo };
}

/**
 * Folded surname for comparison: foldText (case, ё→е, spaces), dash variants unified and spaces
 * around hyphens dropped, so "Петрова – Водкина" equals "петрова-водкина" as one whole word.
 */
function foldSurname(s: string): string {
  return foldText(s.replace(DASHES, '-')).replace(/ ?- ?/g, '-');
}

/**
 * Surname of a holder name in Russian order "Фамилия Имя Отчество": the first word, folded.
 * A hyphenated double surname stays whole ("Петрова-Водкина Анна" → "петрова-водкина").
 */
export function surnameOf(holderName: string): string {
  const folded = foldSurname(holderName);
  const space = folded.indexOf(' ');
  return space < 0 ? folded : folded.slice(0, space);
}

/**
 * R-ID-CONTRACT: phone support needs the contract number and the holder's surname, and both
 * must match the directory. `found` is the directory row looked up by the typed number (null if
 * none). If the operator typed the full name, its first word is taken as the surname; a part of
 * a double surname ("Петрова" for "Петрова-Водкина") does not match.
 */
export function verifyContract(
  found: { readonly contractNo: string; readonly holderName: string } | null,
  input: { readonly contractNo: string; readonly surname: string },
): ContractVerification {
  const contractNo = normalizeContractNo(input.contractNo);
  const surname = surnameOf(input.surname);
  if (contractNo === '' || surname === '') return { verified: false, reason: 'missing-input' };
  if (found === null || !sameContractNo(input.contractNo, found.contractNo)) return { verified: false, reason: 'contract-not-found' };
  if (surnameOf(found.holderName) !== surname) return { verified: false, reason: 'surname-mismatch' };
  return { verified: true };
}

/**
 * Whether the typed number names this contract: by its key (src-shared/domain/contractNo.ts:
 * «6», «д6», «D-000006» all name «Д-000006»), or, for a number without digits, exactly.
 */
export function sameContractNo(typed: string, contractNo: string): boolean {
  const key = contractNoKey(typed);
  return key.digits === '' ? normalizeContractNo(typed) === normalizeContractNo(contractNo) : contractNoMatches(key, contractNo);
}

/**
 * R-ID-CONTRACT over every contract the typed number may name (a bare «6» may be «Д-000006» and
 * «ИН-000006»): verified when one of them has the named surname, which is then the caller's.
 */
export function verifyAmong<T extends { readonly contractNo: string; readonly holderName: string }>(
  candidates: readonly T[],
  input: { readonly contractNo: string; readonly surname: string },
):
  | { readonly verified: true; readonly contract: T }
  | { readonly verified: false; readonly reason: 'missing-input' | 'contract-not-found' | 'surname-mismatch' } {
  let reason: 'missing-input' | 'contract-not-found' | 'surname-mismatch' = 'contract-not-found';
  for (const c of candidates) {
    const v = verifyContract(c, input);
    if (v.verified) return { verified: true, contract: c };
    if (v.reason !== 'contract-not-found') reason = v.reason;
  }
  if (candidates.length === 0) {
    const v = verifyContract(null, input);
    return { verified: false, reason: v.verified ? 'contract-not-found' : v.reason };
  }
  return { verified: false, reason };
}

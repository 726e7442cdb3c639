/**
 * Money in whole kopecks (integers), formatted and parsed by hand with integer arithmetic so the
 * output is byte-identical in Node, Electron and every Chromium, whatever ICU they ship.
 *
 * Separators: the thousands separator and the space before "₽" are U+00A0 NO-BREAK SPACE. It is
 * what Intl's ru-RU currency format produces (so strings compare equal to it), it renders in
 * every UI font (U+202F is missing from some older ones) and it keeps "1 234,56 ₽" on one line.
 * Negative amounts use U+2212 MINUS SIGN, the typographic minus of Russian texts.
 */
import type { Locale } from './values';

const NBSP = '\u00A0';
const MINUS = '\u2212';
const RUB = '\u20BD';

export type MoneyLocale = Locale;

function groupDigits(digits: string, sep: string): string {
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += sep + digits.slice(i, i + 3);
  return out;
}

/** 123456 → "1 234,56 ₽" (ru) or "1,234.56 ₽" (en); −123456 → "−1 234,56 ₽". */
export function formatRub(kopecks: number, locale: MoneyLocale = 'ru'): string {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`formatRub: kopecks must be a safe integer, got ${kopecks}`);
  const abs = Math.abs(kopecks);
  const kop = abs % 100;
  const rub = (abs - kop) / 100; // exact: abs - kop is a multiple of 100 below 2^53
  const group = locale === 'ru' ? NBSP : ',';
  const decimal = locale === 'ru' ? ',' : '.';
  return `${kopecks < 0 ? MINUS : ''}${groupDigits(String(rub), group)}${decimal}${kop < 10 ? '0' : ''}${kop}${NBSP}${RUB}`;
}

export type ParseRublesResult = { readonly ok: true; readonly kopecks: number } | { readonly ok: false };

const FAIL: ParseRublesResult = Object.freeze({ ok: false });
// 14 integer digits keep kopecks below Number.MAX_SAFE_INTEGER (9 007 199 254 740 991).
const MAX_INT_DIGITS = 14;

function isSpace(c: number): boolean {
  // space, tab, NBSP, narrow NBSP, thin space: what billing exports and Excel put in numbers
  return c === 32 || c === 9 || c === 0xa0 || c === 0x202f || c === 0x2009;
}

/**
 * Parses an amount in rubles as billing exports write it: "1234.56", "1234,56", "-1 234,56",
 * "1 234", "−15,5", "+7", optionally followed by "₽". Thousands separators are spaces (incl.
 * NBSP, U+202F) between groups of exactly three digits; the decimal separator is "," or "." with
 * one or two digits after it. Anything else fails: "1,234" (three decimals: a thousands comma
 * cannot be told from a decimal one, so it is not guessed), "12 34", "1.234,56", letters.
 * One linear pass over the characters, no regex: it runs per row of million-row imports.
 */
export function parseRubles(text: string): ParseRublesResult {
  let i = 0;
  let end = text.length;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > i && text.charCodeAt(end - 1) === 0x20bd) {
    end--;
    while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  }
  if (i === end) return FAIL;

  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 || first === 0x2212) {
    negative = true;
    i++;
  } else if (first === 43) {
    i++;
  }

  let rubles = 0;
  let intDigits = 0;
  let groupLen = 0;
  let grouped = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      rubles = rubles * 10 + (c - 48);
      groupLen++;
      if (++intDigits > MAX_INT_DIGITS) return FAIL;
    } else if (isSpace(c)) {
      // A separator closes a group: the first group has 1–3 digits, later ones exactly 3.
      if (groupLen === 0 || (grouped ? groupLen !== 3 : groupLen > 3)) return FAIL;
      grouped = true;
      groupLen = 0;
    } else {
      break;
    }
  }
  if (groupLen === 0 || (grouped && groupLen !== 3)) return FAIL;

  let kopecks = 0;
  if (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 44 && c !== 46) return FAIL;
    const fracDigits = end - i - 1;
    if (fracDigits < 1 || fracDigits > 2) return FAIL;
    for (let j = i + 1; j < end; j++) {
      const d = text.charCodeAt(j) - 48;
      if (d < 0 || d > 9) return FAIL;
      kopecks = kopecks * 10 + d;
    }
    if (fracDigits === 1) kopecks *= 10;
  }

  const total = rubles * 100 + kopecks;
  if (!Number.isSafeInteger(total)) return FAIL;
  return { ok: true, kopecks: negative && total !== 0 ? -total : total };
}

import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export type PhoneResult = { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly reason: 'empty' | 'invalid' };

const NON_DIGIT = /\D/g;
// Russian numbers: after +7 the national significant number starts with 3, 4, 8 or 9 (geographic,
// non-geographic and mobile ranges); libphonenumber-js agrees for these ten-digit forms.
const RU_NSN = /^[3489]\d{9}$/;
// Characters people type around a phone number; anything else (letters) means "not a phone".
const PHONE_CHARS = /^[\d\s()+\-.]+$/;

/**
 * Normalizes a phone number typed or exported in any usual Russian form to E.164:
 * "+7 903 969-14-45", "8 (903) 9691445", "9039691445", "7-903-969-14-45".
 * The digits-only fast path covers the common +7 / 8 / ten-digit forms (~0.2 µs); everything else
 * (other countries, odd prefixes) goes through libphonenumber-js (~8 µs), see TOOLCHAIN.md.
 */
export function normalizePhone(input: string): PhoneResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (!PHONE_CHARS.test(trimmed)) return { ok: false, reason: 'invalid' };
  const digits = trimmed.replace(NON_DIGIT, '');
  const plus = trimmed.startsWith('+');
  let nsn: string | null = null;
  if (digits.length === 11 && (digits[0] === '7' || (digits[0] === '8' && !plus))) nsn = digits.slice(1);
  else if (digits.length === 10 && !plus) nsn = digits;
  if (nsn !== null && RU_NSN.test(nsn)) return { ok: true, e164: `+7${nsn}` };
  // Without «+» the number is Russian (ten digits) or dialled abroad through 8-10: fewer digits
  // are neither. The search asks this of every 7-digit phone tail («969-14-45»): no 8 µs parse.
  if (!plus && digits.length < 10) return { ok: false, reason: 'invalid' };
  const parsed = parsePhoneNumberFromString(trimmed, 'RU');
  if (parsed && parsed.isValid()) return { ok: true, e164: parsed.number };
  return { ok: false, reason: 'invalid' };
}

/** "+79039691445" → "+7 903 969-14-45"; other countries in international format. */
export function formatPhone(e164: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  if (m) return `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}`;
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}

import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { formatPhone, normalizePhone } from '../../../src-shared/domain/phone';
import { mulberry32 } from '../../../src-shared/random';

const FORMATS: readonly ((a: string, b: string, c: string, d: string) => string)[] = [
  (a, b, c, d) => `+7 ${a} ${b}-${c}-${d}`,
  (a, b, c, d) => `8 (${a}) ${b}${c}${d}`,
  (a, b, c, d) => `${a}${b}${c}${d}`,
  (a, b, c, d) => `7-${a}-${b}-${c}-${d}`,
  (a, b, c, d) => `+7(${a})${b}.${c}.${d}`,
  (a, b, c, d) => `8${a}${b}${c}${d}`,
  (a, b, c, d) => ` +7 (${a}) ${b} ${c} ${d} `,
  (a, b, c, d) => `8-${a}-${b}${c}-${d}`,
];

/** The reference: libphonenumber-js alone, as normalizePhone's slow path uses it. */
function reference(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), 'RU');
  return parsed && parsed.isValid() ? parsed.number : null;
}

describe('normalizePhone (R-ID-PHONE)', () => {
  it('R-ID-PHONE: the three forms from the issue give the same E.164', () => {
    for (const input of ['+7 903 969-14-45', '8 (903) 9691445', '9039691445']) {
      expect(normalizePhone(input)).toEqual({ ok: true, e164: '+79039691445' });
    }
    expect(normalizePhone('89039691445')).toEqual({ ok: true, e164: '+79039691445' });
    expect(normalizePhone('(499) 245 6777')).toEqual({ ok: true, e164: '+74992456777' });
  });

  it('R-ID-PHONE: fast path agrees with libphonenumber-js on 2,000 generated numbers of mixed formats', () => {
    const rnd = mulberry32(20261123); /* deterministic: a failure reproduces */
    let russian = 0;
    for (let i = 0; i < 2000; i++) {
      // mostly Russian ranges (3, 4, 8, 9), some others (Kazakhstan 7xx, invalid 0/1/2/5/6)
      const first = rnd() < 0.8 ? '3489'[Math.floor(rnd() * 4)] : String(Math.floor(rnd() * 10));
      const nsn = `${first}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`;
      const format = FORMATS[i % FORMATS.length];
      if (!format) throw new Error('format table empty');
      const input = format(nsn.slice(0, 3), nsn.slice(3, 6), nsn.slice(6, 8), nsn.slice(8, 10));
      const got = normalizePhone(input);
      const expected = reference(input);
      expect(got, input).toEqual(expected === null ? { ok: false, reason: 'invalid' } : { ok: true, e164: expected });
      if ('3489'.includes(nsn[0] ?? '')) {
        russian++;
        expect(got, input).toEqual({ ok: true, e164: `+7${nsn}` });
      }
    }
    expect(russian).toBeGreaterThan(1500);
  });

  it('R-ID-PHONE: garbage and empty input are rejected with a reason', () => {
    expect(normalizePhone('')).toEqual({ ok: false, reason: 'empty' });
    expect(normalizePhone('   ')).toEqual({ ok: false, reason: 'empty' });
    for (const input of ['abc', 'Иванов', '+7 903 969-14-4', '12345', '903-969-14-45x', '+7 (012) 345-67-89', '0123456789', 'Д-000123']) {
      expect(normalizePhone(input), input).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('R-ID-PHONE: formatPhone renders Russian numbers as +7 903 969-14-45', () => {
    expect(formatPhone('+79039691445')).toBe('+7 903 969-14-45');
    expect(formatPhone('+77011234567')).toBe('+7 701 123-45-67');
  });
});

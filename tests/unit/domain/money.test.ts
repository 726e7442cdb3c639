import { describe, expect, it } from 'vitest';
import { formatRub, parseRubles } from '../../../src-shared/domain/money';

const NB = '\u00A0';
const MINUS = '\u2212';

describe('formatRub (UX: money in Russian format)', () => {
  it('R-BAL-POSITIVE: balance shows as "1 234,56 ₽" with no-break spaces', () => {
    expect(formatRub(123456)).toBe(`1${NB}234,56${NB}₽`);
    expect(formatRub(0)).toBe(`0,00${NB}₽`);
    expect(formatRub(5)).toBe(`0,05${NB}₽`);
    expect(formatRub(100)).toBe(`1,00${NB}₽`);
    expect(formatRub(99999)).toBe(`999,99${NB}₽`);
    expect(formatRub(100000)).toBe(`1${NB}000,00${NB}₽`);
    expect(formatRub(123456789012)).toBe(`1${NB}234${NB}567${NB}890,12${NB}₽`);
  });

  it('R-BAL-POSITIVE: a negative balance uses the minus sign U+2212', () => {
    expect(formatRub(-123456)).toBe(`${MINUS}1${NB}234,56${NB}₽`);
    expect(formatRub(-1)).toBe(`${MINUS}0,01${NB}₽`);
    expect(formatRub(-0)).toBe(`0,00${NB}₽`);
  });

  it('R-BAL-POSITIVE: English locale groups with commas and a decimal point', () => {
    expect(formatRub(123456, 'en')).toBe(`1,234.56${NB}₽`);
    expect(formatRub(-100000050, 'en')).toBe(`${MINUS}1,000,000.50${NB}₽`);
  });

  it('R-BAL-POSITIVE: matches Intl ru-RU currency output digit for digit (apart from the minus sign)', () => {
    const intl = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB' });
    for (const k of [0, 7, 1050, 123456, 99999999, 100000000, 4503599627370495]) {
      expect(formatRub(k), String(k)).toBe(intl.format(k / 100));
    }
    expect(formatRub(Number.MAX_SAFE_INTEGER)).toBe(`90${NB}071${NB}992${NB}547${NB}409,91${NB}₽`);
  });

  it('R-BAL-POSITIVE: refuses non-integer kopecks instead of rounding them', () => {
    expect(() => formatRub(12.5)).toThrow(RangeError);
    expect(() => formatRub(Number.NaN)).toThrow(RangeError);
    expect(() => formatRub(2 ** 53)).toThrow(RangeError);
  });
});

describe('parseRubles (billing import)', () => {
  const ok = (kopecks: number) => ({ ok: true, kopecks });

  it('R-BAL-POSITIVE: accepts the forms billing exports use', () => {
    expect(parseRubles('1234.56')).toEqual(ok(123456));
    expect(parseRubles('1234,56')).toEqual(ok(123456));
    expect(parseRubles('-1 234,56')).toEqual(ok(-123456));
    expect(parseRubles('1 234')).toEqual(ok(123400));
    expect(parseRubles('−15,5')).toEqual(ok(-1550));
    expect(parseRubles(`12${NB}345${NB}678,9`)).toEqual(ok(1234567890));
    expect(parseRubles('1\u202F000.01')).toEqual(ok(100001));
    expect(parseRubles('  +7 ')).toEqual(ok(700));
    expect(parseRubles('0,01')).toEqual(ok(1));
    expect(parseRubles('-0,00')).toEqual(ok(0));
    expect(Object.is((parseRubles('-0') as { kopecks: number }).kopecks, 0)).toBe(true);
  });

  it('R-BAL-POSITIVE: round-trips its own formatted output', () => {
    for (const k of [0, 1, -1, 99, 100, 123456, -123456, 100000000000, -987654321012]) {
      expect(parseRubles(formatRub(k))).toEqual(ok(k));
      expect(parseRubles(formatRub(k).replace(`${NB}₽`, ''))).toEqual(ok(k));
    }
  });

  it('R-BAL-POSITIVE: rejects garbage, ambiguous separators and more than 2 decimals', () => {
    for (const bad of [
      '',
      '   ',
      'abc',
      '12a',
      '1,234',
      '1.234',
      '1,2,3',
      '1.234,56',
      '1,234.56',
      '12 34',
      '1 2345',
      '1  234',
      ' 1 234 ,5',
      '1234.',
      '1234,',
      ',5',
      '.50',
      '--5',
      '- 5',
      '5-',
      '1 234,567',
      '₽',
      '1e5',
      '0x10',
      'NaN',
      'Infinity',
      '(123,45)',
      '123456789012345', // 15 integer digits: beyond safe kopecks
    ]) {
      expect(parseRubles(bad), JSON.stringify(bad)).toEqual({ ok: false });
    }
  });

  it('R-BAL-POSITIVE: handles the largest safe amounts without floating error', () => {
    expect(parseRubles('90 071 992 547 409,91')).toEqual(ok(Number.MAX_SAFE_INTEGER));
    expect(parseRubles('90 071 992 547 409,92')).toEqual({ ok: false });
    expect(parseRubles('0.29')).toEqual(ok(29)); // 0.29 * 100 would be 28.999999999999996
    expect(parseRubles('1.15')).toEqual(ok(115));
  });

  it("R-BAL-POSITIVE: parses 200,000 import values correctly (their speed is bench:directory's import figure)", () => {
    const values: string[] = [];
    let expected = 0;
    for (let i = 0; i < 200_000; i++) {
      const thousands = (i * 7919) % 1000,
        units = i % 1000,
        kop = i % 100,
        sign = i % 2 ? -1 : 1;
      values.push(`${sign < 0 ? '-' : ''}${thousands} ${String(units).padStart(3, '0')},${String(kop).padStart(2, '0')}`);
      expected += sign * ((thousands * 1000 + units) * 100 + kop);
    }
    let sum = 0;
    for (const v of values) {
      const r = parseRubles(v);
      if (!r.ok) throw new Error(`rejected ${v}`);
      sum += r.kopecks;
    }
    expect(sum).toBe(expected);
  });
});

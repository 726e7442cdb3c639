import { describe, expect, it } from 'vitest';
import { safeLine, safeText, stripUnsafeChars, unsafeCharIn } from '../../../src-shared/text/safe';

describe('text from outside refuses control and text-direction characters', () => {
  it('accepts ordinary Russian and English text, punctuation and emoji', () => {
    for (const s of ['Иванов Иван Петрович', 'ул. Тверская, д. 7, кв. 12', '+7 (903) 969-14-45', 'Ёлкин-Палкин', 'ok 👍', '']) {
      expect(unsafeCharIn(s)).toBeNull();
      expect(safeLine(200).safeParse(s).success).toBe(true);
    }
  });

  it('names the first bad character as U+XXXX', () => {
    expect(unsafeCharIn('ab\u0000c')).toBe('U+0000');
    expect(unsafeCharIn('Иванов\u202Eвонави')).toBe('U+202E');
    expect(unsafeCharIn('x\u2066y')).toBe('U+2066');
    expect(unsafeCharIn('a\u007fb')).toBe('U+007F');
    expect(unsafeCharIn('a\u0085b')).toBe('U+0085');
    expect(unsafeCharIn('a\ud800b')).toBe('U+D800');
    expect(unsafeCharIn('a\ufeffb')).toBe('U+FEFF');
  });

  it('a single line refuses line breaks and tabs; free text keeps them', () => {
    expect(unsafeCharIn('a\nb')).toBe('U+000A');
    expect(unsafeCharIn('a\tb')).toBe('U+0009');
    expect(unsafeCharIn('a\r\nb\tc', { multiline: true })).toBeNull();
    expect(unsafeCharIn('a\nb\u0000', { multiline: true })).toBe('U+0000');
    expect(safeText(100).safeParse('строка 1\nстрока 2').success).toBe(true);
    expect(safeLine(100).safeParse('строка 1\nстрока 2').success).toBe(false);
  });

  it('the zod builders give a message naming the character and keep the length limit', () => {
    const r = safeLine(10).safeParse('a\u202Eb');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('U+202E');
    expect(safeLine(3).safeParse('abcd').success).toBe(false);
  });

  it('strip removes exactly what is refused', () => {
    expect(stripUnsafeChars('"Ива\u0007нов\u202E" <sip:x@y>')).toBe('"Иванов" <sip:x@y>');
    expect(stripUnsafeChars('a\nb', { multiline: true })).toBe('a\nb');
  });
});

import { describe, expect, it } from 'vitest';
import { foldText } from '../../../src-shared/text/fold';

describe('foldText (R-ID-CONTRACT search keys)', () => {
  it('R-ID-CONTRACT: lower-cases and reads ё as е', () => {
    expect(foldText('Семёнов')).toBe('семенов');
    expect(foldText('СЕМЁНОВ')).toBe('семенов');
    expect(foldText('Фёдор Ёлкин')).toBe('федор елкин');
  });

  it('R-ID-CONTRACT: collapses and trims whitespace, including tabs and no-break spaces', () => {
    expect(foldText('  Иванов \t Иван\u00A0\u00A0Иванович  ')).toBe('иванов иван иванович');
    expect(foldText('')).toBe('');
    expect(foldText(' \n ')).toBe('');
  });

  it('R-ID-CONTRACT: keeps hyphens and Latin letters as they are (only case folded)', () => {
    expect(foldText('Петрова-Водкина')).toBe('петрова-водкина');
    expect(foldText('OOO Ромашка')).toBe('ooo ромашка');
  });

  it('R-ID-CONTRACT: both sides of a comparison fold to the same key', () => {
    expect(foldText('ЕРЁМИН  Пётр')).toBe(foldText('еремин петр'));
    expect(foldText('Ерёмин')).not.toBe(foldText('Еремина'));
  });
});

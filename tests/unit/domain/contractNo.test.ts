import { describe, expect, it } from 'vitest';
import { contractNoKey, contractNoMatches } from '../../../src-shared/domain/contractNo';
import { sameContractNo, verifyAmong } from '../../../src-shared/domain/identification';

describe('contractNoKey: a contract number as people dictate it (R-ID-CONTRACT)', () => {
  it('drops leading zeros and separators, reads Latin look-alikes and dictated letters as Cyrillic', () => {
    expect(contractNoKey('Д-000006')).toEqual({ digits: '6', letters: 'Д' });
    for (const typed of ['000006', '6', ' 06 ']) expect(contractNoKey(typed), typed).toEqual({ digits: '6', letters: '' });
    for (const typed of ['д6', 'Д 6', 'D-000006', 'd\u2013000006', 'д.000006']) expect(contractNoKey(typed), typed).toEqual({ digits: '6', letters: 'Д' });
    expect(contractNoKey('ИН-2024/0153')).toEqual({ digits: '2024-153', letters: 'ИН' });
    expect(contractNoKey('in 2024 153')).toEqual({ digits: '2024-153', letters: 'ИН' });
    // Look-alikes typed on a Latin layout: «ABC» is «АВС», «ЁЖ» folds like the rest of the search
    expect(contractNoKey('ABC-7')).toEqual(contractNoKey('АВС-007'));
    expect(contractNoKey('ёж-1').letters).toBe('ЕЖ');
    expect(contractNoKey('000').digits).toBe('0');
    expect(contractNoKey('Договор').digits).toBe('');
  });

  it('matches on the digits, and on the letters only when letters were typed', () => {
    expect(contractNoMatches(contractNoKey('6'), 'Д-000006')).toBe(true);
    expect(contractNoMatches(contractNoKey('6'), 'ИН-000006')).toBe(true);
    expect(contractNoMatches(contractNoKey('д6'), 'ИН-000006')).toBe(false);
    // never a near miss
    expect(contractNoMatches(contractNoKey('6'), 'Д-000016')).toBe(false);
    expect(contractNoMatches(contractNoKey('60'), 'Д-000006')).toBe(false);
    expect(contractNoMatches(contractNoKey('Договор'), 'Договор')).toBe(false);
    // a number without digits is compared whole
    expect(sameContractNo('договор', 'ДОГОВОР')).toBe(true);
  });
});

/** The key by its definition (the module comment), as the regex version computed it: the reference. */
function referenceKey(input: string): { digits: string; letters: string } {
  const latin: Record<string, string> = {
    A: 'А',
    B: 'В',
    C: 'С',
    E: 'Е',
    H: 'Н',
    K: 'К',
    M: 'М',
    O: 'О',
    P: 'Р',
    T: 'Т',
    X: 'Х',
    Y: 'У',
    D: 'Д',
    F: 'Ф',
    G: 'Г',
    I: 'И',
    L: 'Л',
    N: 'Н',
    R: 'Р',
    S: 'С',
    U: 'У',
    V: 'В',
    Z: 'З',
  };
  const digits: string[] = [];
  let letters = '';
  for (const m of input.matchAll(/[0-9]+|\p{L}+/gu)) {
    const run = m[0];
    if (/^[0-9]/.test(run)) digits.push(run.replace(/^0+/, '') || '0');
    else for (const ch of run.toUpperCase()) letters += ch === 'Ё' ? 'Е' : (latin[ch] ?? ch);
  }
  return { digits: digits.join('-'), letters };
}

describe('contractNoKey: the one-pass scan the importer uses per row agrees with the definition', () => {
  it('on every number shape and on random text over digits, Latin, Cyrillic, dashes, spaces and other scripts', () => {
    const fixed = [
      'Д-000006',
      'д6',
      'D-000006',
      'ИН-2024/0153',
      'in 2024 153',
      'ёЖ-0',
      '000',
      '0-0-10',
      '№ 15',
      'Д\u00a0000123',
      'Д\u2212000123',
      'Ωß-٣4',
      'İ-1',
      'Договор',
      '',
      '---',
      'a1b2c3',
      '100200',
    ];
    for (const t of fixed) expect(contractNoKey(t), t).toEqual(referenceKey(t));
    const alphabet = [...'0123456789000AaDdHhQqzZЁёДдИНнЖжЯя -–—/.,№ \u00a0\u2009ßΩİ٣ǅ'];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let t = '';
      for (let j = rand(12); j >= 0; j--) t += alphabet[rand(alphabet.length)];
      expect(contractNoKey(t), JSON.stringify(t)).toEqual(referenceKey(t));
    }
  });
});

describe('verifyAmong (R-ID-CONTRACT)', () => {
  const both = [
    { contractNo: 'Д-000006', holderName: 'Иванов Иван' },
    { contractNo: 'ИН-000006', holderName: 'Петров Пётр' },
  ];
  it('verifies the one contract the number and the surname name together', () => {
    expect(verifyAmong(both, { contractNo: '6', surname: 'петров' })).toEqual({ verified: true, contract: both[1] });
    expect(verifyAmong(both, { contractNo: 'D-000006', surname: 'Иванов' })).toEqual({ verified: true, contract: both[0] });
  });
  it('says why it did not', () => {
    expect(verifyAmong(both, { contractNo: '6', surname: 'Сидоров' })).toEqual({ verified: false, reason: 'surname-mismatch' });
    expect(verifyAmong(both, { contractNo: 'д6', surname: 'Петров' })).toEqual({ verified: false, reason: 'surname-mismatch' });
    expect(verifyAmong([], { contractNo: '7', surname: 'Петров' })).toEqual({ verified: false, reason: 'contract-not-found' });
    expect(verifyAmong([], { contractNo: '', surname: 'Петров' })).toEqual({ verified: false, reason: 'missing-input' });
  });
});

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

import { describe, expect, it } from 'vitest';
import { classifyQuery, normalizeContractNo, surnameOf, validateSerial, verifyContract } from '../../../src-shared/domain/identification';

describe('validateSerial (R-ID-SERIAL)', () => {
  it('R-ID-SERIAL: 12 digits are a serial, with or without space/dash groups', () => {
    expect(validateSerial('123456789012')).toEqual({ ok: true, serial: '123456789012' });
    expect(validateSerial(' 1234 5678 9012 ')).toEqual({ ok: true, serial: '123456789012' });
    expect(validateSerial('1234-5678-9012')).toEqual({ ok: true, serial: '123456789012' });
    expect(validateSerial('000000000001')).toEqual({ ok: true, serial: '000000000001' });
  });

  it('R-ID-SERIAL: 11 and 13 digits are rejected with the count typed', () => {
    expect(validateSerial('12345678901')).toEqual({ ok: false, digits: 11 });
    expect(validateSerial('1234 5678 90123')).toEqual({ ok: false, digits: 13 });
  });

  it('R-ID-SERIAL: letters and stray separators make it invalid', () => {
    expect(validateSerial('12345678901A')).toEqual({ ok: false, digits: 11 });
    expect(validateSerial('-123456789012')).toEqual({ ok: false, digits: 12 });
    expect(validateSerial('1234.5678.9012')).toEqual({ ok: false, digits: 12 });
    expect(validateSerial('')).toEqual({ ok: false, digits: 0 });
  });
});

describe('classifyQuery (R-ID-PHONE, R-ID-SERIAL, R-ID-CONTRACT)', () => {
  it('R-ID-CONTRACT: empty or punctuation-only input is not a search', () => {
    expect(classifyQuery('')).toEqual({ kind: 'empty' });
    expect(classifyQuery('   ')).toEqual({ kind: 'empty' });
    expect(classifyQuery(' -- ')).toEqual({ kind: 'empty' });
  });

  it('R-ID-PHONE: phone numbers in the usual forms', () => {
    for (const q of ['+7 903 969-14-45', '8 (903) 9691445', '89039691445', '9039691445', '7-903-969-14-45']) {
      expect(classifyQuery(q), q).toEqual({ kind: 'phone', e164: '+79039691445' });
    }
    expect(classifyQuery('(499) 245 6777')).toEqual({ kind: 'phone', e164: '+74992456777' });
  });

  it('R-ID-SERIAL: 12 digits are a serial even when grouped; a leading + makes a phone', () => {
    expect(classifyQuery('123456789012')).toEqual({ kind: 'serial', serial: '123456789012' });
    expect(classifyQuery('7903 9691 4451')).toEqual({ kind: 'serial', serial: '790396914451' });
    expect(classifyQuery('1234-5678-9012')).toEqual({ kind: 'serial', serial: '123456789012' });
    expect(classifyQuery('+380 44 123 4567')).toEqual({ kind: 'phone', e164: '+380441234567' });
  });

  it('R-ID-SERIAL: 11 or 13 digits that are not a phone report the digit count', () => {
    expect(classifyQuery('12345678901')).toEqual({ kind: 'serial-invalid', digits: 11 });
    expect(classifyQuery('1234567890123')).toEqual({ kind: 'serial-invalid', digits: 13 });
    expect(classifyQuery('1234 5678 901')).toEqual({ kind: 'serial-invalid', digits: 11 });
  });

  it('R-ID-CONTRACT: anything else with a digit is a contract number, normalized', () => {
    expect(classifyQuery('Д-000123')).toEqual({ kind: 'contract', contractNo: 'Д-000123' });
    expect(classifyQuery(' д - 000123 ')).toEqual({ kind: 'contract', contractNo: 'Д-000123' });
    expect(classifyQuery('0012345')).toEqual({ kind: 'contract', contractNo: '0012345' });
    expect(classifyQuery('ин-2024/0153')).toEqual({ kind: 'contract', contractNo: 'ИН-2024/0153' });
    expect(classifyQuery('1234567890')).toEqual({ kind: 'contract', contractNo: '1234567890' }); // 10 digits, not a Russian range
    expect(classifyQuery('6')).toEqual({ kind: 'contract', contractNo: '6' });
    expect(classifyQuery('123456789')).toEqual({ kind: 'contract', contractNo: '123456789' }); // 9 digits, not a Russian range
  });

  it('R-ID-PHONE: 7 digits are the local part of a phone (or a contract number); a phone one digit short says so', () => {
    expect(classifyQuery('454-13-60')).toEqual({ kind: 'phone-tail', tail: '4541360', contractNo: '454-13-60' });
    expect(classifyQuery('4541360')).toEqual({ kind: 'phone-tail', tail: '4541360', contractNo: '4541360' });
    for (const typed of ['926 454 136', '+7 926 454-13-6', '903-969-14-4']) {
      expect(classifyQuery(typed), typed).toMatchObject({ kind: 'phone-incomplete', digits: 9 });
    }
  });

  it('R-ID-CONTRACT: text without digits is a folded surname prefix', () => {
    expect(classifyQuery('Семёнов')).toEqual({ kind: 'surname', prefix: 'семенов' });
    expect(classifyQuery('  Петрова-Водкина   Анна ')).toEqual({ kind: 'surname', prefix: 'петрова-водкина анна' });
  });
});

describe('normalizeContractNo and surnameOf (R-ID-CONTRACT)', () => {
  it('R-ID-CONTRACT: contract numbers lose whitespace, unify dashes, upper-case', () => {
    expect(normalizeContractNo('д\u2013000 123')).toBe('Д-000123');
    expect(normalizeContractNo('\u00A0in-2024 / 0153\t')).toBe('IN-2024/0153');
  });

  it('R-ID-CONTRACT: surname is the first word of "Фамилия Имя Отчество", folded; double surnames whole', () => {
    expect(surnameOf('Семёнов Пётр Ильич')).toBe('семенов');
    expect(surnameOf('  ПЕТРОВА-ВОДКИНА Анна Сергеевна')).toBe('петрова-водкина');
    expect(surnameOf('Римский – Корсаков Николай')).toBe('римский-корсаков');
    expect(surnameOf('Цой')).toBe('цой');
  });
});

describe('verifyContract (R-ID-CONTRACT)', () => {
  const row = { contractNo: 'Д-000123', holderName: 'Семёнов Пётр Ильич' };

  it('R-ID-CONTRACT: surname match ignores case and ё/е', () => {
    expect(verifyContract(row, { contractNo: 'Д-000123', surname: 'семенов' })).toEqual({ verified: true });
    expect(verifyContract(row, { contractNo: 'д-000123', surname: 'СЕМЁНОВ' })).toEqual({ verified: true });
  });

  it('R-ID-CONTRACT: both fields are required', () => {
    expect(verifyContract(row, { contractNo: ' ', surname: 'Семенов' })).toEqual({ verified: false, reason: 'missing-input' });
    expect(verifyContract(row, { contractNo: 'Д-000123', surname: '' })).toEqual({ verified: false, reason: 'missing-input' });
  });

  it('R-ID-CONTRACT: an unknown or different contract is not found', () => {
    expect(verifyContract(null, { contractNo: 'Д-000999', surname: 'Семенов' })).toEqual({ verified: false, reason: 'contract-not-found' });
    expect(verifyContract(row, { contractNo: 'Д-000124', surname: 'Семенов' })).toEqual({ verified: false, reason: 'contract-not-found' });
  });

  it('R-ID-CONTRACT: a wrong surname, or only a name, does not verify', () => {
    expect(verifyContract(row, { contractNo: 'Д-000123', surname: 'Семенова' })).toEqual({ verified: false, reason: 'surname-mismatch' });
    expect(verifyContract(row, { contractNo: 'Д-000123', surname: 'Пётр' })).toEqual({ verified: false, reason: 'surname-mismatch' });
  });

  it('R-ID-CONTRACT: hyphenated double surnames are compared whole', () => {
    const double = { contractNo: '0012345', holderName: 'Петрова-Водкина Анна Сергеевна' };
    expect(verifyContract(double, { contractNo: '0012345', surname: 'петрова-водкина' })).toEqual({ verified: true });
    expect(verifyContract(double, { contractNo: '0012345', surname: 'Петрова \u2013 Водкина' })).toEqual({ verified: true });
    expect(verifyContract(double, { contractNo: '0012345', surname: 'Петрова' })).toEqual({ verified: false, reason: 'surname-mismatch' });
    expect(verifyContract(double, { contractNo: '0012345', surname: 'Водкина' })).toEqual({ verified: false, reason: 'surname-mismatch' });
  });

  it('R-ID-CONTRACT: a full name typed into the surname field is judged by its surname', () => {
    expect(verifyContract(row, { contractNo: 'Д-000123', surname: 'Семенов Петр' })).toEqual({ verified: true });
  });
});

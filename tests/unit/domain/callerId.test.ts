import { describe, expect, it } from 'vitest';
import { CALLER_NAME_MAX, CALLER_RAW_MAX, extractCallerId } from '../../../src-shared/domain/callerId';

const N = '+79039691445';

describe('extractCallerId: every form a PBX or carrier sends (R-ID-PHONE)', () => {
  it.each([
    ['tel: URI', '<tel:+79039691445>;tag=a'],
    ['tel: URI with separators and phone-context', '<tel:+7-903-969-14-45;phone-context=+7>;tag=a'],
    ['bare tel: addr-spec', 'tel:+79039691445;tag=a'],
    ['sip:+7', '"Иванов" <sip:+79039691445@pbx>;tag=a'],
    ['sip:8', '<sip:89039691445@pbx>;tag=a'],
    ['ten digits', '<sip:9039691445@pbx>;tag=a'],
    ['eleven digits starting with 7', '<sip:79039691445@pbx>;tag=a'],
    [';user=phone', '<sip:+79039691445@pbx;user=phone>;tag=a'],
    ['%2B escape', '<sip:%2B79039691445@pbx;user=phone>;tag=a'],
    ['user parameter (RFC 4967)', '<sip:+79039691445;npdi@pbx;user=phone>;tag=a'],
    ['sips:', '<sips:+79039691445@pbx>;tag=a'],
  ])('R-ID-PHONE: %s gives the E.164 number', (_what, from) => {
    expect(extractCallerId({ from })).toMatchObject({ number: N, remote: N, source: 'from-uri' });
  });

  it('R-ID-PHONE: a number only in the display name (anonymous user part) still pops the card', () => {
    expect(extractCallerId({ from: '"8903 969-14-45" <sip:anonymous@anonymous.invalid>;tag=x' })).toMatchObject({
      number: N,
      remote: N,
      source: 'from-name',
      name: '8903 969-14-45',
    });
    expect(extractCallerId({ from: '"Иванов 89039691445" <sip:anonymous@pbx>;tag=x' })).toMatchObject({ number: N, source: 'from-name' });
  });

  it('P-Asserted-Identity wins over From; each of its URIs is tried; the From name is kept', () => {
    const r = extractCallerId({ from: '"Иванов" <sip:anonymous@pbx>;tag=x', pai: '<sip:operator@pbx>, <tel:+79039691445>' });
    expect(r).toMatchObject({ number: N, source: 'pai', name: 'Иванов' });
    expect(extractCallerId({ from: '<sip:anonymous@pbx>', pai: '"Петров" <sip:+74951234567@pbx>' })).toMatchObject({ number: '+74951234567', name: 'Петров' });
    // A PAI without a number does not hide the From number.
    expect(extractCallerId({ from: '<sip:89039691445@pbx>', pai: '<sip:trunk@pbx>' })).toMatchObject({ number: N, source: 'from-uri' });
  });

  it('display names lose control and text-direction characters, and are bounded', () => {
    expect(extractCallerId({ from: '"Ива\u0001нов\u0007" <sip:+79039691445@pbx>;tag=a' }).name).toBe('Иванов');
    expect(extractCallerId({ from: '"\u202eвонавИ\u202c" <sip:1@pbx>' }).name).toBe('вонавИ');
    expect(extractCallerId({ from: '"a \\"quoted\\" name" <sip:1@pbx>' }).name).toBe('a "quoted" name');
    expect(extractCallerId({ from: `"${'Я'.repeat(5000)}" <sip:1@pbx>` }).name).toHaveLength(CALLER_NAME_MAX);
    expect(extractCallerId({ from: '"\u0001\u0002" <sip:1@pbx>' }).name).toBeNull();
  });

  it('no number anywhere: the raw caller ID is kept, sanitised and bounded (R-CALL-WAIT: the row still says who)', () => {
    expect(extractCallerId({ from: '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=1' })).toEqual({
      number: null,
      remote: 'anonymous',
      name: 'Anonymous',
      source: null,
    });
    expect(extractCallerId({ from: '<sip:1002@pbx>;tag=1' }).remote).toBe('1002');
    expect(extractCallerId({ from: '<sip:ab\u0000c%0Ad@pbx>' }).remote).toBe('abcd');
    expect(extractCallerId({ from: '<urn:service:sos>;tag=1' }).remote).toBe('urn:service:sos');
    expect(extractCallerId({ from: `<sip:${'x'.repeat(6000)}@pbx>` }).remote).toHaveLength(CALLER_RAW_MAX);
    expect(extractCallerId({ from: '' }).remote).toBe('unknown');
    expect(extractCallerId({ from: null }).remote).toBe('unknown');
    expect(extractCallerId({ from: '"unterminated <sip:+79039691445@pbx' }).number).toBeNull();
  });

  it('is total: random bytes never throw and never yield unsafe characters', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = ['<', '>', '"', '\\', ';', ',', '@', ':', '%', 'sip:', 'tel:', '+7', '8', '9', '\u0000', '\u202e', '\ud800', 'я', ' '];
    for (let i = 0; i < 2000; i++) {
      const from = Array.from({ length: Math.floor(rnd() * 30) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      const r = extractCallerId({ from, pai: i % 3 === 0 ? from : null });
      expect(r.remote.length).toBeGreaterThan(0);
      expect(r.remote).not.toMatch(/[\u0000-\u001f\u202e]|[\ud800-\udfff]/);
      expect(r.name ?? '').not.toMatch(/[\u0000-\u001f\u202e]|[\ud800-\udfff]/);
    }
  });
});

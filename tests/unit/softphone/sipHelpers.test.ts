import { describe, expect, it } from 'vitest';
import { callerNumber, codeCause, targetUri, uriUser } from '../../../src-main/softphone/addressing';
import { reversedDigits, searchDigits } from '../../../src-main/calls/repo';

describe('caller ID and dial targets', () => {
  it('R-ID-PHONE: a From user in any usual Russian form becomes E.164 for the screen pop', () => {
    expect(callerNumber('+79039691445')).toBe('+79039691445');
    expect(callerNumber('89039691445')).toBe('+79039691445');
    expect(callerNumber('79039691445')).toBe('+79039691445');
    expect(callerNumber('9039691445')).toBe('+79039691445');
    expect(callerNumber('1002')).toBe('1002'); // an extension stays as sent
    expect(callerNumber('anonymous')).toBe('anonymous');
  });

  it('dials numbers at the account domain and takes sip: URIs as they are', () => {
    expect(targetUri('+7 (903) 969-14-45', 'pbx.local')).toBe('sip:+79039691445@pbx.local');
    expect(targetUri('2002', '127.0.0.1')).toBe('sip:2002@127.0.0.1');
    expect(targetUri('*72#', 'pbx')).toBe('sip:*72#@pbx');
    expect(targetUri('sip:queue@other.example', 'pbx')).toBe('sip:queue@other.example');
  });

  it('reads the queue from a Diversion header and maps refusals of outgoing calls', () => {
    expect(uriUser('<sip:support-queue@pbx.local>;reason=unconditional')).toBe('support-queue');
    expect(uriUser(undefined)).toBeNull();
    expect([486, 600, 603, 408, 480, 487, 404, 503].map(codeCause)).toEqual([
      'busy',
      'busy',
      'busy',
      'no-answer',
      'no-answer',
      'no-answer',
      'failed',
      'failed',
    ]);
  });

  it('R-CALL-REPEAT: a number search ignores the trunk prefix and formatting', () => {
    expect(searchDigits('8 (903) 969-14-45')).toBe('9039691445');
    expect(searchDigits('+7 903 969 14 45')).toBe('9039691445');
    expect(searchDigits('969-14-45')).toBe('9691445');
    expect(searchDigits('+44 20 7946 0958')).toBe('442079460958');
    expect(reversedDigits('+7903')).toBe('3097');
  });
});

import { describe, expect, it } from 'vitest';
import { callerNumber, codeCause, pbxHostPort, sipfragStatus, targetUri, uriUser } from '../../../src-main/softphone/addressing';
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

  it('a transfer target gets the PBX port from the dialog route set when the account domain has none', () => {
    // Kamailio's double Record-Route between its WebSocket side (ours) and its UDP side (the far end's).
    const routes = ['<sip:127.0.0.1:5080;r2=on;lr>', '<sip:127.0.0.1:8080;transport=ws;r2=on;lr>'];
    expect(pbxHostPort('127.0.0.1', routes)).toBe('127.0.0.1:5080');
    expect(pbxHostPort('127.0.0.1', [...routes].reverse())).toBe('127.0.0.1:5080');
    expect(pbxHostPort('127.0.0.1:5090', routes)).toBe('127.0.0.1:5090'); // the account says it
    expect(pbxHostPort('pbx.example.ru', routes)).toBe('pbx.example.ru'); // another host: SRV / 5060 as configured
    expect(pbxHostPort('127.0.0.1', ['<sip:127.0.0.1:8080;transport=ws;lr>'])).toBe('127.0.0.1');
    expect(pbxHostPort('127.0.0.1', [])).toBe('127.0.0.1');
  });

  it('reads the status line of a REFER NOTIFY (message/sipfrag) and nothing else', () => {
    expect(sipfragStatus('SIP/2.0 200 OK\r\n')).toEqual({ code: 200, reason: 'OK' });
    expect(sipfragStatus('SIP/2.0 100 Trying')).toEqual({ code: 100, reason: 'Trying' });
    expect(sipfragStatus('SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n')).toEqual({ code: 486, reason: 'Busy Here' });
    expect(sipfragStatus('SIP/2.0 603 \u202eDecline\u0007')).toEqual({ code: 603, reason: 'Decline' });
    expect(sipfragStatus('SIP/2.0 999 Nope')).toBeNull();
    expect(sipfragStatus('<html>')).toBeNull();
    expect(sipfragStatus('')).toBeNull();
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

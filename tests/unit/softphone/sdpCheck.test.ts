import { describe, expect, it } from 'vitest';
import { sdpProblem } from '../../../src-main/softphone/sdpCheck';

const GOOD = ['v=0', 'o=sipp 1 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 6000 RTP/AVP 8 0 101', 'a=rtpmap:8 PCMA/8000', ''].join(
  '\r\n',
);

describe('sdpProblem: an offer that cannot carry a call is refused before it rings', () => {
  it('accepts a plain audio offer and a delayed offer (no body)', () => {
    expect(sdpProblem('application/sdp', GOOD)).toBeNull();
    expect(sdpProblem('Application/SDP; charset=utf-8', GOOD)).toBeNull();
    expect(sdpProblem(undefined, '')).toBeNull();
    expect(sdpProblem('application/sdp', '\r\n')).toBeNull();
  });
  it.each([
    ['garbage', 'application/sdp', 'this is not SDP at all'],
    ['no m=audio', 'application/sdp', GOOD.replace(/m=audio[^\r]*/, 'm=video 6000 RTP/AVP 96')],
    ['no c=', 'application/sdp', GOOD.replace(/c=IN[^\r]*\r\n/, '')],
    ['no o=', 'application/sdp', GOOD.replace(/o=[^\r]*\r\n/, '')],
    ['a bad port', 'application/sdp', GOOD.replace('m=audio 6000', 'm=audio x')],
    ['another content type', 'text/plain', GOOD],
  ])('refuses %s with 488 and a reason', (_what, type, body) => {
    const p = sdpProblem(type, body);
    expect(p?.statusCode).toBe(488);
    expect(p?.warning.length).toBeGreaterThan(5);
  });
});

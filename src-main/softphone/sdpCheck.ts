/**
 * Whether the offer in an incoming INVITE can carry a call, checked before the phone rings: an
 * operator must never pick up a call that then fails on media (sip.js would answer 480 after the
 * ringing). Refused with 488 Not Acceptable Here and a Warning (RFC 3261 21.4.26, 20.43).
 * No body at all is fine: that is a delayed offer (RFC 3261 13.2.1), answered in our 200 OK.
 */
export type SdpProblem = { readonly statusCode: 488; readonly warning: string };

export function sdpProblem(contentType: string | undefined, body: string): SdpProblem | null {
  if (body.trim() === '') return null;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/sdp') return { statusCode: 488, warning: `the offer is ${type || 'untyped'}, not application/sdp` };
  const lines = body.split(/\r?\n/).map((l) => l.trim());
  if (lines[0] !== 'v=0') return { statusCode: 488, warning: 'the SDP does not start with v=0' };
  if (!lines.some((l) => /^o=\S+ \S+ \S+ IN IP[46] \S+$/.test(l))) return { statusCode: 488, warning: 'the SDP has no valid o= line' };
  const audio = lines.filter((l) => /^m=audio \d{1,5}(\/\d+)? \S+( \S+)+$/.test(l));
  if (audio.length === 0) return { statusCode: 488, warning: 'the SDP offers no audio stream (m=audio)' };
  if (!lines.some((l) => /^c=IN IP[46] \S+$/.test(l))) return { statusCode: 488, warning: 'the SDP has no connection address (c=)' };
  return null;
}

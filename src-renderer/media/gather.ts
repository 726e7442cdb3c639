/**
 * Bounded ICE gathering (ARCHITECTURE.md latency rules; sip-rig pitfall 8): Chromium reports
 * "complete" for an offer only after its TCP phase, ~120 ms after the UDP host candidate. On a LAN
 * PBX the UDP host candidate is all rtpengine needs, so stop `graceMs` after the first one, or at
 * the host's `iceGatheringTimeoutMs` at the latest — answering never waits seconds.
 */
export type GatherResult = { readonly how: 'complete' | 'grace' | 'timeout'; readonly ms: number };

/** The candidate line says UDP (`a=candidate:… 1 udp …` / RTCIceCandidate.protocol). */
export function isUdpCandidate(c: { readonly protocol?: string | null; readonly candidate?: string } | null): boolean {
  if (!c) return false;
  if (c.protocol) return c.protocol.toLowerCase() === 'udp';
  return / udp /i.test(c.candidate ?? '');
}

export const DEFAULT_GATHER_TIMEOUT_MS = 300;
export const DEFAULT_GATHER_GRACE_MS = 20;

export function waitForGathering(pc: RTCPeerConnection, timeoutMs: number, graceMs: number = DEFAULT_GATHER_GRACE_MS): Promise<GatherResult> {
  const t0 = performance.now();
  const took = () => Math.round(performance.now() - t0);
  if (pc.iceGatheringState === 'complete') return Promise.resolve({ how: 'complete', ms: 0 });
  // A candidate may already be in the description (gathering started at setLocalDescription).
  const already = /^a=candidate:\S+ \d+ udp /im.test(pc.localDescription?.sdp ?? '');
  return new Promise((resolve) => {
    let grace: ReturnType<typeof setTimeout> | undefined;
    const finish = (how: GatherResult['how']) => {
      clearTimeout(timer);
      clearTimeout(grace);
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve({ how, ms: took() });
    };
    const onState = () => {
      if (pc.iceGatheringState === 'complete') finish('complete');
    };
    const onCandidate = (e: RTCPeerConnectionIceEvent) => {
      if (grace === undefined && isUdpCandidate(e.candidate)) grace = setTimeout(() => finish('grace'), graceMs);
    };
    const timer = setTimeout(() => finish('timeout'), Math.max(0, timeoutMs));
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
    if (already) grace = setTimeout(() => finish('grace'), graceMs);
  });
}

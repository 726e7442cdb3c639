/**
 * Network change detection for the softphone: a new or lost interface address (Wi-Fi switch,
 * VPN up, cable back) means the PBX's WebSocket is probably dead or routed elsewhere, so the
 * host re-registers at once instead of waiting for the next failure and its backoff.
 * Polls os.networkInterfaces() (Node has no change event); the timer never keeps the process up.
 */
import { networkInterfaces } from 'node:os';

export function addressFingerprint(): string {
  const out: string[] = [];
  for (const [name, list] of Object.entries(networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal) out.push(`${name}/${a.address}`);
  }
  return out.sort().join(',');
}

export function watchNetwork(onChange: () => void, intervalMs = 5000, fingerprint: () => string = addressFingerprint): () => void {
  let last = fingerprint();
  const timer = setInterval(() => {
    const now = fingerprint();
    if (now === last) return;
    last = now;
    onChange();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

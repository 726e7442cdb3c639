/**
 * The host's clock as seen from this window. SLA clocks, visit slots and claim dates are the
 * host's business (its `asOf`, `dueAt`); between answers the renderer ticks them on. The offset is
 * taken from the latest answer that carries the host's time, so a host started with `--now`
 * (tests, demos) or a workstation whose clock is off still shows the right times.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';

let offsetMs = 0;
const listeners = new Set<() => void>();

/** Remember the host's time from an answer that was just received. */
export function noteHostTime(iso: string, receivedAt: number = Date.now()): void {
  const t = Date.parse(iso);
  if (Number.isFinite(t)) noteHostOffset(t - receivedAt);
}

/** Remember a host-minus-local offset measured elsewhere (the calls snapshot carries one). */
export function noteHostOffset(ms: number): void {
  // Jitter of a few hundred ms (latency) is not worth a re-render of every clock.
  if (!Number.isFinite(ms) || Math.abs(ms - offsetMs) < 1_000) return;
  offsetMs = ms;
  for (const l of listeners) l();
}

export function hostOffsetMs(): number {
  return offsetMs;
}

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** The host-minus-local offset, re-rendering when it changes. */
export function useHostOffset(): number {
  return useSyncExternalStore(subscribe, hostOffsetMs);
}

/** The host's "now", re-rendering every `intervalMs`. */
export function useHostNow(intervalMs = 1000): number {
  const offset = useHostOffset();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now + offset;
}

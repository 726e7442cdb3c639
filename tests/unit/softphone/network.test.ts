import { afterEach, describe, expect, it, vi } from 'vitest';
import { addressFingerprint, watchNetwork } from '../../../src-main/softphone/network';

afterEach(() => {
  vi.useRealTimers();
});

describe('network change → re-registration', () => {
  it('calls back once per change of the interface addresses', () => {
    vi.useFakeTimers();
    let fp = 'eth0/10.0.0.5';
    const changes: number[] = [];
    const stop = watchNetwork(
      () => changes.push(Date.now()),
      1000,
      () => fp,
    );
    vi.advanceTimersByTime(3000);
    expect(changes).toHaveLength(0);
    fp = 'wlan0/192.168.1.20';
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(3000);
    expect(changes).toHaveLength(1);
    stop();
    fp = 'eth0/10.0.0.6';
    vi.advanceTimersByTime(3000);
    expect(changes).toHaveLength(1);
  });

  it('fingerprints the real interfaces without loopback', () => {
    expect(addressFingerprint()).not.toMatch(/127\.0\.0\.1/);
  });
});

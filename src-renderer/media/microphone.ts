/**
 * The microphone, warmed once (ARCHITECTURE.md latency rules; sip-rig pitfall 3): sip.js creates
 * the session description handler only at accept(), so opening the device then would delay the
 * 200 OK by the device start-up. One getUserMedia stream is kept for the console's lifetime; each
 * call gets a clone of its track (mute/hold of one line must not silence the other), and the
 * stream is re-acquired when the device goes away (unplugged headset, revoked permission).
 */
export type MicState =
  | { readonly kind: 'off' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'ready'; readonly label: string }
  // `name`: the DOMException's name, what the UI words (media.*); `detail`: the browser's English text, for logs.
  | { readonly kind: 'failed'; readonly reason: 'denied' | 'no-device' | 'error'; readonly name: string; readonly detail: string };

export type Microphone = {
  /** Opens the device now (idempotent) so the first call does not wait for it. */
  warm(): Promise<void>;
  /** Releases the device (softphone switched off or null media). */
  release(): void;
  /** A fresh track for one call (a clone of the warm one), or null when there is no microphone. */
  trackForCall(): Promise<MediaStreamTrack | null>;
  state(): MicState;
  subscribe(cb: () => void): () => void;
};

const CONSTRAINTS: MediaStreamConstraints = {
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  video: false,
};
const REACQUIRE_DELAY_MS = 1000;

export function classifyMicError(err: unknown): MicState {
  const name = err instanceof Error ? err.name : '';
  const detail = err instanceof Error ? err.message || err.name : String(err);
  if (name === 'NotAllowedError' || name === 'SecurityError') return { kind: 'failed', reason: 'denied', name, detail };
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return { kind: 'failed', reason: 'no-device', name, detail };
  return { kind: 'failed', reason: 'error', name, detail };
}

export function createMicrophone(
  getUserMedia: (c: MediaStreamConstraints) => Promise<MediaStream> = (c) => navigator.mediaDevices.getUserMedia(c),
): Microphone {
  let stream: MediaStream | null = null;
  let pending: Promise<void> | null = null;
  let wanted = false;
  let st: MicState = { kind: 'off' };
  let retry: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<() => void>();
  const set = (s: MicState) => {
    st = s;
    for (const l of listeners) l();
  };

  const liveTrack = (): MediaStreamTrack | null => stream?.getAudioTracks().find((t) => t.readyState === 'live') ?? null;

  function open(): Promise<void> {
    if (liveTrack()) return Promise.resolve();
    if (pending) return pending;
    set({ kind: 'starting' });
    pending = getUserMedia(CONSTRAINTS)
      .then((s) => {
        if (!wanted) {
          for (const t of s.getTracks()) t.stop();
          set({ kind: 'off' });
          return;
        }
        stream = s;
        const track = s.getAudioTracks()[0];
        if (!track) {
          set({ kind: 'failed', reason: 'no-device', name: 'NotFoundError', detail: 'getUserMedia returned no audio track' });
          return;
        }
        // The device went away: take it again (once per second at most) so the next call has audio.
        track.addEventListener('ended', () => {
          stream = null;
          set({ kind: 'starting' });
          clearTimeout(retry);
          if (wanted) retry = setTimeout(() => void open(), REACQUIRE_DELAY_MS);
        });
        set({ kind: 'ready', label: track.label });
      })
      .catch((err: unknown) => {
        console.warn('microphone is not available', err);
        set(classifyMicError(err));
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  return {
    warm() {
      wanted = true;
      return open();
    },
    release() {
      wanted = false;
      clearTimeout(retry);
      for (const t of stream?.getTracks() ?? []) t.stop();
      stream = null;
      set({ kind: 'off' });
    },
    async trackForCall() {
      wanted = true;
      await open();
      return liveTrack()?.clone() ?? null;
    },
    state: () => st,
    subscribe(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
}

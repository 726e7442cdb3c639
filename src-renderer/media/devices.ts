/**
 * Output devices: the ring tone and the voice go to different devices (a loudspeaker for ringing,
 * the headset for talk; ARCHITECTURE.md "ring device separate from voice device"). The choice is a
 * preference of this workstation, not host data: it lives in localStorage.
 */
export type OutputPrefs = { readonly ring: string | null; readonly voice: string | null };
export type OutputDevice = { readonly deviceId: string; readonly label: string };

export const OUTPUT_PREFS_KEY = 'opconsole.audioOutputs';
const DEFAULT_PREFS: OutputPrefs = { ring: null, voice: null };

/** Stored JSON → prefs; anything unreadable means "the system default" for both. */
export function parseOutputPrefs(raw: string | null): OutputPrefs {
  if (raw === null) return DEFAULT_PREFS;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (err) {
    console.warn('ignoring unreadable audio output preferences', err);
    return DEFAULT_PREFS;
  }
  if (typeof v !== 'object' || v === null) return DEFAULT_PREFS;
  const o = v as Record<string, unknown>;
  const pick = (x: unknown) => (typeof x === 'string' && x !== '' && x.length <= 256 ? x : null);
  return { ring: pick(o.ring), voice: pick(o.voice) };
}

type Listener = (p: OutputPrefs) => void;
const listeners = new Set<Listener>();
let current: OutputPrefs | null = null;

function storage(): Storage | null {
  return typeof localStorage === 'undefined' ? null : localStorage;
}

export function outputPrefs(): OutputPrefs {
  if (current === null) current = parseOutputPrefs(storage()?.getItem(OUTPUT_PREFS_KEY) ?? null);
  return current;
}

export function setOutputPrefs(p: OutputPrefs): void {
  current = p;
  storage()?.setItem(OUTPUT_PREFS_KEY, JSON.stringify(p));
  for (const l of listeners) l(p);
}

export function onOutputPrefs(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Audio outputs the browser lists (labels are empty until microphone permission was granted). */
export async function listOutputDevices(): Promise<OutputDevice[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const all = await navigator.mediaDevices.enumerateDevices();
  return all.filter((d) => d.kind === 'audiooutput').map((d) => ({ deviceId: d.deviceId, label: d.label }));
}

type SinkElement = HTMLMediaElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string };

/** Routes an audio element to a device ("" = system default); a vanished device falls back to the default. */
export async function applySink(el: HTMLMediaElement, deviceId: string | null): Promise<void> {
  const sink = el as SinkElement;
  if (typeof sink.setSinkId !== 'function') return;
  const id = deviceId ?? '';
  if (sink.sinkId === id) return;
  try {
    await sink.setSinkId(id);
  } catch (err) {
    console.warn(`output device ${id} is not available; using the default`, err);
    if (id !== '') await sink.setSinkId('');
  }
}

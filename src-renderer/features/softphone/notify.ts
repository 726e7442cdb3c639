/**
 * Desktop notification of an incoming call, also when the window is minimised. In
 * Electron the host shows its own (a native notification), so the renderer adds one only in
 * browser mode. Permission is asked once, from a click (browsers ignore it otherwise).
 */
import { transportKind } from '../../api/client';

const ASKED_KEY = 'opconsole.notificationsAsked';

function available(): boolean {
  return typeof Notification !== 'undefined' && transportKind() === 'web';
}

/** Call from a click handler (register, set available): asks at most once per workstation. */
export function askNotificationPermission(): void {
  if (!available() || Notification.permission !== 'default') return;
  if (localStorage.getItem(ASKED_KEY) === '1') return;
  localStorage.setItem(ASKED_KEY, '1');
  Notification.requestPermission().catch((err: unknown) => console.warn('notification permission request failed', err));
}

const shown = new Map<string, Notification>();

export function notifyIncoming(callId: string, title: string, body: string, onClick: () => void): void {
  if (!available() || Notification.permission !== 'granted' || shown.has(callId)) return;
  const n = new Notification(title, { body, tag: `call-${callId}`, requireInteraction: true, silent: true });
  n.onclick = () => {
    window.focus();
    onClick();
    n.close();
  };
  shown.set(callId, n);
}

/** Closes the notifications of calls that no longer ring. */
export function closeNotificationsExcept(ringing: ReadonlySet<string>): void {
  for (const [id, n] of shown) {
    if (ringing.has(id)) continue;
    n.close();
    shown.delete(id);
  }
}

/**
 * Browser mode, a restarted host: it prints a new link with a new token, and the operator
 * usually opens it in a new tab. That tab hands the token to this console's other tabs over a
 * same-origin BroadcastChannel, so a tab refused for the old token reconnects in place and keeps
 * what was typed in it. Only pages of this origin (the host's own renderer files) can post here.
 */
import { isTokenShape } from './token';

const CHANNEL = 'console.token';

export function announceToken(token: string): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const ch = new BroadcastChannel(CHANNEL);
  ch.postMessage({ token });
  ch.close();
}

export function listenForTokens(onToken: (token: string) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const ch = new BroadcastChannel(CHANNEL);
  ch.onmessage = (ev: MessageEvent<unknown>) => {
    const d = ev.data;
    if (typeof d === 'object' && d !== null && 'token' in d && typeof d.token === 'string' && isTokenShape(d.token)) onToken(d.token);
  };
  return () => ch.close();
}

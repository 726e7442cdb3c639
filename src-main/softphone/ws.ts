/**
 * sip.js' Transport does `new WebSocket(server, 'sip')` on the global. Node 22 has a global
 * WebSocket (undici) that sip.js would silently use; the rig proved `ws` (sdh-bridge pitfall 1),
 * so it replaces the global unconditionally — no `typeof WebSocket === 'undefined'` guard.
 */
import { WebSocket as WsWebSocket } from 'ws';

let installed = false;
export function installWsForSipJs(): void {
  if (installed && globalThis.WebSocket === (WsWebSocket as unknown)) return;
  (globalThis as { WebSocket: unknown }).WebSocket = WsWebSocket;
  installed = true;
}

/**
 * PBX liveness on the SIP WebSocket: a frozen PBX (stopped process, hung host, a NAT that dropped
 * the flow) keeps the TCP connection open and answers nothing, so neither sip.js nor the socket
 * notice; the attack run had the console show «зарегистрирован» and a live call for 40 s against
 * a SIGSTOPped PBX. WebSocket ping frames (RFC 6455 5.5.2) cost no SIP transaction and every
 * conforming server must answer them (Kamailio's websocket module does, from its own process).
 *
 * Any frame from the PBX counts as a sign of life (a pong, or a SIP message). After `silenceMs`
 * without one the PBX is `silent` (shown as «АТС не отвечает», calls marked at risk); the first
 * frame after that makes it `heard` again; after `giveUpMs` of silence it is `gone`.
 * Detection takes at most silenceMs + pingIntervalMs (defaults: 8 s, under the 10 s the desk needs).
 */
import { WebSocket as WsWebSocket } from 'ws';

export type LivenessTimings = {
  pingIntervalMs: number;
  silenceMs: number;
  giveUpMs: number;
};
export const DEFAULT_LIVENESS: LivenessTimings = { pingIntervalMs: 2000, silenceMs: 6000, giveUpMs: 60_000 };

export type LivenessEvents = {
  onSilent(silentForMs: number): void;
  onHeard(): void;
  onGone(silentForMs: number): void;
  onError(err: unknown): void;
};

/** Watches one socket until the returned stop function is called (or the socket is gone). */
export function watchPbx(socket: unknown, t: LivenessTimings, ev: LivenessEvents, now: () => number = () => performance.now()): () => void {
  // sip.js opens the socket with the global WebSocket, which ws.ts sets to `ws`'s class.
  if (!(socket instanceof WsWebSocket)) {
    ev.onError(new Error('the SIP transport is not a `ws` socket: no keep-alive'));
    return () => undefined;
  }
  const ws: WsWebSocket = socket;
  let lastHeard = now();
  let silent = false;
  let done = false;
  const heard = (): void => {
    lastHeard = now();
    if (silent && !done) {
      silent = false;
      ev.onHeard();
    }
  };
  ws.on('pong', heard);
  ws.on('message', heard);
  let lastTick = now();
  const timer = setInterval(() => {
    if (done) return;
    const at = now();
    const late = at - lastTick > 2 * t.pingIntervalMs;
    lastTick = at;
    // The host's own event loop was blocked (a long import, a suspended laptop): the pongs may be
    // waiting unread behind this timer. Judge the PBX on the next tick, after they were read.
    if (late) lastHeard = Math.max(lastHeard, at - t.pingIntervalMs);
    const quiet = at - lastHeard;
    if (quiet >= t.giveUpMs) {
      stop();
      ev.onGone(quiet);
      return;
    }
    if (!silent && quiet >= t.silenceMs) {
      silent = true;
      ev.onSilent(quiet);
    }
    if (ws.readyState === WsWebSocket.OPEN) {
      ws.ping(undefined, undefined, (err) => {
        if (err) ev.onError(err);
      });
    }
  }, t.pingIntervalMs);
  timer.unref();
  function stop(): void {
    if (done) return;
    done = true;
    clearInterval(timer);
    ws.off('pong', heard);
    ws.off('message', heard);
  }
  return stop;
}

/**
 * The renderer's media engine (ARCHITECTURE.md "Softphone: signaling in the host, media in the
 * renderer"; protocol in src-main/softphone/README.md). It attaches to the host with a random
 * engine id (again after every reconnect), takes the `media:request` events addressed to it, runs
 * each op on the RTCPeerConnection of its `sid` in arrival order, and answers every request once
 * with `media:reply`.
 */
import type { MediaRequest } from '../../src-shared/ipc/softphone';
import { onOutputPrefs } from './devices';
import type { Microphone } from './microphone';
import { SessionClosedError } from './queue';
import { createMediaSession, MediaOpError, type MediaSession, type SessionStats } from './session';

export type MediaReply = {
  readonly engineId: string;
  readonly reqId: number;
  readonly ok: boolean;
  readonly result: Record<string, unknown> | null;
  readonly error: string | null;
};

export type MediaEngineDeps = {
  /** `media:attach` */
  attach(engineId: string): Promise<unknown>;
  /** `media:reply` */
  reply(r: MediaReply): Promise<unknown>;
  /** Subscribes to validated `media:request` events. */
  onRequest(cb: (r: MediaRequest) => void): () => void;
  /** Calls `cb` each time the transport to the host is (re)opened. */
  onOpen(cb: () => void): () => void;
  readonly mic: Microphone;
  readonly newId?: () => string;
};

export type MediaEngine = {
  readonly engineId: string;
  stats(): Promise<SessionStats[]>;
  /** What is open now: peer connections and the calls' live microphone tracks (a leak shows here). */
  open(): { readonly sessions: number; readonly liveTracks: number };
  stop(): void;
};

/** Closed sids remembered to tell a late op "closed" rather than "unknown" (a bounded memory). */
const CLOSED_MEMORY = 256;
const MAX_ERROR = 2000;

export function createMediaEngine(deps: MediaEngineDeps): MediaEngine {
  const engineId = (deps.newId ?? (() => crypto.randomUUID()))();
  const sessions = new Map<string, MediaSession>();
  const closed: string[] = [];

  const send = (reqId: number, outcome: { ok: true; result: Record<string, unknown> } | { ok: false; error: string }) => {
    const r: MediaReply = outcome.ok
      ? { engineId, reqId, ok: true, result: outcome.result, error: null }
      : { engineId, reqId, ok: false, result: null, error: outcome.error.slice(0, MAX_ERROR) };
    deps.reply(r).catch((err: unknown) => console.warn(`media:reply ${reqId} was not delivered`, err));
  };

  function closeSession(s: MediaSession): void {
    s.close();
    sessions.delete(s.sid);
    closed.push(s.sid);
    if (closed.length > CLOSED_MEMORY) closed.shift();
  }

  function run(req: MediaRequest, s: MediaSession): Promise<Record<string, unknown>> {
    switch (req.op) {
      case 'create':
        return Promise.resolve({});
      case 'getDescription':
        return s.queue.run(() => s.getDescription(req.args));
      case 'setDescription':
        return s.queue.run(() => s.setDescription(req.args));
      case 'rollback':
        return s.queue.run(() => s.rollback());
      case 'sendDtmf':
        return s.queue.run(() => s.sendDtmf(req.args));
      case 'hold':
        return s.queue.run(() => s.hold(req.args.on === true));
      case 'mute':
        return s.queue.run(() => s.mute(req.args.on === true));
      case 'commit':
        return s.queue.run(() => s.commit());
      case 'close':
        // After the ops queued before it; then the sid refuses everything.
        return s.queue.run(() => {
          closeSession(s);
          return {};
        });
      default:
        return Promise.reject(new MediaOpError(`unknown op ${String(req.op satisfies never)}`));
    }
  }

  /**
   * Sids of preparations waiting one task before their peer connection is made, with the ops that
   * came meanwhile: the `calls:state` frame that pops the call arrives just before them, and
   * React renders it in a later task; building the connection first would hold the pop back.
   */
  const waiting = new Map<string, MediaRequest[]>();

  function handle(req: MediaRequest): void {
    if (req.engineId !== engineId) return; // another window's engine
    const held = waiting.get(req.sid);
    if (held) {
      held.push(req);
      return;
    }
    if (req.op === 'create' && req.args.prepare === true && !sessions.has(req.sid) && !closed.includes(req.sid)) {
      waiting.set(req.sid, [req]);
      setTimeout(() => {
        const ops = waiting.get(req.sid) ?? [];
        waiting.delete(req.sid); // gone when the engine stopped meanwhile
        for (const r of ops) handleNow(r);
      }, 0);
      return;
    }
    handleNow(req);
  }

  function handleNow(req: MediaRequest): void {
    let s = sessions.get(req.sid);
    if (req.op === 'create') {
      if (closed.includes(req.sid)) return send(req.reqId, { ok: false, error: `media session ${req.sid} is closed` });
      if (!s) {
        try {
          s = createMediaSession(req.sid, req.args, deps.mic);
        } catch (err) {
          return send(req.reqId, { ok: false, error: `cannot create a peer connection: ${message(err)}` });
        }
        sessions.set(req.sid, s);
      }
    }
    if (!s) {
      const error = closed.includes(req.sid) ? `media session ${req.sid} is closed` : `unknown media session ${req.sid}`;
      return send(req.reqId, { ok: false, error });
    }
    run(req, s).then(
      (result) => send(req.reqId, { ok: true, result }),
      (err: unknown) => {
        if (!(err instanceof SessionClosedError)) console.warn(`media ${req.op} on ${req.sid} failed`, err);
        send(req.reqId, { ok: false, error: message(err) });
      },
    );
  }

  const attach = () => {
    deps.attach(engineId).catch((err: unknown) => console.warn('media:attach failed; calls cannot be answered until the next reconnect', err));
  };

  const offRequest = deps.onRequest(handle);
  const offOpen = deps.onOpen(attach);
  const offPrefs = onOutputPrefs((p) => {
    for (const s of sessions.values()) s.setVoiceDevice(p.voice);
  });

  return {
    engineId,
    stats: () => Promise.all([...sessions.values()].map((s) => s.stats())),
    open: () => ({ sessions: sessions.size, liveTracks: [...sessions.values()].filter((s) => s.trackLive()).length }),
    stop() {
      offRequest();
      offOpen();
      offPrefs();
      waiting.clear();
      for (const s of [...sessions.values()]) closeSession(s);
    },
  };
}

function message(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * The host end of the media bridge (README.md here documents the ops for the renderer):
 * `media:request` events out, `media:reply` requests in, per-request timeouts, and "the latest
 * `media:attach` wins". Nothing waits forever: without an engine a request fails at once, so a
 * call that cannot get media is refused in milliseconds, never left ringing at the PBX.
 */
import type { MediaRequest } from '../../src-shared/ipc/softphone';
import type { Logger } from '../log';

export type MediaOp = MediaRequest['op'];
export type MediaResult = Record<string, unknown>;

export class MediaUnavailableError extends Error {
  override readonly name = 'MediaUnavailableError';
}

export class MediaEngineError extends Error {
  override readonly name = 'MediaEngineError';
}

/** Host-side timeouts per op (ms); the engine bounds ICE gathering itself (create args). */
export const MEDIA_TIMEOUTS: Readonly<Record<MediaOp, number>> = {
  create: 2000,
  getDescription: 4000,
  setDescription: 3000,
  rollback: 3000,
  sendDtmf: 2000,
  hold: 2000,
  mute: 2000,
  close: 2000,
  commit: 2000,
};

type Pending = { engineId: string; op: MediaOp; sid: string; resolve(r: MediaResult): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> };

export function createMediaBridge(deps: { emit(req: MediaRequest): void; log: Logger }) {
  const { log } = deps;
  let engineId: string | null = null;
  let seq = 0;
  const pending = new Map<number, Pending>();

  function failAll(why: string): void {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(new MediaUnavailableError(why));
    }
  }

  function send(sid: string, op: MediaOp, args: MediaResult, timeoutMs: number): Promise<MediaResult> {
    if (engineId === null) return Promise.reject(new MediaUnavailableError('no media engine attached (is the console window open?)'));
    const reqId = ++seq;
    const target = engineId;
    return new Promise<MediaResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(reqId);
        reject(new MediaUnavailableError(`media engine did not answer ${op} in ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(reqId, { engineId: target, op, sid, resolve, reject, timer });
      deps.emit({ engineId: target, reqId, sid, op, args });
    });
  }

  return {
    get attached(): boolean {
      return engineId !== null;
    },
    get engineId(): string | null {
      return engineId;
    },

    attach(id: string): { engineId: string } {
      if (engineId !== null && engineId !== id) failAll('media engine replaced (renderer reloaded)');
      engineId = id;
      log.info({ engineId: id }, 'media engine attached');
      return { engineId: id };
    },

    /** Replies from an engine other than the current one, or for unknown/expired requests, are refused. */
    reply(r: { engineId: string; reqId: number; ok: boolean; result: MediaResult | null; error: string | null }): { accepted: boolean } {
      const p = pending.get(r.reqId);
      if (!p || r.engineId !== engineId || p.engineId !== r.engineId) return { accepted: false };
      pending.delete(r.reqId);
      clearTimeout(p.timer);
      if (r.ok) p.resolve(r.result ?? {});
      else p.reject(new MediaEngineError(`media engine: ${p.op} failed: ${r.error ?? 'unknown error'}`));
      return { accepted: true };
    },

    request(sid: string, op: MediaOp, args: MediaResult = {}): Promise<MediaResult> {
      return send(sid, op, args, MEDIA_TIMEOUTS[op]);
    },

    /** Fire and forget, for the synchronous parts of the SDH interface; a failure is only logged. */
    notify(sid: string, op: MediaOp, args: MediaResult = {}): void {
      send(sid, op, args, MEDIA_TIMEOUTS[op]).catch((err: unknown) => log.warn({ sid, op, err: String(err) }, 'media op failed'));
    },

    /** The window went away (transport closed): nothing will answer. */
    detach(id: string): void {
      if (engineId !== id) return;
      engineId = null;
      failAll('media engine detached');
    },

    dispose(): void {
      engineId = null;
      failAll('console host closing');
    },
  };
}
export type MediaBridge = ReturnType<typeof createMediaBridge>;

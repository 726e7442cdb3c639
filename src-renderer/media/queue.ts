/**
 * Serial queues per media session (one RTCPeerConnection per `sid`): the host does not wait for
 * the replies to `create`, `hold`, `mute`, `sendDtmf` or `close` before it sends the next op, so
 * the engine must run the ops of one sid strictly in arrival order (src-main/softphone/README.md).
 * Pure: no DOM, unit-tested.
 */
export class SessionClosedError extends Error {
  override readonly name = 'SessionClosedError';
  constructor(readonly sid: string) {
    super(`media session ${sid} is closed`);
  }
}

export type SerialQueue = {
  /** Runs `fn` after everything queued before it; rejects without running when the queue is closed. */
  run<T>(fn: () => Promise<T> | T): Promise<T>;
  /** Later `run` calls (and queued ones not yet started) reject with SessionClosedError. */
  close(): void;
  readonly closed: boolean;
};

export function createSerialQueue(sid: string): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;
  return {
    run<T>(fn: () => Promise<T> | T): Promise<T> {
      if (closed) return Promise.reject(new SessionClosedError(sid));
      const p = tail.then(() => {
        if (closed) throw new SessionClosedError(sid);
        return fn();
      });
      // The next op waits for this one to settle, whatever its outcome (a failed setDescription
      // must not block the close that follows it).
      tail = p.then(
        () => undefined,
        () => undefined,
      );
      return p;
    },
    close() {
      closed = true;
    },
    get closed() {
      return closed;
    },
  };
}

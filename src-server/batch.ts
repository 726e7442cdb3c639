/**
 * Requests that arrive together answered by one database round trip. After a live poke every
 * console of a desk asks the server the same kind of thing within a few milliseconds (its session,
 * the same page); each query on the embedded database costs about a millisecond, so fifty of them
 * one after another are the whole propagation budget.
 *
 * A request only joins a batch that starts after it arrived: a batch already running may have read
 * the database before the commit that made the request ask, so its answer could be older than the
 * request. Batches of one batcher run one at a time; whatever arrived meanwhile forms the next one.
 */
export type Batcher<K, V> = (key: K) => Promise<V>;

/**
 * `run` answers a batch of keys in order (one answer per key; an Error as an answer rejects that
 * key alone; a throw rejects the whole batch). `onIdle` runs when nothing waits any more.
 */
/** A batch that has not answered by then fails, so one stuck query cannot hold every later request. */
const BATCH_DEADLINE_MS = 20_000;

export class BatchDeadlineError extends Error {
  override readonly name = 'BatchDeadlineError';
}

export function createBatcher<K, V>(
  run: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
  onIdle?: () => void,
  deadlineMs: number = BATCH_DEADLINE_MS,
): Batcher<K, V> {
  type Waiter = { key: K; resolve: (v: V) => void; reject: (err: unknown) => void };
  let waiting: Waiter[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting;
        waiting = [];
        try {
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new BatchDeadlineError(`no answer from the database in ${deadlineMs} ms`)), deadlineMs);
          });
          const answers = await Promise.race([run(batch.map((w) => w.key)), late]).finally(() => clearTimeout(timer));
          batch.forEach((w, i) => {
            const a = answers[i];
            if (a instanceof Error) w.reject(a);
            else w.resolve(a as V);
          });
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      running = false;
      onIdle?.();
    }
  }

  return (key) =>
    new Promise<V>((resolve, reject) => {
      waiting.push({ key, resolve, reject });
      if (!running) void drain();
    });
}

/**
 * src-server/batch.ts: requests that arrive together share one round trip, but a request never
 * joins a batch that was already running when it arrived (that batch may have read the database
 * before the commit the request is asking about).
 */
import { describe, expect, it } from 'vitest';
import { BatchDeadlineError, createBatcher } from '../../../src-server/batch';

/** A batch runner whose batches end when the test says so; it records what each batch held. */
function gated() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const run = async (keys: readonly number[]) => {
    batches.push([...keys]);
    await new Promise<void>((r) => gates.push(r));
    return keys.map((k) => (k < 0 ? new Error(`negative ${k}`) : k * 10));
  };
  return { batches, run, release: () => gates.shift()?.() };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('createBatcher', () => {
  it('the first request runs at once; those arriving while it runs form the next batch, not the running one', async () => {
    const g = gated();
    let idle = 0;
    const load = createBatcher(g.run, () => idle++);
    const first = load(1);
    const more = [load(2), load(3), load(4)];
    expect(g.batches).toEqual([[1]]);
    g.release();
    expect(await first).toBe(10);
    await tick();
    expect(g.batches).toEqual([[1], [2, 3, 4]]);
    // Arrives while the second batch runs: waits for a third.
    const late = load(5);
    g.release();
    expect(await Promise.all(more)).toEqual([20, 30, 40]);
    await tick();
    expect(g.batches).toEqual([[1], [2, 3, 4], [5]]);
    expect(idle).toBe(0);
    g.release();
    expect(await late).toBe(50);
    await tick();
    expect(idle).toBe(1);
  });

  it('an Error answer rejects its own key only; a throw rejects the whole batch and the next batch still runs', async () => {
    const g = gated();
    const load = createBatcher(g.run);
    const a = load(1);
    const [b, c] = [load(-2), load(3)];
    g.release();
    await a;
    await tick();
    g.release();
    await expect(b).rejects.toThrow('negative -2');
    expect(await c).toBe(30);

    let calls = 0;
    const flaky = createBatcher(async (keys: readonly number[]) => {
      if (calls++ === 0) throw new Error('database gone');
      return keys.map((k) => k);
    });
    const [x, y] = [flaky(1), flaky(2)];
    await expect(x).rejects.toThrow('database gone');
    expect(await y).toBe(2);
  });

  it('a batch that never answers fails at its deadline, and the requests after it are answered', async () => {
    let calls = 0;
    const load = createBatcher(
      (keys: readonly number[]) => (calls++ === 0 ? new Promise<number[]>(() => undefined) : Promise.resolve([...keys])),
      undefined,
      30,
    );
    const stuck = load(1);
    const next = load(2);
    await expect(stuck).rejects.toBeInstanceOf(BatchDeadlineError);
    expect(await next).toBe(2);
  });
});

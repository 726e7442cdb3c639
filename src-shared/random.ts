/**
 * mulberry32: a tiny, fast, seeded PRNG for synthetic data, benchmarks and randomized tests —
 * the same seed gives the same sequence (a failure reproduces, a demo file is identical).
 * Not for anything secret: ids and tokens use Web Crypto (src-shared/ids.ts).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

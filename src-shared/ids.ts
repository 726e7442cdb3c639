/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then randomness. Client-generated ids sort by
 * creation time and make creates idempotent when mutations are replayed (ARCHITECTURE.md, sync).
 * Uses the global Web Crypto, present in browsers and Node alike, so this module stays pure.
 */
type WebCrypto = { getRandomValues(array: Uint8Array): Uint8Array };
const webCrypto = (globalThis as unknown as { crypto: WebCrypto }).crypto;

export function uuidv7(nowMs: number = Date.now()): string {
  const b = new Uint8Array(16);
  webCrypto.getRandomValues(b);
  let ms = Math.floor(nowMs);
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x70;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

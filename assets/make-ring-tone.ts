/**
 * Generates assets/ring.wav, the console's ring tone (nothing is downloaded): a two-burst "trill"
 * (1000/1250 Hz alternating at 20 Hz, 0.4 s + 0.4 s) and 2 s of silence, 3 s per loop. 8 kHz,
 * 16-bit mono PCM, ~48 KB. Run: `npx tsx assets/make-ring-tone.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RATE = 8000;
const AMPLITUDE = 0.45;
const FADE_S = 0.01;

type Segment = { readonly seconds: number; readonly trill: boolean };
const PATTERN: readonly Segment[] = [
  { seconds: 0.4, trill: true },
  { seconds: 0.2, trill: false },
  { seconds: 0.4, trill: true },
  { seconds: 2.0, trill: false },
];

function samples(): Int16Array {
  const total = Math.round(PATTERN.reduce((s, p) => s + p.seconds, 0) * RATE);
  const out = new Int16Array(total);
  let i = 0;
  let phase = 0;
  for (const seg of PATTERN) {
    const n = Math.round(seg.seconds * RATE);
    for (let k = 0; k < n; k++, i++) {
      if (!seg.trill) continue;
      const t = k / RATE;
      const freq = Math.floor(t * 20) % 2 === 0 ? 1000 : 1250;
      phase += (2 * Math.PI * freq) / RATE; // continuous phase: no clicks at the frequency switch
      const fade = Math.min(1, t / FADE_S, (seg.seconds - t) / FADE_S);
      out[i] = Math.round(Math.sin(phase) * AMPLITUDE * fade * 32767);
    }
  }
  return out;
}

function wav(pcm: Int16Array): Buffer {
  const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16); // PCM fmt chunk size
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE * 2, 28); // byte rate
  h.writeUInt16LE(2, 32); // block align
  h.writeUInt16LE(16, 34); // bits per sample
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

const file = join(import.meta.dirname, 'ring.wav');
writeFileSync(file, wav(samples()));
console.log(`wrote ${file}`);

/**
 * Raw G.711 A-law audio for sipp's `rtp_stream` (PCMA, payload type 8), generated at run time so
 * the repository holds no binary: a 440 Hz tone with a little amplitude wobble, so media checks
 * see non-silent audio. Raw A-law, not a pcap: replaying a pcap repeats SSRC and sequence numbers
 * and Chromium's SRTP replay protection drops them after unhold (sip-rig pitfall 11).
 */

/** ITU-T G.711 A-law encoding of one 16-bit linear sample. */
export function linearToAlaw(sample: number): number {
  let pcm = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = pcm >= 0 ? 0x80 : 0x00;
  if (pcm < 0) pcm = -pcm - 1;
  pcm >>= 3; // 13-bit magnitude
  let seg = 0;
  for (let v = pcm >> 5; v > 0 && seg < 7; v >>= 1) seg++;
  const mantissa = seg === 0 ? (pcm >> 1) & 0x0f : (pcm >> seg) & 0x0f;
  return (sign | (seg << 4) | mantissa) ^ 0x55;
}

/** `seconds` of 8 kHz A-law: a 440 Hz tone at about -12 dBFS. */
export function alawTone(seconds = 2, hz = 440): Buffer {
  const n = Math.round(8000 * seconds);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    const t = i / 8000;
    const amp = 8000 * (0.8 + 0.2 * Math.sin(2 * Math.PI * 0.5 * t));
    out[i] = linearToAlaw(amp * Math.sin(2 * Math.PI * hz * t));
  }
  return out;
}

/** A WAV file (16-bit PCM, 8 kHz mono) of the same tone: for rtpengine's `play media`. */
export function wavTone(seconds = 2, hz = 440): Buffer {
  const n = Math.round(8000 * seconds);
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const t = i / 8000;
    data.writeInt16LE(Math.round(8000 * Math.sin(2 * Math.PI * hz * t)), i * 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16); // fmt chunk size
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28); // byte rate
  h.writeUInt16LE(2, 32); // block align
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/**
 * Debian Chromium as the tests and benchmarks launch it (TOOLCHAIN.md): never a downloaded
 * browser; background networking off, or Chromium floods this machine's closed network.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** For WebRTC on loopback (sip-rig pitfalls 4 and 7): fake mic and speaker, no prompt, autoplay. */
export const CHROMIUM_MEDIA_ARGS = [
  ...CHROMIUM_ARGS,
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

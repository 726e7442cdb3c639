import { defineConfig } from 'vite';

// The renderer runs under a strict CSP (script-src 'self'; style-src 'self'), both in Electron
// (loaded from file://, hence base './') and in browser mode. Nothing may be inlined into
// index.html: no module-preload polyfill, CSS extracted into a file, small assets not inlined
// as data: URLs into scripts (img-src allows data:, but keep the output plain).
export default defineConfig({
  root: 'src-renderer',
  base: './',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    target: 'chrome130',
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // react-query ships "use client" directives (meaningless outside RSC); keep the build log quiet.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: { host: '127.0.0.1', strictPort: false },
});

/**
 * What the Electron shell allows the page to do, as plain functions of plain data so the same
 * answers are checked without Electron (tests/integration/electron/hardening.test.ts runs the
 * built main bundle against a recording stand-in). Default everywhere: no.
 */
import type { WebContents, WebPreferences } from 'electron';

/**
 * The only page the console shows: our own renderer loaded with loadFile. Everything else
 * (remote pages, other local files, frames inside our page) is foreign.
 */
export function isOwnPage(url: string | undefined, rendererUrlPrefix: string): boolean {
  return typeof url === 'string' && url.startsWith(rendererUrlPrefix) && !url.slice(rendererUrlPrefix.length).includes('..');
}

/**
 * Window settings: the page gets no Node, runs sandboxed in its own isolated world and keeps
 * Chromium's same-origin rules. Every value is spelled out so a default changing upstream cannot
 * loosen it silently.
 */
export function hardenedWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export type PermissionAsk = {
  permission: string;
  /** The URL of the frame asking (request handler: details.requestingUrl; check handler: same or the contents' URL). */
  url: string | undefined;
  isMainFrame: boolean;
  /** `media` requests: what is asked for (`audio` = microphone, `video` = camera). */
  mediaTypes?: readonly string[];
};

/**
 * The console needs the microphone (WebRTC calls) and desktop notifications (incoming call while
 * minimised), and only for its own page in the main frame. Camera, screen capture, geolocation,
 * clipboard reads, devices, everything else: refused.
 */
export function allowPermission(ask: PermissionAsk, rendererUrlPrefix: string): boolean {
  if (!ask.isMainFrame || !isOwnPage(ask.url, rendererUrlPrefix)) return false;
  if (ask.permission === 'notifications') return true;
  if (ask.permission === 'media') {
    const types = ask.mediaTypes ?? [];
    return types.length > 0 && types.every((t) => t === 'audio');
  }
  return false;
}

/**
 * Applied to every webContents the app ever creates (app 'web-contents-created'), not only the
 * main window: the page may not navigate away, be redirected, attach a <webview> or open windows.
 * The console opens no external links (nothing in the UI needs one), so window.open is denied
 * outright rather than handed to the OS browser.
 */
export function hardenWebContents(contents: WebContents, onRefused: (what: string, url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    onRefused('navigation', url);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    onRefused('redirect', url);
  });
  contents.on('will-attach-webview', (event, _prefs, params) => {
    event.preventDefault();
    onRefused('webview', params.src ?? '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    onRefused('new window', url);
    return { action: 'deny' };
  });
}

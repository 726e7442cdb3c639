/**
 * The softphone's keys (UX.md: "every action has a key"; the `?` sheet lists them). Pure: the
 * window listener in useCallKeys turns a KeyboardEvent into a KeyInput and acts on the result.
 * Letters are matched by physical key (`code`), so they work on the Russian layout too. Chosen to
 * avoid the console's own keys (/, Ctrl+K, F2, Alt+1..3, ?) and the browser's reserved ones
 * (Ctrl+T/W/N, Ctrl+Shift+T/W/N/J/I, Ctrl+1..9).
 */
import type { KeyInput, ShortcutRow } from '../../lib/keys';

export type CallAction =
  | { readonly type: 'answer' }
  | { readonly type: 'hangup' }
  | { readonly type: 'hold' }
  | { readonly type: 'mute' }
  | { readonly type: 'dtmf' }
  | { readonly type: 'transfer' }
  | { readonly type: 'swap' }
  | { readonly type: 'dial' }
  | { readonly type: 'visit' }
  | { readonly type: 'agent' }
  | { readonly type: 'calls-tab' }
  | { readonly type: 'candidate'; readonly index: number };

/** Ctrl+Shift+<letter> (physical key) → action; they work while typing in a field. */
const CTRL_SHIFT: Readonly<Record<string, CallAction['type']>> = {
  KeyE: 'hangup', // «завершить» / end
  KeyH: 'hold',
  KeyM: 'mute',
  KeyD: 'dtmf',
  KeyF: 'transfer', // forward
  KeyL: 'swap', // line
  KeyO: 'dial', // outgoing
  KeyB: 'visit', // R-CALL-15: «выезд бригады»
  KeyS: 'agent', // state
};

export function callShortcut(k: KeyInput): CallAction | null {
  const mod = k.ctrlKey || k.metaKey;
  if (mod && !k.altKey && !k.shiftKey && (k.key === 'Enter' || k.code === 'Enter' || k.code === 'NumpadEnter')) return { type: 'answer' };
  if (mod && k.shiftKey && !k.altKey && k.code !== undefined) {
    const type = CTRL_SHIFT[k.code];
    if (type) return { type } as CallAction;
  }
  if (k.altKey && !mod && (k.key === '4' || k.code === 'Digit4')) return { type: 'calls-tab' };
  // 1–9 pick a screen-pop candidate (R-ID-PHONE, a shared phone); inside a field they are typed.
  if (!mod && !k.altKey && k.target !== 'text' && /^[1-9]$/.test(k.key)) return { type: 'candidate', index: Number(k.key) - 1 };
  return null;
}

/** The rows the `?` sheet adds for the softphone. */
export const CALL_SHORTCUTS: readonly ShortcutRow[] = [
  { keys: ['Ctrl+Enter'], label: 'shortcuts.answer' },
  { keys: ['Ctrl+Shift+E'], label: 'shortcuts.hangup' },
  { keys: ['Ctrl+Shift+H'], label: 'shortcuts.hold' },
  { keys: ['Ctrl+Shift+M'], label: 'shortcuts.mute' },
  { keys: ['Ctrl+Shift+D'], label: 'shortcuts.dtmf' },
  { keys: ['Ctrl+Shift+F'], label: 'shortcuts.transfer' },
  { keys: ['Ctrl+Shift+L'], label: 'shortcuts.swap' },
  { keys: ['Ctrl+Shift+O'], label: 'shortcuts.dial' },
  { keys: ['Ctrl+Shift+B'], label: 'shortcuts.visit' },
  { keys: ['Ctrl+Shift+S'], label: 'shortcuts.agent' },
  { keys: ['1', '…', '9'], label: 'shortcuts.pickCandidate' },
  { keys: ['Alt+4'], label: 'shortcuts.callLog' },
];

/** The aria-keyshortcuts value of a row above ("Ctrl+Shift+E" → "Control+Shift+E"). */
export function ariaKeys(keys: string): string {
  return keys.replace(/\bCtrl\b/g, 'Control');
}

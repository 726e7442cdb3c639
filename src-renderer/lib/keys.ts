/**
 * Keyboard map of the console (UX.md "every action has a key"). Pure: the DOM listener turns a
 * KeyboardEvent into a KeyInput and acts on what these functions return.
 */
import type { I18nKey } from '../i18n/types';

export type TargetKind = 'text' | 'other';
export type KeyInput = {
  readonly key: string;
  /** Physical key (KeyboardEvent.code), layout-independent. */
  readonly code?: string;
  readonly shiftKey?: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  /** Whether focus is in a field where typing `/` or `?` means the character itself. */
  readonly target: TargetKind;
};

export type GlobalAction = { readonly type: 'focus-search' } | { readonly type: 'shortcuts' } | { readonly type: 'tab'; readonly index: number } | null;

export function globalShortcut(k: KeyInput): GlobalAction {
  const mod = k.ctrlKey || k.metaKey;
  if (mod && !k.altKey && (k.key === 'k' || k.key === 'K' || k.key === 'л' || k.key === 'Л')) return { type: 'focus-search' };
  if (k.key === 'F2' && !mod && !k.altKey) return { type: 'focus-search' };
  if (k.altKey && !mod && /^[1-3]$/.test(k.key)) return { type: 'tab', index: Number(k.key) - 1 };
  if (k.target === 'text' || mod || k.altKey) return null;
  // `/` and `?` are typed characters inside fields; elsewhere they are commands. On the Russian
  // layout the physical `/` key types "." — it still focuses the search (by its code).
  if (k.key === '?') return { type: 'shortcuts' };
  if (k.key === '/' || (k.code === 'Slash' && k.key === '.' && k.shiftKey !== true)) return { type: 'focus-search' };
  return null;
}

export type SearchAction = { readonly type: 'move'; readonly delta: number } | { readonly type: 'open' } | { readonly type: 'clear' } | null;

export function searchFieldKey(key: string): SearchAction {
  switch (key) {
    case 'ArrowDown':
      return { type: 'move', delta: 1 };
    case 'ArrowUp':
      return { type: 'move', delta: -1 };
    case 'PageDown':
      return { type: 'move', delta: 10 };
    case 'PageUp':
      return { type: 'move', delta: -10 };
    case 'Enter':
      return { type: 'open' };
    case 'Escape':
      return { type: 'clear' };
    default:
      return null;
  }
}

/** Highlight index after a move in a list of `count` rows (-1 = nothing highlighted). */
export function moveHighlight(current: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + delta));
}

/** The row Enter opens: the highlighted one, else the first. */
export function rowToOpen(highlight: number, count: number): number | null {
  if (count <= 0) return null;
  return highlight >= 0 && highlight < count ? highlight : 0;
}

/** What the shortcut sheet lists (`?`). */
/** A row of the `?` sheet: the keys and the i18n key of what they do. */
export type ShortcutRow = { readonly keys: readonly string[]; readonly label: I18nKey };

export const SHORTCUTS: readonly ShortcutRow[] = [
  { keys: ['/', 'Ctrl+K', 'F2'], label: 'shortcuts.focusSearch' },
  { keys: ['↑', '↓'], label: 'shortcuts.moveSelection' },
  { keys: ['Enter'], label: 'shortcuts.openResult' },
  { keys: ['Esc'], label: 'shortcuts.clearSearch' },
  { keys: ['Enter'], label: 'shortcuts.verify' },
  { keys: ['Alt+1', 'Alt+2', 'Alt+3'], label: 'shortcuts.tabs' },
  { keys: ['?'], label: 'shortcuts.help' },
];

type ElementLike = { readonly tagName: string; readonly isContentEditable?: boolean; readonly type?: string };
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color', 'image']);

export function targetKind(el: ElementLike | null): TargetKind {
  if (!el) return 'other';
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || el.isContentEditable === true) return 'text';
  if (tag === 'input') return NON_TEXT_INPUTS.has((el.type ?? 'text').toLowerCase()) ? 'other' : 'text';
  return 'other';
}

type KeyEventLike = Omit<KeyInput, 'target'> & { readonly target: EventTarget | null };

/** The one place a DOM KeyboardEvent becomes a KeyInput for the pure maps above. */
export function keyInput(e: KeyEventLike): KeyInput {
  const el = typeof HTMLElement !== 'undefined' && e.target instanceof HTMLElement ? e.target : null;
  return { key: e.key, code: e.code, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, target: targetKind(el) };
}

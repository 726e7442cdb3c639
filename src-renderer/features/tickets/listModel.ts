/**
 * The ticket list's paging and keys. The list is virtualized: only the pages that cover the rows
 * on screen are fetched (`tickets:list` by offset), `total` sizes the scroller. Pure; unit-tested.
 */
import type { KeyInput, ShortcutRow } from '../../lib/keys';

/** Rows per `tickets:list` request: a screen is ~15 rows, so one page usually covers it. */
export const PAGE_SIZE = 100;

/** Pages that hold rows [first, last] (inclusive); none for an empty range. */
export function pagesFor(first: number, last: number, pageSize = PAGE_SIZE): number[] {
  if (last < first || last < 0) return [];
  const from = Math.floor(Math.max(0, first) / pageSize);
  const to = Math.floor(last / pageSize);
  const out: number[] = [];
  for (let p = from; p <= to; p++) out.push(p);
  return out;
}

/** Where row `index` lives: its page and the offset inside that page. */
export function locate(index: number, pageSize = PAGE_SIZE): { readonly page: number; readonly offset: number } {
  return { page: Math.floor(index / pageSize), offset: index % pageSize };
}

export type ListAction =
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'page'; readonly direction: 1 | -1 }
  | { readonly type: 'home' }
  | { readonly type: 'end' }
  | { readonly type: 'open' }
  | null;

/** Keys of the focused list: ↑/↓ and k/j (also on the Russian layout, by physical key), PgUp/PgDn, Home/End, Enter. */
export function listKey(k: KeyInput): ListAction {
  if (k.ctrlKey || k.metaKey || k.altKey) return null;
  switch (k.key) {
    case 'ArrowDown':
      return { type: 'move', delta: 1 };
    case 'ArrowUp':
      return { type: 'move', delta: -1 };
    case 'PageDown':
      return { type: 'page', direction: 1 };
    case 'PageUp':
      return { type: 'page', direction: -1 };
    case 'Home':
      return { type: 'home' };
    case 'End':
      return { type: 'end' };
    case 'Enter':
      return { type: 'open' };
    default:
      break;
  }
  if (k.target === 'text' || k.shiftKey) return null;
  if (k.code === 'KeyJ' || k.key === 'j') return { type: 'move', delta: 1 };
  if (k.code === 'KeyK' || k.key === 'k') return { type: 'move', delta: -1 };
  return null;
}

/** The selected row after an action in a list of `count` rows showing `pageRows` per screen (-1 = none). */
export function applyListAction(current: number, action: Exclude<ListAction, null | { type: 'open' }>, count: number, pageRows: number): number {
  if (count <= 0) return -1;
  const clamp = (i: number) => Math.min(count - 1, Math.max(0, i));
  switch (action.type) {
    case 'move':
      return current < 0 ? (action.delta > 0 ? 0 : count - 1) : clamp(current + action.delta);
    case 'page':
      return clamp((current < 0 ? 0 : current) + action.direction * Math.max(1, pageRows - 1));
    case 'home':
      return 0;
    case 'end':
      return count - 1;
    default:
      return assertNever(action);
  }
}

/** Keys of the tickets tab outside fields: `n` new ticket, Alt+5 the tab itself (Alt+1..4 are taken). */
export type TicketsTabAction = { readonly type: 'new' } | { readonly type: 'tab' } | null;

export function ticketsTabKey(k: KeyInput, tabActive: boolean): TicketsTabAction {
  const mod = k.ctrlKey || k.metaKey;
  if (k.altKey && !mod && (k.key === '5' || k.code === 'Digit5')) return { type: 'tab' };
  if (!tabActive || mod || k.altKey || k.target === 'text' || k.shiftKey) return null;
  // `n` by physical key so the Russian layout («т») works too.
  if (k.code === 'KeyN' || k.key === 'n') return { type: 'new' };
  return null;
}

/** What the `?` sheet lists for the tickets tab. */
export const TICKET_SHORTCUTS: readonly ShortcutRow[] = [
  { keys: ['Alt+5'], label: 'shortcuts.ticketsTab' },
  { keys: ['↑', '↓', 'k', 'j'], label: 'shortcuts.ticketMove' },
  { keys: ['PgUp', 'PgDn'], label: 'shortcuts.ticketPage' },
  { keys: ['Home', 'End'], label: 'shortcuts.ticketEnds' },
  { keys: ['Enter'], label: 'shortcuts.ticketOpen' },
  { keys: ['n'], label: 'shortcuts.ticketNew' },
  { keys: ['Enter'], label: 'shortcuts.visitConfirm' },
];

function assertNever(x: never): never {
  throw new Error(`unexpected list action ${JSON.stringify(x)}`);
}

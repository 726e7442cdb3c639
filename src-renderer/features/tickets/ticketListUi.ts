import { create } from 'zustand';
import type { ListView } from './queries';

/** What the right-hand pane of the tickets tab shows. */
export type TicketPane =
  | { readonly kind: 'none' }
  | { readonly kind: 'detail'; readonly id: string }
  | { readonly kind: 'new'; readonly seq: number }
  | { readonly kind: 'claim'; readonly seq: number };

/**
 * UI state of the tickets tab only (STYLE.md): view, filters, the selected row and the open pane.
 * Tickets themselves are host rows in react-query.
 */
type TicketsUi = {
  readonly view: ListView;
  readonly queueId: string | null;
  readonly query: string;
  readonly selected: number;
  readonly pane: TicketPane;
  /** Bumped to ask the list to take focus (after Enter opened a ticket, Esc goes back). */
  readonly focusListSeq: number;
  setView(v: ListView): void;
  setQueue(id: string | null): void;
  setQuery(q: string): void;
  select(i: number): void;
  openTicket(id: string): void;
  newTicket(): void;
  newClaim(): void;
  closePane(): void;
  focusList(): void;
};

let seq = 0;

export const useTicketsUi = create<TicketsUi>()((set) => ({
  view: 'open',
  queueId: null,
  query: '',
  selected: -1,
  pane: { kind: 'none' },
  focusListSeq: 0,
  setView: (view) => set({ view, selected: -1 }),
  setQueue: (queueId) => set({ queueId, selected: -1 }),
  setQuery: (query) => set({ query, selected: -1 }),
  select: (selected) => set({ selected }),
  openTicket: (id) => set({ pane: { kind: 'detail', id } }),
  newTicket: () => set({ pane: { kind: 'new', seq: ++seq } }),
  newClaim: () => set({ pane: { kind: 'claim', seq: ++seq } }),
  closePane: () => set({ pane: { kind: 'none' } }),
  focusList: () => set((s) => ({ focusListSeq: s.focusListSeq + 1 })),
}));

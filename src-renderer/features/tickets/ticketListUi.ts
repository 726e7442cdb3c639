import { create } from 'zustand';
import type { ListView } from './queries';

/**
 * UI state of the tickets list only (STYLE.md): view, filters, the selected row. The pane beside
 * it is shared/ticketPaneUi.ts; tickets themselves are host rows in react-query.
 */
type TicketListUi = {
  readonly view: ListView;
  readonly queueId: string | null;
  readonly query: string;
  readonly selected: number;
  /** Bumped to ask the list to take focus (after Enter opened a ticket, Esc goes back). */
  readonly focusListSeq: number;
  setView(v: ListView): void;
  setQueue(id: string | null): void;
  setQuery(q: string): void;
  select(i: number): void;
  focusList(): void;
};

export const useTicketListUi = create<TicketListUi>()((set) => ({
  view: 'open',
  queueId: null,
  query: '',
  selected: -1,
  focusListSeq: 0,
  setView: (view) => set({ view, selected: -1 }),
  setQueue: (queueId) => set({ queueId, selected: -1 }),
  setQuery: (query) => set({ query, selected: -1 }),
  select: (selected) => set({ selected }),
  focusList: () => set((s) => ({ focusListSeq: s.focusListSeq + 1 })),
}));

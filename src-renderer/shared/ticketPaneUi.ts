import { create } from 'zustand';

/** What the right-hand pane of the tickets tab shows. */
export type TicketPane =
  | { readonly kind: 'none' }
  | { readonly kind: 'detail'; readonly id: string }
  | { readonly kind: 'new'; readonly seq: number }
  | { readonly kind: 'claim'; readonly seq: number };

/**
 * UI state of the tickets tab's right-hand pane only (STYLE.md): shared because the caller
 * context, a booked visit and a saved claim open a ticket there too. Tickets themselves are host
 * rows in react-query; the list's own state is features/tickets/ticketListUi.ts.
 */
type TicketPaneUi = {
  readonly pane: TicketPane;
  openTicket(id: string): void;
  newTicket(): void;
  newClaim(): void;
  closePane(): void;
};

let seq = 0;

export const useTicketPaneUi = create<TicketPaneUi>()((set) => ({
  pane: { kind: 'none' },
  openTicket: (id) => set({ pane: { kind: 'detail', id } }),
  newTicket: () => set({ pane: { kind: 'new', seq: ++seq } }),
  newClaim: () => set({ pane: { kind: 'claim', seq: ++seq } }),
  closePane: () => set({ pane: { kind: 'none' } }),
}));

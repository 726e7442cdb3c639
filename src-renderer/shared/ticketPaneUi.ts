import { create } from 'zustand';

/** What the right-hand pane of the tickets tab shows. */
export type TicketPane =
  | { readonly kind: 'none' }
  | { readonly kind: 'detail'; readonly id: string; readonly focus?: boolean }
  | { readonly kind: 'new'; readonly seq: number }
  | { readonly kind: 'claim'; readonly seq: number };

/**
 * UI state of the tickets tab's right-hand pane only (STYLE.md): shared because the caller
 * context, a booked visit and a saved claim open a ticket there too. Tickets themselves are host
 * rows in react-query; the list's own state is features/tickets/ticketListUi.ts.
 */
type TicketPaneUi = {
  readonly pane: TicketPane;
  /** `focus`: the ticket was just made here, so keyboard focus moves to it (not to the page body). */
  openTicket(id: string, focus?: boolean): void;
  /** The opened ticket took the focus. */
  focusTaken(): void;
  newTicket(): void;
  newClaim(): void;
  closePane(): void;
};

let seq = 0;

export const useTicketPaneUi = create<TicketPaneUi>()((set) => ({
  pane: { kind: 'none' },
  openTicket: (id, focus = false) => set({ pane: { kind: 'detail', id, focus } }),
  focusTaken: () => set((s) => (s.pane.kind === 'detail' && s.pane.focus ? { pane: { ...s.pane, focus: false } } : s)),
  newTicket: () => set({ pane: { kind: 'new', seq: ++seq } }),
  newClaim: () => set({ pane: { kind: 'claim', seq: ++seq } }),
  closePane: () => set({ pane: { kind: 'none' } }),
}));

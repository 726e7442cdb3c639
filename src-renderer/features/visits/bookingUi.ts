import { create } from 'zustand';

/** Where the visit form was opened from: the live call's R-CALL-15 offer, or a ticket. */
export type BookingSource =
  { readonly kind: 'call'; readonly callId: string; readonly requestId: string | null } | { readonly kind: 'ticket'; readonly ticketId: string };

/** UI state of the visit form only (which form is open); its data lives in react-query. */
type BookingUi = {
  readonly booking: { readonly seq: number; readonly source: BookingSource } | null;
  open(source: BookingSource): number;
  close(): void;
};

let seq = 0;

export const useBookingUi = create<BookingUi>()((set) => ({
  booking: null,
  open: (source) => {
    seq += 1;
    set({ booking: { seq, source } });
    return seq;
  },
  close: () => set({ booking: null }),
}));

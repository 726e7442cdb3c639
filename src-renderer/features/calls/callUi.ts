import { create } from 'zustand';

/** A call that ended after talk and waits for its wrap-up code and note (`calls:wrapUp`). */
export type PendingWrapUp = { readonly callId: string; readonly remoteNumber: string; readonly contractNo: string | null; readonly notes: string | null };
export type CallTool = 'none' | 'dtmf' | 'transfer';

/**
 * UI state of the call panel only (STYLE.md): what the operator typed (notes per call, the dial
 * field), which tool is open, which wrap-ups are still to be done. Calls themselves are host
 * rows in react-query.
 */
type CallUi = {
  readonly notes: Readonly<Record<string, string>>;
  readonly wrapUps: readonly PendingWrapUp[];
  readonly tool: CallTool;
  readonly dialText: string;
  /** Bumped to ask the dial field to take focus (Ctrl+Shift+O). */
  readonly focusDialSeq: number;
  setNote(callId: string, text: string): void;
  addWrapUp(w: PendingWrapUp): void;
  doneWrapUp(callId: string): void;
  setTool(t: CallTool): void;
  setDialText(s: string): void;
  focusDial(): void;
};

export const useCallUi = create<CallUi>()((set) => ({
  notes: {},
  wrapUps: [],
  tool: 'none',
  dialText: '',
  focusDialSeq: 0,
  setNote: (callId, text) => set((s) => ({ notes: { ...s.notes, [callId]: text } })),
  addWrapUp: (w) =>
    set((s) =>
      s.wrapUps.some((x) => x.callId === w.callId) ? s : { wrapUps: [...s.wrapUps, { ...w, notes: w.notes ?? s.notes[w.callId] ?? null }].slice(-5) },
    ),
  doneWrapUp: (callId) =>
    set((s) => {
      const notes = { ...s.notes };
      delete notes[callId];
      return { wrapUps: s.wrapUps.filter((w) => w.callId !== callId), notes };
    }),
  setTool: (tool) => set({ tool }),
  setDialText: (dialText) => set({ dialText }),
  focusDial: () => set((s) => ({ focusDialSeq: s.focusDialSeq + 1 })),
}));

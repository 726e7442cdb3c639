import { create } from 'zustand';
import type { Locale } from '../../src-shared/domain/values';

export type Tab = 'identification' | 'directory' | 'settings' | 'calls' | 'tickets';
// New tabs come last so the earlier ones keep their keys: Alt+1..3 (lib/keys.ts), Alt+4 the call
// log (features/calls/keys.ts), Alt+5 the tickets (features/tickets/listModel.ts).
export const TABS: readonly Tab[] = ['identification', 'directory', 'settings', 'calls', 'tickets'];

/**
 * The window's UI state that every feature and the app shell share (STYLE.md: UI state only):
 * which tab, which contract is open in the caller card, the language, the shortcut sheet, the
 * agent menu. Host rows live in react-query, never here.
 */
type AppUi = {
  readonly tab: Tab;
  readonly selectedContractId: number | null;
  /** E.164 of the phone the contract was found by (recorded with a money-question redirect). */
  readonly selectedViaPhone: string | null;
  /** The operator's interface language; persisted by the host (`settings:setLocale`). */
  readonly locale: Locale;
  readonly shortcutsOpen: boolean;
  /** Bumped to ask the search field to take focus (a global shortcut was pressed). */
  readonly focusSearchSeq: number;
  /** Bumped to ask the agent menu to open (Ctrl+Shift+S, a call key). */
  readonly agentMenuSeq: number;
  setTab(tab: Tab): void;
  selectContract(id: number | null, viaPhone?: string | null): void;
  setLocale(locale: Locale): void;
  setShortcutsOpen(open: boolean): void;
  focusSearch(): void;
  openAgentMenu(): void;
};

export const useAppUi = create<AppUi>()((set) => ({
  tab: 'identification',
  selectedContractId: null,
  selectedViaPhone: null,
  locale: 'ru',
  shortcutsOpen: false,
  focusSearchSeq: 0,
  agentMenuSeq: 0,
  setTab: (tab) => set({ tab }),
  selectContract: (id, viaPhone = null) => set({ selectedContractId: id, selectedViaPhone: id === null ? null : viaPhone }),
  setLocale: (locale) => set({ locale }),
  setShortcutsOpen: (open) => set({ shortcutsOpen: open }),
  focusSearch: () => set((s) => ({ tab: 'identification', focusSearchSeq: s.focusSearchSeq + 1 })),
  openAgentMenu: () => set((s) => ({ agentMenuSeq: s.agentMenuSeq + 1 })),
}));

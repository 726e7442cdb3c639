import { create } from 'zustand';
import type { Locale } from '../../src-shared/domain/values';

export type Tab = 'identification' | 'directory' | 'settings' | 'calls' | 'tickets';
// New tabs come last so the earlier ones keep their keys: Alt+1..3 (lib/keys.ts), Alt+4 the call
// log (features/softphone/keys.ts), Alt+5 the tickets (features/tickets/listModel.ts).
export const TABS: readonly Tab[] = ['identification', 'directory', 'settings', 'calls', 'tickets'];

/**
 * UI state only (STYLE.md): which tab, which contract is open, whether the shortcut sheet is
 * shown. Host rows live in react-query, never here.
 */
type UiState = {
  readonly tab: Tab;
  readonly selectedContractId: number | null;
  /** E.164 of the phone the contract was found by (recorded with a money-question redirect). */
  readonly selectedViaPhone: string | null;
  /** The operator's interface language; persisted by the host (`settings:setLocale`). */
  readonly locale: Locale;
  readonly shortcutsOpen: boolean;
  /** Bumped to ask the search field to take focus (a global shortcut was pressed). */
  readonly focusSearchSeq: number;
  setTab(tab: Tab): void;
  selectContract(id: number | null, viaPhone?: string | null): void;
  setLocale(locale: Locale): void;
  setShortcutsOpen(open: boolean): void;
  focusSearch(): void;
};

export const useUi = create<UiState>()((set) => ({
  tab: 'identification',
  selectedContractId: null,
  selectedViaPhone: null,
  locale: 'ru',
  shortcutsOpen: false,
  focusSearchSeq: 0,
  setTab: (tab) => set({ tab }),
  selectContract: (id, viaPhone = null) => set({ selectedContractId: id, selectedViaPhone: id === null ? null : viaPhone }),
  setLocale: (locale) => set({ locale }),
  setShortcutsOpen: (open) => set({ shortcutsOpen: open }),
  focusSearch: () => set((s) => ({ tab: 'identification', focusSearchSeq: s.focusSearchSeq + 1 })),
}));

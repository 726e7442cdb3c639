/**
 * Screen pop: the caller card fills while the call rings. The host matched the
 * caller ID to contract numbers (`candidates`, R-ID-PHONE); one match (or the contract the call
 * was identified with) opens at once, several wait for the operator's pick (CandidatePicker).
 */
import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Call } from '../../../src-shared/domain/call';
import { afterPaint } from '../../lib/afterPaint';
import { targetKind } from '../../lib/keys';
import { useAppUi } from '../../shared/appUi';
import { findContract } from '../../shared/contracts';
import { splitLines } from '../../shared/callLines';

const e164 = (n: string): string | null => (/^\+\d{8,15}$/.test(n) ? n : null);

/** Whether the operator is typing somewhere: then nothing takes the focus or switches the tab. */
export function isTyping(): boolean {
  const el = document.activeElement;
  return el instanceof HTMLElement && targetKind(el) === 'text' && (el as HTMLInputElement).value !== '';
}

/** Mount once (App): pops the card of each new call that has one contract. */
export function useScreenPop(calls: readonly Call[]): void {
  const qc = useQueryClient();
  const select = useAppUi((s) => s.selectContract);
  const setTab = useAppUi((s) => s.setTab);
  const popped = useRef(new Set<string>());
  // A frame after the ringing call's button and number are painted: the tab switch and the card
  // re-render the identification screen, which must not hold back that paint (issue 11 item 5).
  // A newer snapshot before then cancels this run and pops from the newer one.
  useEffect(() => afterPaint(() => pop(calls)), [calls, qc, select, setTab]);

  function pop(calls: readonly Call[]): void {
    const { live, active, held } = splitLines(calls);
    for (const c of live) {
      if (popped.current.has(c.id)) continue;
      // A second call ringing during a talk must not replace the card being worked on: it pops
      // when it is answered.
      const other = [active, held].some((x) => x !== null && x.id !== c.id);
      if (c.state === 'ringing' && other) continue;
      if (c.direction === 'outbound') {
        popped.current.add(c.id); // dialled from a card (or by hand): nothing to pop
        continue;
      }
      popped.current.add(c.id);
      const no = c.contractNo ?? (c.candidates.length === 1 ? (c.candidates[0] ?? null) : null);
      const typing = isTyping();
      if (!typing) setTab('identification');
      if (no === null) {
        // A caller the directory does not know (or a shared phone, picked in the panel): the
        // previous caller's card must not stay open as if it were this one's.
        if (!typing) select(null);
        continue;
      }
      findContract(qc, no).then(
        (found) => {
          if (found) select(found.id, e164(c.remoteNumber));
        },
        (err: unknown) => console.warn(`screen pop of ${no} failed`, err),
      );
    }
    // Forget calls that are gone (the set stays small over a shift).
    const ids = new Set(calls.map((c) => c.id));
    for (const id of popped.current) if (!ids.has(id)) popped.current.delete(id);
  }
}

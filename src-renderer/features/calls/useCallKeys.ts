import { useEffect, useRef } from 'react';
import type { CallLimit } from '../../../src-shared/domain/talkTimer';
import { keyInput } from '../../lib/keys';
import { useAppUi } from '../../shared/appUi';
import { callShortcut, type CallAction } from './keys';
import type { CallActions } from './actions';
import { talkLevel, talkMs, type Lines } from '../../shared/callLines';
import { useCallUi } from './callUi';
import { useStartBooking } from '../visits/queries';

/**
 * The softphone's keys (features/calls/keys.ts) on the window. A key that has nothing to act on
 * (hang up with no call) is left alone, so the browser or the field keeps it.
 */
export function useCallKeys(lines: Lines, actions: CallActions, limit: CallLimit | null, offsetMs: number): void {
  const setTab = useAppUi((s) => s.setTab);
  const openAgentMenu = useAppUi((s) => s.openAgentMenu);
  const escalate = useStartBooking();
  const state = useRef({ lines, actions, limit, offsetMs, escalate });
  state.current = { lines, actions, limit, offsetMs, escalate };

  useEffect(() => {
    const run = (a: CallAction): boolean => {
      const { lines: l, actions: act, limit: lim, offsetMs: off, escalate: esc } = state.current;
      const ui = useCallUi.getState();
      const talking = l.active?.state === 'active' ? l.active : null;
      switch (a.type) {
        case 'answer': {
          const c = l.ringing[0];
          if (!c) return false;
          act.answer(c);
          return true;
        }
        case 'hangup': {
          const ringing = l.ringing[0];
          if (ringing && !l.active) act.decline(ringing);
          else if (l.active) act.hangup(l.active);
          else if (ringing) act.decline(ringing);
          else return false;
          return true;
        }
        case 'hold':
          if (talking) act.hold(talking, true);
          else if (l.held) act.resume(l.held);
          else return false;
          return true;
        case 'mute':
          if (!talking) return false;
          act.mute(talking, !talking.muted);
          return true;
        case 'dtmf':
        case 'transfer':
          if (!talking) return false;
          setTab('identification');
          ui.setTool(ui.tool === a.type ? 'none' : a.type);
          return true;
        case 'swap':
          if (!l.held) return false;
          if (l.active) act.swap(l.active, l.held);
          else act.resume(l.held);
          return true;
        case 'dial':
          setTab('identification');
          ui.focusDial();
          return true;
        case 'visit': {
          const c = l.active;
          if (!c || c.escalatedAt !== null || esc.isPending) return false;
          // R-CALL-15: the key works once the offer is due, like the button it stands for.
          if (talkLevel(c.talkLimit, talkMs(c, Date.now(), off), lim) !== 'limit') return false;
          esc.mutate({ callId: c.id, escalated: false, notes: ui.notes[c.id] ?? '' });
          return true;
        }
        case 'agent':
          openAgentMenu();
          return true;
        case 'calls-tab':
          setTab('calls');
          return true;
        case 'candidate':
          return false; // CandidatePicker listens for these while it is shown
        default:
          return assertNever(a);
      }
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const a = callShortcut(keyInput(e));
      if (a && run(a)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setTab, openAgentMenu]);
}

function assertNever(x: never): never {
  throw new Error(`unexpected key action ${JSON.stringify(x)}`);
}

/**
 * Agent state in the host: the pure reducer (src-shared/domain/agent.ts) plus the wrap-up timer.
 * The call layer reports calls going up and down; the operator sets available / break; every
 * change is emitted as `agent:state`.
 */
import { AppError } from '../../src-shared/ipc/envelope';
import { AgentStateError, DEFAULT_WRAP_UP_SEC, acceptsCalls, initialAgentState, reduceAgent, type AgentEvent } from '../../src-shared/domain/agent';
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import type { AgentState } from '../../src-shared/domain/agent';

/** The desk profile has no wrap-up time yet; a profile that gains `wrapUpSec` is honoured. */
export function wrapUpSecOf(profile: DeskProfile): number {
  const v = (profile as DeskProfile & { wrapUpSec?: unknown }).wrapUpSec;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : DEFAULT_WRAP_UP_SEC;
}

export function createAgentService(deps: { now: () => Date; profile: () => DeskProfile; onChange(state: AgentState): void }) {
  let state = initialAgentState(deps.now().toISOString());
  let wrapUpTimer: ReturnType<typeof setTimeout> | null = null;

  function apply(ev: AgentEvent): AgentState {
    const next = reduceAgent(state, ev);
    if (next === state) return state;
    state = next;
    if (wrapUpTimer) clearTimeout(wrapUpTimer);
    wrapUpTimer = null;
    if (state.wrapUpEndsAt !== null) {
      const ms = Math.max(0, Date.parse(state.wrapUpEndsAt) - deps.now().getTime());
      wrapUpTimer = setTimeout(() => {
        wrapUpTimer = null;
        apply({ type: 'wrapUpDone', at: deps.now().toISOString() });
      }, ms);
    }
    deps.onChange(state);
    return state;
  }

  const at = () => deps.now().toISOString();
  return {
    state: (): AgentState => state,
    acceptsCalls: (liveCalls: number): boolean => acceptsCalls(state, liveCalls),
    callUp: (): AgentState => apply({ type: 'callUp', at: at() }),
    callsDown: (answered: boolean): AgentState => apply({ type: 'callsDown', at: at(), answered, wrapUpSec: wrapUpSecOf(deps.profile()) }),
    wrapUpDone: (): AgentState => apply({ type: 'wrapUpDone', at: at() }),
    set(s: 'available' | 'break', reason: string | null): AgentState {
      try {
        return apply({ type: 'set', at: at(), state: s, reason });
      } catch (err) {
        if (err instanceof AgentStateError) throw new AppError('CONFLICT', err.message);
        throw err;
      }
    },
    dispose(): void {
      if (wrapUpTimer) clearTimeout(wrapUpTimer);
      wrapUpTimer = null;
    },
  };
}
export type AgentService = ReturnType<typeof createAgentService>;

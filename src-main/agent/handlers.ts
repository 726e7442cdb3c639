/** The agent-state channels (available / on call / wrap-up / break); see service.ts. */
import type { Handlers } from '../ipc/dispatch';
import type { AgentService } from './service';

export function createAgentHandlers(deps: { agent: AgentService }): Pick<Handlers, 'agent:status' | 'agent:setState'> {
  const { agent } = deps;
  return {
    'agent:status': () => agent.state(),
    'agent:setState': ({ state, reason }) => agent.set(state, reason),
  };
}

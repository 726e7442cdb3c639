/** The agent-state channels (available / on call / wrap-up / break); see service.ts. */
import type { ChannelsOf, Handlers } from '../ipc/dispatch';
import type { AgentService } from './service';

export function createAgentHandlers(deps: { agent: AgentService }): Pick<Handlers, ChannelsOf<'agent'>> {
  const { agent } = deps;
  return {
    'agent:status': () => agent.state(),
    'agent:setState': ({ state, reason }) => agent.set(state, reason),
  };
}

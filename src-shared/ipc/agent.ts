/**
 * Agent part of the contract: the operator's state (available, on a call, wrap-up, break). The
 * state and its rules are the pure domain's (src-shared/domain/agent.ts).
 */
import { z } from 'zod';
import { AgentStateSchema } from '../domain/agent';
import { Empty, Line } from './fields';

export const agentRequests = {
  'agent:status': { input: Empty, output: AgentStateSchema },
  'agent:setState': {
    input: z.object({ state: z.enum(['available', 'break']), reason: Line(100).nullable().default(null) }).strict(),
    output: AgentStateSchema,
  },
} as const;

export const agentEvents = {
  'agent:state': AgentStateSchema,
} as const;

/**
 * Seat registration (issue 12 item 3): a console asks the desk server once for its seat code, so
 * ticket numbers `<seat>-<seq>` (R-TKT-NOTIFY) are unique desk-wide instead of a random two digits.
 * Added beside SYNC_API (sync.ts) without changing it. The seat keeps the two digits of
 * TICKET_NUMBER_RE, so numbers made before and after registration read the same way.
 */
import { z } from 'zod';
import { API_PREFIX } from './api';
import { ClientIdSchema } from './sync';

export const SeatSchema = z.string().regex(/^\d{2}$/, 'seat: two digits');
export const RegisterRequestSchema = z.object({ clientId: ClientIdSchema }).strict();
export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;
export const RegisterResponseSchema = z.object({ seat: SeatSchema });
export type RegisterResponse = z.infer<typeof RegisterResponseSchema>;

/** Idempotent per client id: the same client asking again gets the same seat. */
export const SYNC_REGISTER = {
  method: 'POST',
  path: `${API_PREFIX}/sync/register`,
  input: RegisterRequestSchema,
  output: RegisterResponseSchema,
} as const;

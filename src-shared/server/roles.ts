/**
 * Who may do what on the desk server: the one table the server authorizes every request from
 * (DOMAIN.md "People"). The server looks the role up from the signed-in user's row; nothing the
 * client says about itself (a header, a field, a bucket name) ever enters the decision. The
 * console reads the same table only to hide what would be refused anyway.
 */
import { z } from 'zod';

export const ROLES = ['operator', 'shift-lead', 'technician', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const CAPABILITIES = [
  /** Queues, users' display names, desk profiles: the `ref` data every console needs. */
  'ref:read',
  /** Tickets, calls and claims of the queues assigned to the user (`queue:<id>` buckets). */
  'desk:own-queues',
  /** Every queue, every operator's calls: the shift lead's and admin's view of the desk. */
  'desk:all',
  /** The technician's own visits with the customer snippet they need (`tech:<userId>`). */
  'visits:own',
  /** The user list with roles and queues (a shift lead sees who works where). */
  'users:read',
  /** Create users, reset passwords, assign queues, revoke sessions. */
  'users:manage',
] as const;
export const CapabilitySchema = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof CapabilitySchema>;

export const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  operator: ['ref:read', 'desk:own-queues'],
  'shift-lead': ['ref:read', 'desk:all', 'users:read'],
  technician: ['ref:read', 'visits:own'],
  admin: ['ref:read', 'desk:all', 'users:read', 'users:manage'],
};

export function can(role: Role, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability);
}

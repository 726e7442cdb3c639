/**
 * The desk-server part of the contract: «Настройки → Сервер». The console signs in to the desk
 * server (src-shared/server/api.ts) from the host; the token never reaches the renderer and is
 * kept like the SIP password (the secrets store), so the renderer sees only who is signed in.
 */
import { z } from 'zod';
import { RoleSchema } from '../server/roles';
import { Empty, Line } from './fields';
import { SecretProtectionSchema } from './softphone';

/** scheme://host[:port][/], host a DNS name, an IPv4 address or [::1]; nothing else (no user:password, path, query). */
const SERVER_URL_RE = /^(https?):\/\/([a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[::1\])(?::(\d{1,5}))?\/?$/i;
const LOOPBACK_RE = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/i;

/**
 * The server's base address, answered as its origin: https anywhere, plain http only on this
 * machine (the server refuses plain HTTP off loopback too).
 */
export const ServerUrlSchema = Line(300)
  .min(1, 'url: required')
  .transform((s, ctx) => {
    const m = SERVER_URL_RE.exec(s);
    const scheme = m?.[1]?.toLowerCase();
    const host = m?.[2]?.toLowerCase() ?? '';
    const port = m?.[3] === undefined ? null : Number(m[3]);
    if (!m || (port !== null && (port < 1 || port > 65535))) {
      ctx.addIssue({ code: 'custom', message: 'url: expected https://host[:port], e.g. https://desk.example:8470', input: s });
      return z.NEVER;
    }
    if (scheme === 'http' && !LOOPBACK_RE.test(host)) {
      ctx.addIssue({ code: 'custom', message: 'url: plain http only for 127.0.0.1 or localhost; use https://', input: s });
      return z.NEVER;
    }
    return `${scheme}://${host}${port === null ? '' : `:${port}`}`;
  });

export const ServerStatusSchema = z.object({
  url: z.string().nullable(),
  login: z.string().nullable(),
  user: z.object({ displayName: z.string(), role: RoleSchema }).nullable(),
  signedIn: z.boolean(),
  tokenStorage: SecretProtectionSchema,
});
export type ServerStatus = z.infer<typeof ServerStatusSchema>;

export const serverRequests = {
  'server:status': { input: Empty, output: ServerStatusSchema },
  'server:signIn': {
    input: z.object({ url: ServerUrlSchema, login: Line(64).min(1), password: z.string().min(1).max(256) }).strict(),
    output: ServerStatusSchema,
  },
  'server:signOut': { input: Empty, output: ServerStatusSchema },
} as const;

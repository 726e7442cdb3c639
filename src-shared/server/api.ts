/**
 * The desk server's HTTP API: every route with its zod schemas, declared once here so the server
 * validates with them and the console calls with them (ARCHITECTURE.md "One contract, declared
 * once", for the network). Bodies are JSON; errors are `{ error: { code, message, issues? } }`.
 */
import { z } from 'zod';
import { safeLine } from '../text/safe';
import { Line } from '../ipc/fields';
import { CapabilitySchema, RoleSchema } from './roles';

export const API_PREFIX = '/api/v1';

/** Error codes of the server's answers, each with its HTTP status. */
export const SERVER_ERRORS = {
  BAD_REQUEST: 400,
  BAD_JSON: 400,
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ServerErrorCode = keyof typeof SERVER_ERRORS;
const CODES = Object.keys(SERVER_ERRORS) as [ServerErrorCode, ...ServerErrorCode[]];

export const ServerErrorSchema = z.object({
  error: z.object({
    code: z.enum(CODES),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ServerError = z.infer<typeof ServerErrorSchema>;

/**
 * A session token: 32 random bytes in base64url (43 characters). Anything else is refused before
 * the database is asked, so a hostile header costs nothing.
 */
export const SESSION_TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** Sign-in names: lower-case Latin letters, digits, dot, dash, underscore (stable in URLs and logs). */
export const LoginSchema = z
  .string()
  .max(64, { abort: true })
  .trim()
  .toLowerCase()
  .min(2, 'login: at least 2 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'login: Latin letters, digits, ".", "_" or "-", starting with a letter or digit');

/** A password being set: 12..256 characters, no control characters; kept as typed (no trim). */
export const MIN_PASSWORD_LENGTH = 12;
export const NewPasswordSchema = safeLine(256).min(MIN_PASSWORD_LENGTH, `password: at least ${MIN_PASSWORD_LENGTH} characters`);
/** A password being checked: only bounded, so a wrong one is just wrong, never a schema lesson. */
const GivenPasswordSchema = z.string().min(1).max(256, { abort: true });

export const QueueIdSchema = Line(64).min(1);
export const QueuesSchema = z
  .array(QueueIdSchema)
  .max(50)
  .refine((q) => new Set(q).size === q.length, 'queues: each queue once');
export const UserIdSchema = z.string().uuid('expected a user id (UUID)');

export const UserSchema = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  queues: z.array(z.string()),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const QueueSchema = z.object({ id: z.string(), name: z.string(), department: z.string() });

export const SignInRequestSchema = z.object({ login: LoginSchema, password: GivenPasswordSchema }).strict();
export const SignInResponseSchema = z.object({ token: z.string(), expiresAt: z.string(), user: UserSchema });

export const CreateUserRequestSchema = z
  .object({
    login: LoginSchema,
    displayName: Line(100).min(1, 'displayName: required'),
    role: RoleSchema,
    password: NewPasswordSchema,
    queues: QueuesSchema.default([]),
  })
  .strict();
export const ResetPasswordRequestSchema = z.object({ password: NewPasswordSchema }).strict();
export const ChangeOwnPasswordRequestSchema = z.object({ currentPassword: GivenPasswordSchema, newPassword: NewPasswordSchema }).strict();
export const AssignQueuesRequestSchema = z.object({ queues: QueuesSchema }).strict();

export const HealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  schema: z.number().int().nullable(),
  storage: z.enum(['pglite', 'postgres']),
  error: z.string().optional(),
});

const UserAnswer = z.object({ user: UserSchema });
const NoBody = z.undefined();

/** Every route: method, path (`:id` is a user id), whether it needs a session and which capability, and the schemas. */
export const SERVER_API = {
  health: { method: 'GET', path: '/healthz', auth: null, input: NoBody, output: HealthSchema },
  signIn: { method: 'POST', path: `${API_PREFIX}/session`, auth: null, input: SignInRequestSchema, output: SignInResponseSchema },
  signOut: { method: 'DELETE', path: `${API_PREFIX}/session`, auth: 'session', input: NoBody, output: z.object({ revoked: z.boolean() }) },
  me: {
    method: 'GET',
    path: `${API_PREFIX}/me`,
    auth: 'session',
    input: NoBody,
    output: z.object({ user: UserSchema, capabilities: z.array(CapabilitySchema), sessionExpiresAt: z.string() }),
  },
  changeOwnPassword: { method: 'POST', path: `${API_PREFIX}/me/password`, auth: 'session', input: ChangeOwnPasswordRequestSchema, output: UserAnswer },
  listQueues: { method: 'GET', path: `${API_PREFIX}/queues`, auth: 'ref:read', input: NoBody, output: z.object({ queues: z.array(QueueSchema) }) },
  listUsers: { method: 'GET', path: `${API_PREFIX}/users`, auth: 'users:read', input: NoBody, output: z.object({ users: z.array(UserSchema) }) },
  createUser: { method: 'POST', path: `${API_PREFIX}/users`, auth: 'users:manage', input: CreateUserRequestSchema, output: UserAnswer },
  resetPassword: { method: 'POST', path: `${API_PREFIX}/users/:id/password`, auth: 'users:manage', input: ResetPasswordRequestSchema, output: UserAnswer },
  assignQueues: { method: 'PUT', path: `${API_PREFIX}/users/:id/queues`, auth: 'users:manage', input: AssignQueuesRequestSchema, output: UserAnswer },
  revokeSessions: {
    method: 'POST',
    path: `${API_PREFIX}/users/:id/sessions/revoke`,
    auth: 'users:manage',
    input: NoBody,
    output: z.object({ revoked: z.number().int() }),
  },
} as const satisfies Record<
  string,
  {
    method: 'GET' | 'POST' | 'PUT' | 'DELETE';
    path: string;
    auth: null | 'session' | z.infer<typeof CapabilitySchema>;
    input: z.ZodType;
    output: z.ZodType;
  }
>;
export type ServerRoute = keyof typeof SERVER_API;
export type RouteInput<R extends ServerRoute> = z.output<(typeof SERVER_API)[R]['input']>;
export type RouteOutput<R extends ServerRoute> = z.output<(typeof SERVER_API)[R]['output']>;

/**
 * The first admin. A desk with no admin has nobody who can create users, so the first start
 * creates `admin` with either the password from `--admin-password-file` or a random one that is
 * printed once (it is stored only as a scrypt hash). Several processes starting at once on one
 * database create it once: the insert is conditional on the login, under an advisory lock.
 */
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../src-shared/ids';
import { NewPasswordSchema } from '../../src-shared/server/api';
import { hashPassword, type ScryptParams } from '../auth/password';
import type { Storage } from '../storage/types';
import type { UserRepo } from './repo';

export const FIRST_ADMIN_LOGIN = 'admin';
const BOOTSTRAP_LOCK = 712_002;

export class AdminPasswordError extends Error {
  override readonly name = 'AdminPasswordError';
}

/** Reads the admin password file's first line; refuses one too weak to be the desk's master key. */
export function adminPasswordFromFile(text: string, file: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const parsed = NewPasswordSchema.safeParse(first);
  if (!parsed.success) throw new AdminPasswordError(`${file}: ${parsed.error.issues[0]?.message ?? 'not a usable password'}`);
  return parsed.data;
}

export type Bootstrap = { created: false } | { created: true; login: string; password: string; generated: boolean };

export async function ensureFirstAdmin(
  deps: Readonly<{ storage: Storage; users: UserRepo; now: () => Date; password: string | null; scrypt: ScryptParams }>,
): Promise<Bootstrap> {
  const { storage, users, now } = deps;
  if ((await users.countAdmins()) > 0) return { created: false };
  const password = deps.password ?? randomBytes(18).toString('base64url');
  const passwordHash = await hashPassword(password, deps.scrypt);
  const created = await storage.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
    const admins = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE role = 'admin'");
    if ((admins.rows[0]?.n ?? 0) > 0) return false;
    const at = now();
    return users.insert(tx, { id: uuidv7(at.getTime()), login: FIRST_ADMIN_LOGIN, displayName: 'Администратор', role: 'admin', passwordHash, queues: [], at });
  });
  return created ? { created: true, login: FIRST_ADMIN_LOGIN, password, generated: deps.password === null } : { created: false };
}

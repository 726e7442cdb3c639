/** Users and their queues: all SQL of the user tables, one row↔domain mapper. */
import type { Role } from '../../src-shared/server/roles';
import type { User } from '../../src-shared/server/api';
import type { Queryable } from '../storage/types';

export type UserRow = {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: boolean;
  created_at: Date;
  queues: string[] | null;
};

export type StoredUser = User & { readonly passwordHash: string };

/** A user's columns from `users u`, for every query that reads users (sessions join them too). */
export const USER_COLUMNS = `u.id, u.login, u.display_name, u.role, u.password_hash, u.disabled, u.created_at,
         coalesce((SELECT array_agg(q.queue_id ORDER BY q.queue_id) FROM user_queues q WHERE q.user_id = u.id), '{}') AS queues`;

const SELECT_USER = `SELECT ${USER_COLUMNS} FROM users u`;

export function toUser(r: UserRow): StoredUser {
  return {
    id: r.id,
    login: r.login,
    displayName: r.display_name,
    role: r.role,
    queues: r.queues ?? [],
    disabled: r.disabled,
    createdAt: r.created_at.toISOString(),
    passwordHash: r.password_hash,
  };
}

/** What crosses the API: never the hash. */
export function publicUser(u: StoredUser): User {
  const { passwordHash: _hash, ...rest } = u;
  return rest;
}

export class UnknownQueueError extends Error {
  override readonly name = 'UnknownQueueError';
  constructor(readonly queues: readonly string[]) {
    super(`no such queue: ${queues.join(', ')}`);
  }
}

export type NewUser = Readonly<{ id: string; login: string; displayName: string; role: Role; passwordHash: string; queues: readonly string[]; at: Date }>;

export function createUserRepo(db: Queryable) {
  async function byId(tx: Queryable, id: string): Promise<StoredUser | null> {
    const r = await tx.query<UserRow>(`${SELECT_USER} WHERE u.id = $1`, [id]);
    return r.rows[0] ? toUser(r.rows[0]) : null;
  }

  async function setQueues(tx: Queryable, userId: string, queues: readonly string[]): Promise<void> {
    if (queues.length > 0) {
      const known = await tx.query<{ id: string }>('SELECT id FROM queues WHERE id = ANY($1::text[])', [queues]);
      const missing = queues.filter((q) => !known.rows.some((k) => k.id === q));
      if (missing.length > 0) throw new UnknownQueueError(missing);
    }
    await tx.query('DELETE FROM user_queues WHERE user_id = $1', [userId]);
    if (queues.length > 0) await tx.query('INSERT INTO user_queues (user_id, queue_id) SELECT $1, unnest($2::text[])', [userId, queues]);
  }

  return {
    byId: (id: string) => byId(db, id),
    async byLogin(login: string): Promise<StoredUser | null> {
      const r = await db.query<UserRow>(`${SELECT_USER} WHERE u.login = $1`, [login]);
      return r.rows[0] ? toUser(r.rows[0]) : null;
    },
    async byIds(ids: readonly string[]): Promise<StoredUser[]> {
      if (ids.length === 0) return [];
      return (await db.query<UserRow>(`${SELECT_USER} WHERE u.id = ANY($1::uuid[])`, [ids])).rows.map(toUser);
    },
    async list(): Promise<StoredUser[]> {
      return (await db.query<UserRow>(`${SELECT_USER} ORDER BY u.login`)).rows.map(toUser);
    },
    async countAdmins(): Promise<number> {
      const r = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled");
      return r.rows[0]?.n ?? 0;
    },
    /** Inserts the user and its queues in the caller's transaction; false when the login is taken. */
    async insert(tx: Queryable, u: NewUser): Promise<boolean> {
      const r = await tx.query(
        `INSERT INTO users (id, login, display_name, role, password_hash, created_at, password_changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (login) DO NOTHING`,
        [u.id, u.login, u.displayName, u.role, u.passwordHash, u.at],
      );
      if (r.rowCount === 0) return false;
      await setQueues(tx, u.id, u.queues);
      return true;
    },
    async setPassword(tx: Queryable, userId: string, passwordHash: string, at: Date): Promise<boolean> {
      const r = await tx.query('UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1', [userId, passwordHash, at]);
      return r.rowCount > 0;
    },
    setQueues,
    byIdIn: byId,
  };
}
export type UserRepo = ReturnType<typeof createUserRepo>;

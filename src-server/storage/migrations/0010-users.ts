import type { ServerMigration } from '../migrate';

/**
 * Users, their queues and sessions. Queues are seeded with the host's ids (src-main migration
 * 0040) so a console's tickets land in the same queues once sync arrives.
 */
export const migration0010: ServerMigration = {
  version: 10,
  name: 'users, queues, sessions',
  async up(tx) {
    await tx.query(`
      CREATE TABLE queues (
        id text PRIMARY KEY,
        name text NOT NULL,
        department text NOT NULL,
        sort integer NOT NULL
      )`);
    await tx.query(`
      INSERT INTO queues (id, name, department, sort) VALUES
        ('support', 'Техподдержка, 1-я линия', 'Техническая поддержка', 10),
        ('support-2', 'Техподдержка, 2-я линия', 'Техническая поддержка', 20),
        ('field', 'Выездная служба', 'Выездная служба', 30),
        ('repair', 'Сервисный центр', 'Сервисный центр (ремонт)', 40),
        ('claims', 'Претензии', 'Отдел по работе с претензиями', 50)`);
    await tx.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        login text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('operator', 'shift-lead', 'technician', 'admin')),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        password_changed_at timestamptz NOT NULL
      )`);
    await tx.query('CREATE UNIQUE INDEX ux_users_login ON users (login)');
    await tx.query(`
      CREATE TABLE user_queues (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        queue_id text NOT NULL REFERENCES queues (id),
        PRIMARY KEY (user_id, queue_id)
      )`);
    // Only the SHA-256 of a token is stored: a copy of the database signs nobody in.
    await tx.query(`
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        client_ip text NOT NULL,
        user_agent text NOT NULL
      )`);
    await tx.query('CREATE INDEX ix_sessions_user ON sessions (user_id)');
    // Failed sign-ins per (login, client address), shared by every server process on the database.
    await tx.query('CREATE TABLE sign_in_failures (attempt_key text NOT NULL, at timestamptz NOT NULL)');
    await tx.query('CREATE INDEX ix_sign_in_failures_key_at ON sign_in_failures (attempt_key, at)');
  },
};

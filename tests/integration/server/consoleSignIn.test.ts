/**
 * «Настройки → Сервер» in the console host against a real desk server (PostgreSQL 15): the host
 * signs in through the contract, keeps the token in the secrets store (never in the database,
 * never in an answer), maps the server's refusals to contract errors, and signing out revokes the
 * session on the server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../../src-main/host';
import { createLogger } from '../../../src-main/log';
import { TOKEN_SECRET } from '../../../src-main/deskServer/session';
import { startDeskServer, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { startPostgres, type PgCluster } from '../../helpers/postgres';
import { send } from '../../helpers/http';
import { useTempDir } from '../../helpers/tmp';

const ADMIN = 'console sign-in admin';
let cluster: PgCluster;
let server: DeskServer;

beforeAll(async () => {
  cluster = await startPostgres();
  server = await startDeskServer({
    database: { kind: 'postgres', url: cluster.url },
    host: '127.0.0.1',
    port: 0,
    tls: null,
    log: createServerLogger({ level: 'silent', format: 'json' }),
    adminPassword: ADMIN,
    scrypt: { log2N: 12, r: 8, p: 1 },
  });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await cluster?.destroy();
});

describe('console sign-in to the desk server', () => {
  const tmp = useTempDir();

  it('signs in, keeps the token only in the secrets store, and signing out revokes it on the server', async () => {
    const dir = tmp();
    const host = createHost({ dataDir: dir, transport: 'web', log: createLogger({ level: 'silent', terminal: null }), demo: false });
    const d = (c: string, i: unknown = {}) => host.dispatch(c, i, { transport: 'web' });
    try {
      expect(await d('server:status')).toEqual({
        ok: true,
        value: { url: null, login: null, user: null, signedIn: false, tokenStorage: 'user-only-file' },
      });
      const signedIn = await d('server:signIn', { url: `${server.url}/`, login: ' Admin ', password: ADMIN });
      expect(signedIn).toEqual({
        ok: true,
        value: { url: server.url, login: 'admin', user: { displayName: 'Администратор', role: 'admin' }, signedIn: true, tokenStorage: 'user-only-file' },
      });
      const token = (JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<string, string>)[TOKEN_SECRET]!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(signedIn)).not.toContain(token);
      expect(host.db.prepare('SELECT count(*) AS n FROM settings WHERE value LIKE ?').get(`%${token}%`)).toEqual({ n: 0 });
      expect((await send(server.url, '/api/v1/me', { token })).status).toBe(200);

      expect((await d('server:signOut')).ok).toBe(true);
      expect((await send(server.url, '/api/v1/me', { token })).status).toBe(401);
      expect(await d('server:status')).toMatchObject({ ok: true, value: { signedIn: false, url: server.url, login: 'admin' } });
    } finally {
      host.close();
    }
  });

  it('a wrong password, a server that is away and an address that is not allowed are clear errors; nothing is stored', async () => {
    const dir = tmp();
    const host = createHost({ dataDir: dir, transport: 'web', log: createLogger({ level: 'silent', terminal: null }), demo: false });
    const d = (c: string, i: unknown = {}) => host.dispatch(c, i, { transport: 'web' });
    try {
      expect(await d('server:signIn', { url: server.url, login: 'admin', password: 'not the password' })).toEqual({
        ok: false,
        error: { code: 'UNAUTHORIZED', message: 'wrong login or password' },
      });
      const away = await d('server:signIn', { url: 'http://127.0.0.1:1', login: 'admin', password: ADMIN });
      expect(away).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
      for (const url of [
        'http://desk.example:8470',
        'https://user:pw@desk.example',
        'https://desk.example/api?x=1',
        'file:///etc/passwd',
        'javascript:alert(1)',
      ]) {
        expect(await d('server:signIn', { url, login: 'admin', password: ADMIN }), url).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      }
      expect(await d('server:status')).toMatchObject({ ok: true, value: { signedIn: false, url: null } });
    } finally {
      host.close();
    }
  });
});

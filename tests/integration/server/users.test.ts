/**
 * Users, roles and sessions through the real HTTP API of an in-process desk server, on PGlite and
 * on PostgreSQL 15: every decision is the server's, from the user's row and the role table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskServer, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { latestVersion } from '../../../src-server/storage/migrate';
import { SERVER_MIGRATIONS } from '../../../src-server/storage/migrations/index';
import type { User } from '../../../src-shared/server/api';
import { ROLE_CAPABILITIES } from '../../../src-shared/server/roles';
import { errorCode, send, type Reply } from '../../helpers/http';
import { deskBackends } from '../../helpers/deskBackends';

const log = createServerLogger({ level: 'silent', format: 'json' });
const { backends } = deskBackends('desk-users-');
const ADMIN_PASSWORD = 'admin password for tests';
const HOUR = 3_600_000;

describe.each(backends)('users and roles on $name', (backend) => {
  let server: DeskServer;
  let clock = new Date('2026-11-24T07:00:00Z').getTime();
  const advance = (ms: number) => (clock += ms);
  let adminToken = '';
  const ops = { url: '' };

  const signIn = (login: string, password: string, localAddress?: string): Promise<Reply> =>
    send(ops.url, '/api/v1/session', { json: { login, password }, ...(localAddress ? { localAddress } : {}) });
  const tokenOf = async (login: string, password: string): Promise<string> => {
    const r = await signIn(login, password);
    expect(r.status, r.text).toBe(201);
    return (r.json as { token: string }).token;
  };
  const createUser = (token: string, body: Record<string, unknown>) => send(ops.url, '/api/v1/users', { token, json: body });
  const userOf = (r: Reply) => (r.json as { user: User }).user;

  beforeAll(async () => {
    server = await startDeskServer({
      database: await backend.database(),
      host: '127.0.0.1',
      port: 0,
      tls: null,
      log,
      adminPassword: ADMIN_PASSWORD,
      now: () => new Date(clock),
      // The real scheme at a lower cost: the default (2^15) is checked in tests/unit/server/password.test.ts.
      scrypt: { log2N: 12, r: 8, p: 1 },
    });
    ops.url = server.url;
    adminToken = await tokenOf('admin', ADMIN_PASSWORD);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  it('the first start created one admin from --admin-password-file; the role comes from the server', async () => {
    expect(server.bootstrap).toMatchObject({ created: true, login: 'admin', generated: false });
    const me = await send(server.url, '/api/v1/me', { token: adminToken });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ user: { login: 'admin', role: 'admin' }, capabilities: [...ROLE_CAPABILITIES.admin] });
  });

  it('an admin creates users with roles and queues; the list never carries a password hash', async () => {
    const r = await createUser(adminToken, {
      login: 'Ivanova',
      displayName: 'Иванова Мария',
      role: 'operator',
      password: 'operator password 1',
      queues: ['support'],
    });
    expect(r.status, r.text).toBe(201);
    expect(userOf(r)).toMatchObject({ login: 'ivanova', role: 'operator', queues: ['support'], disabled: false });
    for (const [login, role] of [
      ['petrov', 'shift-lead'],
      ['sidorov', 'technician'],
    ] as const) {
      expect((await createUser(adminToken, { login, displayName: login, role, password: `${login} password 1` })).status).toBe(201);
    }
    const list = await send(server.url, '/api/v1/users', { token: adminToken });
    expect((list.json as { users: User[] }).users.map((u) => [u.login, u.role])).toEqual([
      ['admin', 'admin'],
      ['ivanova', 'operator'],
      ['petrov', 'shift-lead'],
      ['sidorov', 'technician'],
    ]);
    expect(list.text).not.toMatch(/scrypt|password/i);
    const dup = await createUser(adminToken, { login: 'ivanova', displayName: 'x', role: 'admin', password: 'another password 1' });
    expect([dup.status, errorCode(dup)]).toEqual([409, 'CONFLICT']);
  });

  it('every request is authorized from the role in the user row: operators and technicians cannot manage users, a shift lead only reads', async () => {
    const op = await tokenOf('ivanova', 'operator password 1');
    const lead = await tokenOf('petrov', 'petrov password 1');
    const tech = await tokenOf('sidorov', 'sidorov password 1');
    const newUser = { login: 'evil', displayName: 'evil', role: 'admin', password: 'evil password 12' };
    for (const token of [op, lead, tech]) {
      const r = await createUser(token, newUser);
      expect([r.status, errorCode(r)], r.text).toEqual([403, 'FORBIDDEN']);
    }
    // What the client claims about itself changes nothing.
    const claimed = await send(server.url, '/api/v1/users', { token: op, json: newUser, headers: { 'x-role': 'admin', 'x-user': 'admin' } });
    expect(claimed.status).toBe(403);
    expect((await send(server.url, '/api/v1/users', { token: op })).status).toBe(403);
    expect((await send(server.url, '/api/v1/users', { token: tech })).status).toBe(403);
    expect((await send(server.url, '/api/v1/users', { token: lead })).status).toBe(200);
    const adminId = userOf(await send(server.url, '/api/v1/me', { token: adminToken })).id;
    const reset = await send(server.url, `/api/v1/users/${adminId}/password`, { token: op, json: { password: 'taken over admin 1' } });
    expect(reset.status).toBe(403);
    expect((await signIn('admin', ADMIN_PASSWORD)).status).toBe(201);
    for (const token of [op, lead, tech]) expect((await send(server.url, '/api/v1/queues', { token })).status).toBe(200);
    const signInAsAdmin = await send(server.url, '/api/v1/session', { json: { login: 'ivanova', password: 'operator password 1', role: 'admin' } });
    expect([signInAsAdmin.status, errorCode(signInAsAdmin)]).toEqual([400, 'VALIDATION']);
    expect((await send(server.url, '/api/v1/users', { json: newUser })).status).toBe(401);
    expect((await send(server.url, '/api/v1/users', { json: { login: 'x' } })).status).toBe(401);
  });

  it('a wrong password and an unknown login get the same answer', async () => {
    const wrong = await signIn('ivanova', 'not her password');
    const unknown = await signIn('nobody', 'not her password');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json).toEqual({ error: { code: 'UNAUTHORIZED', message: 'wrong login or password' } });
  });

  it('sign-in is rate-limited per login and client address; the right password waits too; the window passes', async () => {
    // Loopback is 127/8: another source address is another client.
    for (let i = 0; i < 5; i++) expect((await signIn('petrov', `wrong ${i}`, '127.0.0.2')).status).toBe(401);
    const locked = await signIn('petrov', 'petrov password 1', '127.0.0.2');
    expect([locked.status, errorCode(locked)]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    // Same login from another address, and another login from this address, are not locked.
    expect((await signIn('petrov', 'petrov password 1', '127.0.0.3')).status).toBe(201);
    expect((await signIn('sidorov', 'sidorov password 1', '127.0.0.2')).status).toBe(201);
    advance(15 * 60_000 + 1_000);
    expect((await signIn('petrov', 'petrov password 1', '127.0.0.2')).status).toBe(201);
  });

  it('sessions slide with use, expire after 12 idle hours and at most 7 days after sign-in', async () => {
    const token = await tokenOf('sidorov', 'sidorov password 1');
    // Used every 11 hours it stays alive...
    for (let i = 0; i < 3; i++) {
      advance(11 * HOUR);
      expect((await send(server.url, '/api/v1/me', { token })).status).toBe(200);
    }
    // ...and 12 idle hours end it.
    advance(12 * HOUR + 1_000);
    const expired = await send(server.url, '/api/v1/me', { token });
    expect([expired.status, errorCode(expired)]).toEqual([401, 'UNAUTHORIZED']);

    const busy = await tokenOf('sidorov', 'sidorov password 1');
    for (let h = 0; h < 7 * 24; h += 10) {
      advance(10 * HOUR);
      const r = await send(server.url, '/api/v1/me', { token: busy });
      if (r.status !== 200) {
        expect(h + 10).toBeGreaterThanOrEqual(7 * 24);
        break;
      }
    }
    expect((await send(server.url, '/api/v1/me', { token: busy })).status).toBe(401);
    adminToken = await tokenOf('admin', ADMIN_PASSWORD);
  });

  it('signing out, an admin revoking sessions and a password reset each end sessions', async () => {
    const a = await tokenOf('ivanova', 'operator password 1');
    expect((await send(server.url, '/api/v1/session', { method: 'DELETE', token: a })).json).toEqual({ revoked: true });
    expect((await send(server.url, '/api/v1/me', { token: a })).status).toBe(401);

    const b = await tokenOf('ivanova', 'operator password 1');
    const c = await tokenOf('ivanova', 'operator password 1');
    const id = userOf(await send(server.url, '/api/v1/me', { token: b })).id;
    expect((await send(server.url, `/api/v1/users/${id}/sessions/revoke`, { method: 'POST', token: adminToken })).json).toEqual({ revoked: 2 });
    expect((await send(server.url, '/api/v1/me', { token: b })).status).toBe(401);
    expect((await send(server.url, '/api/v1/me', { token: c })).status).toBe(401);

    const d = await tokenOf('ivanova', 'operator password 1');
    const reset = await send(server.url, `/api/v1/users/${id}/password`, { token: adminToken, json: { password: 'operator password 2' } });
    expect(reset.status, reset.text).toBe(200);
    expect((await send(server.url, '/api/v1/me', { token: d })).status).toBe(401);
    expect((await signIn('ivanova', 'operator password 1')).status).toBe(401);
    const e = await tokenOf('ivanova', 'operator password 2');
    const own = await send(server.url, '/api/v1/me/password', { token: e, json: { currentPassword: 'wrong', newPassword: 'operator password 3' } });
    expect([own.status, errorCode(own)]).toEqual([403, 'FORBIDDEN']);
    const ok = await send(server.url, '/api/v1/me/password', {
      token: e,
      json: { currentPassword: 'operator password 2', newPassword: 'operator password 3' },
    });
    expect(ok.status).toBe(200);
    expect((await signIn('ivanova', 'operator password 3')).status).toBe(201);
  });

  it('assigning queues: unknown queues are refused and the previous assignment stays', async () => {
    const id = userOf(
      await createUser(adminToken, { login: 'queues', displayName: 'Q', role: 'operator', password: 'queue password 1', queues: ['support'] }),
    ).id;
    const bad = await send(server.url, `/api/v1/users/${id}/queues`, { method: 'PUT', token: adminToken, json: { queues: ['claims', 'no-such'] } });
    expect([bad.status, errorCode(bad)]).toEqual([400, 'VALIDATION']);
    expect(bad.text).toContain('no-such');
    expect(userOf(await send(server.url, `/api/v1/users/${id}/queues`, { method: 'PUT', token: adminToken, json: { queues: ['support'] } })).queues).toEqual([
      'support',
    ]);
    const good = await send(server.url, `/api/v1/users/${id}/queues`, { method: 'PUT', token: adminToken, json: { queues: ['claims', 'support-2'] } });
    expect(userOf(good).queues).toEqual(['claims', 'support-2']);
    // A user created with an unknown queue is not created at all.
    const half = await createUser(adminToken, { login: 'half', displayName: 'H', role: 'operator', password: 'half password 12', queues: ['nope'] });
    expect(half.status).toBe(400);
    expect((await createUser(adminToken, { login: 'half', displayName: 'H', role: 'operator', password: 'half password 12' })).status).toBe(201);
    const missing = await send(server.url, '/api/v1/users/01a24980-233e-786b-a4ae-a250643d9bce/queues', {
      method: 'PUT',
      token: adminToken,
      json: { queues: [] },
    });
    expect([missing.status, errorCode(missing)]).toEqual([404, 'NOT_FOUND']);
  });

  it('healthz answers with the version, the schema and the storage', async () => {
    const r = await send(server.url, '/healthz');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, schema: latestVersion(SERVER_MIGRATIONS), storage: backend.name === 'PGlite' ? 'pglite' : 'postgres' });
  });
});

/**
 * `npm run server` as a desk admin runs it: a real process, its output, its signals. The embedded
 * default (PGlite in a data folder) and DATABASE_URL (a private PostgreSQL 15 cluster), HTTPS with
 * a self-signed certificate made by openssl, and a SIGTERM that drains an in-flight request.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OPTIONS } from '../../../src-server/config';
import { latestVersion } from '../../../src-server/storage/migrate';
import { SERVER_MIGRATIONS } from '../../../src-server/storage/migrations/index';

const SCHEMA = latestVersion(SERVER_MIGRATIONS);
import { startPostgres, type PgCluster } from '../../helpers/postgres';
import { startServerProcess, type ServerProcess } from '../../helpers/serverProcess';
import { errorCode, send } from '../../helpers/http';
import { selfSignedCert } from '../../helpers/tls';
import { until } from '../../helpers/until';

const tmp = mkdtempSync(join(tmpdir(), 'desk-cli-'));
let cluster: PgCluster;
const started: ServerProcess[] = [];
const start = (args: readonly string[], env: Record<string, string> = {}): ServerProcess => {
  const p = startServerProcess(args, env);
  started.push(p);
  return p;
};

beforeAll(async () => {
  cluster = await startPostgres();
}, 120_000);
afterEach(() => {
  for (const p of started.splice(0)) p.kill();
});
afterAll(async () => {
  await cluster?.destroy();
  rmSync(tmp, { recursive: true, force: true });
});

const ADMIN_PASSWORD = 'a long admin password';

describe('npm run server', () => {
  it('--help lists every option with its environment variable, and exits 0 without opening anything', async () => {
    const p = start(['--help'], { DESK_DATA_DIR: join(tmp, 'never-created') });
    expect(await p.exited).toBe(0);
    const help = p.out();
    for (const o of OPTIONS) {
      expect(help).toContain(`--${o.flag}`);
      if ('env' in o) expect(help).toContain(`[env ${o.env}]`);
    }
    expect(() => statSync(join(tmp, 'never-created'))).toThrow();
  });

  it('refuses an unknown option, a lone --cert, and plain HTTP on a non-loopback address, with a clear message', async () => {
    const unknown = start(['--prot', '80']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.err()).toMatch(/error: .*'--prot'.*see --help/);
    const lone = start(['--cert', 'x.pem']);
    expect(await lone.exited).toBe(2);
    expect(lone.err()).toContain('--cert and --key go together');
    const open = start(['--host', '0.0.0.0', '--data-dir', join(tmp, 'open')]);
    expect(await open.exited).toBe(2);
    expect(open.err()).toContain('refusing to serve plain HTTP on 0.0.0.0');
    expect(open.err()).toContain('--cert FILE and --key FILE');
    // Refused before the data folder was made.
    expect(() => statSync(join(tmp, 'open'))).toThrow();
  });

  it('first start on the embedded database prints a one-time admin password that signs in; the next start prints none', async () => {
    const dataDir = join(tmp, 'embedded');
    const first = start(['--port', '0', '--data-dir', dataDir]);
    const [, url] = await first.waitFor(/Desk server: (http:\/\/127\.0\.0\.1:\d+)/);
    const password = /one-time password\n\n {4}(\S+)\n/.exec(first.out())?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(first.out()).not.toContain(`"${password!}"`); // printed for the admin, never in a log line
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const health = await send(url!, '/healthz');
    expect(health.json).toMatchObject({ ok: true, storage: 'pglite', schema: SCHEMA });
    expect((await send(url!, '/api/v1/session', { json: { login: 'admin', password } })).status).toBe(201);
    process.kill(first.pid, 'SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.out()).toContain('desk server stopped');

    const second = start(['--port', '0', '--data-dir', dataDir]);
    await second.waitFor(/Desk server: /);
    expect(second.out()).not.toContain('one-time password');
    process.kill(second.pid, 'SIGINT');
    expect(await second.exited).toBe(0);
  }, 240_000);

  it('serves HTTPS with a self-signed certificate from openssl, on PostgreSQL via DATABASE_URL, admin from --admin-password-file', async () => {
    const { cert, key } = selfSignedCert(tmp, 'IP:127.0.0.1,DNS:localhost');
    const pwFile = join(tmp, 'admin-password');
    writeFileSync(pwFile, 'short\n', { mode: 0o600 });
    const weak = start(['--admin-password-file', pwFile], { DATABASE_URL: cluster.url });
    expect(await weak.exited).toBe(2);
    expect(weak.err()).toContain('at least 12 characters');

    writeFileSync(pwFile, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
    const p = start(['--port', '0', '--cert', cert, '--key', key, '--admin-password-file', pwFile], { DATABASE_URL: cluster.url });
    const [, url] = await p.waitFor(/Desk server: (https:\/\/127\.0\.0\.1:\d+)/);
    expect(p.out()).toContain('with the password from the admin password file');
    const ca = readFileSync(cert);
    const health = await send(url!, '/healthz', { ca });
    expect(health.json).toMatchObject({ ok: true, storage: 'postgres', schema: SCHEMA });
    expect((await send(url!, '/api/v1/session', { ca, json: { login: 'admin', password: ADMIN_PASSWORD } })).status).toBe(201);
    // Without trusting the certificate a client refuses it; plain HTTP to the TLS port gets no answer.
    await expect(send(url!, '/healthz')).rejects.toThrow(/self[- ]signed/i);
    await expect(send(url!.replace('https:', 'http:'), '/healthz')).rejects.toThrow();
    process.kill(p.pid, 'SIGTERM');
    expect(await p.exited).toBe(0);
  }, 120_000);

  it('SIGTERM stops accepting, lets an in-flight request finish, then closes the database and exits 0', async () => {
    const p = start(['--port', '0', '--log-level', 'debug'], { DATABASE_URL: cluster.url });
    const [, url, port] = await p.waitFor(/Desk server: (http:\/\/127\.0\.0\.1:(\d+))/);
    // A sign-in whose body is still on its way: the request is in flight on the server.
    const body = JSON.stringify({ login: 'admin', password: ADMIN_PASSWORD });
    const socket: Socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString('utf8')));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `POST /api/v1/session HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await until('the server to have the request', async () => (await send(url!, '/healthz')).status === 200);
    process.kill(p.pid, 'SIGTERM');
    await p.waitFor(/"inFlight":1,"msg":"draining in-flight requests"/);
    // No new connections while it drains...
    await until('new connections to be refused', async () =>
      (
        await send(url!, '/healthz').then(
          () => 'answered',
          (e: Error) => e.message,
        )
      ).includes('ECONNREFUSED'),
    );
    expect(p.child.exitCode).toBeNull();
    // ...and the request in flight still gets its real answer.
    socket.write(body.slice(10));
    await until('the answer to the in-flight sign-in', () => answer.includes('\r\n\r\n{'));
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    expect(answer).toContain('"token"');
    socket.destroy();
    expect(await p.exited).toBe(0);
    expect(p.out()).toContain('desk server stopped');
  }, 120_000);

  it('a database migrated by newer code stops the start with the reason', async () => {
    const admin = start(['--port', '0'], { DATABASE_URL: cluster.url });
    const [, url] = await admin.waitFor(/Desk server: (http:\/\/127\.0\.0\.1:\d+)/);
    const token = ((await send(url!, '/api/v1/session', { json: { login: 'admin', password: ADMIN_PASSWORD } })).json as { token: string }).token;
    expect(errorCode(await send(url!, '/api/v1/users', { token, json: {} }))).toBe('VALIDATION');
    process.kill(admin.pid, 'SIGTERM');
    expect(await admin.exited).toBe(0);
    const { openPostgresStorage } = await import('../../../src-server/storage/postgres');
    const { createServerLogger } = await import('../../../src-server/log');
    const db = await openPostgresStorage({ url: cluster.url, log: createServerLogger({ level: 'silent', format: 'json' }) });
    await db.query("INSERT INTO schema_migrations (version, name) VALUES (990, 'from the future')");
    await db.close();
    const future = start(['--port', '0'], { DATABASE_URL: cluster.url });
    expect(await future.exited).toBe(2);
    expect(future.err()).toContain(`migrated by a newer desk server (schema 990, this build knows up to ${SCHEMA})`);
  }, 120_000);
});

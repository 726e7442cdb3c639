/**
 * After a poke every console of a desk pulls at once from the same cursor: the server reads that
 * page once for all of them (one transaction per group of equal questions), and still answers each
 * client its own lastSeq, refuses a client id another user owns alone, and never hands a request
 * a page read before the request arrived. On PGlite and PostgreSQL 15.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskServer, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { createSessionRepo, DEFAULT_SESSION_POLICY, hashToken } from '../../../src-server/auth/sessions';
import { createSyncPull } from '../../../src-server/sync/pull';
import { ClientOwnedError } from '../../../src-server/sync/push';
import type { Row, Storage } from '../../../src-server/storage/types';
import type { BucketUser } from '../../../src-shared/server/buckets';
import type { PullResponse } from '../../../src-shared/server/sync';
import { send } from '../../helpers/http';
import { deskBackends } from '../../helpers/deskBackends';
import { deskConsole } from '../../helpers/deskSync';
import { until } from '../../helpers/until';

const log = createServerLogger({ level: 'silent', format: 'json' });
const { backends } = deskBackends('desk-pull-share-');
const ADMIN_PASSWORD = 'admin password for tests';

describe.each(backends)('pulls that ask the same question share one read, on $name', (backend) => {
  let server: DeskServer;
  const people: Record<string, BucketUser & { token: string }> = {};

  beforeAll(async () => {
    server = await startDeskServer({
      database: await backend.database(),
      host: '127.0.0.1',
      port: 0,
      tls: null,
      log,
      adminPassword: ADMIN_PASSWORD,
      scrypt: { log2N: 12, r: 8, p: 1 },
    });
    const signIn = async (login: string, password: string) =>
      (await send(server.url, '/api/v1/session', { json: { login, password } })).json as { token: string };
    const admin = (await signIn('admin', ADMIN_PASSWORD)).token;
    for (const [login, role, queues] of [
      ['lead-1', 'shift-lead', []],
      ['lead-2', 'shift-lead', []],
      ['op-a', 'operator', ['support']],
    ] as const) {
      const r = await send(server.url, '/api/v1/users', { token: admin, json: { login, displayName: login, role, queues, password: `${login} password 1` } });
      expect(r.status, r.text).toBe(201);
      const id = (r.json as { user: { id: string } }).user.id;
      people[login] = { id, role, queues, token: (await signIn(login, `${login} password 1`)).token };
    }
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  let number = 0;
  /** A ticket created through a real push (applied), in `queueId`; its id. */
  async function created(c: ReturnType<typeof deskConsole>, queueId: string): Promise<string> {
    const id = randomUUID();
    const r = await c.push('ticket.create', { id, type: 'question', subject: 'Нет связи', queueId, number: `41-${String(++number).padStart(4, '0')}` });
    expect(r.results[0]!.status, JSON.stringify(r.results[0])).toBe('applied');
    return id;
  }

  /** The server's storage, counting the page reads made through it (each starts with the group's lastSeqs). */
  function counted(): { storage: Storage; reads: () => number } {
    let n = 0;
    const real = server.storage;
    const storage: Storage = Object.create(real) as Storage;
    storage.query = (sql, params) => {
      if (sql.includes('FROM sync_clients WHERE client_id = ANY')) n++;
      return real.query(sql, params);
    };
    return { storage, reads: () => n };
  }

  it('twenty consoles pulling at once: two reads, each its own lastSeq; a client id of another user is refused alone', async () => {
    // lead-1's console pushes two changes: its lastSeq is 2.
    const mine = deskConsole(() => server.url, people['lead-1']!.token);
    await created(mine, 'support');
    await created(mine, 'repair');

    const { storage, reads } = counted();
    const pull = createSyncPull({ storage });
    const lead2 = people['lead-2']!;
    const others = Array.from({ length: 18 }, () => randomUUID());
    // All asked in the same tick: the first starts a read at once, the others wait for the next one.
    const asks = [
      pull(people['lead-1']!, { clientId: mine.clientId, cursor: null }),
      ...others.map((clientId) => pull(lead2, { clientId, cursor: null })),
      pull(lead2, { clientId: mine.clientId, cursor: null }), // lead-1's console id, asked by lead-2
    ];
    const answers = await Promise.allSettled(asks);
    expect(reads()).toBe(2);

    const ok = answers.slice(0, 19).map((a) => {
      expect(a.status).toBe('fulfilled');
      return (a as PromiseFulfilledResult<PullResponse>).value;
    });
    expect(ok[0]!.lastSeq).toBe(2);
    for (const a of ok.slice(1)) expect(a.lastSeq).toBe(0);
    // One question, one answer: the same page and cursor for everyone with the same buckets.
    const tickets = (a: PullResponse) => a.changes.filter((c) => c.kind === 'ticket').map((c) => c.id);
    expect(tickets(ok[0]!)).toHaveLength(2);
    for (const a of ok.slice(1)) {
      expect(tickets(a)).toEqual(tickets(ok[1]!));
      expect(a.cursor).toBe(ok[1]!.cursor);
    }
    const refused = answers[19]!;
    expect(refused.status).toBe('rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(ClientOwnedError);
  });

  it('other buckets or another cursor are another question: read apart, each with its own rows', async () => {
    const { storage, reads } = counted();
    const pull = createSyncPull({ storage });
    const full = await pull(people['lead-1']!, { clientId: randomUUID(), cursor: null });
    const before = reads();
    const [lead, op, later] = await Promise.all([
      pull(people['lead-2']!, { clientId: randomUUID(), cursor: null }),
      pull(people['op-a']!, { clientId: randomUUID(), cursor: null }),
      pull(people['lead-2']!, { clientId: randomUUID(), cursor: full.cursor }),
    ]);
    expect(reads() - before).toBe(3);
    const queues = (a: PullResponse) => new Set(a.changes.filter((c) => c.kind === 'ticket').map((c) => (c.data as { queueId: string }).queueId));
    expect(queues(lead)).toEqual(new Set(['support', 'repair']));
    // The operator of «support» is never handed the shift lead's page.
    expect(queues(op)).toEqual(new Set(['support']));
    expect(later.changes.filter((c) => c.kind === 'ticket')).toEqual([]);
  });

  it('a request that arrives while a read runs waits for the next read and sees what committed before it', async () => {
    // The first read is held after its transaction ended, before it answers: a request arriving
    // then must not be handed that (older) page.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => (open = r));
    let reads = 0;
    const storage: Storage = Object.create(server.storage) as Storage;
    storage.query = async <T extends Row = Row>(sql: string, params?: readonly unknown[]) => {
      const r = await server.storage.query<T>(sql, params);
      // The first log read (the page after `start`'s snapshot): its last statement.
      if (sql.includes('FROM change_log c') && ++reads === 1) await gate;
      return r;
    };
    const pull = createSyncPull({ storage });
    const lead = people['lead-2']!;
    const start = await pull(lead, { clientId: randomUUID(), cursor: null });
    const first = pull(lead, { clientId: randomUUID(), cursor: start.cursor });
    await until('the first read has ended and waits to answer', () => reads === 1);
    // A ticket commits, and a console poked by it asks the same question.
    const id = await created(
      deskConsole(() => server.url, people['lead-1']!.token),
      'support',
    );
    const second = pull(lead, { clientId: randomUUID(), cursor: start.cursor });
    open();
    expect((await first).changes.map((c) => c.id)).not.toContain(id);
    expect((await second).changes.map((c) => c.id)).toContain(id);
    expect(reads).toBe(2);
  });

  it('the sessions of requests arriving together are read in one query; a revoked token among them gets nothing', async () => {
    let lookups = 0;
    const db: Storage = Object.create(server.storage) as Storage;
    db.query = (sql, params) => {
      if (sql.includes('FROM sessions s JOIN users u')) lookups++;
      return server.storage.query(sql, params);
    };
    const sessions = createSessionRepo({ db, policy: DEFAULT_SESSION_POLICY, now: () => new Date() });
    const revoked = ((await send(server.url, '/api/v1/session', { json: { login: 'lead-1', password: 'lead-1 password 1' } })).json as { token: string }).token;
    await sessions.revoke(hashToken(revoked));
    const tokens = [people['lead-1']!.token, ...Array.from({ length: 8 }, () => people['lead-2']!.token), people['op-a']!.token, revoked];
    const answers = await Promise.all(tokens.map((t) => sessions.use(t)));
    expect(lookups).toBe(2); // the first at once, the ten that came meanwhile together
    expect(answers.map((a) => a?.user.login ?? null)).toEqual(['lead-1', ...Array.from({ length: 8 }, () => 'lead-2'), 'op-a', null]);
    expect(answers[9]).toMatchObject({ userId: people['op-a']!.id, user: { role: 'operator', queues: ['support'] } });
  });
});

/**
 * The real desk server (PGlite) for the console's sync tests, behind the fault proxy: one server
 * per test file (started in beforeAll), operators signed in, and what the tests read of it — the
 * mutations stored per client id (sync_mutations) and the push requests as the console sent them
 * (the proxy's log).
 */
import { afterAll, beforeAll } from 'vitest';
import { type DeskServer } from '../../../src-server/app';
import { PushRequestSchema } from '../../../src-shared/server/sync';
import { deskBackends } from '../../helpers/deskBackends';
import { startFaultProxy, type FaultProxy } from '../../helpers/faultProxy';
import { makeOperators, signIn, type Person } from './rig';
import { startTestDeskServer } from '../../helpers/testDeskServer';

const ADMIN_PASSWORD = 'admin password for tests';

export type StoredMutation = { seq: number; id: string; name: string; status: 'applied' | 'rejected' };

export type Desk = {
  readonly server: DeskServer;
  readonly proxy: FaultProxy;
  readonly adminToken: string;
  readonly people: Record<string, Person>;
  /** The proxy's address with a person's token: what a console signed in as them uses. */
  readonly as: (login: string) => { url: string; token: string };
  /** The mutations the server stored for a client id, in seq order (applied and rejected; never duplicates). */
  stored(clientId: string): Promise<StoredMutation[]>;
  /** Every push request that reached the proxy for this client id: its seq range, in arrival order. */
  pushes(clientId: string): { first: number; last: number; count: number }[];
  /** Pull requests that reached the proxy so far. */
  pulls(): number;
};

/** Starts the desk for the file; `logins` are operators of every queue. */
export function useDesk(prefix: string, logins: readonly string[] = ['op-anna', 'op-boris']): { desk: () => Desk; tmp: string } {
  const { backends, tmp } = deskBackends(prefix);
  let desk: Desk | null = null;
  let server: DeskServer | null = null;
  let proxy: FaultProxy | null = null;

  beforeAll(async () => {
    const s = (server = await startTestDeskServer(await backends[0]!.database(), ADMIN_PASSWORD, {
      live: { coalesceMs: 5 },
    }));
    const p = (proxy = await startFaultProxy({ target: s.url }));
    const adminToken = await signIn(s.url, 'admin', ADMIN_PASSWORD);
    const people = await makeOperators(s.url, adminToken, logins);
    desk = {
      server: s,
      proxy: p,
      adminToken,
      people,
      as: (login) => ({ url: p.url, token: people[login]!.token() }),
      async stored(clientId) {
        const r = await s.storage.query<{ seq: number; mutation_id: string; name: string; status: 'applied' | 'rejected' }>(
          'SELECT seq::int AS seq, mutation_id, name, status FROM sync_mutations WHERE client_id = $1 ORDER BY seq',
          [clientId],
        );
        return r.rows.map((m) => ({ seq: m.seq, id: m.mutation_id, name: m.name, status: m.status }));
      },
      pushes(clientId) {
        return p
          .log()
          .filter((e) => e.method === 'POST' && e.path.startsWith('/api/v1/sync/push'))
          .flatMap((e) => {
            const body = PushRequestSchema.safeParse(JSON.parse(e.body.toString('utf8')));
            if (!body.success || body.data.clientId !== clientId || body.data.mutations.length === 0) return [];
            const seqs = body.data.mutations.map((m) => m.seq);
            return [{ first: seqs[0]!, last: seqs.at(-1)!, count: seqs.length }];
          });
      },
      pulls: () => p.log().filter((e) => e.path.startsWith('/api/v1/sync/pull')).length,
    };
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  return {
    desk: () => {
      if (!desk) throw new Error('the desk server is not started (useDesk registers a beforeAll)');
      return desk;
    },
    tmp,
  };
}

/**
 * A minimal sync peer for server tests: a console id with its outbox seq, pushing through the real
 * HTTP API and pulling pages into a map the way a console applies them (whole rows, only newer
 * versions, `data: null` removes, `reset` drops everything first). Every answer is checked
 * against the shared response schemas, as the console does.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { uuidv7 } from '../../src-shared/ids';
import { PullResponseSchema, PushResponseSchema, type PullResponse, type PushResponse, type SyncChange } from '../../src-shared/server/sync';
import { send, type Reply } from './http';

export type Held = { version: number; data: unknown };

/** Applies a pull page like a console. */
export function applyPage(rows: Map<string, Held>, page: Pick<PullResponse, 'reset' | 'changes'>): void {
  if (page.reset) rows.clear();
  for (const c of page.changes) applyChange(rows, c);
}

export function applyChange(rows: Map<string, Held>, c: Pick<SyncChange, 'kind' | 'id' | 'version' | 'data'>): void {
  const key = `${c.kind}:${c.id}`;
  const cur = rows.get(key);
  if (c.data === null) {
    rows.delete(key);
    return;
  }
  if (cur && cur.version >= c.version) return;
  rows.set(key, { version: c.version, data: c.data });
}

export type DeskConsole = ReturnType<typeof deskConsole>;

export function deskConsole(base: () => string, token: string, clientId: string = randomUUID()) {
  let seq = 0;
  let cursor: string | null = null;
  const rows = new Map<string, Held>();
  /** The next outbox row (seq + 1), not yet pushed. */
  const mutation = (name: string, args: unknown, at = new Date()) => ({ seq: ++seq, id: uuidv7(at.getTime()), name, args, createdAt: at.toISOString() });
  const rawPush = (mutations: unknown[], tok = token): Promise<Reply> => send(base(), '/api/v1/sync/push', { token: tok, json: { clientId, mutations } });
  const rawPull = (body: Record<string, unknown> = {}, tok = token): Promise<Reply> =>
    send(base(), '/api/v1/sync/pull', { token: tok, json: { clientId, cursor, ...body } });
  return {
    clientId,
    rows,
    token,
    get cursor(): string | null {
      return cursor;
    },
    set cursor(v: string | null) {
      cursor = v;
    },
    mutation,
    rawPush,
    rawPull,
    async push(name: string, args: unknown): Promise<PushResponse> {
      const r = await rawPush([mutation(name, args)]);
      expect(r.status, r.text).toBe(200);
      return PushResponseSchema.parse(r.json);
    },
    /** Pulls until `more` is false; returns the pages. */
    async pullAll(limit?: number): Promise<PullResponse[]> {
      const pages: PullResponse[] = [];
      for (let i = 0; i < 10_000; i++) {
        const r = await rawPull(limit === undefined ? {} : { limit });
        expect(r.status, r.text).toBe(200);
        const page = PullResponseSchema.parse(r.json);
        applyPage(rows, page);
        cursor = page.cursor;
        pages.push(page);
        if (!page.more) return pages;
      }
      throw new Error('pull never finished');
    },
    has: (kind: string, id: string): boolean => rows.has(`${kind}:${id}`),
    row: <T>(kind: string, id: string): T | undefined => rows.get(`${kind}:${id}`)?.data as T | undefined,
    ids: (kind: string): string[] => [...rows.keys()].filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1)),
  };
}

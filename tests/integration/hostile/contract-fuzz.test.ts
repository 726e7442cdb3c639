/**
 * Every request from the renderer is hostile: bad payloads derived from the contract's
 * own schemas for EVERY channel in CHANNELS go through the real dispatcher of an in-process host
 * on a real SQLite file, and a sample through the real browser-mode WebSocket. Each answer must be
 * a VALIDATION (or NOT_FOUND) envelope with a short message and no stack or path; the host stays
 * responsive, Object.prototype stays clean, and the database stays intact with nothing written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHost, type Host } from '../../../src-main/host';
import { startWebServer, type WebServer } from '../../../src-main/web/server';
import { CHANNELS, contract, type Channel } from '../../../src-shared/ipc/contract';
import { mutators } from '../../../src-shared/mutators/index';
import type { Envelope } from '../../../src-shared/ipc/envelope';
import { useTempDir } from '../../helpers/tmp';
import { badPayloads, toJson, type Payload } from './payloads';
import { UnknownSchemaKindError, walk } from './zodWalk';

const log = pino({ level: 'silent' });
const ctx = { transport: 'web' as const };
/** The WebSocket refuses frames above 1 MiB (src-main/web/server.ts) before any parsing. */
const WS_FRAME_LIMIT = 1024 * 1024;
const WS_SAMPLE = 300;
/** An error envelope is read by a person: a few KB at most, whatever the payload held. */
const MAX_ERROR_BYTES = 16 * 1024;
const STACK = /\n\s*at\s|\bat .+:\d+:\d+/;
const FILE_PATH = /(?:\/(?:work|home|root|tmp|usr|var|opt)\/)|node_modules|[A-Za-z]:\\|\.(?:ts|js|mjs|cjs):\d+/;

type Bad = { channel: Channel; payload: Payload };

/** Every string field refuses these: a schema accepting one is a finding. */
const MUST_REFUSE = /with NUL|with ESC|with lone surrogate|with RTL override|with bidi isolate|a multi-MB string|over its limit/;

/** What is wrong with an answer to a bad payload, or null when it is a proper refusal. */
function problem(answer: Envelope<unknown> | undefined): string | null {
  if (answer === undefined || answer === null || typeof answer !== 'object') return `no envelope: ${String(answer)}`;
  if (answer.ok) return 'answered ok: true';
  const { code, message } = answer.error;
  if (code !== 'VALIDATION' && code !== 'NOT_FOUND') return `code ${code}: ${message}`;
  if (typeof message !== 'string' || message.trim() === '') return 'empty message';
  if (STACK.test(message)) return `stack in message: ${message.slice(0, 200)}`;
  if (FILE_PATH.test(message)) return `file path in message: ${message.slice(0, 200)}`;
  const size = JSON.stringify(answer).length;
  if (size > MAX_ERROR_BYTES) return `error envelope of ${size} bytes`;
  return null;
}

const isRefused = (schema: z.ZodType, value: unknown): boolean => !schema.safeParse(value ?? {}).success; // the dispatcher reads undefined as {}

describe('contract fuzzer: bad payloads for every channel through the real host', () => {
  const tmp = useTempDir('hostile-contract-');
  let host: Host;
  let server: WebServer;
  let dataDir: string;
  let rendererDir: string;
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  const counts = () => ({
    tickets: (host.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n,
    outbox: (host.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n,
  });
  let before: ReturnType<typeof counts>;
  const bad: Bad[] = [];
  let accepted = 0;
  const unknown: string[] = [];
  const slipped: string[] = [];

  /** Payloads of every channel, split into bad ones (the schema refuses them) and accepted variants. */
  function derive(): void {
    for (const channel of CHANNELS) {
      const schema = contract.requests[channel].input as z.ZodType;
      try {
        for (const p of badPayloads(walk(schema))) {
          if (isRefused(schema, p.value)) bad.push({ channel, payload: p });
          else {
            accepted++; // the schema takes it (a zero-width joiner in a name): not a bad payload
            if (MUST_REFUSE.test(p.label)) slipped.push(`${channel} ${p.label}`);
          }
        }
      } catch (err) {
        if (err instanceof UnknownSchemaKindError) unknown.push(`${channel}: ${err.message}`);
        else throw err;
      }
    }
  }

  beforeAll(async () => {
    const dir = tmp();
    dataDir = join(dir, 'data');
    rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    host = createHost({ dataDir, transport: 'web', log, demo: false });
    server = await startWebServer({ host, rendererDir, port: 0, log });
    before = counts();
    derive();
  });
  afterAll(async () => {
    await server.close();
    host.close();
  });

  async function responsive(after: string): Promise<void> {
    const info = await host.dispatch('app:info', {}, ctx);
    expect(info.ok, `app:info after ${after}`).toBe(true);
  }

  it('derives bad payloads for every channel from its schema (an unknown schema node fails here)', () => {
    expect(unknown).toEqual([]);
    expect(slipped).toEqual([]);
    const perChannel = new Set(bad.map((b) => b.channel));
    expect(CHANNELS.filter((c) => !perChannel.has(c))).toEqual([]);
    expect(bad.length).toBeGreaterThan(CHANNELS.length * 10);
  });

  it('the dispatcher refuses every one with VALIDATION or NOT_FOUND, a short message, no stack, no path', async () => {
    expect(bad.length).toBeGreaterThan(0);
    const failures: string[] = [];
    const started = performance.now();
    let slowest = { ms: 0, what: '' };
    for (const channel of CHANNELS) {
      for (const b of bad.filter((x) => x.channel === channel)) {
        const t0 = performance.now();
        let answer: Envelope<unknown> | undefined;
        try {
          answer = await host.dispatch(channel, b.payload.value, ctx);
        } catch (err) {
          failures.push(`${channel} ${b.payload.label}: threw ${err instanceof Error ? err.name : String(err)}`);
          continue;
        }
        const ms = performance.now() - t0;
        if (ms > slowest.ms) slowest = { ms, what: `${channel} ${b.payload.label}` };
        const p = problem(answer);
        if (p !== null) failures.push(`${channel} ${b.payload.label}: ${p}`);
      }
      await responsive(channel);
    }
    const channels = new Set(bad.map((b) => b.channel)).size;
    console.log(
      `hostile contract: ${bad.length} payloads over ${channels} channels (${accepted} variants the schemas accept, not counted); in-process ${Math.round(performance.now() - started)} ms, slowest ${slowest.ms.toFixed(1)} ms (${slowest.what})`,
    );
    expect(failures.slice(0, 30)).toEqual([]);
    expect(slowest.ms).toBeLessThan(1000);
  });

  it(`a sample of ${WS_SAMPLE} goes through the browser-mode WebSocket with the same answers`, async () => {
    // Only what survives JSON and fits a frame: NaN becomes null, undefined keys vanish, so the
    // round-tripped value is checked against the schema again.
    const step = Math.max(1, Math.floor(bad.length / WS_SAMPLE));
    const chosen: (Bad & { json: string })[] = [];
    for (let i = 0; i < bad.length && chosen.length < WS_SAMPLE; i++) {
      const b = bad[((i * step) % bad.length) + Math.floor((i * step) / bad.length)] as Bad;
      const json = toJson({ id: 0, channel: b.channel, input: b.payload.value });
      if (json.length >= WS_FRAME_LIMIT - 100) continue;
      if (isRefused(contract.requests[b.channel].input as z.ZodType, (JSON.parse(json) as { input: unknown }).input)) chosen.push({ ...b, json });
    }
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    await new Promise<void>((ok, fail) => {
      ws.once('open', () => ok());
      ws.once('error', fail);
    });
    const waiting = new Map<number, (r: Envelope<unknown>) => void>();
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString()) as { id?: number; result?: Envelope<unknown> };
      if (typeof f.id === 'number' && f.result) waiting.get(f.id)?.(f.result);
    });
    const failures: string[] = [];
    let id = 1;
    for (const b of chosen) {
      const reqId = id++;
      const answer = await new Promise<Envelope<unknown>>((ok) => {
        waiting.set(reqId, ok);
        ws.send(b.json.replace(/^\{"id":0,/, `{"id":${reqId},`));
      });
      const p = problem(answer);
      if (p !== null) failures.push(`ws ${b.channel} ${b.payload.label}: ${p}`);
    }
    ws.close();
    console.log(`hostile contract (WebSocket): ${chosen.length} payloads over ${new Set(chosen.map((b) => b.channel)).size} channels`);
    expect(chosen.length).toBe(WS_SAMPLE);
    expect(failures.slice(0, 30)).toEqual([]);
    await responsive('the WebSocket sample');
  });

  it('left Object.prototype clean, the database intact and nothing written', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(host.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(counts()).toEqual(before);
  });
});

describe('the schema walker', () => {
  it('fails on a node kind it does not know instead of skipping it', () => {
    expect(() => walk(z.object({ at: z.date() }).strict())).toThrow(UnknownSchemaKindError);
    expect(() => walk(z.object({ m: z.map(z.string(), z.string()) }))).toThrow(/"map" at m/);
  });
});

describe('mutator args (what the outbox stores and the desk server will replay)', () => {
  const ELSEWHERE: string[] = [];

  it('every string field of every mutation refuses control, direction and surrogate characters and has a limit', () => {
    const slipped: string[] = [];
    let checked = 0;
    for (const [name, def] of Object.entries(mutators)) {
      if (ELSEWHERE.includes(name)) continue;
      const schema = def.args as z.ZodType;
      for (const p of badPayloads(walk(schema))) {
        if (!MUST_REFUSE.test(p.label)) continue;
        checked++;
        if (!isRefused(schema, p.value)) slipped.push(`${name} ${p.label}`);
      }
    }
    console.log(`hostile mutator args: ${checked} payloads over ${Object.keys(mutators).length - ELSEWHERE.length} mutations`);
    expect(slipped).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});

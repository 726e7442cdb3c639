import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import pino from 'pino';
import { createHost, type Host } from '../../../src-main/host';
import { startWebServer, type WebServer } from '../../../src-main/web/server';
import { CSP } from '../../../src-main/web/csp';
import { useTempDir } from '../../helpers/tmp';

const log = pino({ level: 'silent' });
type Frame = { id?: unknown; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } }; event?: string; payload?: unknown };

class Client {
  private next = 1;
  private readonly waiting = new Map<number, (f: Frame) => void>();
  readonly events: Frame[] = [];
  readonly frames: Frame[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString()) as Frame;
      this.frames.push(f);
      if (f.event) this.events.push(f);
      else if (typeof f.id === 'number') this.waiting.get(f.id)?.(f);
    });
  }
  static open(url: string, headers: Record<string, string> = {}): Promise<Client> {
    return new Promise((ok, fail) => {
      const ws = new WebSocket(url, { headers });
      const c = new Client(ws);
      ws.once('open', () => ok(c));
      ws.once('error', fail);
    });
  }
  call(channel: string, input: unknown): Promise<Frame['result']> {
    const id = this.next++;
    return new Promise((ok) => {
      this.waiting.set(id, (f) => ok(f.result));
      this.ws.send(JSON.stringify({ id, channel, input }));
    });
  }
  closed(): Promise<number> {
    return new Promise((ok) => (this.ws.readyState === WebSocket.CLOSED ? ok(1006) : this.ws.once('close', (code) => ok(code))));
  }
}

describe('browser mode transport (real HTTP + WebSocket on 127.0.0.1)', () => {
  const tmp = useTempDir();
  let host: Host | null = null;
  let server: WebServer | null = null;
  afterEach(async () => {
    await server?.close();
    host?.close();
    server = null;
    host = null;
  });

  async function start(): Promise<{ base: string; ws: string; token: string }> {
    const dir = tmp();
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    host = createHost({ dataDir: join(dir, 'data'), transport: 'web', log, demo: false });
    server = await startWebServer({ host, rendererDir, port: 0, log });
    const base = `http://127.0.0.1:${server.port}`;
    return { base, ws: `ws://127.0.0.1:${server.port}/ws`, token: server.token };
  }

  it('prints a URL carrying the per-start token in the fragment', async () => {
    const s = await start();
    expect(server?.url).toBe(`${s.base}/#token=${s.token}`);
    expect(s.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers a socket without a token, or with a wrong one, with an UNAUTHORIZED envelope and closes it', async () => {
    const s = await start();
    for (const url of [s.ws, `${s.ws}?token=wrong`, `${s.ws}?token=${s.token.slice(1)}x`]) {
      const c = await Client.open(url);
      const code = await c.closed();
      expect(code).toBe(4401);
      expect(c.frames).toEqual([{ id: null, result: { ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong console token' } } }]);
    }
  });

  it('refuses a socket opened from a foreign origin even with the token', async () => {
    const s = await start();
    const c = await Client.open(`${s.ws}?token=${s.token}`, { origin: 'http://evil.example' });
    expect(await c.closed()).toBe(4401);
    expect(c.frames[0]?.result?.error?.code).toBe('UNAUTHORIZED');
  });

  it('with the token: validation errors, unknown channels and malformed frames get envelopes; the socket stays up', async () => {
    const s = await start();
    const c = await Client.open(`${s.ws}?token=${s.token}`, { origin: s.base });
    expect(await c.call('directory:search', { query: 12 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await c.call('no:such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    c.ws.send('not json');
    await new Promise((r) => setTimeout(r, 50));
    expect(c.frames.at(-1)).toMatchObject({ id: null, result: { ok: false, error: { code: 'VALIDATION' } } });
    const info = await c.call('app:info', {});
    expect(info).toMatchObject({ ok: true, value: { transport: 'web', locale: 'ru' } });
    c.ws.close();
  });

  it('serves the renderer with the strict CSP and refuses a foreign Host header (DNS rebinding)', async () => {
    const s = await start();
    const res = await fetch(`${s.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toContain('unsafe-inline');
    expect((await fetch(`${s.base}/../../etc/passwd`)).status).toBe(404);
    const rebinding = await new Promise<number>((ok) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port: server?.port, path: '/', headers: { host: 'evil.example' } }, (r) => ok(r.statusCode ?? 0));
        req.end();
      });
    });
    expect(rebinding).toBe(421);
  });

  it('accepts an upload only with the token', async () => {
    const s = await start();
    const denied = await fetch(`${s.base}/upload`, { method: 'POST', body: 'a;b' });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong console token' } });
    const ok = await fetch(`${s.base}/upload`, { method: 'POST', body: 'a;b', headers: { 'x-console-token': s.token } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { ok: boolean; value: { fileId: string; name: string; bytes: number } };
    expect(body.ok).toBe(true);
    expect(body.value.bytes).toBe(3);
    // An opaque handle (32 random bytes), never a path; no X-File-Name → a neutral name.
    expect(body.value.fileId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.value.name).toBe('upload');
  });

  it('pushes host events to the socket (profiles:changed after setActive)', async () => {
    const s = await start();
    const c = await Client.open(`${s.ws}?token=${s.token}`, { origin: s.base });
    const list = (await c.call('profiles:list', {})) as { ok: true; value: { activeId: string; profiles: { id: string }[] } };
    const other = list.value.profiles.find((p) => p.id !== list.value.activeId);
    expect(other).toBeDefined();
    const r = await c.call('profiles:setActive', { id: other?.id });
    expect(r).toMatchObject({ ok: true, value: { activeId: other?.id } });
    await new Promise((res) => setTimeout(res, 30));
    expect(c.events.some((e) => e.event === 'profiles:changed' && (e.payload as { activeId: string }).activeId === other?.id)).toBe(true);
    c.ws.close();
  });
});

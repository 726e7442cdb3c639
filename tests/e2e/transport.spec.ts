/**
 * Security of browser mode from outside the page: the WebSocket and /upload refuse requests
 * without the per-start token, the contract's errors come back as envelopes, and the served
 * page carries the CSP and no inline script.
 */
import { test as base, expect } from './helpers/fixture';
import WebSocket from 'ws';
import { startHost, type RunningHost } from './helpers/host';

const test = base.extend<{ host: RunningHost }>({
  host: async ({}, use) => {
    const host = await startHost();
    try {
      await use(host);
    } finally {
      await host.stop();
    }
  },
});

type Frame = { id?: unknown; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string; issues?: unknown[] } }; event?: string };

/** Opens a socket and collects frames until it closes (or `wantFrames` arrived). */
function connect(url: string, origin?: string): Promise<{ ws: WebSocket; frames: Frame[]; closed: Promise<number> }> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    const frames: Frame[] = [];
    const closed = new Promise<number>((c) => ws.on('close', (code) => c(code)));
    ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
    ws.once('open', () => ok({ ws, frames, closed }));
    ws.once('error', fail);
  });
}

function request(ws: WebSocket, frames: Frame[], id: number, channel: string, input: unknown): Promise<Frame> {
  ws.send(JSON.stringify({ id, channel, input }));
  return expect
    .poll(() => frames.find((f) => f.id === id), { timeout: 5_000 })
    .toBeTruthy()
    .then(() => frames.find((f) => f.id === id) as Frame);
}

const wsUrl = (host: RunningHost, token?: string) =>
  `${host.origin.replace('http:', 'ws:')}/ws${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

test('a WebSocket without the token, or with a wrong one, gets UNAUTHORIZED and is closed', async ({ host }) => {
  for (const url of [wsUrl(host), wsUrl(host, 'wrong-token'), wsUrl(host, `${host.token}x`)]) {
    const { frames, closed } = await connect(url, host.origin);
    const code = await closed;
    expect(code).not.toBe(1000);
    expect(frames).toHaveLength(1);
    expect(frames[0]?.result).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  }
});

test('a WebSocket from a foreign origin is refused even with the token', async ({ host }) => {
  const { frames, closed } = await connect(wsUrl(host, host.token), 'http://evil.example');
  await closed;
  expect(frames[0]?.result).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
});

test('with the token: answers, VALIDATION for bad input, UNKNOWN_CHANNEL for an unknown channel', async ({ host }) => {
  const { ws, frames } = await connect(wsUrl(host, host.token), host.origin);
  try {
    const info = await request(ws, frames, 1, 'app:info', {});
    expect(info.result).toMatchObject({ ok: true, value: { transport: 'web', locale: 'ru' } });

    const bad = await request(ws, frames, 2, 'directory:search', { query: 42 });
    expect(bad.result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(bad.result?.error?.issues?.length).toBeGreaterThan(0);

    const extra = await request(ws, frames, 3, 'settings:setLocale', { locale: 'ru', admin: true });
    expect(extra.result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const unknown = await request(ws, frames, 4, 'system:exec', { cmd: 'id' });
    expect(unknown.result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(JSON.stringify(unknown)).not.toMatch(/at .*\.ts:\d+/); // no stack traces cross the contract
  } finally {
    ws.close();
  }
});

test('the page has the CSP and no inline script or style', async ({ host }) => {
  const res = await fetch(`${host.origin}/`);
  expect(res.status).toBe(200);
  const header = res.headers.get('content-security-policy') ?? '';
  const html = await res.text();
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1] ?? '';
  for (const policy of [header, meta]) {
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
  }
  expect(header).toContain("frame-ancestors 'none'");

  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs).toMatch(/\bsrc=/);
    expect((body ?? '').trim()).toBe('');
  }
  expect(html).not.toMatch(/<style\b/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/\sstyle\s*=/i);
  // Assets are relative (base './'), so the same build loads from file:// in Electron.
  expect(html).not.toMatch(/(src|href)="\/(?!\/)/);
});

test('/upload without the token is refused with 401 and an error envelope', async ({ host }) => {
  for (const headers of [{}, { 'X-Console-Token': 'wrong' }] as Record<string, string>[]) {
    const res = await fetch(`${host.origin}/upload`, { method: 'POST', headers: { ...headers, 'X-File-Name': 'x.csv' }, body: 'a;b\n' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  }
  const ok = await fetch(`${host.origin}/upload`, { method: 'POST', headers: { 'X-Console-Token': host.token, 'X-File-Name': 'x.csv' }, body: 'a;b\n' });
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ ok: true, value: { fileId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), name: 'x.csv', bytes: 4 } });
});

test('the page without a token says where the right link is; a wrong token shows the refusal', async ({ host, page }) => {
  await page.goto(`${host.origin}/`);
  await expect(page.getByTestId('no-token')).toContainText('Нет ключа доступа');

  await page.goto(`${host.origin}/#token=wrong`);
  await expect(page.getByTestId('connection-state')).toContainText('Доступ отклонён');
});

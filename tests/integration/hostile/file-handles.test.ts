/**
 * Hostile: paths never cross the contract. Before file handles, `tickets:attach` and
 * `directory:import` took `{ kind: 'path', path }` from the renderer, so any page holding the
 * browser-mode token could put the size and SHA-256 of `/etc/shadow` or `<dataDir>/secrets.json`
 * into a ticket and the outbox, or import any readable file. Every payload here goes through
 * the real host (SQLite file in a temp folder); a sample also through the real WebSocket.
 */
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import pino from 'pino';
import { startWebServer, type WebServer } from '../../../src-main/web/server';
import { FILE_HANDLE_TTL_MS } from '../../../src-main/files/registry';
import type { ImportProgress } from '../../../src-shared/ipc/contract';
import { useTempDir } from '../../helpers/tmp';
import { openHarness, ticketInput, type Harness } from '../tickets/harness';

const HEADER = 'contract_no;holder;phones;address;balance;balance_at;debt_since;tariff;status;serials';
const CSV = `${HEADER}\nН-1;Новиков Николай;+7 903 111-22-33;г. Тула, ул. Мира, д. 1;100,00;2026-11-20;;Домашний 100;active;\n`;
const WELL_FORMED_UNKNOWN = 'A'.repeat(43);

type Payload = { readonly channel: 'tickets:attach' | 'directory:import'; readonly input: unknown };

/** Every way a renderer could try to name a host file, for both requests that read files. */
function pathShapedPayloads(ticketId: string, dataDir: string): Payload[] {
  const targets = [
    '/etc/shadow',
    '/etc/passwd',
    join(dataDir, 'secrets.json'),
    join(dataDir, 'console.db'),
    '../../secrets.json',
    'file:///etc/shadow',
    '\\\\server\\share\\x.csv',
    'C:\\Windows\\win.ini',
  ];
  const sources = (target: string): unknown[] => [
    { kind: 'path', path: target },
    { kind: 'upload', uploadId: 'abcdefgh12', name: target },
    { path: target },
    target,
  ];
  const out: Payload[] = [];
  for (const target of targets) {
    for (const source of sources(target)) {
      out.push({ channel: 'tickets:attach', input: { id: ticketId, source } });
      out.push({ channel: 'directory:import', input: { source, skipBadRows: false, encoding: 'utf-8' } });
    }
    // The path where the handle id goes, or next to a well-formed id.
    out.push({ channel: 'tickets:attach', input: { id: ticketId, fileId: target } });
    out.push({ channel: 'directory:import', input: { fileId: target } });
    out.push({ channel: 'tickets:attach', input: { id: ticketId, fileId: WELL_FORMED_UNKNOWN, path: target } });
    out.push({ channel: 'directory:import', input: { fileId: WELL_FORMED_UNKNOWN, path: target } });
    out.push({ channel: 'tickets:attach', input: { id: ticketId, fileId: { kind: 'path', path: target } } });
    out.push({ channel: 'directory:import', input: { fileId: [target] } });
  }
  // Id-shaped but not an id: 43 characters holding a path.
  const padded = `/etc/shadow${'/'.repeat(32)}`;
  out.push({ channel: 'tickets:attach', input: { id: ticketId, fileId: padded } });
  out.push({ channel: 'directory:import', input: { fileId: padded } });
  return out;
}

function attachmentsAndOutbox(h: Harness): { attachments: number; outbox: number } {
  const n = (sql: string) => (h.host.db.prepare(sql).get() as { n: number }).n;
  return { attachments: n('SELECT count(*) AS n FROM attachments'), outbox: n('SELECT count(*) AS n FROM outbox') };
}

function contracts(h: Harness): number {
  return (h.host.db.prepare('SELECT count(*) AS n FROM contracts').get() as { n: number }).n;
}

async function importDone(h: Harness, jobId: string): Promise<ImportProgress> {
  await expect
    .poll(
      () =>
        h.events.some(
          (e) =>
            e.event === 'directory:importProgress' &&
            (e.payload as ImportProgress).jobId === jobId &&
            ['done', 'failed', 'cancelled'].includes((e.payload as ImportProgress).phase),
        ),
      { timeout: 10_000 },
    )
    .toBe(true);
  return h.events
    .map((e) => e.payload as ImportProgress)
    .filter((p) => p.jobId === jobId)
    .at(-1) as ImportProgress;
}

function serve(h: Harness, dir: string): Promise<WebServer> {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  return startWebServer({ host: h.host, rendererDir, port: 0, log: pino({ level: 'silent' }) });
}

async function upload(
  server: WebServer,
  body: string,
  name?: string,
): Promise<{ status: number; json: { ok: boolean; value?: { fileId: string; name: string; bytes: number }; error?: { code: string; message: string } } }> {
  const headers: Record<string, string> = { 'x-console-token': server.token };
  if (name !== undefined) headers['x-file-name'] = name;
  const res = await fetch(`http://127.0.0.1:${server.port}/upload`, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as never };
}

/** One WebSocket client of browser mode: request → envelope. */
async function socket(
  server: WebServer,
): Promise<{ call(channel: string, input: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }>; close(): void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  let next = 1;
  const waiting = new Map<number, (r: never) => void>();
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as { id?: number; result?: never };
    if (typeof f.id === 'number') waiting.get(f.id)?.(f.result as never);
  });
  return {
    call: (channel, input) =>
      new Promise((ok) => {
        const id = next++;
        waiting.set(id, ok);
        ws.send(JSON.stringify({ id, channel, input }));
      }),
    close: () => ws.close(),
  };
}

describe('hostile: file handles (no path crosses the contract)', () => {
  const tmp = useTempDir('hostile-files-');
  let h: Harness | null = null;
  let server: WebServer | null = null;
  let count = 0;
  afterEach(async () => {
    await server?.close();
    server = null;
    h?.close();
    h = null;
  });
  afterAll(() => console.log(`hostile file-handles: ${count} payloads`));

  it('any path-shaped source (/etc/shadow, <dataDir>/secrets.json, …) is VALIDATION on both channels; nothing reaches a ticket, the outbox or the directory', async () => {
    const dir = tmp();
    const dataDir = join(dir, 'data');
    h = openHarness(dataDir);
    writeFileSync(join(dataDir, 'secrets.json'), '{"sip.password":"s3cret"}', { mode: 0o600 });
    const t = await h.call('tickets:create', ticketInput());
    const before = attachmentsAndOutbox(h);
    const directoryBefore = contracts(h);
    const payloads = pathShapedPayloads(t.id, dataDir);
    for (const p of payloads) {
      const r = await h.host.dispatch(p.channel, p.input, { transport: 'web' });
      expect(r, JSON.stringify(p)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    // A sample through the real browser-mode WebSocket: the same answers.
    server = await serve(h, dir);
    const ws = await socket(server);
    const sample = payloads.filter((_, i) => i % 3 === 0);
    for (const p of sample) expect(await ws.call(p.channel, p.input), JSON.stringify(p)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    ws.close();
    count += payloads.length + sample.length;
    expect(attachmentsAndOutbox(h)).toEqual(before);
    expect(contracts(h)).toBe(directoryBefore);
    expect(h.events.filter((e) => e.event === 'directory:importProgress')).toEqual([]);
    expect((await h.call('tickets:get', { id: t.id })).attachments).toEqual([]);
  });

  it('an unknown, forged, used or expired fileId is NOT_FOUND with a clear message; nothing is written; an expired upload is removed', async () => {
    const dir = tmp();
    h = openHarness(join(dir, 'data'));
    server = await serve(h, dir);
    const t = await h.call('tickets:create', ticketInput());
    const before = attachmentsAndOutbox(h);
    const forged = [WELL_FORMED_UNKNOWN, 'x'.repeat(43), '-'.repeat(43)];
    for (const fileId of forged) {
      expect(await h.fail('tickets:attach', { id: t.id, fileId })).toEqual({
        code: 'NOT_FOUND',
        message: expect.stringMatching(/no such file handle.*choose the file again/),
        reason: { kind: 'fileGone' }, // worded on screen in the operator's language
      });
      expect(await h.fail('directory:import', { fileId })).toMatchObject({ code: 'NOT_FOUND' });
    }
    // A real handle, one character changed: not a handle.
    const up = await upload(server, 'лог\n', 'a.log');
    const real = up.json.value?.fileId ?? '';
    const flipped = `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`;
    expect(await h.fail('tickets:attach', { id: t.id, fileId: flipped })).toMatchObject({ code: 'NOT_FOUND' });

    // Expired after FILE_HANDLE_TTL_MS on the host's clock: refused, and its upload removed.
    expect(readdirSync(h.host.uploadsDir)).toHaveLength(1);
    h.setNow(h.now() + FILE_HANDLE_TTL_MS);
    expect(await h.fail('tickets:attach', { id: t.id, fileId: real })).toEqual({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/expired/),
      reason: { kind: 'fileGone' },
    });
    expect(readdirSync(h.host.uploadsDir)).toEqual([]);
    expect(await h.fail('directory:import', { fileId: real })).toMatchObject({ code: 'NOT_FOUND' });
    count += forged.length * 2 + 3;
    expect(attachmentsAndOutbox(h)).toEqual(before);
    expect(h.events.filter((e) => e.event === 'directory:importProgress')).toEqual([]);
  });

  it("the host's dialog refuses the console's own data files (secrets.json, the database, through a symlink too); browser mode has no host dialog", async () => {
    const dir = tmp();
    const dataDir = join(dir, 'data');
    let chosen: string | null = null;
    h = openHarness(dataDir, { transport: 'electron', pickFile: () => Promise.resolve(chosen) });
    writeFileSync(join(dataDir, 'secrets.json'), '{"sip.password":"s3cret"}', { mode: 0o600 });
    symlinkSync(join(dataDir, 'secrets.json'), join(dir, 'looks-harmless.csv'));
    for (const target of [join(dataDir, 'secrets.json'), join(dataDir, 'console.db'), join(dir, 'looks-harmless.csv')]) {
      chosen = target;
      expect(await h.fail('files:pick', { purpose: 'attachment' })).toEqual({
        code: 'VALIDATION',
        message: "files of the console's own data folder cannot be attached or imported",
      });
    }
    expect(h.host.files.size()).toBe(0);
    const web = await h.host.dispatch('files:pick', { purpose: 'directory-csv' }, { transport: 'web' });
    expect(web).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'browser mode has no host file dialog: the page uploads the file (POST /upload)' },
    });
    for (const input of [{ purpose: 'path' }, { purpose: 'attachment', path: '/etc/shadow' }, { purpose: 'attachment', defaultPath: '/etc' }]) {
      expect(await h.fail('files:pick', input)).toMatchObject({ code: 'VALIDATION' });
    }
    count += 7;
  });

  it('a handle from the injected picker (a real file) works for attach and for import; the picked file stays where it is', async () => {
    const dir = tmp();
    let chosen: string | null = null;
    h = openHarness(join(dir, 'data'), { transport: 'electron', pickFile: () => Promise.resolve(chosen) });
    const t = await h.call('tickets:create', ticketInput());
    chosen = join(dir, 'акт.txt');
    writeFileSync(chosen, 'акт выполненных работ');
    const a = await h.call('files:pick', { purpose: 'attachment' });
    expect((await h.call('tickets:attach', { id: t.id, fileId: a.fileId })).attachments).toEqual([expect.objectContaining({ name: 'акт.txt', path: chosen })]);

    chosen = join(dir, 'справочник.csv');
    writeFileSync(chosen, CSV);
    const c = await h.call('files:pick', { purpose: 'directory-csv' });
    expect(c).toMatchObject({ name: 'справочник.csv', bytes: Buffer.byteLength(CSV) });
    const { jobId } = await h.call('directory:import', { fileId: c.fileId });
    expect(await importDone(h, jobId)).toMatchObject({ phase: 'done', rows: 1 });
    expect((await h.call('directory:status', {})).source).toBe('справочник.csv');
    expect(readdirSync(dir)).toContain('справочник.csv');
    // Used up: a second import of the same handle is refused.
    expect(await h.fail('directory:import', { fileId: c.fileId })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('upload → handle → attach and upload → handle → import work; refused names leave no file; owned uploads are removed after use, on close and at start', async () => {
    const dir = tmp();
    const dataDir = join(dir, 'data');
    // A stale upload of a previous run (crash) is removed when the host starts.
    mkdirSync(join(dataDir, 'uploads'), { recursive: true });
    writeFileSync(join(dataDir, 'uploads', 'stale.upload'), 'old');
    h = openHarness(dataDir);
    expect(readdirSync(h.host.uploadsDir)).toEqual([]);
    server = await serve(h, dir);
    const t = await h.call('tickets:create', ticketInput());

    // Names obey safeLine: control and bidi characters, over-long, malformed escapes → 400, no file.
    const badNames = [
      encodeURIComponent('evil\u202Egpj.exe'),
      encodeURIComponent('a\u0000b'),
      encodeURIComponent('x'.repeat(256)),
      '%E0%A4%A',
      encodeURIComponent('a\nb'),
    ];
    for (const name of badNames) {
      const r = await upload(server, 'data', name);
      expect(r.status, name).toBe(400);
      expect(r.json).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/file name|X-File-Name/) } });
    }
    expect(readdirSync(h.host.uploadsDir)).toEqual([]);
    count += badNames.length;

    const a = await upload(server, 'журнал', encodeURIComponent('журнал.txt'));
    expect(a.json.value).toMatchObject({ name: 'журнал.txt', bytes: Buffer.byteLength('журнал') });
    expect(JSON.stringify(a.json)).not.toContain(dataDir);
    expect((await h.call('tickets:attach', { id: t.id, fileId: a.json.value?.fileId })).attachments[0]).toMatchObject({
      name: 'журнал.txt',
      size: Buffer.byteLength('журнал'),
    });
    expect(readdirSync(h.host.uploadsDir)).toEqual([]);

    const c = await upload(server, CSV, encodeURIComponent('выгрузка.csv'));
    const { jobId } = await h.call('directory:import', { fileId: c.json.value?.fileId });
    expect(await importDone(h, jobId)).toMatchObject({ phase: 'done', rows: 1 });
    expect((await h.call('directory:status', {})).source).toBe('выгрузка.csv');
    expect(readdirSync(h.host.uploadsDir)).toEqual([]);

    // A handle never used is removed by the sweep after expiry, and by close.
    await upload(server, 'x', 'x.txt');
    h.setNow(h.now() + FILE_HANDLE_TTL_MS);
    expect(h.host.files.sweep()).toBe(1);
    expect(readdirSync(h.host.uploadsDir)).toEqual([]);
    await upload(server, 'y', 'y.txt');
    expect(readdirSync(h.host.uploadsDir)).toHaveLength(1);
    await server.close();
    server = null;
    h.close();
    h = null;
    expect(readdirSync(join(dataDir, 'uploads'))).toEqual([]);
  });
});

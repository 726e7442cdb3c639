import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../src-main/web/server';
import { useTempDir } from '../../helpers/tmp';
import { openHarness, ticketInput, type Harness } from './harness';
import pino from 'pino';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('R-TKT-FORM: attachments kept by reference and SHA-256', () => {
  const tmp = useTempDir('tickets-files-');
  let h: Harness | null = null;
  let server: WebServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
    h?.close();
    h = null;
  });

  it("a file the host's own dialog picked (Electron) is hashed and referenced where it is; an unreadable choice is VALIDATION", async () => {
    const dir = tmp();
    let chosen: string | null = null;
    h = openHarness(join(dir, 'data'), { transport: 'electron', pickFile: () => Promise.resolve(chosen) });
    const t = await h.call('tickets:create', ticketInput());
    const file = join(dir, 'скриншот ошибки.png');
    const body = Buffer.alloc(300_000, 7);
    writeFileSync(file, body);
    chosen = file;
    const picked = await h.call('files:pick', { purpose: 'attachment' });
    expect(picked).toEqual({ fileId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), name: 'скриншот ошибки.png', bytes: 300_000 });
    expect(JSON.stringify(picked)).not.toContain(dir); // the host path stays on the host
    const r = await h.call('tickets:attach', { id: t.id, fileId: picked.fileId });
    expect(r.attachments).toEqual([expect.objectContaining({ name: 'скриншот ошибки.png', path: file, size: 300_000, sha256: sha(body), addedBy: 'Анна' })]);
    expect(r.history.at(-1)).toMatchObject({ kind: 'attachment', data: { name: 'скриншот ошибки.png', size: 300_000, sha256: sha(body) } });
    expect(h.outbox().at(-1)).toMatchObject({ name: 'ticket.attach', args: { id: t.id, attachment: { path: file, sha256: sha(body), size: 300_000 } } });
    expect(existsSync(file)).toBe(true); // not the host's file: it stays where it is

    chosen = join(dir, 'нет такого.txt');
    expect(await h.fail('files:pick', { purpose: 'attachment' })).toEqual({ code: 'VALIDATION', message: 'cannot read the chosen file: no such file' });
    chosen = dir;
    expect(await h.fail('files:pick', { purpose: 'attachment' })).toEqual({ code: 'VALIDATION', message: 'the chosen item is not a regular file' });
    chosen = 'relative.txt';
    expect(await h.fail('files:pick', { purpose: 'attachment' })).toMatchObject({ code: 'VALIDATION' });
    chosen = null; // cancelled
    expect(await h.call('files:pick', { purpose: 'attachment' })).toBeNull();
  });

  it('a browser upload (POST /upload) is moved into <dataDir>/attachments/<sha256> and referenced there', async () => {
    const dir = tmp();
    h = openHarness(join(dir, 'data'));
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    server = await startWebServer({ host: h.host, rendererDir, port: 0, log: pino({ level: 'silent' }) });
    const t = await h.call('tickets:create', ticketInput());
    const body = 'лог роутера\n'.repeat(1000);
    const res = await fetch(`http://127.0.0.1:${server.port}/upload`, {
      method: 'POST',
      headers: { 'x-console-token': server.token, 'x-file-name': encodeURIComponent('router.log') },
      body,
    });
    const { value } = (await res.json()) as { value: { fileId: string; name: string; bytes: number } };
    expect(value).toEqual({ fileId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), name: 'router.log', bytes: Buffer.byteLength(body) });
    // An unknown ticket is refused before the handle is used: the same handle still works.
    expect(await h.fail('tickets:attach', { id: '00000000-0000-7000-8000-000000000000', fileId: value.fileId })).toMatchObject({ code: 'NOT_FOUND' });
    const r = await h.call('tickets:attach', { id: t.id, fileId: value.fileId });
    const stored = join(dir, 'data', 'attachments', sha(body));
    expect(r.attachments[0]).toMatchObject({ name: 'router.log', path: stored, size: Buffer.byteLength(body), sha256: sha(body) });
    expect(readFileSync(stored, 'utf8')).toBe(body);
    expect(readdirSync(h.host.uploadsDir)).toEqual([]);
    // The handle is used up: attaching it again says what to do.
    expect(await h.fail('tickets:attach', { id: t.id, fileId: value.fileId })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/choose the file again/),
    });
  });
});

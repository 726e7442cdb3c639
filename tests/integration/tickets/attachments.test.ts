import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('a local path (Electron) is hashed and referenced where it is; a missing file is VALIDATION naming the path', async () => {
    const dir = tmp();
    h = openHarness(join(dir, 'data'));
    const t = await h.call('tickets:create', ticketInput());
    const file = join(dir, 'скриншот ошибки.png');
    const body = Buffer.alloc(300_000, 7);
    writeFileSync(file, body);
    const r = await h.call('tickets:attach', { id: t.id, source: { kind: 'path', path: file } });
    expect(r.attachments).toEqual([expect.objectContaining({ name: 'скриншот ошибки.png', path: file, size: 300_000, sha256: sha(body), addedBy: 'Анна' })]);
    expect(r.history.at(-1)).toMatchObject({ kind: 'attachment', data: { name: 'скриншот ошибки.png', size: 300_000, sha256: sha(body) } });
    expect(h.outbox().at(-1)).toMatchObject({ name: 'ticket.attach', args: { id: t.id, attachment: { path: file, sha256: sha(body), size: 300_000 } } });
    const missing = join(dir, 'нет такого.txt');
    expect(await h.fail('tickets:attach', { id: t.id, source: { kind: 'path', path: missing } })).toEqual({ code: 'VALIDATION', message: `cannot attach ${missing}: no such file` });
    expect(await h.fail('tickets:attach', { id: t.id, source: { kind: 'path', path: dir } })).toEqual({ code: 'VALIDATION', message: `cannot attach ${dir}: it is a folder` });
    expect(await h.fail('tickets:attach', { id: t.id, source: { kind: 'path', path: 'relative.txt' } })).toMatchObject({ code: 'VALIDATION' });
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
    const res = await fetch(`http://127.0.0.1:${server.port}/upload`, { method: 'POST', headers: { 'x-console-token': server.token, 'x-file-name': encodeURIComponent('router.log') }, body });
    const { value } = (await res.json()) as { value: { uploadId: string } };
    const r = await h.call('tickets:attach', { id: t.id, source: { kind: 'upload', uploadId: value.uploadId, name: 'router.log' } });
    const stored = join(dir, 'data', 'attachments', sha(body));
    expect(r.attachments[0]).toMatchObject({ name: 'router.log', path: stored, size: Buffer.byteLength(body), sha256: sha(body) });
    expect(readFileSync(stored, 'utf8')).toBe(body);
    expect(existsSync(join(h.host.uploadsDir, `${value.uploadId}.upload`))).toBe(false);
    // The upload is consumed: attaching it again says what to do.
    expect((await h.fail('tickets:attach', { id: t.id, source: { kind: 'upload', uploadId: value.uploadId, name: 'router.log' } })).message).toMatch(/upload the file again/);
    expect(await h.fail('tickets:attach', { id: '00000000-0000-7000-8000-000000000000', source: { kind: 'upload', uploadId: value.uploadId, name: 'x' } })).toMatchObject({ code: 'NOT_FOUND' });
  });
});

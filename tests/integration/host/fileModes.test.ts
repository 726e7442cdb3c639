/**
 * Customer data is readable only by the operator's OS user: the data folder and its subfolders
 * 0700, every file the host writes 0600 (the database with its -wal/-shm, import reports,
 * attachments, uploads, secrets), and looser modes left by an older version repaired at start.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/host';
import { startWebServer } from '../../../src-main/web/server';
import { useTempDir } from '../../helpers/tmp';
import { ticketInput } from '../tickets/harness';
import { until } from '../../helpers/until';

const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);

/** Every folder and file under `dir` (symlinks excluded) with its mode, as 'path: mode'. */
function modes(dir: string): Map<string, string> {
  const out = new Map<string, string>([['.', mode(dir)]]);
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isSymbolicLink()) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.set(r, mode(join(d, e.name)));
      if (e.isDirectory()) walk(join(d, e.name), r);
    }
  };
  walk(dir, '');
  return out;
}

function expectPrivate(dir: string): void {
  for (const [path, m] of modes(dir)) {
    const isDir = statSync(join(dir, path)).isDirectory();
    expect(m, `${path} (${isDir ? 'folder' : 'file'})`).toBe(isDir ? '700' : '600');
  }
}

const HEADER = 'contract_no;holder;phones;address;balance;balance_at;debt_since;tariff;status;serials';
const ctx = { transport: 'web' as const };

async function call<T>(host: Host, channel: string, input: unknown): Promise<T> {
  const r = await host.dispatch(channel, input, ctx);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

function capture(): { log: pino.Logger; lines: () => Record<string, unknown>[] } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return {
    log: pino({ level: 'info' }, sink),
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('the data folder is private to the OS user', () => {
  const tmp = useTempDir('modes-');
  let umask: number;
  // The usual desktop umask (022) would make everything world-readable unless the host says otherwise.
  beforeAll(() => void (umask = process.umask(0o022)));
  afterAll(() => void process.umask(umask));

  it('a fresh data folder: folders 0700, files 0600 after an import with a report, an upload attached, tickets and a password written', async () => {
    const base = tmp();
    const dataDir = join(base, 'data');
    const host = createHost({ dataDir, transport: 'web', log: pino({ level: 'silent' }), demo: false });
    const rendererDir = join(base, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    const server = await startWebServer({ host, rendererDir, port: 0, log: pino({ level: 'silent' }) });
    try {
      // An import with one bad row writes a report.
      const upload = async (body: string, name = 'router.log'): Promise<string> => {
        const res = await fetch(`http://127.0.0.1:${server.port}/upload`, {
          method: 'POST',
          headers: { 'x-console-token': server.token, 'x-file-name': name },
          body,
        });
        return ((await res.json()) as { value: { fileId: string } }).value.fileId;
      };
      const csv = [HEADER, 'Д-000001;Иванов Иван;+7 903 969-14-45;г. Москва;;;;;;', 'Д-000002;Петров;+7 12;;;;;;;'].join('\n') + '\n';
      await call(host, 'directory:import', { fileId: await upload(csv, 'dir.csv'), skipBadRows: true });
      await until('the import', async () => !(await call<{ importing: boolean; contracts: number }>(host, 'directory:status', {})).importing);
      expect(readdirSync(join(dataDir, 'import-reports'))).toHaveLength(1);
      // A ticket with an uploaded attachment; a pending upload left in uploads/.
      const t = await call<{ id: string }>(host, 'tickets:create', ticketInput());
      await call(host, 'tickets:attach', { id: t.id, fileId: await upload('лог роутера\n'.repeat(100)) });
      await upload('ещё не прикреплён');
      const account = { wsUri: 'ws://127.0.0.1:9', sipUri: 'sip:1001@127.0.0.1', authUser: '1001', displayName: 'Анна', whenBusy: 'busy-486', nullMedia: true };
      await call(host, 'softphone:saveAccount', { account, password: 'пароль' });

      const seen = modes(dataDir);
      for (const f of ['console.db', 'console.db-wal', 'console.db-shm', 'secrets.json', 'attachments', 'uploads', 'import-reports'])
        expect(seen.has(f), f).toBe(true);
      expect([...seen.keys()].filter((k) => k.startsWith('attachments/'))).toHaveLength(1);
      expect([...seen.keys()].filter((k) => k.startsWith('uploads/')).length).toBeGreaterThan(0);
      expectPrivate(dataDir);
    } finally {
      await server.close();
      host.close();
    }
  });

  it('a folder left 0755 with 0644 files is repaired at start, with a log line; symlinks are left alone', async () => {
    const base = tmp();
    const dataDir = join(base, 'data');
    const first = createHost({ dataDir, transport: 'web', log: pino({ level: 'silent' }), demo: false });
    await call(first, 'tickets:create', ticketInput());
    first.close();
    // What an older version left behind.
    mkdirSync(join(dataDir, 'attachments'));
    writeFileSync(join(dataDir, 'attachments', 'a'.repeat(64)), 'вложение');
    mkdirSync(join(dataDir, 'import-reports'), { recursive: true });
    writeFileSync(join(dataDir, 'import-reports', 'import-report-old.csv'), 'line;field;message;record\r\n');
    writeFileSync(join(dataDir, 'secrets.json'), '{}');
    const outside = join(base, 'outside.txt');
    writeFileSync(outside, 'not ours');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dataDir, 'link-to-outside'));
    for (const [p] of modes(dataDir)) chmodSync(join(dataDir, p), statSync(join(dataDir, p)).isDirectory() ? 0o755 : 0o644);
    expect(mode(join(dataDir, 'console.db'))).toBe('644');
    expect(mode(dataDir)).toBe('755');

    const { log, lines } = capture();
    const host = createHost({ dataDir, transport: 'web', log, demo: false });
    try {
      expectPrivate(dataDir);
      expect(mode(outside)).toBe('644');
      expect(lstatSync(join(dataDir, 'link-to-outside')).isSymbolicLink()).toBe(true);
      const warn = lines().find((l) => String(l.msg).includes('permissions repaired'));
      expect(warn).toMatchObject({ level: 40, dataDir });
      expect(warn?.count).toBeGreaterThanOrEqual(7);
      // The data is still there: repairing modes touched no content.
      expect(host.db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 1 });
      expect(readFileSync(join(dataDir, 'attachments', 'a'.repeat(64)), 'utf8')).toBe('вложение');
    } finally {
      host.close();
    }
    // A second start finds nothing to repair and says nothing.
    const quiet = capture();
    createHost({ dataDir, transport: 'web', log: quiet.log, demo: false }).close();
    expect(quiet.lines().filter((l) => String(l.msg).includes('permissions repaired'))).toEqual([]);
  });
});

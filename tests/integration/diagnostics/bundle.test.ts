import { readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHost } from '../../../src-main/host';
import { createLogger, openLogFile } from '../../../src-main/log';
import { DIAGNOSTICS_DIR } from '../../../src-main/diagnostics/bundle';
import { useTempDir } from '../../helpers/tmp';
import { until } from '../../helpers/until';

const PASSWORD = 'Pw-Секрет-9f3kQ';

describe('«Сохранить диагностику»', () => {
  const tmp = useTempDir();

  it('writes one 0600 JSON bundle with versions, layout, settings, profile, schema, registration and log lines, and no secret', async () => {
    const dir = tmp();
    const file = await openLogFile(dir);
    const log = createLogger({ level: 'info', terminal: null, file });
    const host = createHost({ dataDir: dir, transport: 'web', log, demo: false });
    try {
      const d = (c: string, i: unknown = {}) => host.dispatch(c, i, { transport: 'web' });
      const account = { wsUri: 'ws://127.0.0.1:9', sipUri: 'sip:1001@127.0.0.1', authUser: '1001', displayName: 'Анна', whenBusy: 'busy-486', nullMedia: true };
      expect(await d('softphone:saveAccount', { account, password: PASSWORD })).toMatchObject({ ok: true, value: { hasPassword: true } });
      const secretsFile = readFileSync(join(dir, 'secrets.json'), 'utf8');
      expect(secretsFile).toContain(PASSWORD); // browser mode keeps it in a user-only file
      // Whatever a future setting or log line carries under a secret-looking key stays out too.
      host.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('sync.token', 'tok-settings-1');
      host.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('sync.server', JSON.stringify({ url: 'https://desk', apiSecret: 'sec-nested-2' }));
      log.info({ user: { password: PASSWORD } }, 'a careless line');
      symlinkSync('/etc/passwd', join(dir, 'link-out'));
      writeFileSync(join(dir, 'uploads', 'note.txt'), 'CONTENT-NEVER-COPIED');
      file.flushSync();
      await until('the careless line in the log file', () => readFileSync(join(dir, 'logs', 'console.1.log'), 'utf8').includes('a careless line'), 5000);

      const r = await d('diagnostics:save');
      if (!r.ok) throw new Error(JSON.stringify(r));
      const saved = r.value as { fileName: string; bytes: number; content: string };
      expect(saved.fileName).toMatch(/^diagnostics-.+\.json$/);
      const path = join(dir, DIAGNOSTICS_DIR, saved.fileName);
      const text = readFileSync(path, 'utf8');
      expect(text).toBe(saved.content);
      expect(statSync(path).size).toBe(saved.bytes);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, DIAGNOSTICS_DIR)).mode & 0o777).toBe(0o700);

      // No secret anywhere: the password, the secrets file, planted secret settings, file contents.
      for (const secret of [PASSWORD, secretsFile.trim(), 'tok-settings-1', 'sec-nested-2', 'CONTENT-NEVER-COPIED', 'root:x:0:0']) {
        expect(text, secret).not.toContain(secret);
      }

      const b = JSON.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(b.app).toEqual({ version: expect.any(String), transport: 'web' });
      expect(b.versions.node).toBe(process.versions.node);
      expect(b.os.platform).toBe(process.platform);
      const entries = b.dataFolder.entries as { path: string; type: string; bytes: number; mode: string }[];
      expect(entries.find((e) => e.path === 'console.db')).toMatchObject({ type: 'file', mode: '0600' });
      expect(entries.find((e) => e.path === 'secrets.json')).toMatchObject({ type: 'file', mode: '0600' });
      expect(entries.find((e) => e.path === 'link-out')).toMatchObject({ type: 'link' });
      expect(entries.find((e) => e.path === join('uploads', 'note.txt'))).toMatchObject({ bytes: 20 });
      expect(b.settings['softphone.account']).toMatchObject({ authUser: '1001', sipUri: 'sip:1001@127.0.0.1' });
      expect(b.settings['sync.token']).toBe('[redacted]');
      expect(b.settings['sync.server']).toEqual({ url: 'https://desk', apiSecret: '[redacted]' });
      expect(b.deskProfile.id).toEqual(expect.any(String));
      expect(b.database.schemaVersion).toBeGreaterThanOrEqual(60);
      expect(b.database.rows.settings).toBeGreaterThanOrEqual(3);
      expect(b.registration.state).toEqual(expect.any(String));
      expect((b.log as { msg?: string }[]).some((l) => l.msg === 'a careless line')).toBe(true);
    } finally {
      host.close();
      file.end();
    }
  });

  it('answers VALIDATION for any input but {} and writes nothing', async () => {
    const dir = tmp();
    const host = createHost({ dataDir: dir, transport: 'web', log: createLogger('test'), demo: false });
    try {
      const r = await host.dispatch('diagnostics:save', { path: '/etc' }, { transport: 'web' });
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(() => statSync(join(dir, DIAGNOSTICS_DIR))).toThrow();
    } finally {
      host.close();
    }
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createHost } from '../../../src-main/host';
import { useTempDir } from '../../helpers/tmp';

const PASSWORD = 'Pw-7f3a9c-секрет';

describe('the SIP password never lands in settings, the database or a log', () => {
  const tmp = useTempDir();

  it('is kept only in the 0600 secrets file, and registration attempts do not log it', async () => {
    const dir = tmp();
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logged += chunk.toString();
        cb();
      },
    });
    const log = pino({ level: 'trace' }, sink);
    const host = createHost({ dataDir: dir, transport: 'web', log, demo: false, sipTimings: { backoffBaseMs: 50, connectTimeoutSec: 1 } });
    const d = (c: string, i: unknown = {}) => host.dispatch(c, i, { transport: 'web' });
    const account = { wsUri: 'ws://127.0.0.1:9', sipUri: 'sip:1001@127.0.0.1', authUser: '1001', displayName: 'Анна', whenBusy: 'busy-486', nullMedia: true };
    const saved = await d('softphone:saveAccount', { account, password: PASSWORD });
    // Browser mode says what it does: plain text in a file only this user can read, not encryption.
    expect(saved).toEqual({ ok: true, value: { account, hasPassword: true, passwordStorage: 'user-only-file' } });
    expect(await d('softphone:account')).toEqual({ ok: true, value: { account, hasPassword: true, passwordStorage: 'user-only-file' } });
    // null keeps the stored password
    expect(await d('softphone:saveAccount', { account: { ...account, displayName: 'Анна К.' }, password: null })).toMatchObject({
      ok: true,
      value: { hasPassword: true },
    });
    await d('softphone:register');
    await new Promise((r) => setTimeout(r, 300)); // a few failed attempts against a closed port
    expect(logged).toContain('cannot connect'); // the log did record the attempts…
    host.close();

    expect(logged).not.toContain(PASSWORD); // …but never the password
    const secrets = join(dir, 'secrets.json');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(readFileSync(secrets, 'utf8')).toContain(PASSWORD);
    for (const f of readdirSync(dir)) {
      if (f === 'secrets.json' || !statSync(join(dir, f)).isFile()) continue;
      expect(readFileSync(join(dir, f)).includes(Buffer.from(PASSWORD)), `${f} holds the password`).toBe(false);
    }
  });

  it("'' removes the stored password", async () => {
    const dir = tmp();
    const host = createHost({ dataDir: dir, transport: 'web', log: pino({ level: 'silent' }), demo: false });
    const d = (c: string, i: unknown = {}) => host.dispatch(c, i, { transport: 'web' });
    const account = { wsUri: 'ws://127.0.0.1:9', sipUri: 'sip:1001@127.0.0.1', authUser: '1001', displayName: '', whenBusy: 'not-offered', nullMedia: true };
    await d('softphone:unregister');
    await d('softphone:saveAccount', { account, password: PASSWORD });
    expect(await d('softphone:saveAccount', { account, password: '' })).toMatchObject({ ok: true, value: { hasPassword: false } });
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain(PASSWORD);
    host.close();
  });
});

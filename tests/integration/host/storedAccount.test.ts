import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/open';
import { createHost } from '../../../src-main/host';
import { ACCOUNT_KEY } from '../../../src-main/softphone/account';
import { useTempDir } from '../../helpers/tmp';

/** A data folder whose stored SIP account is `raw` (what a torn copy or an older build may leave). */
function storeAccount(dir: string, raw: string): void {
  const db = openDatabase(join(dir, 'console.db'));
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(ACCOUNT_KEY, raw);
  db.close();
}

function capture() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l) as { level: number; msg: string });
      cb();
    },
  });
  return { log: pino({ level: 'trace' }, sink), lines };
}

describe('a corrupt stored SIP account', () => {
  const tmp = useTempDir();

  it.each([
    ['not JSON', '{"wsUri": "ws://pbx:8088", '],
    ['JSON that fails the account schema', JSON.stringify({ wsUri: 'ws://pbx:8088', sipUri: 42 })],
  ])('%s: the host starts, the softphone is unconfigured, a warning says why, a new account can be saved', async (_what, raw) => {
    const dir = tmp();
    storeAccount(dir, raw);
    const { log, lines } = capture();
    const host = createHost({ dataDir: dir, transport: 'web', log, demo: false });
    try {
      const d = (c: string, i: unknown = {}) => host.dispatch(c, i, { transport: 'web' });
      expect(await d('softphone:account')).toMatchObject({ ok: true, value: { account: null, hasPassword: false } });
      expect(await d('softphone:status')).toMatchObject({ ok: true, value: { state: 'unconfigured' } });
      const warning = lines.find((l) => l.msg.startsWith('stored softphone account is'));
      expect(warning?.level).toBe(40); // pino's warn
      expect(JSON.stringify(lines)).not.toContain('ws://pbx:8088'); // the stored text is not echoed into the log

      const account = { wsUri: 'ws://127.0.0.1:9', sipUri: 'sip:1001@127.0.0.1', authUser: '1001', displayName: 'Анна', whenBusy: 'busy-486', nullMedia: true };
      expect(await d('softphone:saveAccount', { account, password: null })).toMatchObject({ ok: true, value: { account } });
      await d('softphone:unregister');
    } finally {
      host.close();
    }
  });
});

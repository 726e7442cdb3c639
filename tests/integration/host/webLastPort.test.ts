import { createServer, type Server } from 'node:http';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/log';
import { listenOnLastPort, readLastPort, writeLastPort } from '../../../src-main/web/lastPort';
import { useTempDir } from '../../helpers/tmp';

const log = createLogger({ level: 'silent' });
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((ok) => s.close(() => ok()));
});

/** A real HTTP listener on 127.0.0.1, as startWebServer makes: resolves with its bound port. */
function listen(port: number): Promise<number> {
  const s = createServer();
  return new Promise<number>((ok, fail) => {
    s.once('error', fail);
    s.listen(port, '127.0.0.1', () => {
      servers.push(s);
      const a = s.address();
      if (a === null || typeof a === 'string') fail(new Error('no address'));
      else ok(a.port);
    });
  });
}

describe('browser mode comes back on the port of its last start (issue 11 item 4: an open page reaches the restarted host)', () => {
  const tmp = useTempDir('web-port-');

  it('remembers the bound port in the data folder (0600); nothing remembered or a file that is not a port means any free port', () => {
    const dir = tmp();
    expect(readLastPort(dir, log)).toBeNull();
    writeLastPort(dir, 41234);
    expect(readLastPort(dir, log)).toBe(41234);
    if (process.platform !== 'win32') expect(statSync(join(dir, 'web-port')).mode & 0o777).toBe(0o600);
    for (const junk of ['', 'порт', '0', '70000', '80.5', '-1'])
      expect((writeFileSync(join(dir, 'web-port'), junk), readLastPort(dir, log)), JSON.stringify(junk)).toBeNull();
  });

  it('listens on the remembered port when it is free again', async () => {
    const first = await listen(0);
    await new Promise<void>((ok) => servers.pop()?.close(() => ok()));
    expect(await listenOnLastPort(first, listen, log)).toBe(first);
  });

  it('a remembered port someone else holds now does not stop the start: any free port instead', async () => {
    const held = await listen(0);
    const got = await listenOnLastPort(held, listen, log);
    expect(got).not.toBe(held);
    expect(got).toBeGreaterThan(0);
    expect(await listenOnLastPort(null, listen, log)).toBeGreaterThan(0);
  });
});

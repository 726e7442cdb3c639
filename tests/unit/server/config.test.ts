import { describe, expect, it } from 'vitest';
import { ConfigError, parseServerConfig } from '../../../src-server/config';
import { isLoopback } from '../../../src-server/http/server';

describe('desk server configuration', () => {
  it('defaults to the embedded database on loopback; DATABASE_URL switches to PostgreSQL; a flag beats its variable', () => {
    const env = { HOME: '/home/desk', XDG_DATA_HOME: '' };
    const c = parseServerConfig([], env, false);
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8470,
      database: { kind: 'pglite', dataDir: '/home/desk/.local/share/operator-desk' },
      tls: null,
      logFormat: 'json',
      changeLogDays: 30,
    });
    expect(parseServerConfig(['--change-log-days', '7'], env, false).changeLogDays).toBe(7);
    expect(parseServerConfig([], { ...env, DATABASE_URL: 'postgres://desk@db/desk' }, true)).toMatchObject({
      database: { kind: 'postgres', url: 'postgres://desk@db/desk' },
      logFormat: 'pretty',
    });
    expect(parseServerConfig(['--port=9000'], { ...env, DESK_PORT: '8000' }, false).port).toBe(9000);
    expect(parseServerConfig([], { ...env, DESK_PORT: '8000' }, false).port).toBe(8000);
  });

  it('refuses bad values with the option named', () => {
    const bad: Array<[string[], RegExp]> = [
      [['--port', '70000'], /--port must be a whole number 0..65535/],
      [['--port', '-1'], /--port/],
      [['--max-body-kib', '0'], /--max-body-kib/],
      [['--change-log-days', '0'], /--change-log-days must be a whole number 1..3650/],
      [['--log-level', 'loud'], /--log-level must be one of/],
      [['--database-url', 'mysql://x'], /postgres:\/\//],
      [['--key', 'k.pem'], /--cert and --key go together/],
      [['stray'], /see --help/],
    ];
    for (const [argv, why] of bad) expect(() => parseServerConfig(argv, {}, false), argv.join(' ')).toThrow(why);
    expect(() => parseServerConfig(['--bogus'], {}, false)).toThrow(ConfigError);
  });

  it('plain HTTP is allowed only on loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', '::1', 'localhost']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'desk.example', '127.0.0.1.evil', '::ffff:10.0.0.1']) expect(isLoopback(h), h).toBe(false);
  });
});

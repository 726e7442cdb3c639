import { describe, expect, it } from 'vitest';
import { CliError, defaultDataDir, parseCliArgs, readFlags, resolveDataDir } from '../../src-main/config';

describe('data folder and flags', () => {
  it('defaults to the platform application-data folder', () => {
    expect(defaultDataDir({}, 'linux', '/home/op')).toBe('/home/op/.config/operator-console');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/op')).toBe('/x/operator-console');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'win32', 'C:\\Users\\op')).toContain('operator-console');
    expect(defaultDataDir({}, 'darwin', '/Users/op')).toBe('/Users/op/Library/Application Support/operator-console');
  });
  it('flag beats environment beats default', () => {
    expect(resolveDataDir('/flag', { OPCONSOLE_DATA_DIR: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, { OPCONSOLE_DATA_DIR: '/env' })).toBe('/env');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/operator-console');
  });
  it('parses flags in both spellings and rejects bad ones with a clear message', () => {
    expect(parseCliArgs(['--data-dir', '/d', '--port=8080', '--no-demo'])).toEqual({ dataDir: '/d', port: 8080, demo: false, help: false });
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/--port must be 0..65535, got "x"/);
    // No --port: browser mode takes the port of its last start (web/lastPort.ts); 0 stays "any".
    expect(parseCliArgs([]).port).toBeNull();
    expect(parseCliArgs(['--port', '0']).port).toBe(0);
    expect(() => parseCliArgs(['--data-dir'])).toThrow(CliError);
    expect(() => parseCliArgs(['--bogus'])).toThrow(/unknown option "--bogus"/);
  });
  it("reads every tool's flags with node:util parseArgs, naming the flag in our own words", () => {
    const opts = { rows: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
    const errors = { unknown: (raw: string) => new Error(`unknown ${raw}`), missing: (raw: string) => new Error(`${raw} needs a value`) };
    expect(readFlags(['--rows', '5', '-h', '--rows=7'], opts, errors)).toEqual([
      { name: 'rows', raw: '--rows', value: '5' },
      { name: 'help', raw: '-h', value: undefined },
      { name: 'rows', raw: '--rows', value: '7' },
    ]);
    expect(() => readFlags(['--rows'], opts, errors)).toThrow('--rows needs a value');
    expect(() => readFlags(['--rows='], opts, errors)).toThrow('--rows needs a value');
    expect(() => readFlags(['--rows', '--help'], opts, errors)).toThrow('--rows needs a value');
    expect(() => readFlags(['--bogus=1'], opts, errors)).toThrow('unknown --bogus=1');
    expect(() => readFlags(['stray'], opts, errors)).toThrow('unknown stray');
    expect(() => readFlags(['--', '--rows', '1'], opts, errors)).toThrow('unknown --');
  });
});

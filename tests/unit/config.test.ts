import { describe, expect, it } from 'vitest';
import { CliError, defaultDataDir, parseCliArgs, resolveDataDir } from '../../src-main/config';

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
    expect(() => parseCliArgs(['--data-dir'])).toThrow(CliError);
    expect(() => parseCliArgs(['--bogus'])).toThrow(/unknown option "--bogus"/);
  });
});

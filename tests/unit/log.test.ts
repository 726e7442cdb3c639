import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chooseTerminalFormat, createLogger, REDACTED } from '../../src-main/log';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('logger: terminal format', () => {
  it('pretty for a person at a TTY, JSON for a pipe or CI', () => {
    expect(chooseTerminalFormat(true, {})).toBe('pretty');
    expect(chooseTerminalFormat(false, {})).toBe('json');
    expect(chooseTerminalFormat(undefined, {})).toBe('json');
    expect(chooseTerminalFormat(true, { OPCONSOLE_LOG_FORMAT: 'json' })).toBe('json');
    expect(chooseTerminalFormat(false, { OPCONSOLE_LOG_FORMAT: 'pretty' })).toBe('pretty');
  });

  it('JSON lines keep the shape a pipe parses; pretty lines have local time and no pid/hostname', () => {
    const json = sink();
    createLogger({ level: 'info', terminal: { stream: json.stream, format: 'json' } }).info({ port: 5 }, 'listening');
    const line = JSON.parse(json.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'listening', port: 5, level: 30 });
    expect(typeof line.time).toBe('string'); // ISO instant, not epoch milliseconds

    const pretty = sink();
    createLogger({ level: 'info', terminal: { stream: pretty.stream, format: 'pretty' } }).info({ port: 5 }, 'listening');
    const text = pretty.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: listening/);
    expect(text).toContain('port: 5');
    expect(text).not.toMatch(/pid|hostname|\{"/);
  });

  it('never writes a password, token or secret, at any depth used by the host', () => {
    const out = sink();
    const log = createLogger({ level: 'info', terminal: { stream: out.stream, format: 'json' } });
    log.info({ password: 'p-top-1', account: { password: 'p-nested-2', authUser: '1001' }, req: { headers: { authorization: 'Bearer t-3' } } }, 'a');
    log.info({ token: 'tok-4', secret: 'sec-5', ws: { token: 'tok-6' } }, 'b');
    const text = out.text();
    for (const s of ['p-top-1', 'p-nested-2', 't-3', 'tok-4', 'sec-5', 'tok-6']) expect(text).not.toContain(s);
    expect(text).toContain(REDACTED);
    expect(text).toContain('1001'); // the rest of the object stays
  });
});

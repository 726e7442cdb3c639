import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createDispatcher, type Handlers } from '../../../src-main/ipc/dispatch';
import { AppError } from '../../../src-shared/ipc/envelope';
import { CallTransitionError, newCall, reduceCall } from '../../../src-shared/domain/call';
import { CHANNELS, contract } from '../../../src-shared/ipc/contract';

const log = pino({ level: 'silent' });
const ctx = { transport: 'web' as const };

function handlers(over: Partial<Record<string, (input: unknown) => unknown>>): Handlers {
  const all: Record<string, (input: unknown) => unknown> = {};
  for (const c of CHANNELS)
    all[c] = () => {
      throw new Error(`unexpected call to ${c}`);
    };
  return { ...all, ...over } as unknown as Handlers;
}

describe('dispatcher: the one entry point of both transports', () => {
  it('answers an unknown channel with UNKNOWN_CHANNEL', async () => {
    const d = createDispatcher(handlers({}), log);
    expect(await d('nope:nothing', {}, ctx)).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'unknown channel: nope:nothing' } });
    expect(await d(42, {}, ctx)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('validates input with the contract schema before the handler runs, naming the field', async () => {
    let called = false;
    const d = createDispatcher(handlers({ 'directory:search': () => ((called = true), null) }), log);
    const r = await d('directory:search', { query: 5 }, ctx);
    expect(called).toBe(false);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.issues?.[0]?.path).toBe('query');
    }
    expect(await d('directory:search', { query: 'x', extra: 1 }, ctx)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await d('directory:search', null, ctx)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('maps AppError to its code, and hides unexpected errors and their stacks as INTERNAL', async () => {
    const d = createDispatcher(
      handlers({
        'directory:get': () => {
          throw new AppError('NOT_FOUND', 'no contract 7');
        },
        'directory:status': () => {
          throw new TypeError('secret internals at /home/x/file.ts:1');
        },
      }),
      log,
    );
    expect(await d('directory:get', { id: 7 }, ctx)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no contract 7' } });
    const internal = await d('directory:status', {}, ctx);
    expect(internal).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error in directory:status' } });
  });

  it('answers a refusal of the pure domain with its code (a hold on an ended call is CONFLICT, not INTERNAL)', async () => {
    const ended = reduceCall(
      newCall({ id: 'c1', direction: 'inbound', remoteNumber: '+79039691445', remoteName: null, line: null, offeredAt: '2026-11-24T10:00:00+03:00' }),
      {
        type: 'ended',
        at: '2026-11-24T10:00:05+03:00',
        outcome: 'missed',
      },
    );
    const d = createDispatcher(handlers({ 'calls:hold': () => reduceCall(ended, { type: 'hold', on: true }) }), log);
    expect(() => reduceCall(ended, { type: 'hold', on: true })).toThrow(CallTransitionError);
    expect(await d('calls:hold', { callId: 'c1', on: true }, ctx)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'call c1: "hold" is not possible while the call is ended' },
    });
  });

  it('never returns undefined: a handler result outside the output schema is INTERNAL', async () => {
    const d = createDispatcher(handlers({ 'settings:setLocale': () => undefined }), log);
    expect(await d('settings:setLocale', { locale: 'en' }, ctx)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('applies schema defaults and returns the handler value in an ok envelope', async () => {
    const d = createDispatcher(
      handlers({ 'directory:search': (i) => ({ query: { kind: 'empty' }, results: [], truncated: (i as { limit: number }).limit !== 50 }) }),
      log,
    );
    expect(await d('directory:search', { query: '' }, ctx)).toEqual({ ok: true, value: { query: { kind: 'empty' }, results: [], truncated: false } });
  });

  it('declares every channel as domain:verb and every event as domain:noun', () => {
    for (const c of CHANNELS) expect(c).toMatch(/^[a-z]+:[a-zA-Z]+$/);
    for (const e of Object.keys(contract.events)) expect(e).toMatch(/^[a-z]+:[a-zA-Z]+$/);
  });
});

import { describe, expect, it } from 'vitest';
import { RequestFrameSchema, UPLOAD, UploadReplySchema, parseHostFrame } from '../../../src-shared/ipc/socket';

// The frames of browser mode's WebSocket and the upload answer, declared once for both ends.
describe('browser-mode frames in the contract', () => {
  it('a request is { id, channel, input } with a numeric or string id', () => {
    expect(RequestFrameSchema.parse({ id: 7, channel: 'app:info', input: {} })).toEqual({ id: 7, channel: 'app:info', input: {} });
    expect(RequestFrameSchema.safeParse({ id: 's-1', channel: 'x' }).success).toBe(true);
    expect(RequestFrameSchema.safeParse({ channel: 'app:info', input: {} }).error?.issues[0]?.message).toBe('a request needs a numeric or string "id"');
    expect(RequestFrameSchema.safeParse({ id: true, channel: 'app:info' }).success).toBe(false);
  });

  it('the host sends events { event, payload } and replies { id, result }; anything else is no frame', () => {
    expect(parseHostFrame({ event: 'calls:state', payload: { calls: [] } })).toEqual({ event: 'calls:state', payload: { calls: [] } });
    expect(parseHostFrame({ id: 3, result: { ok: true, value: 1 } })).toEqual({ id: 3, result: { ok: true, value: 1 } });
    expect(parseHostFrame({ id: null, result: { ok: false, error: { code: 'UNAUTHORIZED', message: 'x' } } })).toMatchObject({ id: null });
    for (const junk of [null, 5, 'x', [], {}, { id: {}, result: 1 }, { event: 5, payload: 1 }]) expect(parseHostFrame(junk)).toBeNull();
  });

  it('the upload answers a file handle or an error envelope, never a path', () => {
    expect(UPLOAD).toEqual({ path: '/upload', tokenHeader: 'X-Console-Token', fileNameHeader: 'X-File-Name' });
    const ref = { fileId: 'A'.repeat(43), name: 'list.csv', bytes: 10 };
    expect(UploadReplySchema.parse({ ok: true, value: ref })).toEqual({ ok: true, value: ref });
    expect(UploadReplySchema.safeParse({ ok: true, value: { ...ref, fileId: '/etc/passwd' } }).success).toBe(false);
    expect(UploadReplySchema.parse({ ok: false, error: { code: 'VALIDATION', message: 'too large' } })).toMatchObject({ ok: false });
  });
});

import { describe, expect, it } from 'vitest';
import { contract, ImportProgressSchema } from '../../../src-shared/ipc/contract';

// Only the `encoding` field: the `source` of the same request is owned by the file-handle work.
const encoding = contract.requests['directory:import'].input.shape.encoding;

describe('directory:import encoding', () => {
  it("defaults to 'auto' and takes only auto, utf-8 or windows-1251", () => {
    expect(encoding.parse(undefined)).toBe('auto');
    for (const e of ['auto', 'utf-8', 'windows-1251']) expect(encoding.parse(e)).toBe(e);
    for (const e of ['utf-16le', 'UTF-8', 'cp1251', '', 1]) expect(encoding.safeParse(e).success, String(e)).toBe(false);
  });

  it('progress events carry the encoding read (null until known)', () => {
    const base = { jobId: 'j', phase: 'done', rows: 1, badRows: 0, bytes: 1, totalBytes: 1, rowsPerSec: 1, etaSec: 0, error: null, reportPath: null };
    for (const e of ['utf-8', 'windows-1251', 'utf-16le', 'utf-16be', null]) expect(ImportProgressSchema.parse({ ...base, encoding: e }).encoding).toBe(e);
    expect(ImportProgressSchema.safeParse({ ...base, encoding: 'auto' }).success).toBe(false);
  });
});

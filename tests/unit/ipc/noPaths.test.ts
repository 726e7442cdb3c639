import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CHANNELS, contract } from '../../../src-shared/ipc/contract';

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  values?: unknown[];
};
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Every object key (dotted path) and literal value an input schema accepts. */
function walk(s: z.ZodType, at: string, keys: string[], literals: unknown[], depth = 0): void {
  if (depth > 30) return;
  const d = defOf(s);
  if (d.shape)
    for (const [k, v] of Object.entries(d.shape)) {
      keys.push(at ? `${at}.${k}` : k);
      walk(v, at ? `${at}.${k}` : k, keys, literals, depth + 1);
    }
  for (const o of d.options ?? []) walk(o, at, keys, literals, depth + 1);
  for (const inner of [d.innerType, d.element, d.in, d.out]) if (inner) walk(inner, at, keys, literals, depth + 1);
  if (d.type === 'literal') literals.push(...(d.values ?? []));
}

describe('the contract names no host path', () => {
  it('no request input has a "path"-like field or a { kind: "path" } source; files are handle ids', () => {
    const offenders: string[] = [];
    for (const channel of CHANNELS) {
      const keys: string[] = [];
      const literals: unknown[] = [];
      walk(contract.requests[channel].input as unknown as z.ZodType, '', keys, literals);
      for (const k of keys) if (/(^|\.)(path|file|filePath|dir|folder|source)$/i.test(k)) offenders.push(`${channel}: ${k}`);
      if (literals.includes('path')) offenders.push(`${channel}: literal "path"`);
    }
    expect(offenders).toEqual([]);
    // The two channels that read files take a handle id, not something the renderer could aim.
    for (const channel of ['tickets:attach', 'directory:import'] as const) {
      const keys: string[] = [];
      walk(contract.requests[channel].input as unknown as z.ZodType, '', keys, []);
      expect(keys).toContain('fileId');
    }
  });
});

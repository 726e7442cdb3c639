/**
 * Walks zod 4 schemas (the contract's inputs) into a small model the contract fuzzer derives bad
 * payloads from. A node kind the walker does not know throws UnknownSchemaKindError: a channel
 * added later with such a schema makes the fuzzer fail instead of being skipped silently.
 */
import type { z } from 'zod';
import { uuidv7 } from '../../../src-shared/ids';

export class UnknownSchemaKindError extends Error {
  override readonly name = 'UnknownSchemaKindError';
  constructor(
    readonly kind: string,
    readonly path: string,
  ) {
    super(`the contract fuzzer does not know the zod node "${kind}" at ${path || '(input)'}`);
  }
}

type Check = { check: string; maximum?: number; minimum?: number; length?: number; value?: number; inclusive?: boolean; format?: string };
type Def = {
  type: string;
  checks?: { _zod: { def: Check } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  options?: z.ZodType[];
  discriminator?: string;
  entries?: Record<string, string | number>;
  values?: unknown[];
  innerType?: z.ZodType;
  defaultValue?: unknown;
  in?: z.ZodType;
  out?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
};

export type Node =
  | { kind: 'string'; schema: z.ZodType; min: number; max: number | null; format: string | null }
  | { kind: 'number'; int: boolean; min: number | null; max: number | null }
  | { kind: 'boolean' }
  | { kind: 'null' }
  | { kind: 'unknown' }
  | { kind: 'literal'; values: unknown[] }
  | { kind: 'enum'; values: (string | number)[] }
  | { kind: 'object'; shape: Record<string, Node>; strict: boolean }
  | { kind: 'array'; element: Node; min: number; max: number | null }
  | { kind: 'tuple'; items: Node[] }
  | { kind: 'record'; key: Node; value: Node }
  | { kind: 'union'; options: Node[]; discriminator: string | null }
  | { kind: 'optional'; inner: Node }
  | { kind: 'nullable'; inner: Node }
  | { kind: 'default'; inner: Node }
  | { kind: 'readonly'; inner: Node };

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (d: Def): Check[] => (d.checks ?? []).map((c) => c._zod.def);

export function walk(schema: z.ZodType, path = ''): Node {
  const d = defOf(schema);
  const checks = checksOf(d);
  const num = (name: string, key: 'maximum' | 'minimum' | 'length'): number | null => {
    const c = checks.find((x) => x.check === name || (key === 'length' && x.check === 'length_equals'));
    return c?.[key] ?? null;
  };
  switch (d.type) {
    case 'string': {
      const len = num('length_equals', 'length');
      return {
        kind: 'string',
        schema,
        min: len ?? num('min_length', 'minimum') ?? 0,
        max: len ?? num('max_length', 'maximum'),
        format: checks.find((c) => c.check === 'string_format')?.format ?? null,
      };
    }
    case 'number': {
      const lo = checks.find((c) => c.check === 'greater_than'),
        hi = checks.find((c) => c.check === 'less_than');
      return {
        kind: 'number',
        int: checks.some((c) => c.check === 'number_format' && /int/.test(c.format ?? '')),
        min: lo?.value ?? null,
        max: hi?.value ?? null,
      };
    }
    case 'boolean':
      return { kind: 'boolean' };
    case 'null':
      return { kind: 'null' };
    case 'unknown':
    case 'any':
      return { kind: 'unknown' };
    case 'literal':
      return { kind: 'literal', values: d.values ?? [] };
    case 'enum':
      return { kind: 'enum', values: Object.values(d.entries ?? {}) };
    case 'object': {
      const shape: Record<string, Node> = {};
      for (const [k, v] of Object.entries(d.shape ?? {})) shape[k] = walk(v, path ? `${path}.${k}` : k);
      return { kind: 'object', shape, strict: d.catchall !== undefined && defOf(d.catchall).type === 'never' };
    }
    case 'array': {
      const len = num('length_equals', 'length');
      return {
        kind: 'array',
        element: walk(d.element as z.ZodType, `${path}[]`),
        min: len ?? num('min_length', 'minimum') ?? 0,
        max: len ?? num('max_length', 'maximum'),
      };
    }
    case 'tuple':
      return { kind: 'tuple', items: (d.items ?? []).map((it, i) => walk(it, `${path}[${i}]`)) };
    case 'record':
      return { kind: 'record', key: walk(d.keyType as z.ZodType, `${path}{key}`), value: walk(d.valueType as z.ZodType, `${path}{}`) };
    case 'union':
      return { kind: 'union', options: (d.options ?? []).map((o, i) => walk(o, `${path}|${i}`)), discriminator: d.discriminator ?? null };
    case 'optional':
      return { kind: 'optional', inner: walk(d.innerType as z.ZodType, path) };
    case 'nullable':
      return { kind: 'nullable', inner: walk(d.innerType as z.ZodType, path) };
    case 'default':
    case 'prefault':
      return { kind: 'default', inner: walk(d.innerType as z.ZodType, path) };
    case 'readonly':
      return { kind: 'readonly', inner: walk(d.innerType as z.ZodType, path) };
    case 'pipe': {
      // A transform after a check (a phone normalised to E.164): the input side is what is sent.
      const out = defOf(d.out as z.ZodType).type;
      if (out !== 'transform') walk(d.out as z.ZodType, path);
      return walk(d.in as z.ZodType, path);
    }
    default:
      throw new UnknownSchemaKindError(d.type, path);
  }
}

/** Strings that satisfy common formats and patterns of the contract; the first one a field accepts is its sample. */
const STRING_CANDIDATES = (): string[] => [
  'x',
  uuidv7(),
  '2026-11-24T10:00:00+03:00',
  '2026-11-24',
  '09:00',
  'ws://127.0.0.1:5066/ws',
  'sip:100@127.0.0.1',
  '+79039691445',
  '1',
  'abc-def',
  'Abcdefgh12',
  '37-0042',
  'a'.repeat(64),
];

/** A value the node accepts (best effort: the fuzzer checks every payload with the schema anyway). */
export function sample(n: Node): unknown {
  switch (n.kind) {
    case 'string': {
      for (const c of STRING_CANDIDATES()) if (n.schema.safeParse(c).success) return c;
      return 'x'.repeat(Math.max(1, n.min));
    }
    case 'number':
      return n.min !== null ? (n.int ? Math.ceil(n.min) + 1 : n.min + 1) : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'unknown':
      return 'x';
    case 'literal':
      return n.values[0];
    case 'enum':
      return n.values[0];
    case 'object':
      return Object.fromEntries(Object.entries(n.shape).map(([k, v]) => [k, sample(v)]));
    case 'array':
      return Array.from({ length: n.min }, () => sample(n.element));
    case 'tuple':
      return n.items.map(sample);
    case 'record':
      return {};
    case 'union':
      return n.options.length ? sample(n.options[0] as Node) : null;
    case 'optional':
    case 'default':
    case 'readonly':
      return sample(n.inner);
    case 'nullable':
      return sample(n.inner);
  }
}

/** Optional, nullable, default and readonly wrappers peeled off. */
export function core(n: Node): Node {
  return n.kind === 'optional' || n.kind === 'nullable' || n.kind === 'default' || n.kind === 'readonly' ? core(n.inner) : n;
}
export const isRequired = (n: Node): boolean => n.kind !== 'optional' && n.kind !== 'default' && !(n.kind === 'readonly' && !isRequired(n.inner));

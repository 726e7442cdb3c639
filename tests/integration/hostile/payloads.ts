/**
 * Bad payloads derived from a channel's input schema (walked by zodWalk.ts): missing and extra
 * keys, wrong types, null / undefined, non-objects, deep nesting, huge strings and arrays, odd
 * numbers, control / direction / surrogate / combining characters and prototype-pollution keys.
 * The big values are built once and shared by reference, so thousands of payloads stay cheap.
 */
import { core, isRequired, sample, type Node } from './zodWalk';

export type Payload = { readonly label: string; readonly value: unknown };
type Path = readonly (string | number)[];

function deepArray(levels: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}
function deepObject(levels: number): unknown {
  let v: unknown = {};
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

export const DEEP_LEVELS = 10_000;
const BIG = {
  deepArray: deepArray(DEEP_LEVELS),
  deepObject: deepObject(DEEP_LEVELS),
  /** Several MB in one string. */
  hugeString: 'я'.repeat(3 * 1024 * 1024),
  hugeArray: Array.from({ length: 100_000 }, (_, i) => i),
  combining: `a${'\u0301'.repeat(10_000)}`,
};

const DEEP_TOKEN = { array: '"\u0000deep-array"', object: '"\u0000deep-object"' };

/**
 * JSON text of a payload for the WebSocket. JSON.stringify recurses and overflows the stack on the
 * 10,000-level values, so they go in as tokens and are spliced in as text (the host's JSON.parse
 * must cope with what any client can send).
 */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (v === BIG.deepArray ? '\u0000deep-array' : v === BIG.deepObject ? '\u0000deep-object' : v));
  return text
    .replace(DEEP_TOKEN.array, '['.repeat(DEEP_LEVELS + 1) + ']'.repeat(DEEP_LEVELS + 1))
    .replace(DEEP_TOKEN.object, '{"a":'.repeat(DEEP_LEVELS) + '{}' + '}'.repeat(DEEP_LEVELS));
}

const HOSTILE_STRINGS: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['ESC', 'a\u001b[31mb'],
  ['lone surrogate', 'a\ud800b'],
  ['RTL override', 'a\u202eb'],
  ['bidi isolate', 'a\u2066b'],
  ['zero-width joiner', 'a\u200db'],
  ['BOM inside', 'a\ufeffb'],
  ['10,000 combining marks', BIG.combining],
];
const ODD_NUMBERS: [string, number][] = [
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
  ['1e308', 1e308],
  ['2^53+1', 2 ** 53 + 1],
  ['non-integer', 1.5],
  ['negative', -1],
];
const WRONG_TYPES: [string, unknown][] = [
  ['a string', 'x'],
  ['a number', 1],
  ['a boolean', false],
  ['an array', []],
  ['an object', {}],
  ['null', null],
  ['undefined', undefined],
];

function withOwnKey(o: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...o };
  // defineProperty, not assignment: `copy.__proto__ = …` would set the prototype, not a key.
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

function setAt(base: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const root = structuredClone(base) as Record<string | number, unknown>;
  let cur = root;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1] as string | number] = value;
  return root;
}

const at = (path: Path): string => (path.length ? path.join('.') : '(input)');

/** Every bad payload of one input schema. */
export function badPayloads(root: Node): Payload[] {
  const out: Payload[] = [];
  const add = (label: string, value: unknown) => out.push({ label, value });
  for (const [name, v] of [
    ['null', null],
    ['undefined', undefined],
    ['a number', 0],
    ['a string', 'x'],
    ['a boolean', true],
    ['an array', []],
    ['an array of objects', [{}]],
  ] as const)
    add(`input is ${name}`, v);
  add('input is 10,000 nested arrays', BIG.deepArray);
  add('input is 10,000 nested objects', BIG.deepObject);
  add('input is a multi-MB string', BIG.hugeString);
  const base = sample(root);
  visit(root, base, [], add, 0);
  return out;
}

function visit(node: Node, base: unknown, path: Path, add: (label: string, value: unknown) => void, depth: number): void {
  const c = core(node);
  const here = at(path);
  if (path.length > 0) {
    for (const [name, v] of WRONG_TYPES) add(`${here} is ${name}`, setAt(base, path, v));
    if (depth === 1) {
      add(`${here} is 10,000 nested arrays`, setAt(base, path, BIG.deepArray));
      add(`${here} is 10,000 nested objects`, setAt(base, path, BIG.deepObject));
    }
  }
  switch (c.kind) {
    case 'string':
      if (c.max !== null) add(`${here} over its limit (${c.max})`, setAt(base, path, 'я'.repeat(c.max + 1)));
      add(`${here} a multi-MB string`, setAt(base, path, BIG.hugeString));
      if (c.min > 0) add(`${here} empty`, setAt(base, path, ''));
      for (const [name, v] of HOSTILE_STRINGS) add(`${here} with ${name}`, setAt(base, path, v));
      return;
    case 'number':
      for (const [name, v] of ODD_NUMBERS) add(`${here} ${name}`, setAt(base, path, v));
      if (c.min !== null) add(`${here} below its minimum`, setAt(base, path, c.min - 1));
      if (c.max !== null) add(`${here} above its maximum`, setAt(base, path, c.max + 1));
      add(`${here} a numeric string`, setAt(base, path, '1'));
      return;
    case 'boolean':
      add(`${here} "true"`, setAt(base, path, 'true'));
      add(`${here} 1`, setAt(base, path, 1));
      return;
    case 'enum':
    case 'literal':
      add(`${here} outside the enum`, setAt(base, path, 'zzz-not-a-value'));
      add(`${here} in upper case`, setAt(base, path, String(c.kind === 'enum' ? c.values[0] : c.values[0]).toUpperCase()));
      return;
    case 'null':
    case 'unknown':
      return;
    case 'array': {
      add(`${here} 100,000 items`, setAt(base, path, BIG.hugeArray));
      if (c.max !== null)
        add(
          `${here} over ${c.max} items`,
          setAt(
            base,
            path,
            Array.from({ length: c.max + 1 }, () => sample(c.element)),
          ),
        );
      // As many wrong items as the limit allows: one issue each, unless the answer is bounded.
      const n = Math.min(c.max ?? 1000, 1000);
      add(
        `${here} ${n} wrong-typed items`,
        setAt(
          base,
          path,
          Array.from({ length: n }, () => ({ wrong: true })),
        ),
      );
      const withOne = setAt(base, path, [sample(c.element)]);
      visit(c.element, withOne, [...path, 0], add, depth + 1);
      return;
    }
    case 'tuple': {
      // A fixed-length row (the reaction minutes П1…П4): one short, one long, then each position.
      const items = c.items.map(sample);
      add(`${here} one item short`, setAt(base, path, items.slice(0, -1)));
      add(`${here} one item too many`, setAt(base, path, [...items, items[0]]));
      c.items.forEach((it, i) => visit(it, base, [...path, i], add, depth + 1));
      return;
    }
    case 'record': {
      add(`${here} a key with NUL`, setAt(base, path, { 'a\u0000b': sample(c.value) }));
      add(`${here} a 10,000-level value`, setAt(base, path, { k: BIG.deepObject }));
      return;
    }
    case 'object': {
      const obj = (path.length ? getAt(base, path) : base) as Record<string, unknown>;
      for (const [k, n] of Object.entries(c.shape)) {
        if (isRequired(n)) {
          const rest = { ...obj };
          delete rest[k];
          add(`${here} without required "${k}"`, setAt(base, path, rest));
        }
      }
      if (c.strict) add(`${here} with an extra key`, setAt(base, path, { ...obj, extraKey: 1 }));
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        add(`${here} with own key ${key}`, setAt(base, path, withOwnKey(obj, key, { polluted: 'yes', toString: 'x' })));
      }
      for (const [k, n] of Object.entries(c.shape)) visit(n, base, [...path, k], add, depth + 1);
      return;
    }
    case 'union': {
      if (c.discriminator !== null) {
        const obj = getAt(base, path) as Record<string, unknown> | null;
        add(`${here} with an unknown ${c.discriminator}`, setAt(base, path, { ...(obj ?? {}), [c.discriminator]: 'zzz-not-a-kind' }));
      }
      if (c.options.every((o) => core(o).kind === 'literal')) {
        add(`${here} outside the union`, setAt(base, path, 0));
        add(`${here} outside the union (string)`, setAt(base, path, 'zzz'));
        return;
      }
      // Each option on its own base, so the fields of every branch are attacked.
      c.options.forEach((o, i) => visit(o, setAt(base, path, sample(o)), path.length ? path : [], (label, v) => add(`${label} (option ${i})`, v), depth));
      return;
    }
    default:
      return;
  }
}

function getAt(base: unknown, path: Path): unknown {
  let cur = base as Record<string | number, unknown> | undefined;
  for (const k of path) cur = cur?.[k] as Record<string | number, unknown> | undefined;
  return cur;
}

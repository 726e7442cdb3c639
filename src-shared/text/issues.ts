/**
 * Validation issues as data, not sentences: a zod issue becomes { path, kind, params } so the
 * renderer can say it in the operator's language next to the right field (issue 11 item 3).
 * The same function serves the host's error replies and the renderer's own checks of the SAME
 * schemas, so a field is described the same way whoever finds the problem first.
 *
 * A schema that needs a kind zod cannot infer (a date order, a future date, a phone) says it with
 * `params: { kind }` on its refinement or custom issue (see `issueParams`).
 */
import { z } from 'zod';

/** Every kind the UI has words for (ru and en); anything else is `invalid`. */
export const ISSUE_KINDS = [
  'required',
  'tooLong',
  'tooShort',
  'tooSmall',
  'moreThan',
  'tooBig',
  'tooFew',
  'tooMany',
  'notInteger',
  'format',
  'date',
  'time',
  'phone',
  'email',
  'sipUri',
  'wsUri',
  'dialTarget',
  'serial',
  'slug',
  'unsafeChar',
  'dateOrder',
  'timeOrder',
  'futureDate',
  'duplicate',
  'oneOf',
  'type',
  'unknownField',
  'invalid',
] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];
export const IssueKindSchema = z.enum(ISSUE_KINDS);

/** Values a message may quote: limits, a character code. Small and flat by construction. */
export const IssueParamsSchema = z.record(z.string().max(32), z.union([z.string().max(64), z.number()]));
export type IssueParams = z.infer<typeof IssueParamsSchema>;

export type FieldIssue = { readonly path: string; readonly kind: IssueKind; readonly params: IssueParams };

const isKind = (k: unknown): k is IssueKind => typeof k === 'string' && (ISSUE_KINDS as readonly string[]).includes(k);

/** The `params` a refinement passes so its issue carries a kind: `.refine(fn, { params: issueParams('dateOrder') })`. */
export function issueParams(kind: IssueKind, extra: IssueParams = {}): Record<string, unknown> {
  return { ...extra, kind };
}

/**
 * Regex checks cannot carry params in zod, so a pattern names its kind here once, where the
 * schema declares it: `.regex(patternKind(/^sips?:…$/, 'sipUri'), …)`. Keyed by the pattern's
 * text, which zod reports on the issue.
 */
const PATTERN_KINDS = new Map<string, IssueKind>();
export function patternKind(re: RegExp, kind: IssueKind): RegExp {
  PATTERN_KINDS.set(String(re), kind);
  return re;
}

/** The value at a path of the input, to tell "missing" from "wrong" (zod does not report the input by default). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.hasOwn(v, p) ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  }
  return v;
}

const num = (x: unknown): number => (typeof x === 'bigint' ? Number(x) : typeof x === 'number' ? x : 0);

/** One zod issue as a kind with its parameters. `input` is what was parsed (optional). */
export function issueKind(issue: z.core.$ZodIssue, input?: unknown): { kind: IssueKind; params: IssueParams } {
  switch (issue.code) {
    case 'invalid_type': {
      const v = input === undefined ? undefined : valueAt(input, issue.path);
      return { kind: v === undefined || v === null ? 'required' : 'type', params: {} };
    }
    case 'too_small': {
      const min = num(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? { kind: 'required', params: {} } : { kind: 'tooShort', params: { min } };
      if (issue.origin === 'array' || issue.origin === 'set') return { kind: 'tooFew', params: { min } };
      // .positive() is «more than 0», not «at least 0»: 0 itself is refused.
      return { kind: issue.inclusive === false ? 'moreThan' : 'tooSmall', params: { min } };
    }
    case 'too_big': {
      const max = num(issue.maximum);
      if (issue.origin === 'string') return { kind: 'tooLong', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set') return { kind: 'tooMany', params: { max } };
      return { kind: 'tooBig', params: { max } };
    }
    case 'invalid_format': {
      const own = (issue as { params?: Record<string, unknown> }).params?.kind;
      if (isKind(own)) return { kind: own, params: {} };
      const byPattern = issue.format === 'regex' && typeof issue.pattern === 'string' ? PATTERN_KINDS.get(issue.pattern) : undefined;
      if (byPattern) return { kind: byPattern, params: {} };
      if (issue.format === 'email') return { kind: 'email', params: {} };
      if (issue.format === 'date' || issue.format === 'datetime') return { kind: 'date', params: {} };
      return { kind: 'format', params: {} };
    }
    case 'invalid_value':
    case 'invalid_union':
      return { kind: 'oneOf', params: {} };
    case 'unrecognized_keys':
      return { kind: 'unknownField', params: { keys: issue.keys.slice(0, 3).join(', ').slice(0, 64) } };
    case 'not_multiple_of':
      return { kind: 'notInteger', params: {} };
    case 'custom': {
      const p = issue.params ?? {};
      const kind = isKind(p.kind) ? p.kind : 'invalid';
      const params: Record<string, string | number> = {};
      // The refused character is in the message text/safe.ts builds (a refinement's params are fixed).
      const char = kind === 'unsafeChar' ? /\((U\+[0-9A-F]{4,6})\)/.exec(issue.message)?.[1] : undefined;
      if (char) params.char = char;
      for (const [k, v] of Object.entries(p)) {
        if (k !== 'kind' && (typeof v === 'number' || (typeof v === 'string' && v.length <= 64))) params[k] = v;
      }
      return { kind, params };
    }
    default:
      return { kind: 'invalid', params: {} };
  }
}

/** All issues of a failed parse, each with its dotted path (`claim.phone`, `days.2.end`). */
export function fieldIssues(err: z.ZodError, input?: unknown): FieldIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), ...issueKind(i, input) }));
}

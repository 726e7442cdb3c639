/**
 * Forms checked in the renderer with the SAME zod schemas as the host (issue 11 item 3): a
 * react-hook-form resolver over a contract schema, worded by the shared issue kinds
 * (src-shared/text/issues.ts → lib/inputIssue.ts), and the reason a button is unavailable.
 *
 * Not zodResolver itself: it keeps only zod's English message and code per field, and the form
 * state is not always the request (dates typed as 24.11.2026, a "period" checkbox), so the values
 * go through the form's own `toInput` first and the issues keep their kind and limits.
 */
import { toNestErrors } from '@hookform/resolvers';
import type { FieldErrors, FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { fieldIssues, type FieldIssue } from '../../src-shared/text/issues';
import type { Translate } from '../i18n/types';
import { issueText } from './inputIssue';

/** The issues of a value checked with a contract schema, paths without the request's wrapper. */
export function checkWithSchema(schema: z.ZodType, input: unknown, wrapper = /^claim\./): FieldIssue[] {
  const r = schema.safeParse(input);
  return r.success ? [] : fieldIssues(r.error, input).map((i) => ({ ...i, path: i.path.replace(wrapper, '') }));
}

/**
 * A react-hook-form resolver: the form's values → `toInput` → the contract schema (+ `extra`
 * checks that need the clock, like a receipt date after today); errors keyed by the form's field
 * names in the operator's language. Only issues on fields the form has are kept (`fields`).
 */
export function schemaResolver<V extends FieldValues>(opts: {
  readonly schema: z.ZodType;
  readonly toInput: (values: V) => unknown;
  readonly t: Translate;
  readonly fields: readonly (keyof V & string)[];
  readonly extra?: (values: V) => readonly FieldIssue[];
}): Resolver<V> {
  return (values, _context, options) => {
    const issues = [...checkWithSchema(opts.schema, opts.toInput(values)), ...(opts.extra?.(values) ?? [])];
    const errors: FieldErrors = {};
    for (const i of issues) {
      if (!(opts.fields as readonly string[]).includes(i.path) || errors[i.path]) continue;
      errors[i.path] = { type: i.kind, message: issueText(i, opts.t) };
    }
    if (Object.keys(errors).length === 0) return { values, errors: {} };
    return { values: {}, errors: toNestErrors(errors, options) };
  };
}

/**
 * Why a submit button is unavailable, as a sentence: «Заполните: Тема, Телефон» for empty
 * required fields, else «Исправьте: …» for fields with errors; null when nothing is in the way.
 */
export function disabledReason(
  fields: readonly { readonly label: string; readonly missing: boolean; readonly invalid?: boolean }[],
  t: Translate,
): string | null {
  const missing = fields.filter((f) => f.missing).map((f) => f.label);
  if (missing.length) return t('form.fillIn', { fields: missing.join(', ') });
  const invalid = fields.filter((f) => f.invalid).map((f) => f.label);
  return invalid.length ? t('form.fixIn', { fields: invalid.join(', ') }) : null;
}

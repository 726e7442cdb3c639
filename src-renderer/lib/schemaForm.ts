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

/** An issue the form words itself (a value it cannot even convert, like «13 минут» for mm:ss). */
export type WordedIssue = { readonly path: string; readonly text: string };

const isWorded = (i: FieldIssue | WordedIssue): i is WordedIssue => 'text' in i;

/**
 * A react-hook-form resolver: the form's values → `toInput` → the contract schema (+ `extra`
 * checks the schema cannot make: a receipt date after today, a duration that is not mm:ss);
 * errors keyed by the form's field names in the operator's language, one per field, `extra`'s
 * first (they know more about what was typed).
 *
 * - `wrapper`: the request's wrapper removed from the schema's paths (`claim.phone` → `phone`).
 * - `fields`: only issues on these fields are kept (a form shows no issue it has no place for);
 *   all are kept without it.
 * - `flat`: errors keyed by their dotted path as they are (`reactionTimes.0.minutes.1`), not
 *   nested: a form whose issues sit both on a list and on its items (a table of rows) reads them
 *   with `errorList`, and nesting would let one overwrite the other.
 */
export function schemaResolver<V extends FieldValues>(opts: {
  readonly schema: z.ZodType;
  readonly toInput: (values: V) => unknown;
  readonly t: Translate;
  readonly wrapper?: RegExp;
  readonly fields?: readonly string[];
  readonly extra?: (values: V) => readonly (FieldIssue | WordedIssue)[];
  readonly flat?: boolean;
}): Resolver<V> {
  return (values, _context, options) => {
    const issues = [...(opts.extra?.(values) ?? []), ...checkWithSchema(opts.schema, opts.toInput(values), opts.wrapper ?? /^$/)];
    const errors: FieldErrors = {};
    for (const i of issues) {
      if ((opts.fields && !opts.fields.includes(i.path)) || errors[i.path]) continue;
      errors[i.path] = isWorded(i) ? { type: 'invalid', message: i.text } : { type: i.kind, message: issueText(i, opts.t) };
    }
    if (Object.keys(errors).length === 0) return { values, errors: {} };
    return { values: {}, errors: opts.flat ? (errors as FieldErrors<V>) : toNestErrors(errors, options) };
  };
}

/**
 * Every message in a form's errors with its dotted path, nested or flat (`schemaResolver`'s
 * `flat`), in the order they were found: for a summary, or for a field that shows the issues of
 * its sub-fields too.
 */
export function errorList(errors: FieldErrors, prefix = ''): WordedIssue[] {
  const out: WordedIssue[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (value === null || typeof value !== 'object' || key === 'ref') continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') out.push({ path: key === 'root' ? prefix : path, text: message });
    out.push(...errorList(value as FieldErrors, path));
  }
  return out;
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

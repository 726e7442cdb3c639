/**
 * One way every form runs on react-hook-form (issue 11 item 3): checked on submit with the host's
 * own schema through `schemaResolver`, re-checked as the operator corrects a field, and the first
 * wrong field, in the order the form is read, takes the focus once its error is on screen.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useForm, type DefaultValues, type FieldValues, type Resolver } from 'react-hook-form';
import { schemaResolver } from './schemaForm';

type Check<V extends FieldValues> = Omit<Parameters<typeof schemaResolver<V>>[0], 't'>;

export function useSchemaForm<V extends FieldValues>(
  opts: Check<V> & {
    readonly defaultValues: DefaultValues<V>;
    /** 'onSubmit' keeps errors until the next save (a form whose issues sit on paths, not on its fields). */
    readonly reValidateMode?: 'onChange' | 'onSubmit';
  },
) {
  const { t } = useTranslation();
  // The check reads the latest props (the live call's id, the desk's staff-only rule) and language
  // through a ref: react-hook-form keeps the resolver it was given first.
  const latest = useRef({ opts, t });
  useEffect(() => {
    latest.current = { opts, t };
  });
  const [resolver] = useState(() => {
    const r: Resolver<V> = (values, context, options) => {
      const { opts: o, t: tr } = latest.current;
      return schemaResolver<V>({ ...o, t: tr })(values, context, options);
    };
    return r;
  });
  const form = useForm<V>({
    defaultValues: opts.defaultValues,
    resolver,
    mode: 'onSubmit',
    reValidateMode: opts.reValidateMode ?? 'onChange',
    // react-hook-form would focus the first field registered, not the first one on screen.
    shouldFocusError: false,
  });
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = () => {
    requestAnimationFrame(() => {
      const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      // A group of radio buttons is marked as a whole: its first button takes the focus.
      (first?.matches('input, select, textarea') ? first : first?.querySelector<HTMLElement>('input, select, textarea'))?.focus();
    });
  };
  return { ...form, formRef, focusFirstInvalid };
}

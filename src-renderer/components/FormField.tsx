import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The accessibility attributes of a form control: its error text and whether it is required. */
export function fieldA11y(formId: string, name: string, errors: readonly string[], required = false) {
  return {
    'aria-invalid': errors.length > 0 ? true : undefined,
    'aria-describedby': errors.length > 0 ? errorId(formId, name) : undefined,
    'aria-required': required ? true : undefined,
  } as const;
}
const errorId = (formId: string, name: string) => `${formId}-${name.replace(/\W/g, '-')}-error`;

/**
 * A labelled form control with its error messages under it (the form's own check with the
 * contract schema, or VALIDATION issues from the host): the one row every form uses. `name` keys
 * the test id of each message: `issue-<name>`. A required field shows «*» (read out as
 * «обязательное поле»); the control gets its aria attributes from fieldA11y with the same `formId`.
 *
 * `radios`: a choice of radio buttons, as a fieldset with a legend; the group itself carries the
 * aria attributes (a radiogroup), and the focus goes to its first button (lib/useSchemaForm.ts).
 */
export function FormField(props: {
  name: string;
  label: ReactNode;
  errors: readonly string[];
  formId?: string;
  required?: boolean;
  radios?: boolean;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { name, label, errors, formId = 'form', required = false, radios = false, className = '', testId, children } = props;
  const classes = `field${errors.length ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`;
  const head = (
    <>
      {label}
      {required ? (
        <span className="field-required" data-testid={`required-${name}`}>
          <span aria-hidden="true"> *</span>
          <span className="sr-only"> ({t('form.requiredMark')})</span>
        </span>
      ) : null}
    </>
  );
  const messages = <FieldMessages name={name} errors={errors} formId={formId} />;
  if (radios) {
    return (
      <fieldset className={classes} role="radiogroup" {...fieldA11y(formId, name, errors, required)} data-testid={testId}>
        <legend className="field-label">{head}</legend>
        {children}
        {messages}
      </fieldset>
    );
  }
  return (
    <label className={classes} data-testid={testId}>
      <span className="field-label">{head}</span>
      {children}
      {messages}
    </label>
  );
}

/**
 * The error messages of a control that has no row of its own (a cell of a table, a check that
 * spans two fields): the id its control's aria-describedby points to (fieldA11y, same `formId`).
 */
export function FieldMessages({ name, errors, formId = 'form' }: { readonly name: string; readonly errors: readonly string[]; readonly formId?: string }) {
  return errors.length ? (
    <span id={errorId(formId, name)} className="field-errors">
      {errors.map((m) => (
        <span key={m} className="field-error" role="alert" data-testid={`issue-${name}`}>
          {m}
        </span>
      ))}
    </span>
  ) : null;
}

/** The visible reason next to an unavailable button («Заполните: Тема, Телефон»); the button points to it. */
export function DisabledReason({ id, text, testId }: { readonly id: string; readonly text: string | null; readonly testId: string }) {
  return text ? (
    <span id={id} className="form-reason" data-testid={testId}>
      {text}
    </span>
  ) : null;
}

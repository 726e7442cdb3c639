import type { ReactNode } from 'react';

/**
 * A labelled form control with its error messages under it (VALIDATION issues from the host or
 * local checks). `name` keys the test id of each message: `issue-<name>`.
 */
export function FormField(props: { name: string; label: ReactNode; errors: readonly string[]; className?: string; children: ReactNode }) {
  const { name, label, errors, className = '', children } = props;
  return (
    <label className={`field${errors.length ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {errors.map((m) => (
        <span key={m} className="field-error" role="alert" data-testid={`issue-${name}`}>
          {m}
        </span>
      ))}
    </label>
  );
}

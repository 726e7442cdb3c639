import type { ReactNode } from 'react';

export type ShownIssue = { readonly path: string; readonly text: string };

/** A labelled form control with the issues of its schema path shown right under it. */
export function Field({
  label,
  issues,
  children,
  className,
}: {
  readonly label: ReactNode;
  readonly issues: readonly ShownIssue[];
  readonly children: ReactNode;
  readonly className?: string;
}) {
  return (
    <label className={`field${issues.length ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {issues.map((i) => (
        <span key={`${i.path}:${i.text}`} className="field-error" role="alert" data-testid={`issue-${i.path}`}>
          {i.text}
        </span>
      ))}
    </label>
  );
}

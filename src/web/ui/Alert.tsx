import type { ReactNode } from 'react';

export interface AlertProps {
  tone?: 'info' | 'success' | 'error';
  title?: ReactNode;
  children?: ReactNode;
  id?: string;
  /** Announce on appearance: errors assertively, others politely. Off for static notes. */
  announce?: boolean;
  testId?: string;
}

export function Alert({ tone = 'info', title, children, id, announce = true, testId }: AlertProps) {
  const role = announce ? (tone === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div className={`alert alert-${tone}`} role={role} id={id} data-testid={testId}>
      <span className="alert-icon" aria-hidden="true">
        {tone === 'error' ? '!' : tone === 'success' ? '✓' : 'i'}
      </span>
      <div className="alert-body">
        {title && <p className="alert-title">{title}</p>}
        {children}
      </div>
    </div>
  );
}

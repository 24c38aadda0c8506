import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Card, TextField } from '../../../web/ui/index.ts';

/** The narrow centred card that every sign-in related page uses. */
export function AuthCard({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  return (
    <div style={{ maxWidth: '30rem', margin: '0 auto' }}>
      <Card className="auth-card" as="div">
        <h1>{title}</h1>
        {lead && <p className="muted">{lead}</p>}
        <div className="stack">{children}</div>
      </Card>
    </div>
  );
}

/**
 * Only same-site paths are followed after login, never another origin: a path must start with one "/"
 * (not "//"), and backslashes and control characters, which browsers may read as "//", are refused.
 */
export function safeNext(next: string | null | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  return next?.startsWith('/') && !next.startsWith('//') && !/[\\\u0000-\u001f\u007f]/.test(next)
    ? next
    : '/';
}

/** `path?next=…` when there is somewhere to return to after signing in (sign-up, login, verification). */
export function withNext(path: string, next: string): string {
  return next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`;
}

export const PASSWORD_MIN = 10;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A new password and its repetition, with the length hint: reset and change-password forms. */
export function NewPasswordFields(props: {
  value: string;
  confirm: string;
  onChange: (v: string) => void;
  onConfirm: (v: string) => void;
  errors: { newPassword?: string; confirm?: string };
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('fields.newPassword')}
        type="password"
        autoComplete="new-password"
        required
        hint={t('fields.passwordHint', { count: PASSWORD_MIN })}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        error={props.errors.newPassword}
      />
      <TextField
        label={t('fields.confirmPassword')}
        type="password"
        autoComplete="new-password"
        required
        value={props.confirm}
        onChange={(e) => props.onConfirm(e.target.value)}
        error={props.errors.confirm}
      />
    </>
  );
}

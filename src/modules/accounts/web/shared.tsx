import type { ReactNode } from 'react';
import { Card } from '../../../web/ui/index.ts';

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

/** Only same-site paths are followed after login, never another origin. */
export function safeNext(next: string | null | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export const PASSWORD_MIN = 10;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

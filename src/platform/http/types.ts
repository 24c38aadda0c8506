import type { Logger } from '../logger.ts';

export const ROLES = ['member', 'moderator', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: every service function that touches member data takes one. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string;
  sessionId: string;
}

export type Access = 'public' | 'member' | Exclude<Role, 'member'>;

export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    actor: Actor | null;
  };
}

/** True when `role` is at least `needed` in owner > admin > moderator > member. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

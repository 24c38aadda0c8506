import type { Role } from '../../../web/api.ts';

const ORDER: Role[] = ['member', 'moderator', 'admin', 'owner'];

/** Moderators, admins and the owner: they moderate posts and write reflection questions. */
export const isModeratorRole = (role: Role | undefined): boolean =>
  role !== undefined && ORDER.indexOf(role) >= ORDER.indexOf('moderator');

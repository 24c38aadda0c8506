import { type Actor, roleAtLeast } from '../../../platform/http/types.ts';

/** What the policy needs to know about a space. */
export interface SpaceAccessInfo {
  visibility: 'public' | 'members' | 'restricted';
  kind: 'discussion' | 'announcement';
  grants: string[];
  archived: boolean;
}

/**
 * Where an actor's grants come from: `role:<role>`, `member` (may see "members" spaces) and, from the
 * memberships module, `tier:<id>` and `product:<id>` for what they hold right now.
 */
export type GrantsProvider = (actor: Actor) => Promise<Set<string>>;

/** Without memberships every account is a member. */
export const roleGrants: GrantsProvider = async (actor) => new Set([`role:${actor.role}`, MEMBER_GRANT]);

/** The grant behind "members" visibility: an active membership (or staff, or a community without tiers). */
export const MEMBER_GRANT = 'member';

/** Hosts (owner, admin) see and manage every space. */
export function isHost(actor: Actor | null): boolean {
  return Boolean(actor && roleAtLeast(actor.role, 'admin'));
}

export function isModerator(actor: Actor | null): boolean {
  return Boolean(actor && roleAtLeast(actor.role, 'moderator'));
}

/** The one question every read path asks: may this actor see this space and what is in it? */
export function canViewSpace(actor: Actor | null, space: SpaceAccessInfo, grants: Set<string>): boolean {
  if (isHost(actor)) return true;
  if (space.archived) return false;
  if (space.visibility === 'public') return true;
  if (!actor) return false;
  if (space.visibility === 'members') return grants.has(MEMBER_GRANT);
  return space.grants.some((g) => grants.has(g));
}

/** May the actor start posts here? Announcement spaces are for hosts (and moderators). */
export function canPostInSpace(actor: Actor | null, space: SpaceAccessInfo, grants: Set<string>): boolean {
  if (!actor || !canViewSpace(actor, space, grants) || space.archived) return false;
  return space.kind === 'discussion' || isModerator(actor);
}

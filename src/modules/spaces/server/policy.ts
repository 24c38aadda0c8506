import { type Actor, roleAtLeast } from '../../../platform/http/types.ts';

/** What the policy needs to know about a space. */
export interface SpaceAccessInfo {
  visibility: 'public' | 'members' | 'restricted';
  kind: 'discussion' | 'announcement';
  grants: string[];
  archived: boolean;
}

/**
 * Where an actor's grants come from: their role now; tiers and groups plug in here later
 * (the memberships module will add `tier:<id>` for active subscriptions).
 */
export type GrantsProvider = (actor: Actor) => Promise<Set<string>>;

export const roleGrants: GrantsProvider = async (actor) => new Set([`role:${actor.role}`]);

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
  if (space.visibility === 'members') return true;
  return space.grants.some((g) => grants.has(g));
}

/** May the actor start posts here? Announcement spaces are for hosts (and moderators). */
export function canPostInSpace(actor: Actor | null, space: SpaceAccessInfo, grants: Set<string>): boolean {
  if (!actor || !canViewSpace(actor, space, grants) || space.archived) return false;
  return space.kind === 'discussion' || isModerator(actor);
}

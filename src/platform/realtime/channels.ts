import type { Actor } from '../http/types.ts';

/** What a channel name must look like: `<kind>:<id>`, lowercase, at most 120 characters. */
export const CHANNEL_PATTERN = /^[a-z0-9:_-]{1,120}$/;

/** True when `channel` is a valid channel name. */
export function isChannel(channel: unknown): channel is string {
  return typeof channel === 'string' && CHANNEL_PATTERN.test(channel);
}

/** Throws unless `channel` is a valid channel name. */
export function assertChannel(channel: unknown): asserts channel is string {
  if (!isChannel(channel)) {
    throw new Error(`Invalid realtime channel name ${JSON.stringify(channel)}: expected ${CHANNEL_PATTERN}.`);
  }
}

/**
 * The event that tells sockets to ask again who they belong to and what they may hear. Database
 * triggers send it (migration `realtime_access`) on `user:<id>` when a session ends, a role or a
 * membership changes, and on `space:<id>` when a space's audience changes; code may publish it too.
 */
export const ACCESS_CHANGED = 'access.changed';

/** The personal channel of a user (in-app notifications); every socket joins its own on connect. */
export function userChannel(userId: string): string {
  return `user:${userId.toLowerCase()}`;
}

/** Decides whether an actor may listen on the channel `<kind>:<id>`, given that kind's `id`. */
export type ChannelPolicy = (actor: Actor, id: string) => Promise<boolean>;

/**
 * One `authorize` function from per-kind policies (`{ space: (actor, id) => … }`): the text before the
 * first `:` picks the policy, unknown kinds are refused. Modules plug in their own read checks here.
 */
export function channelPolicies(
  policies: Record<string, ChannelPolicy>,
): (actor: Actor, channel: string) => Promise<boolean> {
  return async (actor, channel) => {
    const sep = channel.indexOf(':');
    if (sep <= 0) return false;
    const kind = channel.slice(0, sep);
    const policy = Object.hasOwn(policies, kind) ? policies[kind] : undefined;
    return policy ? policy(actor, channel.slice(sep + 1)) : false;
  };
}

import type { NotificationKind } from '../schema.ts';

import type { SpaceEvent } from '../../spaces/server/index.ts';

/** The domain events of the spaces module this module listens to. */
export type { SpaceEvent };

/**
 * When one event concerns a member in several ways, they get one notification of the most specific
 * kind: a reply that also mentions you is a reply; a reflection question that mentions you is a mention.
 */
const SPECIFICITY: NotificationKind[] = ['answer', 'reply', 'mention', 'comment_on_post', 'reflection', 'new_post'];

export interface Audience {
  /** Members following the space (for "new post"). */
  followers(spaceId: string): Promise<string[]>;
  /** Members who are in the space (for reflection questions). */
  everyone(spaceId: string): Promise<string[]>;
}

/** Who an event is about, one kind per member, never the member who caused it. Access is checked later. */
export async function candidates(event: SpaceEvent, audience: Audience): Promise<{ actorId: string; byUser: Map<string, NotificationKind> }> {
  const byUser = new Map<string, NotificationKind>();
  const add = (userId: string | null | undefined, kind: NotificationKind) => {
    if (!userId) return;
    const had = byUser.get(userId);
    if (!had || SPECIFICITY.indexOf(kind) < SPECIFICITY.indexOf(had)) byUser.set(userId, kind);
  };
  let actorId: string;
  switch (event.type) {
    case 'post.published': {
      actorId = event.authorId;
      for (const id of event.mentions) add(id, 'mention');
      if (event.kind === 'reflection') for (const id of await audience.everyone(event.spaceId)) add(id, 'reflection');
      else for (const id of await audience.followers(event.spaceId)) add(id, 'new_post');
      break;
    }
    case 'comment.created': {
      actorId = event.authorId;
      for (const id of event.mentions) add(id, 'mention');
      add(event.parentAuthorId, 'reply');
      add(event.postAuthorId, 'comment_on_post');
      break;
    }
    case 'answer.marked': {
      actorId = event.byId;
      add(event.commentAuthorId, 'answer');
      break;
    }
  }
  byUser.delete(actorId);
  return { actorId, byUser };
}

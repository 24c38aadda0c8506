import { useEffect, useRef } from 'react';
import { type RealtimeEvent, subscribe } from '../../../web/realtime.ts';
import { queryClient, useMe } from '../../../web/session.ts';
import { patchComment, patchPost, spaceKeys } from './data.ts';

interface EventData {
  postId?: string;
  commentId?: string;
  target?: { type: 'post' | 'comment'; id: string };
  reactions?: Record<string, number>;
}

/** Brings the cached queries of a space up to date after a live event. */
export function applySpaceEvent(event: RealtimeEvent): void {
  const d = (event.data ?? {}) as EventData;
  switch (event.type) {
    case 'post.created':
      void queryClient.invalidateQueries({ queryKey: spaceKeys.feeds });
      break;
    case 'post.updated':
    case 'post.deleted':
    case 'poll.voted':
      if (d.postId) void queryClient.invalidateQueries({ queryKey: spaceKeys.post(d.postId) });
      void queryClient.invalidateQueries({ queryKey: spaceKeys.feeds });
      break;
    case 'comment.created':
      if (d.postId) {
        void queryClient.invalidateQueries({ queryKey: spaceKeys.comments(d.postId) });
        void queryClient.invalidateQueries({ queryKey: spaceKeys.post(d.postId) });
      }
      void queryClient.invalidateQueries({ queryKey: spaceKeys.feeds });
      break;
    case 'reaction.changed': {
      // The event carries the exact counts; our own choices (`myReactions`) stay as they are.
      const { target, reactions, postId } = d;
      if (!target || !reactions) break;
      if (target.type === 'post') patchPost(target.id, (p) => ({ ...p, reactions }));
      else if (postId) patchComment(postId, target.id, (c) => ({ ...c, reactions }));
      break;
    }
  }
}

/**
 * Listens on `space:<id>` while the page is open (members only: the socket needs a session).
 * `intercept` may take an event over (return true), e.g. to hold back new posts while the reader is scrolled down.
 */
export function useSpaceLive(spaceId: string | undefined, intercept?: (e: RealtimeEvent) => boolean): void {
  const signedIn = Boolean(useMe().data);
  const ref = useRef(intercept);
  ref.current = intercept;
  useEffect(() => {
    if (!spaceId || !signedIn) return;
    return subscribe(`space:${spaceId}`, (e) => {
      if (ref.current?.(e)) return;
      applySpaceEvent(e);
    });
  }, [spaceId, signedIn]);
}

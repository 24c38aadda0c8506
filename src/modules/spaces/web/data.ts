import { type InfiniteData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../../web/api.ts';
import { queryClient } from '../../../web/session.ts';
import type { Comment, Post, Space } from '../schema.ts';

export type { Comment, Post, Space };
export type FeedSort = 'new' | 'active';
export type FeedData = InfiniteData<Page<Post>, string>;

export interface Revision {
  id: string;
  title: string | null;
  body: string;
  editedBy: string | null;
  createdAt: string;
}

/** Query keys of the spaces module; everything lives under `spaces` so one prefix refreshes it all. */
export const spaceKeys = {
  all: ['spaces'] as const,
  list: ['spaces', 'list'] as const,
  space: (slug: string) => ['spaces', 'space', slug] as const,
  feeds: ['spaces', 'feed'] as const,
  feed: (scope: string, sort: FeedSort) => ['spaces', 'feed', scope, sort] as const,
  post: (id: string) => ['spaces', 'post', id] as const,
  comments: (postId: string) => ['spaces', 'comments', postId] as const,
  revisions: (postId: string) => ['spaces', 'revisions', postId] as const,
};

const enc = encodeURIComponent;

export function useSpaces() {
  return useQuery({
    queryKey: spaceKeys.list,
    queryFn: ({ signal }) => api.get<{ items: Space[] }>('/api/spaces', signal).then((r) => r.items),
  });
}

export function useSpace(slug: string) {
  return useQuery({
    queryKey: spaceKeys.space(slug),
    queryFn: ({ signal }) => api.get<Space>(`/api/spaces/${enc(slug)}`, signal),
  });
}

/** A space's feed (`scope` = its slug) or the home feed (`scope` = `home`), page by page. */
export function useFeed(scope: string, sort: FeedSort) {
  return useInfiniteQuery({
    queryKey: spaceKeys.feed(scope, sort),
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ sort });
      if (pageParam) params.set('cursor', pageParam);
      const base = scope === 'home' ? '/api/feed' : `/api/spaces/${enc(scope)}/posts`;
      return api.get<Page<Post>>(`${base}?${params}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function usePost(id: string) {
  return useQuery({
    queryKey: spaceKeys.post(id),
    queryFn: ({ signal }) => api.get<Post>(`/api/posts/${enc(id)}`, signal),
  });
}

export function useComments(postId: string) {
  return useQuery({
    queryKey: spaceKeys.comments(postId),
    queryFn: ({ signal }) => api.get<{ items: Comment[] }>(`/api/posts/${enc(postId)}/comments`, signal).then((r) => r.items),
  });
}

/** Applies a change to a post wherever it is cached: its own page and every loaded feed page. */
export function patchPost(id: string, change: (p: Post) => Post): void {
  queryClient.setQueryData<Post>(spaceKeys.post(id), (p) => (p ? change(p) : p));
  queryClient.setQueriesData<FeedData>({ queryKey: spaceKeys.feeds }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((pg) => ({ ...pg, items: pg.items.map((p) => (p.id === id ? change(p) : p)) })),
        }
      : data,
  );
}

export function patchComment(postId: string, id: string, change: (c: Comment) => Comment): void {
  queryClient.setQueryData<Comment[]>(spaceKeys.comments(postId), (list) =>
    list?.map((c) => (c.id === id ? change(c) : c)),
  );
}

/** Pinned posts first, otherwise the server's order (stable). */
export function pinnedFirst(posts: Post[]): Post[] {
  return [...posts.filter((p) => p.pinned), ...posts.filter((p) => !p.pinned)];
}

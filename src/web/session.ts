import { QueryCache, QueryClient, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, type Community, isApiError, type Me, type Role } from './api.ts';

export const keys = {
  community: ['community'] as const,
  me: ['me'] as const,
  sessions: ['me', 'sessions'] as const,
  members: (q: string) => ['admin', 'members', q] as const,
  mails: ['admin', 'mails'] as const,
  mail: (id: string) => ['admin', 'mails', id] as const,
};

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that ended while the page was open: forget the member so the guards send them to login.
    onError: (err, query) => {
      if (isApiError(err) && err.status === 401 && query.queryKey[0] !== 'me') {
        queryClient.setQueryData(keys.me, null);
      }
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => !(isApiError(err) && err.status >= 400 && err.status < 500) && count < 2,
    },
  },
});

export function useCommunity() {
  return useQuery({
    queryKey: keys.community,
    queryFn: ({ signal }) => api.get<Community>('/api/community', signal),
    staleTime: 5 * 60_000,
  });
}

/** The signed-in member, or `null` for visitors. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async ({ signal }): Promise<Me | null> => {
      try {
        return await api.get<Me>('/api/me', signal);
      } catch (err) {
        if (isApiError(err) && err.status === 401) return null;
        throw err;
      }
    },
  });
}

export const isAdmin = (role: Role | undefined): boolean => role === 'admin' || role === 'owner';

/** Moderators, admins and the owner: they see the moderation area. */
export const isModerator = (role: Role | undefined): boolean => role === 'moderator' || isAdmin(role);

/** Sets the document title to "<page> · <community>". */
export function useTitle(title: string): void {
  const name = useCommunity().data?.name;
  useEffect(() => {
    document.title = name ? `${title} · ${name}` : title;
  }, [title, name]);
}

/** Reloads the server-rendered brand colours after an admin changed them. */
export function refreshBrandCss(): void {
  const link = document.querySelector<HTMLLinkElement>('link[href^="/brand.css"]');
  if (link) link.href = `/brand.css?v=${Date.now()}`;
}

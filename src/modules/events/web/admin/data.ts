import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../../../web/api.ts';
import { queryClient } from '../../../../web/session.ts';
import type { Space } from '../../../spaces/schema.ts';
import type {
  Break,
  EventDetail,
  EventSettings,
  EventSettingsPatch,
  FocusDay,
  Roster,
} from '../../schema.ts';

export type Scope = 'upcoming' | 'past' | 'all';

/**
 * Query keys of the hosts' pages. Everything sits under `events`, so one invalidation after a change
 * refreshes the hosts' lists and the members' calendar and event pages alike.
 */
export const hostKeys = {
  all: ['events'] as const,
  manage: (scope: Scope) => ['events', 'manage', scope] as const,
  event: (id: string) => ['events', 'manage', 'event', id] as const,
  breaks: ['events', 'breaks'] as const,
  focusDays: ['events', 'focus-days'] as const,
  settings: ['events', 'settings'] as const,
  roster: (id: string, key: string) => ['events', 'roster', id, key] as const,
  hostSearch: (q: string) => ['events', 'host-search', q] as const,
};

const enc = encodeURIComponent;

export const useManage = (scope: Scope) =>
  useQuery({
    queryKey: hostKeys.manage(scope),
    queryFn: ({ signal }) => api.get<{ items: EventDetail[] }>(`/api/events/manage?scope=${scope}`, signal),
    select: (r) => r.items,
    // Switching the filter keeps the rows (and the pressed button) until the new ones arrive.
    placeholderData: (previous) => previous,
  });

export const useEvent = (id: string | undefined) =>
  useQuery({
    queryKey: hostKeys.event(id ?? ''),
    queryFn: ({ signal }) => api.get<EventDetail>(`/api/events/${enc(id ?? '')}`, signal),
    enabled: Boolean(id),
    // The form is filled once from this: no refetch while someone types, and no cached copy from an
    // earlier visit (it could be older than the last save), so every edit starts from the server.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });

export const useBreaks = () =>
  useQuery({
    queryKey: hostKeys.breaks,
    queryFn: ({ signal }) => api.get<{ items: Break[] }>('/api/events/breaks', signal),
    select: (r) => [...r.items].sort((a, b) => a.startsOn.localeCompare(b.startsOn)),
  });

export const useFocusDays = () =>
  useQuery({
    queryKey: hostKeys.focusDays,
    queryFn: ({ signal }) => api.get<{ items: FocusDay[] }>('/api/events/focus-days', signal),
    select: (r) => [...r.items].sort((a, b) => a.day.localeCompare(b.day)),
  });

export const useEventSettings = () =>
  useQuery({
    queryKey: hostKeys.settings,
    queryFn: ({ signal }) => api.get<EventSettings>('/api/events/settings', signal),
  });

export const useRoster = (eventId: string, key: string) =>
  useQuery({
    queryKey: hostKeys.roster(eventId, key),
    queryFn: ({ signal }) =>
      api.get<Roster>(`/api/events/${enc(eventId)}/occurrences/${enc(key)}/roster`, signal),
  });

/** The spaces for the space selects; the same key and shape as the spaces module's own list. */
export const useSpaces = () =>
  useQuery({
    queryKey: ['spaces', 'list'],
    queryFn: ({ signal }) => api.get<{ items: Space[] }>('/api/spaces', signal).then((r) => r.items),
  });

export interface MemberHit {
  id: string;
  name: string;
  email: string;
  image: string | null;
}

/** Members whose name or address matches, for choosing hosts (the admin members API). */
export const useMemberSearch = (q: string) =>
  useQuery({
    queryKey: hostKeys.hostSearch(q),
    queryFn: ({ signal }) =>
      api.get<Page<MemberHit>>(`/api/admin/members?limit=8&q=${enc(q)}`, signal).then((r) => r.items),
    enabled: q.length >= 2,
    placeholderData: (previous) => previous,
  });

/** Refreshes everything of the events module (lists, calendar, event pages). */
export const refreshEvents = () => queryClient.invalidateQueries({ queryKey: hostKeys.all });

/** Saves part of the settings and keeps the cached copy in step. */
export async function patchSettings(patch: EventSettingsPatch): Promise<EventSettings> {
  const saved = await api.patch<EventSettings>('/api/events/settings', { ...patch });
  queryClient.setQueryData(hostKeys.settings, saved);
  return saved;
}

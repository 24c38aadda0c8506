import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, isApiError } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { queryClient } from '../../../web/session.ts';
import type {
  AttendanceEntry,
  CalendarRange,
  EventDetail,
  FeedInfo,
  Format,
  Occurrence,
  OccurrenceDetail,
  ReminderPrefs,
  RsvpInput,
  RsvpResult,
} from '../schema.ts';

/** What `GET /api/events/:id/occurrences/:key/recordings` lists (the schema has no TS type for it). */
export interface Recording {
  id: string;
  name: string;
  startedAt: string;
  endedAt: string;
  playbackUrl: string;
}

export interface CalendarQuery {
  from: string;
  to: string;
  space?: string;
  format?: Format;
}

export interface UpcomingQuery {
  limit: number;
  space?: string;
  format?: Format;
  mine?: boolean;
}

/** Query keys of the events pages; everything lives under `events`, so one prefix refreshes it all. */
export const eventKeys = {
  all: ['events'] as const,
  calendar: (q: CalendarQuery) => ['events', 'calendar', q] as const,
  upcoming: (q: UpcomingQuery) => ['events', 'upcoming', q] as const,
  event: (id: string) => ['events', 'event', id] as const,
  occurrences: (id: string, limit: number) => ['events', 'event', id, 'occurrences', limit] as const,
  occurrence: (id: string, key: string) => ['events', 'event', id, 'occurrence', key] as const,
  recordings: (id: string, key: string) => ['events', 'event', id, 'recordings', key] as const,
  feed: ['events', 'me', 'feed'] as const,
  reminders: ['events', 'me', 'reminders'] as const,
  attendance: ['events', 'me', 'attendance'] as const,
};

const enc = encodeURIComponent;

function search(params: Record<string, string | number | boolean | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== '' && v !== false) s.set(k, String(v));
  const q = s.toString();
  return q ? `?${q}` : '';
}

/** The link of one date of an event. */
export const occurrencePath = (eventId: string, key: string) => `/events/${enc(eventId)}/${enc(key)}`;

export function useCalendar(q: CalendarQuery, enabled = true) {
  return useQuery({
    queryKey: eventKeys.calendar(q),
    queryFn: ({ signal }) => api.get<CalendarRange>(`/api/events/calendar${search({ ...q })}`, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * The next dates from now, page by page (`after` = the last start shown). The server's `after` keeps
 * dates that end after it, so a page may repeat the previous page's last dates: `upcomingItems` drops them.
 */
export function useUpcoming(q: UpcomingQuery, enabled = true) {
  return useInfiniteQuery({
    queryKey: eventKeys.upcoming(q),
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) =>
      api.get<CalendarRange>(
        `/api/events/upcoming${search({ ...q, after: pageParam || undefined })}`,
        signal,
      ),
    getNextPageParam: (last) =>
      last.items.length < q.limit ? undefined : last.items[last.items.length - 1]?.startsAt,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** All loaded pages of `useUpcoming` as one list, each date once, in time order. */
export function upcomingItems(data: { pages: CalendarRange[] } | undefined): Occurrence[] {
  const seen = new Set<string>();
  const out: Occurrence[] = [];
  for (const page of data?.pages ?? []) {
    for (const o of page.items) {
      const id = `${o.eventId}/${o.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(o);
    }
  }
  return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

export function useEvent(id: string) {
  return useQuery({
    queryKey: eventKeys.event(id),
    queryFn: ({ signal }) => api.get<EventDetail>(`/api/events/${enc(id)}`, signal),
  });
}

/** The next dates of an event (from now). */
export function useOccurrences(id: string, limit = 12, enabled = true) {
  return useQuery({
    queryKey: eventKeys.occurrences(id, limit),
    queryFn: ({ signal }) =>
      api
        .get<{ items: Occurrence[] }>(`/api/events/${enc(id)}/occurrences${search({ limit })}`, signal)
        .then((r) => r.items),
    enabled,
  });
}

export function useOccurrence(id: string, key: string) {
  return useQuery({
    queryKey: eventKeys.occurrence(id, key),
    queryFn: ({ signal }) =>
      api.get<OccurrenceDetail>(`/api/events/${enc(id)}/occurrences/${enc(key)}`, signal),
  });
}

export function useRecordings(id: string, key: string, enabled: boolean) {
  return useQuery({
    queryKey: eventKeys.recordings(id, key),
    queryFn: ({ signal }) =>
      api
        .get<{ items: Recording[] }>(`/api/events/${enc(id)}/occurrences/${enc(key)}/recordings`, signal)
        .then((r) => r.items),
    enabled,
    retry: false,
  });
}

export const rsvp = (eventId: string, input: RsvpInput) =>
  api.post<RsvpResult>(`/api/events/${enc(eventId)}/rsvp`, { ...input });

export const joinRoom = (eventId: string, key: string) =>
  api.post<{ url: string }>(`/api/events/${enc(eventId)}/occurrences/${enc(key)}/join`);

export const fetchFeed = (signal?: AbortSignal) => api.get<FeedInfo>('/api/events/me/feed', signal);
export const rotateFeed = () => api.post<FeedInfo>('/api/events/me/feed/rotate');
export const fetchReminders = (signal?: AbortSignal) =>
  api.get<ReminderPrefs>('/api/events/me/reminders', signal);
export const saveReminders = (prefs: ReminderPrefs) =>
  api.put<ReminderPrefs>('/api/events/me/reminders', { ...prefs });
export const fetchAttendance = (signal?: AbortSignal) =>
  api.get<{ items: AttendanceEntry[] }>('/api/events/me/attendance', signal).then((r) => r.items);

/** After an RSVP or a host's change: every calendar, list and event view asks again. */
export const refreshEvents = () => queryClient.invalidateQueries({ queryKey: eventKeys.all });

/** Event error codes with their own sentence in `events.calendar.errors`. */
const CODES = new Set([
  'rsvp_closed',
  'not_enough_places',
  'series_rsvp_unavailable',
  'series_full',
  'join_not_open',
]);

/** A friendly sentence for any error of the events pages. */
export function eventError(err: unknown, t: TFunction): string {
  if (isApiError(err) && CODES.has(err.code)) return t(`events.calendar.errors.${err.code}`);
  return errorMessage(err, t);
}

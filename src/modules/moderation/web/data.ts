import { useQuery } from '@tanstack/react-query';
import { api } from '../../../web/api.ts';
import type { Comment, Post } from '../../spaces/schema.ts';

export type ReportReason = 'spam' | 'harassment' | 'off_topic' | 'privacy' | 'other';

export interface Report {
  id: string;
  targetType: 'post' | 'comment';
  targetId: string;
  reason: ReportReason;
  note: string | null;
  reporter: string | null;
  createdAt: string;
}

export interface Queue {
  reports: Report[];
  pendingPosts: Post[];
  pendingComments: Comment[];
}

export interface LogEntry {
  id: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string | null;
  actor: string | null;
  createdAt: string;
}

export interface Mute {
  userId: string;
  name: string;
  image: string | null;
  kind: 'mute' | 'block';
  createdAt: string;
}

export const modKeys = {
  all: ['moderation'] as const,
  queue: ['moderation', 'queue'] as const,
  log: ['moderation', 'log'] as const,
  settings: ['moderation', 'settings'] as const,
  target: (id: string) => ['moderation', 'target', id] as const,
  mutes: ['me', 'mutes'] as const,
};

export function useQueue() {
  return useQuery({ queryKey: modKeys.queue, queryFn: ({ signal }) => api.get<Queue>('/api/moderation/queue', signal) });
}

export function useModerationSettings() {
  return useQuery({
    queryKey: modKeys.settings,
    queryFn: ({ signal }) => api.get<{ approveFirstPosts: boolean }>('/api/moderation/settings', signal),
  });
}

/** Readable text of server-sanitized HTML, for short previews (parsing in a detached document runs nothing). */
export function plainText(html: string, max = 280): string {
  const text = (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Posts of the spaces module are cached under `spaces`; moderation decisions refresh both. */
export const SPACES_KEY = ['spaces'] as const;

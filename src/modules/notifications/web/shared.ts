import type { TFunction } from 'i18next';
import type { NotificationItem } from '../schema.ts';

// Types only from the schema: the zod schemas themselves stay out of the browser bundle.
export type { EmailMode, Follow, NotificationItem, NotificationKind, NotificationPage, Preference, Preferences } from '../schema.ts';

export const KINDS = ['mention', 'reply', 'comment_on_post', 'answer', 'new_post', 'reflection'] as const;
export const MODES = ['instant', 'daily', 'weekly', 'off'] as const;

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  latest: ['notifications', 'latest'] as const,
  list: ['notifications', 'list'] as const,
  preferences: ['notifications', 'preferences'] as const,
  follows: ['notifications', 'follows'] as const,
};

export interface UnreadCount {
  unreadCount: number;
}

/**
 * One readable sentence per notification, e.g. "Mia hat dich in „Gute Einstiege“ erwähnt" or
 * "„Sommerfest“ wurde abgesagt".
 */
export function describe(t: TFunction, n: NotificationItem): string {
  if (n.event) return t(`notifications.summary.${n.kind}`, { title: n.event.title || n.snippet });
  return t(`notifications.summary.${n.kind}`, {
    actor: n.actor?.name ?? t('notifications.someone'),
    space: n.space?.name ?? '',
    title: n.post?.title ?? n.snippet,
  });
}

/** Where a notification comes from, under its sentence: the space, or the calendar for event notices. */
export function source(t: TFunction, n: NotificationItem): string {
  return n.event ? t('notifications.eventLabel') : (n.space?.name ?? '');
}

/** "vor 5 Minuten" in the reader's language. */
export function ago(iso: string, locale: string | undefined): string {
  let value = (new Date(iso).getTime() - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 7],
    ['week', 4.35],
    ['month', 12],
  ];
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return rtf.format(Math.round(value), unit);
    value /= size;
  }
  return rtf.format(Math.round(value), 'year');
}

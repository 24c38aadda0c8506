import { z } from '@hono/zod-openapi';

export const NOTIFICATION_KINDS = ['mention', 'reply', 'comment_on_post', 'answer', 'new_post', 'reflection'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/**
 * Notices the events module writes (reminders, a place from the waitlist, changes, cancellations). They
 * are about an event date, not a post, and have no preferences here: the events module decides.
 */
export const EVENT_NOTICE_KINDS = ['event_reminder', 'event_promoted', 'event_changed', 'event_cancelled'] as const;
export type EventNoticeKind = (typeof EVENT_NOTICE_KINDS)[number];
/** Every kind a listed notification can have. */
export const NOTIFICATION_ITEM_KINDS = [...NOTIFICATION_KINDS, ...EVENT_NOTICE_KINDS] as const;
export type NotificationItemKind = (typeof NOTIFICATION_ITEM_KINDS)[number];
export const EMAIL_MODES = ['instant', 'daily', 'weekly', 'off'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/** What a member gets when they never chose: personal things at once, new posts as a daily digest. */
export const DEFAULT_PREFERENCES: Record<NotificationKind, { email: EmailMode; inApp: boolean }> = {
  mention: { email: 'instant', inApp: true },
  reply: { email: 'instant', inApp: true },
  comment_on_post: { email: 'instant', inApp: true },
  answer: { email: 'instant', inApp: true },
  new_post: { email: 'daily', inApp: true },
  reflection: { email: 'instant', inApp: true },
};

export const NotificationItem = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_ITEM_KINDS),
    createdAt: z.string(),
    read: z.boolean(),
    actor: z.object({ id: z.string(), name: z.string(), image: z.string().nullable() }).nullable(),
    /** null for event notices. */
    space: z.object({ id: z.string(), slug: z.string(), name: z.string() }).nullable(),
    /** null for event notices. */
    post: z.object({ id: z.string(), title: z.string().nullable() }).nullable(),
    /**
     * For event notices: the event, the date's key (`YYYYMMDDTHHmm`, its original local start; null if
     * the notice names no date) and the title when the notice was written. null for post notices.
     */
    event: z.object({ id: z.string(), key: z.string().nullable(), title: z.string() }).nullable(),
    commentId: z.string().nullable(),
    /** Plain text: the post's title, the beginning of the comment or post, or the event's title. Never HTML. */
    snippet: z.string(),
    /** Where the notification leads in the app. */
    url: z.string(),
  })
  .openapi('Notification');
export type NotificationItem = z.infer<typeof NotificationItem>;

export const NotificationPage = z
  .object({ items: z.array(NotificationItem), nextCursor: z.string().nullable(), unreadCount: z.number() })
  .openapi('NotificationPage');
export type NotificationPage = z.infer<typeof NotificationPage>;

export const UnreadCount = z.object({ unreadCount: z.number() }).openapi('UnreadCount');

export const MarkRead = z
  .object({ ids: z.array(z.string().uuid()).min(1).max(200).optional(), all: z.boolean().optional() })
  .strict()
  .refine((v) => Boolean(v.ids) !== Boolean(v.all), { message: 'Give either ids or all: true', path: ['ids'] })
  .openapi('MarkNotificationsRead');

export const Preference = z
  .object({
    kind: z.enum(NOTIFICATION_KINDS),
    /** null: every space; a space id: only there (overrides the general choice). */
    spaceId: z.string().nullable(),
    email: z.enum(EMAIL_MODES),
    inApp: z.boolean(),
  })
  .openapi('NotificationPreference');
export type Preference = z.infer<typeof Preference>;

export const Preferences = z
  .object({
    /** One entry per kind: the member's general choice (or the default). */
    kinds: z.array(Preference),
    /** Per-space choices that override the general one. */
    overrides: z.array(Preference),
  })
  .openapi('NotificationPreferences');
export type Preferences = z.infer<typeof Preferences>;

export const UpdatePreferences = z
  .object({
    items: z
      .array(
        z
          .object({
            kind: z.enum(NOTIFICATION_KINDS),
            spaceId: z.string().uuid().nullable().default(null),
            email: z.enum(EMAIL_MODES).optional(),
            inApp: z.boolean().optional(),
            /** Drops a per-space override, so the general choice applies there again. */
            remove: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict()
  .openapi('UpdateNotificationPreferences');
export type UpdatePreferences = z.infer<typeof UpdatePreferences>;

export const Follow = z
  .object({ spaceId: z.string(), slug: z.string(), name: z.string(), icon: z.string(), following: z.boolean() })
  .openapi('SpaceFollow');
export type Follow = z.infer<typeof Follow>;

export const SetFollow = z.object({ following: z.boolean() }).strict().openapi('SetSpaceFollow');

export const Unsubscribe = z.object({ token: z.string().max(2000) }).strict().openapi('Unsubscribe');
export const OneClick = z.object({ 'List-Unsubscribe': z.literal('One-Click') }).openapi('OneClickUnsubscribe');

export const UnsubscribeResult = z
  .object({ scope: z.string(), spaceId: z.string().nullable() })
  .openapi('UnsubscribeResult');

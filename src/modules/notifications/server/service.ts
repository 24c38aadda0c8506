import { type Kysely, sql } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../../platform/http/types.ts';
import { decodeCursor, encodeCursor } from '../../../platform/pagination.ts';
import { localToKey } from '../../events/shared.ts';
import type { Follow, NotificationItem, NotificationItemKind, NotificationPage, Preferences, UpdatePreferences } from '../schema.ts';
import type { ContentLookup } from './content.ts';
import type { NotificationsDeps } from './deps.ts';
import type { PreferencesRepo } from './preferences.ts';
import { type UnsubscribeClaims, verifyUnsubscribeToken } from './tokens.ts';

const MAX_PAGE = 50;

interface Row {
  id: string;
  kind: NotificationItemKind;
  actor_id: string | null;
  space_id: string | null;
  post_id: string | null;
  comment_id: string | null;
  /** Set on event notices (then space and post are null). */
  event_id: string | null;
  /** The date's original local start, `YYYY-MM-DDTHH:mm` (see the pg type parser), or null. */
  occurrence: string | null;
  /** The event's title when the notice was written (falls back to the current one). */
  title: string | null;
  created_at: Date;
  read_at: Date | null;
}

type PostRow = Row & { post_id: string };
type EventRow = Row & { event_id: string };

const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The in-app URL of an event notice: the date's page, or the event's when the notice names no date. */
export function eventPath(eventId: string, key: string | null): string {
  return `/events/${eventId}${key ? `/${key}` : ''}`;
}

/** What a list shows for an event notice: no actor, space or post, the event's title as the snippet. */
function eventItem(r: EventRow) {
  const key = r.occurrence && LOCAL_MINUTE.test(r.occurrence) ? localToKey(r.occurrence) : null;
  const title = r.title ?? '';
  return {
    actor: null,
    space: null,
    post: null,
    event: { id: r.event_id, key, title },
    commentId: null,
    snippet: title,
    url: eventPath(r.event_id, key),
  };
}

/** The in-app URL of a notification's target. */
export function targetPath(postId: string, commentId: string | null): string {
  return `/posts/${postId}${commentId ? `#comment-${commentId}` : ''}`;
}

/** In-app notifications, preferences, follows and unsubscribing. Every function takes the member first. */
export function createNotificationsService(
  deps: NotificationsDeps & { content: ContentLookup; prefs: PreferencesRepo },
) {
  const { db, spaces, content, prefs } = deps;
  const now = deps.now ?? (() => new Date());

  async function visibleSpaceIds(actor: Actor): Promise<string[]> {
    return (await spaces.visibleSpaces(actor)).spaces.map((s) => s.id);
  }

  /**
   * Only what the member sees now: a space they lost access to, or a deleted post, drops out. Event
   * notices stay while their event exists (deleting an event deletes its notices, too).
   */
  // biome-ignore lint/suspicious/noExplicitAny: module tables are not typed
  function mine(d: Kysely<any>, actor: Actor, spaceIds: string[]) {
    return d
      .selectFrom('notifications as n')
      .where('n.user_id', '=', actor.id)
      .where('n.in_app', '=', true)
      .where(({ and, or, eb, exists, selectFrom }) => {
        const event = and([
          eb('n.event_id', 'is not', null),
          exists(selectFrom('events as e').select('e.id').whereRef('e.id', '=', 'n.event_id')),
        ]);
        if (spaceIds.length === 0) return event;
        const post = and([
          eb('n.space_id', 'in', spaceIds),
          exists(selectFrom('posts as p').select('p.id').whereRef('p.id', '=', 'n.post_id').where('p.status', '=', 'published')),
        ]);
        return or([post, event]);
      });
  }

  async function unreadCount(actor: Actor, spaceIds?: string[]): Promise<number> {
    const ids = spaceIds ?? (await visibleSpaceIds(actor));
    const r = await mine(db, actor, ids)
      .where('n.read_at', 'is', null)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async function requireClaims(token: string): Promise<UnsubscribeClaims> {
    const claims = verifyUnsubscribeToken(deps.secret, token);
    if (!claims) throw new AppError('bad_request', 'This unsubscribe link is not valid.');
    return claims;
  }

  return {
    unreadCount,

    /** The member's notifications, newest first, keyset-paginated, with what each is about. */
    async list(actor: Actor, q: { cursor?: string; limit: number }): Promise<NotificationPage> {
      const ids = await visibleSpaceIds(actor);
      let query = mine(db, actor, ids).select([
        'n.id',
        'n.kind',
        'n.actor_id',
        'n.space_id',
        'n.post_id',
        'n.comment_id',
        'n.event_id',
        'n.occurrence',
        sql<string | null>`coalesce(n.title, (select e.title from events e where e.id = n.event_id))`.as('title'),
        'n.created_at',
        'n.read_at',
      ]);
      if (q.cursor) {
        const [ts, id] = decodeCursor(q.cursor);
        query = query.where(sql<boolean>`(n.created_at, n.id) < (${ts}, ${id}::uuid)`);
      }
      const limit = Math.min(Math.max(q.limit, 1), MAX_PAGE);
      const rows = (await query.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(limit + 1).execute()) as Row[];
      const page = rows.slice(0, limit);
      const summaries = await content.summaries(page.filter((r): r is PostRow => r.event_id === null && r.post_id !== null));
      const items: NotificationItem[] = [];
      for (const r of page) {
        const head = { id: r.id, kind: r.kind, createdAt: r.created_at.toISOString(), read: r.read_at !== null };
        if (r.event_id !== null) {
          items.push({ ...head, ...eventItem(r as EventRow) });
          continue;
        }
        const s = summaries.get(r.id);
        if (!s || r.post_id === null) continue;
        items.push({ ...head, ...s, event: null, commentId: r.comment_id, url: targetPath(r.post_id, r.comment_id) });
      }
      const last = page.at(-1);
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
        unreadCount: await unreadCount(actor, ids),
      };
    },

    /** Marks some (or all) of the member's notifications read; returns the new unread count. */
    async markRead(actor: Actor, input: { ids?: string[]; all?: boolean }): Promise<{ unreadCount: number }> {
      let q = db.updateTable('notifications').set({ read_at: now() }).where('user_id', '=', actor.id).where('read_at', 'is', null);
      if (!input.all) q = q.where('id', 'in', input.ids ?? []);
      await q.execute();
      return { unreadCount: await unreadCount(actor) };
    },

    /** The member's choices per kind, and per-space overrides in spaces they can see. */
    async preferences(actor: Actor): Promise<Preferences> {
      const [list, ids] = await Promise.all([prefs.list(actor.id), visibleSpaceIds(actor)]);
      const visible = new Set(ids);
      return { kinds: list.kinds, overrides: list.overrides.filter((o) => o.spaceId && visible.has(o.spaceId)) };
    },

    /** Changes choices in one transaction; a space must be one the member can see. */
    async updatePreferences(actor: Actor, input: UpdatePreferences): Promise<Preferences> {
      const spaceIds = [...new Set(input.items.flatMap((i) => (i.spaceId ? [i.spaceId] : [])))];
      for (const id of spaceIds) await spaces.requireVisible(actor, id);
      await db.transaction().execute(async (trx) => {
        for (const item of input.items) {
          if (item.remove) {
            if (!item.spaceId) throw new AppError('validation_failed', 'Only per-space choices can be removed.', [{ path: 'items', message: 'remove needs a spaceId', code: 'custom' }]);
            await prefs.remove(trx, actor.id, item.kind, item.spaceId);
          } else {
            await prefs.set(trx, actor.id, item.kind, item.spaceId, { email: item.email, inApp: item.inApp });
          }
        }
      });
      return this.preferences(actor);
    },

    /** Every space the member can see, and whether they follow it. */
    async follows(actor: Actor): Promise<Follow[]> {
      const { spaces: visible } = await spaces.visibleSpaces(actor);
      const rows = await db.selectFrom('space_follows').select(['space_id', 'following']).where('user_id', '=', actor.id).execute();
      const following = new Map(rows.map((r) => [r.space_id as string, Boolean(r.following)]));
      return visible.map((s) => ({ spaceId: s.id, slug: s.slug, name: s.name, icon: s.icon, following: following.get(s.id) ?? false }));
    },

    /** Whether the member follows one space (404 for a space they cannot see). */
    async follow(actor: Actor, spaceIdOrSlug: string): Promise<Follow> {
      const s = await spaces.requireVisible(actor, spaceIdOrSlug);
      const all = await this.follows(actor);
      return all.find((f) => f.spaceId === s.id)!;
    },

    /** Follows or unfollows a space; an unfollow is remembered, so writing there does not re-follow. */
    async setFollow(actor: Actor, spaceIdOrSlug: string, following: boolean): Promise<Follow> {
      const s = await spaces.requireVisible(actor, spaceIdOrSlug);
      await db
        .insertInto('space_follows')
        .values({ user_id: actor.id, space_id: s.id, following, updated_at: now() })
        .onConflict((oc) => oc.columns(['user_id', 'space_id']).doUpdateSet({ following, updated_at: now() }))
        .execute();
      return this.follow(actor, s.id);
    },

    /** Checks an unsubscribe token; null when it is not one of ours. */
    verify(token: string): UnsubscribeClaims | null {
      return verifyUnsubscribeToken(deps.secret, token);
    },

    /**
     * Applies an unsubscribe link without a login: the signed token names the member and what to stop.
     * A kind stops everywhere (or in the token's space); a digest stops every kind mailed in that digest.
     */
    async unsubscribe(token: string): Promise<UnsubscribeClaims> {
      const claims = await requireClaims(token);
      const user = await db.selectFrom('users').select('id').where('id', '=', claims.userId).executeTakeFirst();
      if (!user) return claims;
      if (claims.spaceId && !(await db.selectFrom('spaces').select('id').where('id', '=', claims.spaceId).executeTakeFirst())) {
        return claims;
      }
      await db.transaction().execute(async (trx) => {
        if (claims.scope === 'digest_daily' || claims.scope === 'digest_weekly') {
          const period = claims.scope === 'digest_daily' ? 'daily' : 'weekly';
          const current = await prefs.list(claims.userId);
          for (const k of current.kinds) if (k.email === period) await prefs.set(trx, claims.userId, k.kind, null, { email: 'off' });
          for (const o of current.overrides) if (o.email === period) await prefs.set(trx, claims.userId, o.kind, o.spaceId, { email: 'off' });
          return;
        }
        await prefs.set(trx, claims.userId, claims.scope, claims.spaceId, { email: 'off' });
        if (!claims.spaceId) {
          // "No more mails about mentions" also silences per-space exceptions that still mail.
          await trx
            .updateTable('notification_preferences')
            .set({ email: 'off', updated_at: now() })
            .where('user_id', '=', claims.userId)
            .where('kind', '=', claims.scope)
            .where('space_id', 'is not', null)
            .execute();
        }
      });
      return claims;
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

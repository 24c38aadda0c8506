import { sql } from 'kysely';
import type { Actor } from '../../../platform/http/types.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { userChannel } from '../../../platform/realtime/index.ts';
import type { NotificationKind } from '../schema.ts';
import { type ContentLookup, type PostInfo, type Recipient, snippet } from './content.ts';
import type { NotificationsDeps } from './deps.ts';
import { KIND_KEY, translate } from './mails.ts';
import type { PreferencesRepo } from './preferences.ts';
import { candidates, type SpaceEvent } from './recipients.ts';
import type { NotificationsService } from './service.ts';
import { targetPath } from './service.ts';
import { signUnsubscribeToken, type UnsubscribeScope } from './tokens.ts';

const EVENT_TYPES = new Set(['post.published', 'comment.created', 'answer.marked']);
/** A digest lists at most this many lines; the rest is behind "see all notifications". */
const DIGEST_MAX_LINES = 30;

export type DigestPeriod = 'daily' | 'weekly';

/** Turns space events into notifications (with instant mails) and sends the digests. */
export function createNotificationsWorker(
  deps: NotificationsDeps & { content: ContentLookup; prefs: PreferencesRepo; service: NotificationsService },
) {
  const { db, content, prefs, spaces, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const base = deps.publicUrl.replace(/\/+$/, '');

  async function canSee(actor: Actor, spaceId: string): Promise<boolean> {
    try {
      await spaces.requireVisible(actor, spaceId);
      return true;
    } catch {
      return false;
    }
  }

  function links(userId: string, scope: UnsubscribeScope, spaceId: string | null) {
    const token = signUnsubscribeToken(deps.secret, { userId, scope, spaceId }, now());
    const q = `token=${encodeURIComponent(token)}`;
    return {
      unsubscribeUrl: `${base}/unsubscribe?${q}`,
      settingsUrl: `${base}/settings/notifications`,
      // RFC 8058: one POST to this URL, body "List-Unsubscribe=One-Click", no login, no confirmation.
      headers: {
        'List-Unsubscribe': `<${base}/api/notifications/unsubscribe?${q}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  }

  function postTitle(post: Pick<PostInfo, 'title' | 'text'>): string {
    return post.title ?? snippet(post.text, 60);
  }

  const audience = (post: PostInfo) => ({
    followers: async (spaceId: string) => {
      const rows = await db.selectFrom('space_follows').select('user_id').where('space_id', '=', spaceId).where('following', '=', true).execute();
      return rows.map((r) => r.user_id as string);
    },
    // Everyone who is in the space: all members for ordinary spaces; the members and followers of an
    // optional one. Who may actually see it is decided per recipient afterwards.
    everyone: async (spaceId: string) => {
      const all = [...(await content.allMembers()).keys()];
      if (!post.spaceOptional) return all;
      const joined = await content.joinedMembers(spaceId);
      const followers = new Set(await audience(post).followers(spaceId));
      return all.filter((id) => joined.has(id) || followers.has(id));
    },
  });

  /** Handles one domain event; safe to run again (a retried job creates and mails nothing twice). */
  async function handleEvent(event: SpaceEvent): Promise<{ created: number }> {
    if (!event || typeof event !== 'object' || !EVENT_TYPES.has(event.type)) return { created: 0 };
    const post = await content.post(event.postId);
    if (!post?.live) return { created: 0 };
    const commentId = event.type === 'post.published' ? null : event.commentId;
    let commentText: string | null = null;
    if (commentId) {
      const c = await content.comment(commentId);
      if (!c?.published || c.postId !== post.id) return { created: 0 };
      commentText = c.text;
    }
    if (event.type === 'post.published') {
      // Writing in a space follows it, unless the member unfollowed it on purpose.
      await db.insertInto('space_follows').values({ user_id: event.authorId, space_id: post.spaceId }).onConflict((oc) => oc.doNothing()).execute();
    }

    const { actorId, byUser } = await candidates(event, audience(post));
    if (byUser.size === 0) return { created: 0 };
    const silenced = deps.silenced ? await deps.silenced([...byUser.keys()], actorId) : new Set<string>();
    const recipients = await content.recipients([...byUser.keys()].filter((id) => !silenced.has(id)));
    const allowed: Recipient[] = [];
    for (const r of recipients.values()) if (await canSee(r.actor, post.spaceId)) allowed.push(r);
    if (allowed.length === 0) return { created: 0 };

    const byKind = new Map<NotificationKind, Recipient[]>();
    for (const r of allowed) {
      const kind = byUser.get(r.actor.id)!;
      byKind.set(kind, [...(byKind.get(kind) ?? []), r]);
    }
    const actorName = (await content.names([actorId])).get(actorId) ?? null;
    const created: { userId: string; id: string; inApp: boolean }[] = [];
    const at = now();

    await db.transaction().execute(async (trx) => {
      for (const [kind, list] of byKind) {
        const choices = await prefs.effective(
          list.map((r) => r.actor.id),
          kind,
          post.spaceId,
        );
        for (const r of list) {
          const choice = choices.get(r.actor.id)!;
          if (!choice.inApp && choice.email === 'off') continue;
          const id = uuidv7();
          const inserted = await sql<{ id: string }>`
            insert into notifications (id, user_id, kind, actor_id, space_id, post_id, comment_id, in_app, email, created_at)
            values (${id}, ${r.actor.id}, ${kind}, ${actorId}, ${post.spaceId}, ${post.id}, ${commentId}, ${choice.inApp}, ${choice.email}, ${at})
            on conflict do nothing
            returning id
          `.execute(trx);
          if (inserted.rows.length === 0) continue;
          created.push({ userId: r.actor.id, id, inApp: choice.inApp });
          if (choice.email !== 'instant' || !r.emailVerified) continue;
          const l = links(r.actor.id, kind, kind === 'new_post' ? post.spaceId : null);
          await deps.mailer.send(
            {
              to: r.actor.email,
              template: `notifications.${KIND_KEY[kind]}`,
              locale: r.actor.locale,
              data: {
                name: r.actor.name,
                actor: actorName ?? translate(r.actor.locale, 'line.someone'),
                space: post.spaceName,
                title: postTitle(post),
                snippet: snippet(commentText ?? post.text, 280),
                url: `${base}${targetPath(post.id, commentId)}`,
                unsubscribeUrl: l.unsubscribeUrl,
                settingsUrl: l.settingsUrl,
              },
              headers: l.headers,
            },
            trx,
          );
          await trx.updateTable('notifications').set({ emailed_at: at }).where('id', '=', id).execute();
        }
      }
    });

    // After commit: tell the members' open tabs (at most once; a lost event is fixed by the next fetch).
    for (const c of created) {
      if (!c.inApp) continue;
      const r = allowed.find((x) => x.actor.id === c.userId)!;
      try {
        const unreadCount = await deps.service.unreadCount(r.actor);
        await deps.publish(userChannel(c.userId), { type: 'notification.created', data: { id: c.id, unreadCount } });
      } catch (err) {
        logger.warn({ err, user: c.userId }, 'could not publish notification.created');
      }
    }
    return { created: created.length };
  }

  /** Collects one member's waiting notifications of this period into one mail; returns true if it sent one. */
  async function digestFor(userId: string, period: DigestPeriod): Promise<boolean> {
    const recipient = (await content.recipients([userId])).get(userId);
    if (!recipient) return false;
    const visible = new Set((await spaces.visibleSpaces(recipient.actor)).spaces.map((s) => s.id));
    return db.transaction().execute(async (trx) => {
      // Locked and skipped by a concurrent run, so two nodes never mail the same notification twice.
      const rows = await sql<{ id: string; kind: NotificationKind; space_id: string; post_id: string; comment_id: string | null; actor_id: string | null }>`
        select id, kind, space_id, post_id, comment_id, actor_id from notifications
         where user_id = ${userId} and email in ('daily', 'weekly') and digest_sent_at is null and emailed_at is null
           and post_id is not null
         order by created_at, id
         for update skip locked
      `.execute(trx);
      const take: typeof rows.rows = [];
      const drop: string[] = [];
      for (const r of rows.rows) {
        const mode = (await prefs.effective([userId], r.kind, r.space_id)).get(userId)!.email;
        // Choices made since the notification was created count: off drops it, instant joins the daily digest.
        const wanted = mode === period || (period === 'daily' && mode === 'instant');
        if (mode === 'off' || !visible.has(r.space_id)) drop.push(r.id);
        else if (wanted) take.push(r);
      }
      const summaries = await content.summaries(take);
      const items = take.filter((r) => {
        if (summaries.has(r.id)) return true;
        drop.push(r.id);
        return false;
      });
      if (drop.length) await trx.updateTable('notifications').set({ email: 'off' }).where('id', 'in', drop).execute();
      if (items.length === 0 || !recipient.emailVerified) return false;
      const locale = recipient.actor.locale;
      const lines = items.slice(0, DIGEST_MAX_LINES).map((r) => {
        const s = summaries.get(r.id)!;
        const line = translate(locale, `line.${KIND_KEY[r.kind]}`, {
          actor: s.actor?.name ?? translate(locale, 'line.someone'),
          space: s.space.name,
          title: s.post.title ?? s.snippet,
        });
        return `• ${line}\n  ${base}${targetPath(r.post_id, r.comment_id)}`;
      });
      if (items.length > DIGEST_MAX_LINES) lines.push(`• … +${items.length - DIGEST_MAX_LINES}`);
      const l = links(userId, period === 'daily' ? 'digest_daily' : 'digest_weekly', null);
      await deps.mailer.send(
        {
          to: recipient.actor.email,
          template: period === 'daily' ? 'notifications.digestDaily' : 'notifications.digestWeekly',
          locale,
          data: {
            name: recipient.actor.name,
            n: String(items.length),
            items: lines.join('\n\n'),
            url: `${base}/notifications`,
            unsubscribeUrl: l.unsubscribeUrl,
            settingsUrl: l.settingsUrl,
          },
          headers: l.headers,
        },
        trx,
      );
      await trx
        .updateTable('notifications')
        .set({ digest_sent_at: now() })
        .where('id', 'in', items.map((r) => r.id))
        .execute();
      return true;
    });
  }

  /** One digest run: every member with waiting notifications gets at most one mail. */
  async function runDigest(period: DigestPeriod): Promise<{ sent: number }> {
    const users = await db
      .selectFrom('notifications')
      .select('user_id')
      .distinct()
      .where('email', 'in', ['daily', 'weekly'])
      .where('digest_sent_at', 'is', null)
      .where('emailed_at', 'is', null)
      .execute();
    let sent = 0;
    let failed: unknown = null;
    for (const u of users) {
      try {
        if (await digestFor(u.user_id as string, period)) sent++;
      } catch (err) {
        // One member's failure must not hold back the others; the job retries, and members already
        // mailed are not mailed again (their notifications carry digest_sent_at).
        logger.error({ err, user: u.user_id, period }, 'digest failed');
        failed = err;
      }
    }
    if (failed) throw failed;
    return { sent };
  }

  return { handleEvent, runDigest, digestFor };
}

export type NotificationsWorker = ReturnType<typeof createNotificationsWorker>;

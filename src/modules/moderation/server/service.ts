import type { Kysely } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import { type Actor, roleAtLeast } from '../../../platform/http/types.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import type { CommentsService } from '../../spaces/server/comments.ts';
import type { PostsService } from '../../spaces/server/posts.ts';

export const REPORT_REASONS = ['spam', 'harassment', 'off_topic', 'privacy', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
type Target = { type: 'post' | 'comment'; id: string };

export interface ModerationDeps {
  db: Kysely<any>;
  posts: PostsService;
  comments: CommentsService;
  now?: () => Date;
}

function requireModerator(actor: Actor): void {
  if (!roleAtLeast(actor.role, 'moderator')) throw new AppError('forbidden', 'Only moderators can do this.');
}

/** Reports, the approval queue, hide/restore/lock, mutes and blocks, and the audit log of moderator actions. */
export function createModerationService(deps: ModerationDeps) {
  const { db, posts, comments } = deps;
  const now = deps.now ?? (() => new Date());

  async function log(actor: Actor, action: string, target: Target | { type: string; id: string }, reason?: string | null) {
    await db
      .insertInto('moderation_log')
      .values({ id: uuidv7(), actor_id: actor.id, action, target_type: target.type, target_id: target.id, reason: reason ?? null })
      .execute();
  }

  /** The actor may see the target (else 404), which is also what may be reported. */
  async function requireTarget(actor: Actor, target: Target): Promise<string> {
    const postId = target.type === 'post' ? target.id : await comments.postIdOf(target.id);
    if (!postId) throw new AppError('not_found', 'Not found.');
    await posts.requirePost(actor, postId);
    return postId;
  }

  async function settings() {
    const row = await db.selectFrom('moderation_settings').select('approve_first_posts').executeTakeFirst();
    return { approveFirstPosts: Boolean(row?.approve_first_posts) };
  }

  return {
    settings,

    /** Does this actor's next post or comment wait for approval? Only until their first one is approved. */
    async needsApproval(actor: Actor): Promise<boolean> {
      if (roleAtLeast(actor.role, 'moderator') || !(await settings()).approveFirstPosts) return false;
      const post = await db
        .selectFrom('posts')
        .select('id')
        .where('author_id', '=', actor.id)
        .where('status', '=', 'published')
        .limit(1)
        .executeTakeFirst();
      if (post) return false;
      const comment = await db
        .selectFrom('comments')
        .select('id')
        .where('author_id', '=', actor.id)
        .where('status', '=', 'published')
        .limit(1)
        .executeTakeFirst();
      return !comment;
    },

    /** The same as a subquery, for feeds that filter in their own query (one round trip less). */
    mutedQuery(actor: Actor) {
      return db.selectFrom('user_mutes').select('muted_user_id').where('user_id', '=', actor.id);
    },

    /** Ids of the members this actor muted or blocked. */
    async mutedBy(actor: Actor): Promise<string[]> {
      const rows = await db.selectFrom('user_mutes').select('muted_user_id').where('user_id', '=', actor.id).execute();
      return rows.map((r) => r.muted_user_id as string);
    },

    /** Members who blocked `userId`: they are not notified by them. */
    async blockedBy(userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('user_mutes')
        .select('user_id')
        .where('muted_user_id', '=', userId)
        .where('kind', '=', 'block')
        .execute();
      return rows.map((r) => r.user_id as string);
    },

    /** Turns first-post approval on or off (admins). */
    async updateSettings(actor: Actor, input: { approveFirstPosts: boolean }) {
      if (!roleAtLeast(actor.role, 'admin')) throw new AppError('forbidden', 'Only hosts change moderation settings.');
      await db
        .insertInto('moderation_settings')
        .values({ singleton: true, approve_first_posts: input.approveFirstPosts })
        .onConflict((oc) => oc.column('singleton').doUpdateSet({ approve_first_posts: input.approveFirstPosts, updated_at: now() }))
        .execute();
      await log(actor, input.approveFirstPosts ? 'settings.approval_on' : 'settings.approval_off', { type: 'community', id: 'settings' });
      return settings();
    },

    /** Reports a post or comment the actor can see; reporting the same thing twice is one report. */
    async report(actor: Actor, input: { targetType: Target['type']; targetId: string; reason: ReportReason; note?: string }) {
      await requireTarget(actor, { type: input.targetType, id: input.targetId });
      await db
        .insertInto('reports')
        .values({
          id: uuidv7(),
          target_type: input.targetType,
          target_id: input.targetId,
          reporter_id: actor.id,
          reason: input.reason,
          note: input.note ?? null,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    /** The moderation queue: open reports (grouped per target) and contributions waiting for approval. */
    async queue(actor: Actor) {
      requireModerator(actor);
      const open = await db
        .selectFrom('reports as r')
        .leftJoin('users as u', 'u.id', 'r.reporter_id')
        .select(['r.id', 'r.target_type', 'r.target_id', 'r.reason', 'r.note', 'r.created_at', 'u.name as reporter_name'])
        .where('r.status', '=', 'open')
        .orderBy('r.created_at')
        .limit(200)
        .execute();
      const reports = open.map((r) => ({
        id: r.id as string,
        targetType: r.target_type as Target['type'],
        targetId: r.target_id as string,
        reason: r.reason as ReportReason,
        note: (r.note as string | null) ?? null,
        reporter: (r.reporter_name as string | null) ?? null,
        createdAt: (r.created_at as Date).toISOString(),
      }));
      return { reports, pendingPosts: await posts.pending(actor), pendingComments: await comments.pending(actor) };
    },

    /** Closes a report: dismiss it, or hide its target (which resolves every open report on it). */
    async resolveReport(actor: Actor, reportId: string, action: 'dismiss' | 'hide') {
      requireModerator(actor);
      const r = await db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirst();
      if (!r) throw new AppError('not_found', 'No such report.');
      const target: Target = { type: r.target_type, id: r.target_id };
      if (action === 'hide') await this.setVisibility(actor, target, 'hidden', `report ${reportId}`);
      await db
        .updateTable('reports')
        .set({ status: action === 'hide' ? 'resolved' : 'dismissed', resolved_by: actor.id, resolved_at: now() })
        .where('target_type', '=', target.type)
        .where('target_id', '=', target.id)
        .where('status', '=', 'open')
        .execute();
      if (action === 'dismiss') await log(actor, 'report.dismiss', target, r.reason as string);
    },

    /** Hides, restores or approves a post or comment (moderators); every change is logged. */
    async setVisibility(actor: Actor, target: Target, status: 'published' | 'hidden', reason?: string) {
      requireModerator(actor);
      if (target.type === 'post') await posts.setStatus(actor, target.id, status);
      else await comments.setStatus(actor, target.id, status);
      await log(actor, status === 'hidden' ? `${target.type}.hide` : `${target.type}.publish`, target, reason);
    },

    /** Locks or unlocks a post for comments (moderators), logged. */
    async lock(actor: Actor, postId: string, locked: boolean) {
      requireModerator(actor);
      await posts.setFlags(actor, postId, { closed: locked });
      await log(actor, locked ? 'post.lock' : 'post.unlock', { type: 'post', id: postId });
    },

    /** Mutes or blocks another member (or changes one into the other). */
    async mute(actor: Actor, userId: string, kind: 'mute' | 'block') {
      if (userId === actor.id) throw new AppError('validation_failed', 'You cannot mute yourself.', [{ path: 'userId', message: 'self', code: 'custom' }]);
      const exists = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      if (!exists) throw new AppError('not_found', 'No such member.');
      await db
        .insertInto('user_mutes')
        .values({ user_id: actor.id, muted_user_id: userId, kind })
        .onConflict((oc) => oc.columns(['user_id', 'muted_user_id']).doUpdateSet({ kind }))
        .execute();
    },

    /** Lifts a mute or block. */
    async unmute(actor: Actor, userId: string) {
      await db.deleteFrom('user_mutes').where('user_id', '=', actor.id).where('muted_user_id', '=', userId).execute();
    },

    /** The members the actor muted or blocked. */
    async listMutes(actor: Actor) {
      const rows = await db
        .selectFrom('user_mutes as m')
        .innerJoin('users as u', 'u.id', 'm.muted_user_id')
        .select(['u.id', 'u.name', 'u.image', 'm.kind', 'm.created_at'])
        .where('m.user_id', '=', actor.id)
        .orderBy('m.created_at', 'desc')
        .execute();
      return rows.map((r) => ({
        userId: r.id as string,
        name: r.name as string,
        image: (r.image as string | null) ?? null,
        kind: r.kind as 'mute' | 'block',
        createdAt: (r.created_at as Date).toISOString(),
      }));
    },

    /** The audit log, newest first (moderators). */
    async auditLog(actor: Actor, limit = 100) {
      requireModerator(actor);
      const rows = await db
        .selectFrom('moderation_log as l')
        .leftJoin('users as u', 'u.id', 'l.actor_id')
        .select(['l.id', 'l.action', 'l.target_type', 'l.target_id', 'l.reason', 'l.created_at', 'u.name as actor_name'])
        .orderBy('l.created_at', 'desc')
        .orderBy('l.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id as string,
        action: r.action as string,
        targetType: r.target_type as string,
        targetId: r.target_id as string,
        reason: (r.reason as string | null) ?? null,
        actor: (r.actor_name as string | null) ?? null,
        createdAt: (r.created_at as Date).toISOString(),
      }));
    },
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;

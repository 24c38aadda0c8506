import type { Kysely } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../../platform/http/types.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import type { Comment } from '../schema.ts';
import { isModerator } from './policy.ts';
import type { Emitter, PostsService, Publisher, Renderer } from './posts.ts';
import { reactionsFor } from './present.ts';

interface CommentRow {
  id: string;
  post_id: string;
  parent_id: string | null;
  author_id: string | null;
  author_name: string | null;
  author_image: string | null;
  body_html: string;
  body_md: string;
  status: Comment['status'];
  created_at: Date;
  edited_at: Date | null;
}

export interface CommentsDeps {
  db: Kysely<any>;
  posts: PostsService;
  render: Renderer;
  publish: Publisher;
  emit: Emitter;
  moderation?: {
    needsApproval(actor: Actor): Promise<boolean>;
    mutedBy(actor: Actor): Promise<string[]>;
  };
  now?: () => Date;
}

/** Comments with one level of replies. */
export function createCommentsService(deps: CommentsDeps) {
  const { db, posts } = deps;
  const now = deps.now ?? (() => new Date());

  function select() {
    return db
      .selectFrom('comments as c')
      .leftJoin('users as u', 'u.id', 'c.author_id')
      .select([
        'c.id',
        'c.post_id',
        'c.parent_id',
        'c.author_id',
        'u.name as author_name',
        'u.image as author_image',
        'c.body_html',
        'c.body_md',
        'c.status',
        'c.created_at',
        'c.edited_at',
      ]);
  }

  async function present(
    rows: CommentRow[],
    actor: Actor | null,
    answerId: string | null,
  ): Promise<Comment[]> {
    const { counts, mine } = await reactionsFor(
      db,
      'comment',
      rows.map((r) => r.id),
      actor,
    );
    return rows.map((r) => {
      const canEdit = actor !== null && (r.author_id === actor.id || isModerator(actor));
      return {
        id: r.id,
        postId: r.post_id,
        parentId: r.parent_id,
        author: r.author_id ? { id: r.author_id, name: r.author_name ?? '', image: r.author_image } : null,
        bodyHtml: r.status === 'published' || isModerator(actor) ? r.body_html : '',
        ...(canEdit && r.status !== 'deleted' ? { bodyMd: r.body_md } : {}),
        status: r.status,
        reactions: counts.get(r.id) ?? {},
        myReactions: mine.get(r.id) ?? [],
        createdAt: r.created_at.toISOString(),
        editedAt: r.edited_at?.toISOString() ?? null,
        isAnswer: r.id === answerId,
        canEdit,
      };
    });
  }

  async function requireComment(actor: Actor, id: string): Promise<CommentRow> {
    const row = (await select().where('c.id', '=', id).executeTakeFirst()) as CommentRow | undefined;
    if (!row) throw new AppError('not_found', 'No such comment.');
    await posts.requirePost(actor, row.post_id);
    if (row.status !== 'published' && !isModerator(actor) && row.author_id !== actor.id) {
      throw new AppError('not_found', 'No such comment.');
    }
    if (row.author_id !== actor.id && !isModerator(actor)) {
      throw new AppError('forbidden', 'Only the author or a moderator can change this comment.');
    }
    return row;
  }

  return {
    /** The comments of a post, oldest first, replies after their parent. Deleted ones show as placeholders. */
    async list(actor: Actor | null, postId: string): Promise<Comment[]> {
      const post = await posts.requirePost(actor, postId);
      let q = select().where('c.post_id', '=', postId);
      if (!isModerator(actor)) {
        q = q.where((eb) =>
          eb.or([
            eb('c.status', 'in', ['published', 'deleted']),
            ...(actor ? [eb('c.author_id', '=', actor.id)] : []),
          ]),
        );
      }
      const muted = new Set(actor && deps.moderation ? await deps.moderation.mutedBy(actor) : []);
      const rows = (
        (await q.orderBy('c.created_at').orderBy('c.id').limit(2000).execute()) as CommentRow[]
      ).filter((r) => !r.author_id || !muted.has(r.author_id));
      return present(rows, actor, post.answer_comment_id);
    },

    /** Writes a comment or a reply to a top-level comment. */
    async create(actor: Actor, postId: string, input: { body: string; parentId?: string }): Promise<Comment> {
      const post = await posts.requirePost(actor, postId);
      if (post.status !== 'published') throw new AppError('conflict', 'This post does not take comments.');
      if (post.closed && !isModerator(actor))
        throw new AppError('conflict', 'This post is closed for comments.');
      let parentAuthorId: string | null = null;
      if (input.parentId) {
        const parent = await db
          .selectFrom('comments')
          .select(['id', 'parent_id', 'author_id'])
          .where('id', '=', input.parentId)
          .where('post_id', '=', postId)
          .executeTakeFirst();
        if (!parent) throw new AppError('not_found', 'The comment you reply to does not exist.');
        if (parent.parent_id)
          throw new AppError('validation_failed', 'Replies go one level deep.', [
            { path: 'parentId', message: 'reply to a top-level comment', code: 'custom' },
          ]);
        parentAuthorId = (parent.author_id as string | null) ?? null;
      }
      const rendered = await deps.render(input.body);
      const pending = !isModerator(actor) && Boolean(await deps.moderation?.needsApproval(actor));
      const id = uuidv7();
      const at = now();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('comments')
          .values({
            id,
            post_id: postId,
            parent_id: input.parentId ?? null,
            author_id: actor.id,
            body_md: input.body,
            body_html: rendered.html,
            body_text: rendered.text,
            status: pending ? 'pending' : 'published',
            created_at: at,
          })
          .execute();
        if (pending) return;
        // The row lock on the post serialises concurrent comments, so the count stays exact.
        await trx
          .updateTable('posts')
          .set((eb) => ({ comment_count: eb('comment_count', '+', 1), last_activity_at: at }))
          .where('id', '=', postId)
          .execute();
        await deps.emit(trx, {
          type: 'comment.created',
          commentId: id,
          postId,
          spaceId: post.space_id,
          authorId: actor.id,
          postAuthorId: post.author_id,
          parentAuthorId,
          mentions: rendered.mentions,
        });
      });
      if (!pending) {
        await deps
          .publish(`space:${post.space_id}`, { type: 'comment.created', data: { postId, commentId: id } })
          .catch(() => {});
      }
      const row = (await select().where('c.id', '=', id).executeTakeFirst()) as CommentRow;
      return (await present([row], actor, post.answer_comment_id))[0]!;
    },

    /** Edits a comment (author or moderator). */
    async update(actor: Actor, id: string, body: string): Promise<Comment> {
      const row = await requireComment(actor, id);
      if (row.status === 'deleted') throw new AppError('conflict', 'This comment was deleted.');
      const rendered = await deps.render(body);
      await db
        .updateTable('comments')
        .set({
          body_md: body,
          body_html: rendered.html,
          body_text: rendered.text,
          edited_at: now(),
          updated_at: now(),
        })
        .where('id', '=', id)
        .execute();
      const fresh = (await select().where('c.id', '=', id).executeTakeFirst()) as CommentRow;
      return (await present([fresh], actor, null))[0]!;
    },

    /**
     * Moderation decisions on a comment (moderators): publish a pending one, hide one, or restore it.
     * The post's comment count follows what members can see.
     */
    async setStatus(actor: Actor, id: string, status: 'published' | 'hidden'): Promise<Comment> {
      if (!isModerator(actor)) throw new AppError('forbidden', 'Only moderators can do this.');
      const row = (await select().where('c.id', '=', id).executeTakeFirst()) as CommentRow | undefined;
      if (!row) throw new AppError('not_found', 'No such comment.');
      const post = await posts.requirePost(actor, row.post_id);
      const wasVisible = row.status === 'published';
      const nowVisible = status === 'published';
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('comments').set({ status, updated_at: now() }).where('id', '=', id).execute();
        if (wasVisible !== nowVisible) {
          await trx
            .updateTable('posts')
            .set((eb) => ({ comment_count: eb('comment_count', nowVisible ? '+' : '-', 1) }))
            .where('id', '=', row.post_id)
            .execute();
        }
        if (row.status === 'pending' && nowVisible) {
          const full = await trx
            .selectFrom('comments')
            .select(['body_md', 'parent_id'])
            .where('id', '=', id)
            .executeTakeFirst();
          const parent = full?.parent_id
            ? await trx
                .selectFrom('comments')
                .select('author_id')
                .where('id', '=', full.parent_id as string)
                .executeTakeFirst()
            : undefined;
          const rendered = await deps.render(full?.body_md as string);
          await deps.emit(trx, {
            type: 'comment.created',
            commentId: id,
            postId: row.post_id,
            spaceId: post.space_id,
            authorId: row.author_id ?? '',
            postAuthorId: post.author_id,
            parentAuthorId: (parent?.author_id as string | null) ?? null,
            mentions: rendered.mentions,
          });
        }
      });
      await deps
        .publish(`space:${post.space_id}`, {
          type: 'comment.created',
          data: { postId: row.post_id, commentId: id },
        })
        .catch(() => {});
      const fresh = (await select().where('c.id', '=', id).executeTakeFirst()) as CommentRow;
      return (await present([fresh], actor, post.answer_comment_id))[0]!;
    },

    /** Comments waiting for approval, oldest first (moderators). */
    async pending(actor: Actor): Promise<Comment[]> {
      if (!isModerator(actor)) throw new AppError('forbidden', 'Only moderators can do this.');
      const rows = (await select()
        .where('c.status', '=', 'pending')
        .orderBy('c.created_at')
        .limit(100)
        .execute()) as CommentRow[];
      return present(rows, actor, null);
    },

    /** Where a comment lives: its post, for moderators and reports. */
    async postIdOf(id: string): Promise<string | null> {
      const r = await db.selectFrom('comments').select('post_id').where('id', '=', id).executeTakeFirst();
      return (r?.post_id as string | undefined) ?? null;
    },

    /** Soft-deletes a comment; the thread keeps a placeholder so replies still make sense. */
    async remove(actor: Actor, id: string): Promise<void> {
      const row = await requireComment(actor, id);
      if (row.status === 'deleted') return;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('comments')
          .set({ status: 'deleted', updated_at: now() })
          .where('id', '=', id)
          .execute();
        await trx
          .updateTable('posts')
          .set((eb) => ({ comment_count: eb('comment_count', '-', 1) }))
          .where('id', '=', row.post_id)
          .where('comment_count', '>', 0)
          .execute();
      });
    },
  };
}

export type CommentsService = ReturnType<typeof createCommentsService>;

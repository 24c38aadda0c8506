import { type Expression, type Kysely, sql } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../../platform/http/types.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { decodeCursor, encodeCursor } from '../../../platform/pagination.ts';
import type { CreatePost, Post } from '../schema.ts';
import { canPostInSpace, isModerator } from './policy.ts';
import { type PostRow, presentPosts, selectPosts } from './present.ts';
import { accessInfo, type SpacesService } from './spaces.ts';

/** Markdown in, safe HTML and plain text out (the platform content pipeline). */
export type Renderer = (
  markdown: string,
) => Promise<{ html: string; text: string; links: string[]; mentions: string[]; topics: string[] }>;

/** What happened in a space, for other modules (notifications, search…). */
export type SpaceEvent =
  | { type: 'post.published'; postId: string; spaceId: string; authorId: string; kind: string; mentions: string[] }
  | {
      type: 'comment.created';
      commentId: string;
      postId: string;
      spaceId: string;
      authorId: string;
      postAuthorId: string | null;
      parentAuthorId: string | null;
      mentions: string[];
    }
  | { type: 'answer.marked'; postId: string; spaceId: string; commentId: string; commentAuthorId: string | null; byId: string };

/**
 * Records a domain event inside the writing transaction, so it exists exactly when the change does;
 * `at` delays it (a scheduled reflection question is announced when it appears).
 */
export type Emitter = (trx: Kysely<any>, event: SpaceEvent, opts?: { at?: Date }) => Promise<void>;
export type Previewer = (url: string) => Promise<Post['linkPreview']>;
/** Tells live viewers about a change; called after the transaction committed. */
export type Publisher = (channel: string, event: { type: string; data: unknown }) => Promise<void>;

export interface PostsDeps {
  db: Kysely<any>;
  spaces: SpacesService;
  render: Renderer;
  preview: Previewer;
  publish: Publisher;
  emit: Emitter;
  /** Schedules the live "new post" announcement of a post that appears later (in its transaction). */
  announceLater?: (trx: Kysely<any>, post: { postId: string; spaceId: string }, at: Date) => Promise<void>;
  /** Attaches uploaded files to a new post inside its transaction. */
  attach: (trx: Kysely<any>, actor: Actor, postId: string, fileIds: string[]) => Promise<void>;
  /** Moderation's rules: does this actor's next contribution wait for approval? Whom do they mute? */
  moderation?: {
    needsApproval(actor: Actor): Promise<boolean>;
    mutedBy(actor: Actor): Promise<string[]>;
    /** `mutedBy` as a subquery (same database), so a feed filters without a query of its own. */
    mutedQuery?(actor: Actor): Expression<any>;
  };
  now?: () => Date;
}

const MAX_PAGE = 50;

/** Posts in spaces: writing, editing with history, moderation flags, feeds, reactions and poll votes. */
export function createPostsService(deps: PostsDeps) {
  const { db, spaces } = deps;
  const now = deps.now ?? (() => new Date());

  /** A post the actor may see (its space visible; scheduled/hidden ones only for author or moderators). */
  async function requirePost(actor: Actor | null, id: string): Promise<PostRow> {
    const row = (await selectPosts(db).where('p.id', '=', id).executeTakeFirst()) as PostRow | undefined;
    if (!row) throw new AppError('not_found', 'No such post.');
    await spaces.requireVisible(actor, row.space_id).catch(() => {
      throw new AppError('not_found', 'No such post.');
    });
    const own = actor !== null && row.author_id === actor.id;
    const visible = row.status === 'published' && row.publish_at <= now();
    if (!visible && !own && !isModerator(actor)) throw new AppError('not_found', 'No such post.');
    if (row.status === 'deleted' && !isModerator(actor)) throw new AppError('not_found', 'No such post.');
    return row;
  }

  function requireEditor(actor: Actor, row: PostRow): void {
    if (row.author_id !== actor.id && !isModerator(actor)) {
      throw new AppError('forbidden', 'Only the author or a moderator can change this post.');
    }
  }

  async function feed(
    actor: Actor | null,
    spaceIds: string[],
    q: { sort: 'new' | 'active'; cursor?: string; limit: number },
    opts: { pinnedFirst?: boolean } = {},
  ): Promise<{ items: Post[]; nextCursor: string | null }> {
    if (spaceIds.length === 0) return { items: [], nextCursor: null };
    const col = q.sort === 'active' ? 'p.last_activity_at' : 'p.publish_at';
    let query = selectPosts(db)
      .where('p.status', '=', 'published')
      .where('p.publish_at', '<=', now())
      .where('p.space_id', 'in', spaceIds);
    const mod = deps.moderation;
    if (actor && mod?.mutedQuery) {
      const mutedQ = mod.mutedQuery(actor);
      query = query.where((eb) => eb.or([eb('p.author_id', 'is', null), eb('p.author_id', 'not in', mutedQ)]));
    } else if (actor && mod) {
      const muted = await mod.mutedBy(actor);
      if (muted.length) query = query.where((eb) => eb.or([eb('p.author_id', 'is', null), eb('p.author_id', 'not in', muted)]));
    }
    // In a space, pinned posts lead the first page and are left out of the pages after it.
    let pinned: PostRow[] = [];
    if (opts.pinnedFirst) {
      if (!q.cursor) {
        pinned = (await query.where('p.pinned', '=', true).orderBy('p.publish_at', 'desc').limit(10).execute()) as PostRow[];
      }
      query = query.where('p.pinned', '=', false);
    }
    if (q.cursor) {
      const [ts, id] = decodeCursor(q.cursor);
      query = query.where(sql<boolean>`(${sql.ref(col)}, p.id) < (${ts}, ${id}::uuid)`);
    }
    const limit = Math.min(q.limit, MAX_PAGE);
    const rows = (await query
      .orderBy(col, 'desc')
      .orderBy('p.id', 'desc')
      .limit(limit + 1)
      .execute()) as PostRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const items = await presentPosts(db, [...pinned, ...page], actor, now());
    const ts = last ? (q.sort === 'active' ? last.last_activity_at : last.publish_at) : null;
    return { items, nextCursor: rows.length > limit && last && ts ? encodeCursor(ts, last.id) : null };
  }

  async function publishPostEvent(row: { id: string; space_id: string }, type: string) {
    await deps.publish(`space:${row.space_id}`, { type, data: { postId: row.id, spaceId: row.space_id } }).catch(() => {});
  }

  return {
    requirePost,

    /** Writes a post; reflection questions may be scheduled by moderators and hosts. */
    async create(actor: Actor, spaceIdOrSlug: string, input: CreatePost): Promise<Post> {
      const space = await spaces.requireVisible(actor, spaceIdOrSlug);
      const grants = await spaces.grantsOf(actor);
      if (!canPostInSpace(actor, accessInfo(space), grants)) {
        throw new AppError('forbidden', 'You cannot post in this space.');
      }
      if (input.kind === 'reflection' && !isModerator(actor)) {
        throw new AppError('forbidden', 'Reflection questions are posted by hosts.');
      }
      if (input.publishAt && input.kind !== 'reflection') {
        throw new AppError('validation_failed', 'Only reflection questions can be scheduled.', [
          { path: 'publishAt', message: 'only for reflection questions', code: 'custom' },
        ]);
      }
      if (input.kind === 'poll' && !input.poll) {
        throw new AppError('validation_failed', 'A poll needs options.', [{ path: 'poll', message: 'required', code: 'custom' }]);
      }
      if (input.kind !== 'poll' && input.poll) {
        throw new AppError('validation_failed', 'Options belong to polls.', [{ path: 'poll', message: 'not a poll', code: 'custom' }]);
      }
      if (input.kind === 'find' && !input.linkUrl) {
        throw new AppError('validation_failed', 'A find needs a link.', [{ path: 'linkUrl', message: 'required', code: 'custom' }]);
      }
      if (!input.body.trim() && !input.title && input.kind !== 'find') {
        throw new AppError('validation_failed', 'Write something first.', [{ path: 'body', message: 'required', code: 'custom' }]);
      }
      const rendered = await deps.render(input.body);
      const linkUrl = input.linkUrl ?? (input.kind === 'find' ? null : (rendered.links[0] ?? null));
      const linkPreview = linkUrl ? await deps.preview(linkUrl) : null;
      const publishAt = input.publishAt ? new Date(input.publishAt) : now();
      const pending = !isModerator(actor) && Boolean(await deps.moderation?.needsApproval(actor));
      const id = uuidv7();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('posts')
          .values({
            id,
            space_id: space.id,
            author_id: actor.id,
            kind: input.kind,
            title: input.title ?? null,
            body_md: input.body,
            body_html: rendered.html,
            body_text: rendered.text,
            link_url: linkUrl,
            link_preview: linkPreview ? JSON.stringify(linkPreview) : null,
            status: pending ? 'pending' : 'published',
            publish_at: publishAt,
            last_activity_at: publishAt,
          })
          .execute();
        if (input.attachmentIds?.length) await deps.attach(trx, actor, id, input.attachmentIds);
        if (input.poll) {
          await trx
            .insertInto('polls')
            .values({
              post_id: id,
              multiple: input.poll.multiple,
              closes_at: input.poll.closesAt ? new Date(input.poll.closesAt) : null,
              results: input.poll.results,
            })
            .execute();
          await trx
            .insertInto('poll_options')
            .values(input.poll.options.map((label, position) => ({ id: uuidv7(), post_id: id, position, label })))
            .execute();
        }
        if (!pending && publishAt > now()) await deps.announceLater?.(trx, { postId: id, spaceId: space.id }, publishAt);
        if (!pending) {
          await deps.emit(
            trx,
            { type: 'post.published', postId: id, spaceId: space.id, authorId: actor.id, kind: input.kind, mentions: rendered.mentions },
            { at: publishAt },
          );
        }
      });
      if (!pending && publishAt <= now()) await publishPostEvent({ id, space_id: space.id }, 'post.created');
      return this.get(actor, id);
    },

    /** One post; opening it marks it read. */
    async get(actor: Actor | null, id: string): Promise<Post> {
      const row = await requirePost(actor, id);
      const [post] = await presentPosts(db, [row], actor, now());
      if (actor) {
        await db
          .insertInto('post_reads')
          .values({ user_id: actor.id, post_id: id, read_at: now() })
          .onConflict((oc) => oc.columns(['user_id', 'post_id']).doUpdateSet({ read_at: now() }))
          .execute();
      }
      return post!;
    },

    /** A space's feed, newest or most active first, keyset-paginated. */
    async spaceFeed(actor: Actor | null, spaceIdOrSlug: string, q: { sort: 'new' | 'active'; cursor?: string; limit: number }) {
      const space = await spaces.requireVisible(actor, spaceIdOrSlug);
      return feed(actor, [space.id], q, { pinnedFirst: true });
    },

    /** The home feed: every space the actor is in (non-optional spaces and joined optional ones). */
    async homeFeed(actor: Actor | null, q: { sort: 'new' | 'active'; cursor?: string; limit: number }) {
      const { spaces: visible, joined } = await spaces.visibleSpaces(actor);
      const ids = visible.filter((s) => !actor || !s.optional || joined.has(s.id)).map((s) => s.id);
      return feed(actor, ids, q);
    },

    /**
     * What is new in the actor's spaces since their last visit (a visit ends after 30 minutes without
     * looking at the home feed), and records this look. Own posts and comments do not count.
     */
    async sinceLastVisit(actor: Actor): Promise<{ since: string | null; newPosts: number; newComments: number }> {
      const at = now();
      const row = await db.selectFrom('feed_visits').select(['seen_at', 'previous_seen_at']).where('user_id', '=', actor.id).executeTakeFirst();
      const seen = row?.seen_at as Date | undefined;
      const previous = seen && at.getTime() - seen.getTime() > 30 * 60_000 ? seen : ((row?.previous_seen_at as Date | null) ?? null);
      await db
        .insertInto('feed_visits')
        .values({ user_id: actor.id, seen_at: at, previous_seen_at: previous })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ seen_at: at, previous_seen_at: previous }))
        .execute();
      if (!previous) return { since: null, newPosts: 0, newComments: 0 };
      const { spaces: visible, joined } = await spaces.visibleSpaces(actor);
      const ids = visible.filter((s) => !s.optional || joined.has(s.id)).map((s) => s.id);
      if (ids.length === 0) return { since: previous.toISOString(), newPosts: 0, newComments: 0 };
      const muted = deps.moderation ? await deps.moderation.mutedBy(actor) : [];
      const notMine = [actor.id, ...muted];
      const posts = await db
        .selectFrom('posts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('space_id', 'in', ids)
        .where('status', '=', 'published')
        .where('publish_at', '>', previous)
        .where('publish_at', '<=', at)
        .where((eb) => eb.or([eb('author_id', 'is', null), eb('author_id', 'not in', notMine)]))
        .executeTakeFirst();
      const comments = await db
        .selectFrom('comments as c')
        .innerJoin('posts as p', 'p.id', 'c.post_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('p.space_id', 'in', ids)
        .where('p.status', '=', 'published')
        .where('p.publish_at', '<=', at)
        .where('c.status', '=', 'published')
        .where('c.created_at', '>', previous)
        .where((eb) => eb.or([eb('c.author_id', 'is', null), eb('c.author_id', 'not in', notMine)]))
        .executeTakeFirst();
      return { since: previous.toISOString(), newPosts: Number(posts?.n ?? 0), newComments: Number(comments?.n ?? 0) };
    },

    /** Edits title or body, keeping the previous version in the history. */
    async update(actor: Actor, id: string, patch: { title?: string | null; body?: string }): Promise<Post> {
      const row = await requirePost(actor, id);
      requireEditor(actor, row);
      if (row.status === 'deleted') throw new AppError('conflict', 'Restore the post before editing it.');
      const rendered = patch.body !== undefined ? await deps.render(patch.body) : null;
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('post_revisions')
          .values({ id: uuidv7(), post_id: id, title: row.title, body_md: row.body_md, edited_by: actor.id })
          .execute();
        await trx
          .updateTable('posts')
          .set({
            ...(patch.title !== undefined ? { title: patch.title } : {}),
            ...(rendered ? { body_md: patch.body, body_html: rendered.html, body_text: rendered.text } : {}),
            edited_at: now(),
            updated_at: now(),
          })
          .where('id', '=', id)
          .execute();
      });
      await publishPostEvent(row, 'post.updated');
      return this.get(actor, id);
    },

    /** Earlier versions of a post, newest first (author and moderators). */
    async revisions(actor: Actor, id: string) {
      const row = await requirePost(actor, id);
      requireEditor(actor, row);
      const revs = await db
        .selectFrom('post_revisions')
        .select(['id', 'title', 'body_md', 'edited_by', 'created_at'])
        .where('post_id', '=', id)
        .orderBy('created_at', 'desc')
        .execute();
      return revs.map((r) => ({
        id: r.id as string,
        title: r.title as string | null,
        body: r.body_md as string,
        editedBy: r.edited_by as string | null,
        createdAt: (r.created_at as Date).toISOString(),
      }));
    },

    /** Soft-deletes a post (author or moderator); moderators can restore it. */
    async remove(actor: Actor, id: string): Promise<void> {
      const row = await requirePost(actor, id);
      requireEditor(actor, row);
      await db
        .updateTable('posts')
        .set({ status: 'deleted', deleted_at: now(), deleted_by: actor.id, updated_at: now() })
        .where('id', '=', id)
        .execute();
      await publishPostEvent(row, 'post.deleted');
    },

    /**
     * Moderation decisions on a post (moderators): publish a pending one (announced then, as if new),
     * hide one from everyone but moderators, or bring a hidden one back.
     */
    async setStatus(actor: Actor, id: string, status: 'published' | 'hidden'): Promise<Post> {
      if (!isModerator(actor)) throw new AppError('forbidden', 'Only moderators can do this.');
      const row = await requirePost(actor, id);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('posts').set({ status, updated_at: now() }).where('id', '=', id).execute();
        if (row.status === 'pending' && status === 'published') {
          const full = await trx.selectFrom('posts').select(['body_md', 'author_id']).where('id', '=', id).executeTakeFirst();
          const rendered = await deps.render(full?.body_md as string);
          await deps.emit(trx, {
            type: 'post.published',
            postId: id,
            spaceId: row.space_id,
            authorId: (full?.author_id as string) ?? '',
            kind: row.kind,
            mentions: rendered.mentions,
          });
        }
      });
      await publishPostEvent(row, status === 'published' ? 'post.created' : 'post.deleted');
      return this.get(actor, id);
    },

    /** Posts waiting for approval, oldest first (moderators). */
    async pending(actor: Actor): Promise<Post[]> {
      if (!isModerator(actor)) throw new AppError('forbidden', 'Only moderators can do this.');
      const rows = (await selectPosts(db).where('p.status', '=', 'pending').orderBy('p.created_at').limit(100).execute()) as PostRow[];
      return presentPosts(db, rows, actor, now());
    },

    /** Brings a deleted or hidden post back (moderators). */
    async restore(actor: Actor, id: string): Promise<Post> {
      if (!isModerator(actor)) throw new AppError('forbidden', 'Only moderators can restore posts.');
      await requirePost(actor, id);
      await db
        .updateTable('posts')
        .set({ status: 'published', deleted_at: null, deleted_by: null, updated_at: now() })
        .where('id', '=', id)
        .execute();
      return this.get(actor, id);
    },

    /** Pins/unpins or closes/opens a post for comments (moderators). */
    async setFlags(actor: Actor, id: string, flags: { pinned?: boolean; closed?: boolean }): Promise<Post> {
      if (!isModerator(actor)) throw new AppError('forbidden', 'Only moderators can pin or close posts.');
      const row = await requirePost(actor, id);
      await db
        .updateTable('posts')
        .set({ ...flags, updated_at: now() })
        .where('id', '=', id)
        .execute();
      await publishPostEvent(row, 'post.updated');
      return this.get(actor, id);
    },

    /** Marks (or clears) the answer of a question: its author or a moderator. */
    async markAnswer(actor: Actor, id: string, commentId: string | null): Promise<Post> {
      const row = await requirePost(actor, id);
      requireEditor(actor, row);
      if (row.kind !== 'question') throw new AppError('conflict', 'Only questions have answers.');
      if (commentId) {
        const c = await db
          .selectFrom('comments')
          .select('id')
          .where('id', '=', commentId)
          .where('post_id', '=', id)
          .where('status', '=', 'published')
          .executeTakeFirst();
        if (!c) throw new AppError('not_found', 'No such comment on this question.');
      }
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('posts').set({ answer_comment_id: commentId, updated_at: now() }).where('id', '=', id).execute();
        if (commentId && commentId !== row.answer_comment_id) {
          const c = await trx.selectFrom('comments').select('author_id').where('id', '=', commentId).executeTakeFirst();
          await deps.emit(trx, {
            type: 'answer.marked',
            postId: id,
            spaceId: row.space_id,
            commentId,
            commentAuthorId: (c?.author_id as string | null) ?? null,
            byId: actor.id,
          });
        }
      });
      await publishPostEvent(row, 'post.updated');
      return this.get(actor, id);
    },

    /** Adds or removes the actor's reaction; counts come from the reactions themselves, so they stay exact. */
    async react(actor: Actor, target: { type: 'post' | 'comment'; id: string }, emoji: string, on: boolean) {
      const postId =
        target.type === 'post'
          ? target.id
          : ((
              await db
                .selectFrom('comments')
                .select('post_id')
                .where('id', '=', target.id)
                .where('status', '=', 'published')
                .executeTakeFirst()
            )?.post_id as string | undefined);
      if (!postId) throw new AppError('not_found', 'No such comment.');
      const row = await requirePost(actor, postId);
      if (on) {
        await db
          .insertInto('reactions')
          .values({ target_type: target.type, target_id: target.id, user_id: actor.id, emoji })
          .onConflict((oc) => oc.doNothing())
          .execute();
      } else {
        await db
          .deleteFrom('reactions')
          .where('target_type', '=', target.type)
          .where('target_id', '=', target.id)
          .where('user_id', '=', actor.id)
          .where('emoji', '=', emoji)
          .execute();
      }
      const counts = await db
        .selectFrom('reactions')
        .select(['emoji', (eb) => eb.fn.countAll<number>().as('n')])
        .where('target_type', '=', target.type)
        .where('target_id', '=', target.id)
        .groupBy('emoji')
        .execute();
      const reactions = Object.fromEntries(counts.map((c) => [c.emoji as string, Number(c.n)]));
      await deps
        .publish(`space:${row.space_id}`, { type: 'reaction.changed', data: { target, postId, reactions } })
        .catch(() => {});
      return { reactions };
    },

    /** Casts or replaces the actor's vote in a poll. */
    async vote(actor: Actor, id: string, optionIds: string[]): Promise<Post> {
      const row = await requirePost(actor, id);
      const poll = await db.selectFrom('polls').selectAll().where('post_id', '=', id).executeTakeFirst();
      if (!poll) throw new AppError('not_found', 'This post has no poll.');
      if (poll.closes_at && (poll.closes_at as Date) <= now()) throw new AppError('conflict', 'This poll is closed.');
      const unique = [...new Set(optionIds)];
      if (unique.length === 0) throw new AppError('validation_failed', 'Choose an option.', [{ path: 'optionIds', message: 'required', code: 'custom' }]);
      if (!poll.multiple && unique.length > 1) {
        throw new AppError('validation_failed', 'Choose one option.', [{ path: 'optionIds', message: 'single choice', code: 'custom' }]);
      }
      const valid = await db.selectFrom('poll_options').select('id').where('post_id', '=', id).where('id', 'in', unique).execute();
      if (valid.length !== unique.length) throw new AppError('validation_failed', 'Unknown option.', [{ path: 'optionIds', message: 'unknown', code: 'custom' }]);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('poll_votes').where('post_id', '=', id).where('user_id', '=', actor.id).execute();
        await trx.insertInto('poll_votes').values(unique.map((option_id) => ({ option_id, post_id: id, user_id: actor.id }))).execute();
      });
      await publishPostEvent(row, 'poll.voted');
      return this.get(actor, id);
    },
  };
}

export type PostsService = ReturnType<typeof createPostsService>;

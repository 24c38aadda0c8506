import { type Kysely, sql } from 'kysely';
import type { Actor, Role } from '../../../platform/http/types.ts';

/*
 * Read-only look-ups of other modules' rows that notifications need in bulk (who a member is, what a
 * post or comment says). The spaces and accounts services have no batch functions for this yet; this
 * file is the one place that reads their tables, so replacing it with service calls later is local.
 * Every access decision still goes through the spaces service (see `SpacesAccess`).
 */

export interface PostInfo {
  id: string;
  spaceId: string;
  spaceName: string;
  spaceSlug: string;
  spaceOptional: boolean;
  authorId: string | null;
  kind: string;
  title: string | null;
  text: string;
  /** Published and due (a scheduled reflection question only counts from its publish time). */
  live: boolean;
}

export interface CommentInfo {
  id: string;
  postId: string;
  authorId: string | null;
  text: string;
  published: boolean;
}

export interface Recipient {
  actor: Actor;
  emailVerified: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: reads other modules' tables
export function createContentLookup(db: Kysely<any>, now: () => Date) {
  return {
    async post(id: string): Promise<PostInfo | null> {
      const r = await db
        .selectFrom('posts as p')
        .innerJoin('spaces as s', 's.id', 'p.space_id')
        .select([
          'p.id',
          'p.space_id',
          's.name as space_name',
          's.slug as space_slug',
          's.optional as space_optional',
          'p.author_id',
          'p.kind',
          'p.title',
          'p.body_text',
          'p.status',
          'p.publish_at',
          's.archived_at',
        ])
        .where('p.id', '=', id)
        .executeTakeFirst();
      if (!r) return null;
      return {
        id: r.id as string,
        spaceId: r.space_id as string,
        spaceName: r.space_name as string,
        spaceSlug: r.space_slug as string,
        spaceOptional: Boolean(r.space_optional),
        authorId: (r.author_id as string | null) ?? null,
        kind: r.kind as string,
        title: (r.title as string | null) ?? null,
        text: r.body_text as string,
        live: r.status === 'published' && (r.publish_at as Date) <= now() && r.archived_at === null,
      };
    },

    async comment(id: string): Promise<CommentInfo | null> {
      const r = await db
        .selectFrom('comments')
        .select(['id', 'post_id', 'author_id', 'body_text', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!r) return null;
      return {
        id: r.id as string,
        postId: r.post_id as string,
        authorId: (r.author_id as string | null) ?? null,
        text: r.body_text as string,
        published: r.status === 'published',
      };
    },

    /** Members as actors (what the spaces policy asks about), by id. */
    async recipients(ids: string[]): Promise<Map<string, Recipient>> {
      const out = new Map<string, Recipient>();
      if (ids.length === 0) return out;
      const rows = await db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'role', 'locale', 'emailVerified'])
        .where('id', 'in', ids)
        .execute();
      for (const r of rows) out.set(r.id as string, toRecipient(r));
      return out;
    },

    /** Every member with a verified address: who a reflection question may reach. */
    async allMembers(): Promise<Map<string, Recipient>> {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'role', 'locale', 'emailVerified'])
        .where('emailVerified', '=', true)
        .execute();
      return new Map(rows.map((r) => [r.id as string, toRecipient(r)]));
    },

    /** Ids of the members of an optional space. */
    async joinedMembers(spaceId: string): Promise<Set<string>> {
      const rows = await db.selectFrom('space_members').select('user_id').where('space_id', '=', spaceId).execute();
      return new Set(rows.map((r) => r.user_id as string));
    },

    /** Display names of members, for mails. */
    async names(ids: string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id as string, r.name as string]));
    },

    /**
     * What a list of notifications shows: actor, space, post title, snippet. Notifications whose post or
     * comment is gone (deleted, hidden) are left out.
     */
    async summaries(
      rows: { id: string; post_id: string; comment_id: string | null; actor_id: string | null }[],
    ): Promise<Map<string, Summary>> {
      const out = new Map<string, Summary>();
      if (rows.length === 0) return out;
      const postIds = [...new Set(rows.map((r) => r.post_id))];
      const commentIds = [...new Set(rows.flatMap((r) => (r.comment_id ? [r.comment_id] : [])))];
      const actorIds = [...new Set(rows.flatMap((r) => (r.actor_id ? [r.actor_id] : [])))];
      const [posts, comments, actors] = await Promise.all([
        db
          .selectFrom('posts as p')
          .innerJoin('spaces as s', 's.id', 'p.space_id')
          .select(['p.id', 'p.title', sql<string>`left(p.body_text, 200)`.as('text'), 's.id as space_id', 's.name as space_name', 's.slug as space_slug'])
          .where('p.id', 'in', postIds)
          .where('p.status', '=', 'published')
          .where('p.publish_at', '<=', now())
          .execute(),
        commentIds.length
          ? db
              .selectFrom('comments')
              .select(['id', sql<string>`left(body_text, 200)`.as('text')])
              .where('id', 'in', commentIds)
              .where('status', '=', 'published')
              .execute()
          : Promise.resolve([]),
        actorIds.length
          ? db.selectFrom('users').select(['id', 'name', 'image']).where('id', 'in', actorIds).execute()
          : Promise.resolve([]),
      ]);
      const postMap = new Map(posts.map((p) => [p.id as string, p]));
      const commentMap = new Map(comments.map((c) => [c.id as string, c.text as string]));
      const actorMap = new Map(actors.map((a) => [a.id as string, a]));
      for (const r of rows) {
        const p = postMap.get(r.post_id);
        if (!p) continue;
        const commentText = r.comment_id ? commentMap.get(r.comment_id) : undefined;
        if (r.comment_id && commentText === undefined) continue;
        const a = r.actor_id ? actorMap.get(r.actor_id) : undefined;
        out.set(r.id, {
          actor: a ? { id: a.id as string, name: a.name as string, image: (a.image as string | null) ?? null } : null,
          space: { id: p.space_id as string, slug: p.space_slug as string, name: p.space_name as string },
          post: { id: p.id as string, title: (p.title as string | null) ?? null },
          snippet: snippet(commentText ?? ((p.title as string | null) || (p.text as string))),
        });
      }
      return out;
    },
  };
}

export interface Summary {
  actor: { id: string; name: string; image: string | null } | null;
  space: { id: string; slug: string; name: string };
  post: { id: string; title: string | null };
  snippet: string;
}

export type ContentLookup = ReturnType<typeof createContentLookup>;

function toRecipient(r: Record<string, unknown>): Recipient {
  return {
    actor: {
      id: r.id as string,
      email: r.email as string,
      name: r.name as string,
      role: r.role as Role,
      locale: r.locale as string,
      sessionId: '',
    },
    emailVerified: Boolean(r.emailVerified),
  };
}

/** Plain text shortened to `max` characters on a word boundary, whitespace collapsed. */
export function snippet(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

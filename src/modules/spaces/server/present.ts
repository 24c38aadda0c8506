import type { Kysely } from 'kysely';
import type { Actor } from '../../../platform/http/types.ts';
import type { Post } from '../schema.ts';
import { attachmentsFor } from './attachments.ts';
import { isModerator } from './policy.ts';

/** The columns a post is presented from (posts p, spaces s, users u). */
export interface PostRow {
  id: string;
  space_id: string;
  space_slug: string;
  space_name: string;
  kind: Post['kind'];
  title: string | null;
  body_html: string;
  body_md: string;
  author_id: string | null;
  author_name: string | null;
  author_image: string | null;
  link_url: string | null;
  link_preview: Post['linkPreview'];
  status: Post['status'];
  publish_at: Date;
  pinned: boolean;
  closed: boolean;
  answer_comment_id: string | null;
  comment_count: number;
  created_at: Date;
  edited_at: Date | null;
  last_activity_at: Date;
}

/** Selects everything `PostRow` needs; callers add where/order/limit. */
export function selectPosts(db: Kysely<any>) {
  return db
    .selectFrom('posts as p')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .leftJoin('users as u', 'u.id', 'p.author_id')
    .select([
      'p.id',
      'p.space_id',
      's.slug as space_slug',
      's.name as space_name',
      'p.kind',
      'p.title',
      'p.body_html',
      'p.body_md',
      'p.author_id',
      'u.name as author_name',
      'u.image as author_image',
      'p.link_url',
      'p.link_preview',
      'p.status',
      'p.publish_at',
      'p.pinned',
      'p.closed',
      'p.answer_comment_id',
      'p.comment_count',
      'p.created_at',
      'p.edited_at',
      'p.last_activity_at',
    ]);
}

/** Reaction counts per target and the actor's own reactions, in two queries for a whole page. */
export async function reactionsFor(db: Kysely<any>, type: 'post' | 'comment', ids: string[], actor: Actor | null) {
  const counts = new Map<string, Record<string, number>>();
  const mine = new Map<string, string[]>();
  if (ids.length === 0) return { counts, mine };
  const rows = await db
    .selectFrom('reactions')
    .select(['target_id', 'emoji', (eb) => eb.fn.countAll<number>().as('n')])
    .where('target_type', '=', type)
    .where('target_id', 'in', ids)
    .groupBy(['target_id', 'emoji'])
    .execute();
  for (const r of rows) {
    const m = counts.get(r.target_id) ?? {};
    m[r.emoji] = Number(r.n);
    counts.set(r.target_id, m);
  }
  if (actor) {
    const own = await db
      .selectFrom('reactions')
      .select(['target_id', 'emoji'])
      .where('target_type', '=', type)
      .where('target_id', 'in', ids)
      .where('user_id', '=', actor.id)
      .execute();
    for (const r of own) mine.set(r.target_id, [...(mine.get(r.target_id) ?? []), r.emoji]);
  }
  return { counts, mine };
}

/** Poll state for the polls among `ids`, with results only where the actor may see them. */
export async function pollsFor(db: Kysely<any>, ids: string[], actor: Actor | null, now: Date) {
  const out = new Map<string, NonNullable<Post['poll']>>();
  if (ids.length === 0) return out;
  const polls = await db.selectFrom('polls').selectAll().where('post_id', 'in', ids).execute();
  if (polls.length === 0) return out;
  const pollIds = polls.map((p) => p.post_id as string);
  const options = await db
    .selectFrom('poll_options as o')
    .leftJoin('poll_votes as v', 'v.option_id', 'o.id')
    .select(['o.id', 'o.post_id', 'o.label', 'o.position', (eb) => eb.fn.count<number>('v.user_id').as('votes')])
    .where('o.post_id', 'in', pollIds)
    .groupBy(['o.id', 'o.post_id', 'o.label', 'o.position'])
    .orderBy('o.position')
    .execute();
  const voters = await db
    .selectFrom('poll_votes')
    .select(['post_id', (eb) => eb.fn.count<number>('user_id').distinct().as('n')])
    .where('post_id', 'in', pollIds)
    .groupBy('post_id')
    .execute();
  const myVotes = actor
    ? await db
        .selectFrom('poll_votes')
        .select(['post_id', 'option_id'])
        .where('post_id', 'in', pollIds)
        .where('user_id', '=', actor.id)
        .execute()
    : [];
  for (const p of polls) {
    const closesAt = p.closes_at as Date | null;
    const closed = closesAt !== null && closesAt <= now;
    const mine = myVotes.filter((v) => v.post_id === p.post_id).map((v) => v.option_id as string);
    const visible = closed || (p.results === 'after_vote' && mine.length > 0) || isModerator(actor);
    out.set(p.post_id, {
      multiple: p.multiple,
      closesAt: closesAt?.toISOString() ?? null,
      closed,
      results: p.results,
      myVotes: mine,
      totalVoters: visible ? Number(voters.find((v) => v.post_id === p.post_id)?.n ?? 0) : null,
      options: options
        .filter((o) => o.post_id === p.post_id)
        .map((o) => ({ id: o.id as string, label: o.label as string, votes: visible ? Number(o.votes) : null })),
    });
  }
  return out;
}

/** Which posts the actor has not opened since their last activity. */
export async function unreadFor(db: Kysely<any>, rows: PostRow[], actor: Actor | null): Promise<Set<string>> {
  const unread = new Set<string>();
  if (!actor || rows.length === 0) return unread;
  const reads = await db
    .selectFrom('post_reads')
    .select(['post_id', 'read_at'])
    .where('user_id', '=', actor.id)
    .where(
      'post_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const readAt = new Map(reads.map((r) => [r.post_id as string, r.read_at as Date]));
  for (const r of rows) {
    if (r.author_id === actor.id) continue;
    const at = readAt.get(r.id);
    if (!at || at < r.last_activity_at) unread.add(r.id);
  }
  return unread;
}

/** Turns rows into API posts, loading reactions, polls and read markers for the whole page at once. */
export async function presentPosts(db: Kysely<any>, rows: PostRow[], actor: Actor | null, now: Date): Promise<Post[]> {
  const ids = rows.map((r) => r.id);
  const [{ counts, mine }, polls, unread, files] = await Promise.all([
    reactionsFor(db, 'post', ids, actor),
    pollsFor(db, ids, actor, now),
    unreadFor(db, rows, actor),
    attachmentsFor(db, ids),
  ]);
  return rows.map((r) => {
    const own = actor !== null && r.author_id === actor.id;
    return {
      id: r.id,
      spaceId: r.space_id,
      spaceSlug: r.space_slug,
      spaceName: r.space_name,
      kind: r.kind,
      title: r.title,
      bodyHtml: r.status === 'deleted' ? '' : r.body_html,
      ...(own ? { bodyMd: r.body_md } : {}),
      author: r.author_id ? { id: r.author_id, name: r.author_name ?? '', image: r.author_image } : null,
      linkUrl: r.link_url,
      linkPreview: r.link_preview,
      status: r.status,
      publishAt: r.publish_at.toISOString(),
      scheduled: r.publish_at > now,
      pinned: r.pinned,
      closed: r.closed,
      answerCommentId: r.answer_comment_id,
      commentCount: r.comment_count,
      reactions: counts.get(r.id) ?? {},
      myReactions: mine.get(r.id) ?? [],
      unread: unread.has(r.id),
      createdAt: r.created_at.toISOString(),
      editedAt: r.edited_at?.toISOString() ?? null,
      lastActivityAt: r.last_activity_at.toISOString(),
      poll: polls.get(r.id) ?? null,
      attachments: r.status === 'deleted' ? [] : (files.get(r.id) ?? []),
      canEdit: own || isModerator(actor),
      canModerate: isModerator(actor),
    };
  });
}

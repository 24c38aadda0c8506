import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../../platform/http/types.ts';
import type { Post } from '../schema.ts';
import { presentAttachment } from './attachments.ts';
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

interface PostExtras {
  id: string;
  reactions: Record<string, number>;
  mine: string[];
  read_at: Date | null;
  has_poll: boolean;
  attachments: Parameters<typeof presentAttachment>[0][];
}

/**
 * Everything a page of posts needs besides its rows, in one round trip: reaction counts, the actor's
 * own reactions and read marker, whether a poll is attached, and the attachments. Each part is a
 * subquery on a primary key or index prefix per post (a feed page has at most 60 posts).
 */
async function extrasFor(db: Kysely<any>, ids: string[], actor: Actor | null): Promise<Map<string, PostExtras>> {
  const me = actor?.id ?? null;
  const { rows } = await sql<PostExtras>`
    select x.id,
      coalesce((select jsonb_object_agg(e.emoji, e.n) from (
        select r.emoji, count(*)::int as n from reactions r
         where r.target_type = 'post' and r.target_id = x.id group by r.emoji) e), '{}'::jsonb) as reactions,
      array(select r.emoji from reactions r
             where r.target_type = 'post' and r.target_id = x.id and r.user_id = ${me}::text
             order by r.created_at) as mine,
      (select pr.read_at from post_reads pr where pr.user_id = ${me}::text and pr.post_id = x.id) as read_at,
      exists (select 1 from polls pl where pl.post_id = x.id) as has_poll,
      coalesce((select json_agg(json_build_object('id', f.id, 'content_type', f.content_type,
          'size_bytes', f.size_bytes, 'original_name', f.original_name, 'width', f.width, 'height', f.height)
          order by a.position)
        from post_attachments a join files f on f.id = a.file_id where a.post_id = x.id), '[]'::json) as attachments
    from unnest(${ids}::uuid[]) as x(id)`.execute(db);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Turns rows into API posts, loading reactions, polls and read markers for the whole page at once. */
export async function presentPosts(db: Kysely<any>, rows: PostRow[], actor: Actor | null, now: Date): Promise<Post[]> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const extras = await extrasFor(db, ids, actor);
  const withPoll = ids.filter((id) => extras.get(id)?.has_poll);
  const polls = withPoll.length ? await pollsFor(db, withPoll, actor, now) : new Map<string, NonNullable<Post['poll']>>();
  return rows.map((r) => {
    const own = actor !== null && r.author_id === actor.id;
    const x = extras.get(r.id);
    const readAt = x?.read_at ?? null;
    // Unread: not opened since its last activity (own posts never count).
    const unread = actor !== null && !own && (!readAt || readAt < r.last_activity_at);
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
      reactions: x?.reactions ?? {},
      myReactions: x?.mine ?? [],
      unread,
      createdAt: r.created_at.toISOString(),
      editedAt: r.edited_at?.toISOString() ?? null,
      lastActivityAt: r.last_activity_at.toISOString(),
      poll: polls.get(r.id) ?? null,
      attachments: r.status === 'deleted' ? [] : (x?.attachments ?? []).map(presentAttachment),
      canEdit: own || isModerator(actor),
      canModerate: isModerator(actor),
    };
  });
}

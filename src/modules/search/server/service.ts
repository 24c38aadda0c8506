import { type Kysely, type RawBuilder, sql } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../../platform/http/types.ts';
import type { SearchHit, SearchPage, SearchQuery } from '../schema.ts';
import { type ParsedQuery, parseQuery, type Term, termSource, topicPattern } from './query.ts';
import { excerpt, HEADLINE_OPTIONS, markCount, snippetHtml } from './snippet.ts';

/** What search needs from the spaces module: the spaces an actor may see (it owns that rule). */
export interface VisibleSpaces {
  visibleSpaces(actor: Actor | null): Promise<{ spaces: Array<{ id: string; slug: string; name: string }> }>;
}

export interface SearchDeps {
  db: Kysely<any>;
  spaces: VisibleSpaces;
  /** Authors whose content the actor muted or blocked (moderation module); optional. */
  muted?: (actor: Actor) => Promise<string[]>;
  now?: () => Date;
  /** A fixed match cap instead of √(MATCH_CAP_FACTOR × rows), for tests of the primary-key walk. */
  matchCap?: number;
}

/**
 * Ranking looks at the newest WINDOW matches of each kind. A word found in a third of a million
 * comments would otherwise be ranked row by row on every request (~0.6 s at 200k comments).
 */
export const WINDOW = 1000;

/**
 * How the newest WINDOW matches of a kind are found. `order by id desc limit WINDOW` alone lets
 * PostgreSQL walk the primary key (UUIDv7, so time order) backwards and test every row's vector: fast
 * for a common word (the walk stops early), but through the whole table for a word in fewer than
 * WINDOW rows, or in fewer than about one row in WINDOW (1.7 s for "Workshop" at 1M comments). The
 * planner cannot tell these apart: it overestimates words (three stemmings OR-ed).
 *
 * So the matches come from the GIN index first, at most `cap` + 1 of them, into a materialised CTE of
 * narrow rows (the tsquery is an InitPlan there, so the planner has no estimate to switch to another
 * scan on). With at most `cap` matches, those are all of them: filtered, sorted and cut in memory, the
 * post of a comment looked up newest first until the window is full. A word with more matches walks
 * the primary key instead, which then ends after about WINDOW × rows / `cap` rows. Reading a match
 * from the index costs about twice a step of the walk, so both cost about the same at
 * cap = √(MATCH_CAP_FACTOR × rows) (20,000 at 1M comments): that bounds either path. Both give the
 * same window; only the vectors of the window are read again for ranking.
 */
export const MATCH_CAP_FACTOR = 400;
const MIN_CAP = 1000;

type Row = {
  type: 'post' | 'comment' | 'member';
  id: string;
  rank: number;
  post_id: string | null;
  post_title: string | null;
  post_text: string | null;
  space_name: string | null;
  created_at: Date;
  author_id: string | null;
  author_name: string | null;
  author_image: string | null;
  h_de: string;
  h_en: string;
  h_sv: string;
};

function encodeCursor(rank: number, id: string): string {
  return Buffer.from(JSON.stringify([rank, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      Number.isFinite(v[0]) &&
      typeof v[1] === 'string' &&
      v[1].length <= 100
    ) {
      return [v[0] as number, v[1] as string];
    }
  } catch {
    // falls through to the 400
  }
  throw new AppError('validation_failed', 'Invalid cursor.', [
    { path: 'cursor', message: 'invalid', code: 'custom' },
  ]);
}

function dateBound(v: string | undefined, end: boolean): Date | null {
  if (!v) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00.000Z`);
    // A bare `to` date includes that whole day.
    return end ? new Date(d.getTime() + 86_400_000) : d;
  }
  const d = new Date(v);
  return end ? new Date(d.getTime() + 1) : d;
}

/** One term as a tsquery: the word read by all three stemmers, lowercased like the stored vectors. */
function termQuery(t: Term): RawBuilder<unknown> {
  const q = sql`search_query(lower(${termSource(t)}::text collate "pg_c_utf8"))`;
  return t.negated ? sql`(!! ${q})` : q;
}

/** The whole query: OR of AND-groups. */
function tsQuery(p: ParsedQuery): RawBuilder<unknown> {
  const groups = p.groups.map((g) => sql`(${sql.join(g.map(termQuery), sql` && `)})`);
  return sql`(${sql.join(groups, sql` || `)})`;
}

/**
 * The query for highlighting: every positive term, OR-ed, lowercased and also capitalised. In the C
 * locale `ts_headline` reads "Übung" in the original text as `Übung`, which only the capitalised
 * variant of the query contains.
 */
function headlineQuery(p: ParsedQuery): RawBuilder<unknown> {
  const src = p.positive.map(termSource);
  const lower = src.join(' or ');
  const capital = src
    .map((s) => s.replace(/(^|[\s"])(\p{Ll})/gu, (_m, a: string, b: string) => a + b.toUpperCase()))
    .join(' or ');
  return sql`(search_query(lower(${lower}::text collate "pg_c_utf8")) || search_query(${capital}::text))`;
}

const headline = (config: string, text: RawBuilder<unknown>, hq: RawBuilder<unknown>) =>
  sql`ts_headline(${sql.lit(config)}::regconfig, translate(${text}, E'\\x02\\x03', ''), ${hq}, ${HEADLINE_OPTIONS})`;

/** Full-text search over posts, comments and members, limited to what the actor may see. */
export function createSearchService(deps: SearchDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    /** Ranked, highlighted results the actor may see, keyset-paginated by (rank, id). */
    async search(actor: Actor | null, input: SearchQuery): Promise<SearchPage> {
      const parsed = parseQuery(input.q);
      const cursor = input.cursor ? decodeCursor(input.cursor) : null;
      const from = dateBound(input.from, false);
      const to = dateBound(input.to, true);
      if (from && to && from >= to) {
        throw new AppError('validation_failed', 'The start date is after the end date.', [
          { path: 'from', message: 'after to', code: 'custom' },
        ]);
      }
      const type = input.type ?? 'all';
      if (type === 'members' && !actor) throw new AppError('unauthenticated', 'Log in to find members.');

      // Access first: the spaces module decides which spaces this actor sees (public/members/grants).
      // The muted authors do not depend on it: both are asked at once.
      const [{ spaces }, muted] = await Promise.all([
        deps.spaces.visibleSpaces(actor),
        actor && deps.muted ? deps.muted(actor) : Promise.resolve([] as string[]),
      ]);
      let spaceIds = spaces.map((s) => s.id);
      if (input.space) {
        const s = spaces.find((x) => x.id === input.space || x.slug === input.space);
        if (!s) throw new AppError('not_found', 'No such space.');
        spaceIds = [s.id];
      }

      // Content filters and #topics do not apply to members, so they leave members out of "all".
      const contentFiltered = Boolean(
        input.space || input.author || input.kind || from || to || parsed.topics.length,
      );
      const want = {
        posts: type === 'all' || type === 'posts',
        comments: type === 'all' || type === 'comments',
        // Members are for members only.
        members: Boolean(actor) && (type === 'members' || (type === 'all' && !contentFiltered)),
      };

      const tsq = tsQuery(parsed);
      const at = now();
      const noSpaces = spaceIds.length === 0;

      const postFilters = (p: string) => {
        const col = (c: string) => sql.ref(`${p}.${c}`);
        const f: RawBuilder<unknown>[] = [
          sql`${col('status')} = 'published'`,
          sql`${col('publish_at')} <= ${at}`,
          sql`${col('space_id')} = any(${spaceIds}::uuid[])`,
        ];
        if (input.kind) f.push(sql`${col('kind')} = ${input.kind}`);
        return f;
      };
      const contentFilters = (alias: string, dateCol: string) => {
        const f: RawBuilder<unknown>[] = [];
        const col = (c: string) => sql.ref(`${alias}.${c}`);
        if (input.author) f.push(sql`${col('author_id')} = ${input.author}`);
        if (from) f.push(sql`${col(dateCol)} >= ${from}`);
        if (to) f.push(sql`${col(dateCol)} < ${to}`);
        if (muted.length) f.push(sql`not coalesce(${col('author_id')} = any(${muted}::text[]), false)`);
        for (const topic of parsed.topics) {
          const text =
            alias === 'p' ? sql`coalesce(p.title, '') || ' ' || p.body_text` : sql`${col('body_text')}`;
          f.push(sql`((${text}) collate "pg_c_utf8") ~* ${topicPattern(topic)}`);
        }
        return f;
      };
      const rank = (alias: string, title: boolean) =>
        // Whole-query matches in the title (weight A) come first; ts_rank_cd/(1+…) stays below 1.
        // Comments have no title part in their vectors, so the title test is always 0 for them.
        title
          ? sql`((case when ts_filter(${sql.ref(`${alias}.search`)}, '{a}') @@ ${tsq} then 1 else 0 end)::float8 + ts_rank_cd(${sql.ref(`${alias}.search`)}, ${tsq}, 32)::float8)`
          : sql`(0::float8 + ts_rank_cd(${sql.ref(`${alias}.search`)}, ${tsq}, 32)::float8)`;
      // The query as an InitPlan: opaque to the planner, so a scan with it can only take the GIN index.
      const tsqParam = sql`(select ${tsq})`;
      /** `<name>_cap` and `<name>_m` (at most cap + 1 GIN matches with `cols`); `gate(op)` tests their count. */
      const matches = (name: string, table: string, alias: string, cols: RawBuilder<unknown>) => {
        const capName = `${name}_cap`;
        const m = `${name}_m`;
        ctes.push(
          deps.matchCap !== undefined
            ? sql`${sql.table(capName)} as (select ${deps.matchCap}::int as n)`
            : sql`${sql.table(capName)} as (select greatest(${MIN_CAP}, sqrt(${MATCH_CAP_FACTOR}::float8 * greatest(reltuples, 0)))::int as n
            from pg_class where oid = ${table}::regclass)`,
        );
        ctes.push(sql`${sql.table(m)} as materialized (select ${cols} from ${sql.table(table)} as ${sql.table(alias)}
            where ${sql.ref(`${alias}.search`)} @@ ${tsqParam} limit (select n + 1 from ${sql.table(capName)}))`);
        return (op: '<=' | '>') =>
          sql`(select count(*) from ${sql.table(m)}) ${sql.raw(op)} (select n from ${sql.table(capName)})`;
      };

      const ctes: RawBuilder<unknown>[] = [];
      const parts: RawBuilder<unknown>[] = [];
      if (want.posts && !noSpaces) {
        const topicCols = parsed.topics.length ? sql`, p.title, p.body_text` : sql``;
        const gate = matches(
          'posts',
          'posts',
          'p',
          sql`p.id, p.status, p.publish_at, p.space_id, p.kind, p.author_id${topicCols}`,
        );
        const filters = sql.join([...postFilters('p'), ...contentFilters('p', 'publish_at')], sql` and `);
        ctes.push(sql`posts_w as (
          (select p.id from posts_m p where ${gate('<=')} and ${filters} order by p.id desc limit ${WINDOW})
          union all
          (select p.id from posts p where ${gate('>')} and p.search @@ ${tsq} and ${filters} order by p.id desc limit ${WINDOW}))`);
        parts.push(sql`(select 'post'::text as type, w.id::text as id, w.id as pid, null::uuid as cid, null::text as uid, ${rank('r', true)} as rank
          from posts_w w join posts r on r.id = w.id)`);
      }
      if (want.comments && !noSpaces) {
        const topicCols = parsed.topics.length ? sql`, c.body_text` : sql``;
        const gate = matches(
          'comments',
          'comments',
          'c',
          sql`c.id, c.post_id, c.status, c.author_id, c.created_at${topicCols}`,
        );
        const own = sql.join([sql`c.status = 'published'`, ...contentFilters('c', 'created_at')], sql` and `);
        const postOk = sql.join(postFilters('p'), sql` and `);
        // The post of each match is looked up newest match first, until the window is full (never a
        // hash of every visible post).
        ctes.push(sql`comments_w as (
          (select c.id, c.post_id from (select c.id, c.post_id from comments_m c where ${gate('<=')} and ${own} order by c.id desc offset 0) c
            where exists (select 1 from posts p where p.id = c.post_id and ${postOk} offset 0)
            order by c.id desc limit ${WINDOW})
          union all
          (select c.id, c.post_id from comments c join posts p on p.id = c.post_id
            where ${gate('>')} and c.search @@ ${tsq} and ${own} and ${postOk} order by c.id desc limit ${WINDOW}))`);
        parts.push(sql`(select 'comment'::text as type, w.id::text as id, w.post_id as pid, w.id as cid, null::text as uid, ${rank('r', false)} as rank
          from comments_w w join comments r on r.id = w.id)`);
      }
      if (want.members) {
        const gate = matches('members', 'users', 'u', sql`u.id, u."createdAt", u."emailVerified"`);
        ctes.push(sql`members_w as (
          (select u.id from members_m u where ${gate('<=')} and u."emailVerified" order by u."createdAt" desc, u.id desc limit ${WINDOW})
          union all
          (select u.id from "users" u where ${gate('>')} and u.search @@ ${tsq} and u."emailVerified"
            order by u."createdAt" desc, u.id desc limit ${WINDOW}))`);
        parts.push(sql`(select 'member'::text as type, w.id, null::uuid as pid, null::uuid as cid, w.id as uid, ${rank('r', true)} as rank
          from members_w w join "users" r on r.id = w.id)`);
      }
      if (parts.length === 0) return { items: [], nextCursor: null };

      const limit = input.limit;
      const after = cursor ? sql`where (h.rank, h.id) < (${cursor[0]}::float8, ${cursor[1]}::text)` : sql``;
      const hq = headlineQuery(parsed);
      const text = sql`coalesce(case page.type when 'post' then p.body_text when 'comment' then c.body_text else u.bio end, '')`;
      // One row more than shown tells whether there is a next page; only the shown rows are joined
      // and highlighted.
      const result = await sql<Row>`
        with ${sql.join(ctes, sql`, `)},
        hits as (${sql.join(parts, sql` union all `)}),
        more as (select h.* from hits h ${after} order by h.rank desc, h.id desc limit ${limit + 1}),
        page as (select m.* from more m order by m.rank desc, m.id desc limit ${limit})
        select page.type, page.id, page.rank, page.pid as post_id, (select count(*) from more) > ${limit} as more,
          p.title as post_title, case when page.type = 'comment' and p.title is null then left(p.body_text, 200) end as post_text,
          s.name as space_name,
          coalesce(c.created_at, p.publish_at, u."createdAt") as created_at,
          coalesce(c.author_id, case when page.type = 'post' then p.author_id end) as author_id,
          a.name as author_name, a.image as author_image,
          case when page.type = 'post' and p.title is null then left(p.body_text, 200) end as untitled,
          ${headline('german', text, hq)} as h_de,
          ${headline('english', text, hq)} as h_en,
          ${headline('swedish', text, hq)} as h_sv,
          u.name as member_name, u.image as member_image
        from page
        left join comments c on c.id = page.cid
        left join posts p on p.id = page.pid
        left join spaces s on s.id = p.space_id
        left join "users" u on u.id = page.uid
        left join "users" a on a.id = coalesce(c.author_id, case when page.type = 'post' then p.author_id end)
        order by page.rank desc, page.id desc`.execute(db);

      const pageRows = result.rows as Array<
        Row & {
          more: boolean;
          untitled: string | null;
          member_name: string | null;
          member_image: string | null;
        }
      >;
      const items: SearchHit[] = pageRows.map((r) => {
        // The stemmer whose reading of the text highlights most of the query.
        const raw = [r.h_de, r.h_en, r.h_sv].reduce((best, h) => (markCount(h) > markCount(best) ? h : best));
        const createdAt = new Date(r.created_at).toISOString();
        const author =
          r.author_id && r.author_name
            ? { id: r.author_id, name: r.author_name, image: r.author_image }
            : undefined;
        if (r.type === 'member') {
          return {
            type: 'member',
            id: r.id,
            title: r.member_name ?? '',
            snippet: snippetHtml(raw),
            url: `/members/${encodeURIComponent(r.id)}`,
            image: r.member_image,
            createdAt,
          };
        }
        const postTitle =
          r.post_title ?? excerpt(r.type === 'post' ? (r.untitled ?? '') : (r.post_text ?? ''));
        return {
          type: r.type,
          id: r.id,
          title: postTitle,
          snippet: snippetHtml(raw),
          url: r.type === 'post' ? `/posts/${r.id}` : `/posts/${r.post_id}#comment-${r.id}`,
          ...(r.space_name ? { spaceName: r.space_name } : {}),
          ...(author ? { author } : {}),
          createdAt,
        };
      });
      const last = pageRows.at(-1);
      return { items, nextCursor: last?.more ? encodeCursor(Number(last.rank), last.id) : null };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;

import { hashPassword } from 'better-auth/crypto';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { renderMarkdown } from '../src/platform/content/index.ts';
import { uuidv7 } from '../src/platform/ids.ts';
import { Progress } from './progress.ts';
import {
  int,
  markdown,
  personName,
  pick,
  RARE_WORD,
  type Rand,
  rareSentence,
  renderPlain,
  rng,
  SEARCH_WORD,
  searchSentence,
  title,
  zipf,
} from './text.ts';

/** Bump when the seeded data changes shape: a cached database with another version is seeded again. */
export const SEED_VERSION = 'issue3-v1';

export interface SeedSize {
  members: number;
  spaces: number;
  posts: number;
  comments: number;
}

export const ISSUE3_SIZE: SeedSize = { members: 2_000, spaces: 50, posts: 100_000, comments: 1_000_000 };

export const BENCH_EMAIL = 'bench.member@treffpunkt.test';
export const BENCH_PASSWORD = 'bench-password-2026';

/** What later steps need to know about the seed; stored with it. */
export interface SeedInfo {
  version: string;
  size: SeedSize;
  seededAt: string;
  seconds: number;
  phases: Record<string, number>;
  reactions: number;
  polls: number;
  workshopPosts: number;
  workshopComments: number;
  rarePosts: number;
  rareComments: number;
}

const DAY = 86_400_000;
const EMOJI = ['👍', '❤️', '🎉', '😄', '🤔', '🙏'] as const;
const TOPICS = [
  'Austausch',
  'Fundstücke',
  'Reflexionsfragen',
  'Fragen zur Praxis',
  'Familienberatung',
  'Jugendliche',
  'Paarberatung',
  'Onlineberatung',
  'Gruppenformate',
  'Supervision',
  'Intervision',
  'Selbstfürsorge',
  'Methodenkoffer',
  'Literatur',
  'Podcasts',
  'Abrechnung und Anträge',
  'Datenschutz',
  'Netzwerk Nord',
  'Netzwerk Süd',
  'Netzwerk Ost',
  'Netzwerk West',
  'Körperarbeit',
  'Achtsamkeit',
  'Trauerbegleitung',
  'Schule und Kita',
  'Elternabende',
  'Krisenintervention',
  'Berufseinstieg',
  'Selbstständigkeit',
  'Marketing',
  'Hypnosystemisches',
  'Aufstellungen',
  'Genogramme',
  'Humor',
  'Sprache',
  'Fallbesprechungen',
  'Vorlagen',
  'Tools und Software',
  'Sommertreffen',
  'Regionalgruppe Berlin',
  'Regionalgruppe Hamburg',
  'Regionalgruppe München',
  'Regionalgruppe Köln',
  'English corner',
  'Svenska hörnan',
  'Umsetzungssprint',
  'Lesekreis',
  'Moderationsteam',
  'Vorstand',
  'Hosts intern',
];

type Cell = string | number | boolean | null | undefined;

/** One row in COPY text format. */
function copyLine(values: Cell[]): string {
  let s = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) s += '\t';
    if (v === null || v === undefined) s += '\\N';
    else if (typeof v === 'string')
      s += v.replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      );
    else s += String(v);
  }
  return `${s}\n`;
}

/** Streams rows into `table` with COPY, in chunks; returns when PostgreSQL has them all. */
async function copyRows(
  pool: pg.Pool,
  table: string,
  columns: string[],
  rows: Iterable<Cell[]>,
  progress?: Progress,
): Promise<number> {
  const client = await pool.connect();
  try {
    const cols = columns.map((c) => `"${c}"`).join(', ');
    const stream = client.query(copyFrom(`copy ${table} (${cols}) from stdin`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', () => resolve());
      stream.on('error', reject);
    });
    let chunk = '';
    let inChunk = 0;
    let n = 0;
    for (const row of rows) {
      chunk += copyLine(row);
      n++;
      if (++inChunk === 1000) {
        const ok = stream.write(chunk);
        progress?.add(inChunk);
        chunk = '';
        inChunk = 0;
        if (!ok) await new Promise<void>((r) => stream.once('drain', () => r()));
      }
    }
    if (chunk) stream.write(chunk);
    progress?.add(inChunk);
    stream.end();
    await done;
    return n;
  } finally {
    client.release();
  }
}

/** Secondary indexes of the bulk-loaded tables: dropped before COPY, rebuilt after (much faster). */
async function dropSecondaryIndexes(
  pool: pg.Pool,
  tables: string[],
): Promise<Array<{ table: string; def: string }>> {
  const r = await pool.query<{ tablename: string; indexname: string; indexdef: string }>(
    `select i.tablename, i.indexname, i.indexdef from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any($1)
        and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.indexname))::regclass)`,
    [tables],
  );
  for (const row of r.rows) await pool.query(`drop index "${row.indexname}"`);
  return r.rows.map((x) => ({ table: x.tablename, def: x.indexdef }));
}

/**
 * Seeds a community of `size` straight into the tables (COPY), consistent with what the services
 * write: Markdown rendered to the same HTML and text, comment counts and last activity from the
 * comments, UUIDv7 ids from the creation time, one password hash (better-auth's scrypt) for everyone.
 */
export async function seed(url: string, size: SeedSize, log: (line: string) => void): Promise<SeedInfo> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    phases[name] = Math.round((performance.now() - t) / 100) / 10;
    return out;
  };
  // Faster bulk load: no wait for fsync per commit; as superuser also no FK triggers (the rows are
  // consistent by construction).
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  const superuser = (
    await probe.query<{ s: boolean }>('select rolsuper as s from pg_roles where rolname = current_user')
  ).rows[0]?.s;
  await probe.end();
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    application_name: 'treffpunkt-bench-seed',
    options: `-c synchronous_commit=off${superuser ? ' -c session_replication_role=replica' : ''}`,
  });
  const r = rng(20261121);
  const now = Date.now();

  // Renderer fast path: prove it matches the app's pipeline on a sample before trusting it.
  {
    const s = rng(7);
    for (let i = 0; i < 500; i++) {
      const md = markdown(s, 1 + (i % 3), 1, 4, i % 5 === 0 ? searchSentence(s, SEARCH_WORD) : undefined);
      const a = renderMarkdown(md);
      const b = renderPlain(md);
      if (a.html !== b.html || a.text !== b.text)
        throw new Error(`seed renderer differs from renderMarkdown for:\n${md}`);
    }
  }

  const tables = ['posts', 'comments', 'reactions', 'users', 'post_reads'];
  const indexes = await dropSecondaryIndexes(pool, tables);

  // Members: 1 owner, 2 admins, 5 moderators, the rest members; one of them is the bench's login.
  const users: string[] = [];
  const hash = await hashPassword(BENCH_PASSWORD);
  await phase('members', async () => {
    const rows: Cell[][] = [];
    const accounts: Cell[][] = [];
    for (let i = 0; i < size.members; i++) {
      const joined = new Date(now - 3 * 365 * DAY + (i / size.members) * 2.5 * 365 * DAY);
      const id = uuidv7(joined.getTime());
      users.push(id);
      const role = i === 0 ? 'owner' : i < 3 ? 'admin' : i < 8 ? 'moderator' : 'member';
      const email = i === 10 ? BENCH_EMAIL : `m${i}@bench.treffpunkt.test`;
      const name = i === 10 ? 'Bena Bench' : personName(i);
      const bio = r() < 0.3 ? markdown(r, 1, 1, 2) : null;
      const at = joined.toISOString();
      rows.push([
        id,
        name,
        email,
        true,
        null,
        at,
        at,
        false,
        role,
        r() < 0.9 ? 'de' : pick(r, ['en', 'sv']),
        bio,
      ]);
      accounts.push([uuidv7(joined.getTime()), id, 'credential', id, hash, at, at]);
    }
    await copyRows(
      pool,
      'users',
      [
        'id',
        'name',
        'email',
        'emailVerified',
        'image',
        'createdAt',
        'updatedAt',
        'twoFactorEnabled',
        'role',
        'locale',
        'bio',
      ],
      rows,
    );
    await copyRows(
      pool,
      'accounts',
      ['id', 'accountId', 'providerId', 'userId', 'password', 'createdAt', 'updatedAt'],
      accounts,
    );
    await pool.query(
      `insert into community (name, brand_color, default_locale) values ('Bench-Gemeinschaft', '#2f6f5e', 'de')`,
    );
  });
  const owner = users[0]!;
  const hosts = users.slice(0, 3);
  const benchUser = users[10]!;
  // Active members write most: a skewed choice over everyone but the bench login.
  const writers = users.filter((u) => u !== benchUser);
  const writer = (x: Rand) => zipf(x, writers);

  // Spaces: an announcement space, discussion spaces, two optional ones, three restricted to moderators.
  const spaces: Array<{ id: string; kind: string; visibility: string; optional: boolean; weight: number }> =
    [];
  await phase('spaces', async () => {
    for (let i = 0; i < size.spaces; i++) {
      const id = uuidv7(now - 3 * 365 * DAY + i);
      const restricted = i >= size.spaces - 3;
      const optional = !restricted && i >= size.spaces - 5;
      const kind = i === 0 ? 'announcement' : 'discussion';
      const visibility = i === 0 ? 'public' : restricted ? 'restricted' : 'members';
      const name = TOPICS[i % TOPICS.length]!;
      spaces.push({ id, kind, visibility, optional, weight: i === 0 ? 0.3 : 1 / i });
      await pool.query(
        `insert into spaces (id, slug, name, description, icon, position, kind, visibility, optional, created_by, created_at, updated_at)
         values ($1, $2, $3, $4, '💬', $5, $6, $7, $8, $9, $10, $10)`,
        [
          id,
          `raum-${String(i).padStart(2, '0')}`,
          name,
          `Alles rund um ${name}.`,
          i,
          kind,
          visibility,
          optional,
          owner,
          new Date(now - 3 * 365 * DAY),
        ],
      );
      if (restricted)
        await pool.query(`insert into space_grants (space_id, grant_key) values ($1, 'role:moderator')`, [
          id,
        ]);
      if (optional) {
        const members = users.filter((_, k) => k % (i % 2 ? 3 : 5) === 0 && k !== 10);
        if (i === size.spaces - 5) members.push(benchUser);
        await pool.query(`insert into space_members (space_id, user_id) select $1, unnest($2::text[])`, [
          id,
          members,
        ]);
      }
    }
  });
  const totalWeight = spaces.reduce((a, s) => a + s.weight, 0);
  const spaceFor = (x: Rand) => {
    let t = x() * totalWeight;
    for (const s of spaces) {
      t -= s.weight;
      if (t <= 0) return s;
    }
    return spaces.at(-1)!;
  };

  // Comment counts per post: log-normal (most posts a few, some hundreds), scaled to the exact total.
  const P = size.posts;
  const raw = new Float64Array(P);
  let sum = 0;
  for (let i = 0; i < P; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    raw[i] = Math.min(Math.exp(1.6 + 1.1 * g), 600);
    sum += raw[i]!;
  }
  const counts = new Int32Array(P);
  let assigned = 0;
  for (let i = 0; i < P; i++) {
    counts[i] = Math.floor((raw[i]! * size.comments) / sum);
    assigned += counts[i]!;
  }
  for (let k = 0; assigned < size.comments; k = (k + 7919) % P, assigned++) counts[k]!++;

  // Posts: spread evenly over two years, ids from their time.
  const postIds: string[] = new Array(P);
  const postSpace: string[] = new Array(P);
  const postAuthor: (string | null)[] = new Array(P);
  const publishAt = new Float64Array(P);
  const answerIds: (string | null)[] = new Array(P).fill(null);
  const commentSeed = (i: number) => 1_000_003 * (i + 1);
  /** The comment times of post i, regenerated identically when its comments are written. */
  const commentTimes = (i: number): number[] => {
    const x = rng(commentSeed(i));
    const span = Math.max(60_000, Math.min(now - publishAt[i]! - 1000, 30 * DAY));
    const t: number[] = [];
    for (let k = 0; k < counts[i]!; k++) t.push(publishAt[i]! + 1000 + Math.floor(x() * x() * span));
    return t.sort((a, b) => a - b);
  };

  let workshopPosts = 0;
  let rarePosts = 0;
  let polls = 0;
  const pollPosts: number[] = [];
  const progress = new Progress(log);
  await phase('posts', async () => {
    progress.start('posts', P);
    const x = rng(99);
    const rows = function* (): Generator<Cell[]> {
      for (let i = 0; i < P; i++) {
        const at = now - 730 * DAY + (i / P) * 730 * DAY + Math.floor(x() * 60_000);
        publishAt[i] = at;
        const space = i < 5 ? spaces[0]! : spaceFor(x);
        postSpace[i] = space.id;
        let kind = 'discussion';
        const k = x();
        if (space.kind === 'announcement') kind = 'discussion';
        else if (k < 0.03) kind = 'reflection';
        else if (k < 0.13) kind = 'question';
        else if (k < 0.2) kind = 'find';
        else if (k < 0.202) kind = 'poll';
        const author = space.kind === 'announcement' || kind === 'reflection' ? pick(x, hosts) : writer(x);
        postAuthor[i] = author;
        const workshop = x() < 0.01;
        const rare = !workshop && x() < 0.0001;
        if (workshop) workshopPosts++;
        if (rare) rarePosts++;
        const extra = workshop ? searchSentence(x, SEARCH_WORD) : rare ? rareSentence(x) : undefined;
        const md = markdown(x, int(x, 1, 3), 2, 5, extra);
        const { html, text } = renderPlain(md);
        const ttl = x() < 0.85 ? title(x, workshop && x() < 0.5 ? SEARCH_WORD : undefined) : null;
        const times = commentTimes(i);
        const id = uuidv7(at);
        postIds[i] = id;
        if (kind === 'question' && times.length && x() < 0.4) answerIds[i] = uuidv7(times[0]!);
        if (kind === 'poll') pollPosts.push(i);
        const link = kind === 'find' ? `https://example.org/fund/${i}` : null;
        const preview = link
          ? JSON.stringify({
              url: link,
              title: title(x),
              description: markdown(x, 1, 1, 1),
              siteName: 'Beispiel-Fachjournal',
              imageUrl: null,
            })
          : null;
        const iso = new Date(at).toISOString();
        const last = new Date(times.length ? times.at(-1)! : at).toISOString();
        yield [
          id,
          space.id,
          author,
          kind,
          ttl,
          md,
          html,
          text,
          link,
          preview,
          'published',
          iso,
          i === 0,
          false,
          answerIds[i],
          counts[i],
          0,
          last,
          iso,
          iso,
        ];
      }
    };
    await copyRows(
      pool,
      'posts',
      [
        'id',
        'space_id',
        'author_id',
        'kind',
        'title',
        'body_md',
        'body_html',
        'body_text',
        'link_url',
        'link_preview',
        'status',
        'publish_at',
        'pinned',
        'closed',
        'answer_comment_id',
        'comment_count',
        'reaction_count',
        'last_activity_at',
        'created_at',
        'updated_at',
      ],
      rows(),
      progress,
    );
    progress.finish();
  });

  // Comments: two COPY streams over alternate posts; a quarter are replies to a top-level comment.
  let workshopComments = 0;
  let rareComments = 0;
  const commentReactionTargets: string[] = [];
  await phase('comments', async () => {
    progress.start('comments', size.comments);
    const rows = function* (part: number): Generator<Cell[]> {
      for (let i = part; i < P; i += 2) {
        const times = commentTimes(i);
        if (!times.length) continue;
        const x = rng(commentSeed(i) + 17);
        const top: Array<{ id: string }> = [];
        for (let k = 0; k < times.length; k++) {
          const at = times[k]!;
          const id = k === 0 && answerIds[i] ? answerIds[i]! : uuidv7(at);
          const reply = top.length > 0 && x() < 0.25;
          const parent = reply ? pick(x, top).id : null;
          if (!reply) top.push({ id });
          const workshop = x() < 0.005;
          const rare = !workshop && x() < 0.0001;
          if (workshop) workshopComments++;
          if (rare) rareComments++;
          const extra = workshop ? searchSentence(x, SEARCH_WORD) : rare ? rareSentence(x) : undefined;
          const md = markdown(x, 1, 1, 3, extra);
          const { html, text } = renderPlain(md);
          if (x() < 0.03) commentReactionTargets.push(id);
          const iso = new Date(at).toISOString();
          yield [id, postIds[i], parent, writer(x), md, html, text, 'published', 0, iso, iso];
        }
      }
    };
    const cols = [
      'id',
      'post_id',
      'parent_id',
      'author_id',
      'body_md',
      'body_html',
      'body_text',
      'status',
      'reaction_count',
      'created_at',
      'updated_at',
    ];
    await Promise.all([
      copyRows(pool, 'comments', cols, rows(0), progress),
      copyRows(pool, 'comments', cols, rows(1), progress),
    ]);
    progress.finish();
  });

  // Reactions on 30 % of posts and 3 % of comments; polls with options and votes; the bench login's reads.
  let reactions = 0;
  await phase('reactions, polls, reads', async () => {
    const x = rng(4242);
    const rows = function* (): Generator<Cell[]> {
      const one = function* (type: string, id: string, n: number, after: number) {
        const seen = new Set<string>();
        for (let k = 0; k < n; k++) {
          const u = x() < 0.02 ? benchUser : pick(x, users);
          const e = zipf(x, EMOJI);
          const key = `${u}${e}`;
          if (seen.has(key)) continue;
          seen.add(key);
          reactions++;
          yield [type, id, u, e, new Date(after + Math.floor(x() * DAY)).toISOString()] as Cell[];
        }
      };
      for (let i = 0; i < P; i++) if (x() < 0.3) yield* one('post', postIds[i]!, int(x, 1, 8), publishAt[i]!);
      for (const id of commentReactionTargets) yield* one('comment', id, int(x, 1, 3), now - 400 * DAY);
    };
    await copyRows(pool, 'reactions', ['target_type', 'target_id', 'user_id', 'emoji', 'created_at'], rows());
    for (const i of pollPosts) {
      const id = postIds[i]!;
      const closes = x() < 0.5 ? new Date(publishAt[i]! + 14 * DAY) : null;
      await pool.query(
        `insert into polls (post_id, multiple, closes_at, results) values ($1, false, $2, 'after_vote')`,
        [id, closes],
      );
      const options = [0, 1, 2].map((position) => ({ id: uuidv7(publishAt[i]!), position, label: title(x) }));
      for (const o of options)
        await pool.query(`insert into poll_options (id, post_id, position, label) values ($1, $2, $3, $4)`, [
          o.id,
          id,
          o.position,
          o.label.slice(0, 200),
        ]);
      const voters = [...new Set(Array.from({ length: int(x, 3, 40) }, () => pick(x, users)))];
      await pool.query(
        `insert into poll_votes (option_id, post_id, user_id) select unnest($1::uuid[]), $2, unnest($3::text[])`,
        [voters.map(() => pick(x, options).id), id, voters],
      );
      polls++;
    }
    const reads: Cell[][] = [];
    for (let i = Math.max(0, P - 5000); i < P; i++) {
      if (x() < 0.4)
        reads.push([
          benchUser,
          postIds[i],
          new Date(publishAt[i]! + Math.floor(x() * 3 * DAY)).toISOString(),
        ]);
    }
    await copyRows(pool, 'post_reads', ['user_id', 'post_id', 'read_at'], reads);
  });

  await phase('indexes', async () => {
    log(`rebuilding ${indexes.length} indexes…`);
    const byTable = (names: string[]) => indexes.filter((ix) => names.includes(ix.table));
    const build = async (list: typeof indexes) => {
      const c = await pool.connect();
      try {
        await c.query(`set maintenance_work_mem = '1GB'`);
        for (const ix of list) await c.query(ix.def);
      } finally {
        c.release();
      }
    };
    await Promise.all([
      build(byTable(['comments'])),
      build(byTable(['posts', 'reactions', 'users', 'post_reads'])),
    ]);
  });
  await phase('vacuum analyze', async () => {
    log('vacuum analyze…');
    await pool.query('vacuum (analyze)');
  });
  await pool.end();

  return {
    version: SEED_VERSION,
    size,
    seededAt: new Date(now).toISOString(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    phases,
    reactions,
    polls,
    workshopPosts,
    workshopComments,
    rarePosts,
    rareComments,
  };
}

export { RARE_WORD, SEARCH_WORD };

import { hashPassword } from 'better-auth/crypto';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Repeat } from '../src/modules/events/schema.ts';
import { expandLocal, lastLocal, toRrule } from '../src/modules/events/server/recurrence.ts';
import {
  addLocalMinutes,
  type Local,
  localDate,
  toInstant,
  toLocal,
} from '../src/modules/events/server/tz.ts';
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
export const SEED_VERSION = 'issue6-v1';
/** `--scale` try-out seeds keep the smaller issue-3 shape (and their version), so their cached databases stay valid. */
export const TRYOUT_SEED_VERSION = 'issue3-v1';

export interface SeedSize {
  members: number;
  spaces: number;
  posts: number;
  comments: number;
}

/** Issue 6: the size a community must stay fast at. */
export const ISSUE6_SIZE: SeedSize = { members: 100_000, spaces: 200, posts: 100_000, comments: 1_000_000 };
/** The shape of `--scale` try-out seeds (scaled down). */
export const ISSUE3_SIZE: SeedSize = { members: 2_000, spaces: 50, posts: 100_000, comments: 1_000_000 };
/** The growth check's small community: as many members and spaces as the big one, 1 % of its posts and comments. */
export const GROWTH_SIZE: SeedSize = { members: 100_000, spaces: 200, posts: 1_000, comments: 10_000 };

/**
 * The events part of the seed (issue 6), versioned on its own: a database seeded before it (or with an
 * older events version) gets its events replaced by `seedEvents` without reseeding posts and comments.
 */
export const EVENTS_SEED_VERSION = 'issue6-events-v1';

export interface EventsSize {
  /** All events, series included. */
  events: number;
  series: number;
  /** Changed dates of series (moved, cancelled, a note, another room). */
  overrides: number;
}

export const ISSUE6_EVENTS: EventsSize = { events: 5_000, series: 300, overrides: 400 };

export interface EventsSeedInfo {
  version: string;
  size: EventsSize;
  seededAt: string;
  seconds: number;
  series: number;
  singles: number;
  /** Series that have an end (until or count); the rest are open-ended. */
  seriesEnded: number;
  overrides: number;
  breaks: number;
  rsvps: number;
  /** The bench member's own RSVPs: whole series, single dates going / waitlisted / declined. */
  benchRsvps: { series: number; going: number; waitlisted: number; declined: number };
}

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
  /** Absent in a database seeded before the events part existed (it is added on the next run). */
  events?: EventsSeedInfo;
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
 * Faster bulk load: no wait for fsync per commit; as superuser also no FK triggers (the rows are
 * consistent by construction).
 */
async function seedPool(url: string): Promise<pg.Pool> {
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  const superuser = (
    await probe.query<{ s: boolean }>('select rolsuper as s from pg_roles where rolname = current_user')
  ).rows[0]?.s;
  await probe.end();
  return new pg.Pool({
    connectionString: url,
    max: 4,
    application_name: 'treffpunkt-bench-seed',
    options: `-c synchronous_commit=off${superuser ? ' -c session_replication_role=replica' : ''}`,
  });
}

/**
 * Seeds a community of `size` straight into the tables (COPY), consistent with what the services
 * write: Markdown rendered to the same HTML and text, comment counts and last activity from the
 * comments, UUIDv7 ids from the creation time, one password hash (better-auth's scrypt) for everyone.
 */
export async function seed(
  url: string,
  size: SeedSize,
  log: (line: string) => void,
  eventsSize: EventsSize = ISSUE6_EVENTS,
): Promise<SeedInfo> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    phases[name] = Math.round((performance.now() - t) / 100) / 10;
    return out;
  };
  const pool = await seedPool(url);
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
      const round = Math.floor(i / TOPICS.length);
      const name = `${TOPICS[i % TOPICS.length]!}${round ? ` ${round + 1}` : ''}`;
      spaces.push({ id, kind, visibility, optional, weight: i === 0 ? 0.3 : 1 / i });
      await pool.query(
        `insert into spaces (id, slug, name, description, icon, position, kind, visibility, optional, created_by, created_at, updated_at)
         values ($1, $2, $3, $4, '💬', $5, $6, $7, $8, $9, $10, $10)`,
        [
          id,
          `raum-${String(i).padStart(size.spaces > 100 ? 3 : 2, '0')}`,
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
  const events = await phase('events', () => seedEvents(url, eventsSize, log, now));

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
    events,
  };
}

// --- events (issue 6) ---------------------------------------------------------------------------

const EVENT_ZONES: Array<[string, number]> = [
  ['Europe/Berlin', 0.85],
  ['Europe/Stockholm', 0.08],
  ['Europe/Zurich', 0.05],
  ['Europe/Vienna', 0.02],
];
const EVENT_KINDS = [
  'Workshop',
  'Webinar',
  'Lesekreis',
  'Intervision',
  'Gruppensupervision',
  'Regionaltreffen',
  'Praxisabend',
  'Fallwerkstatt',
  'Austauschrunde',
  'Methodenlabor',
  'Netzwerktreffen',
  'Vortrag',
];
const SERIES_KINDS = [
  'Mastermind',
  'Offene Sprechstunde',
  'Mini-Barcamp',
  'Lesekreis',
  'Intervisionsgruppe',
  'Stammtisch',
  'Co-Working',
  'Praxisrunde',
  'Methodenabend',
  'Supervisionsgruppe',
  'Morgenkreis',
  'Schreibgruppe',
];
const PLACES = [
  ['Kulturhaus Eppendorf', 'Julius-Reincke-Stieg 13a, 20251 Hamburg'],
  ['Institut, Seminarraum 2', 'Lindenallee 12, 20259 Hamburg'],
  ['Nachbarschaftshaus Urbanstraße', 'Urbanstraße 21, 10961 Berlin'],
  ['Praxisgemeinschaft am Gärtnerplatz', 'Klenzestraße 41, 80469 München'],
  ['Bürgerzentrum Ehrenfeld', 'Venloer Straße 429, 50825 Köln'],
  ['Folkets Hus, sal 3', 'Barnhusgatan 12, 111 23 Stockholm'],
  ['Kirchgemeindehaus Enge', 'Bederstrasse 25, 8002 Zürich'],
].map(([name, address]) => ({
  name: name!,
  address: address!,
  map: `https://www.openstreetmap.org/search?query=${encodeURIComponent(address!)}`,
}));
const CANCEL_NOTES = [
  'Fällt diesmal leider aus – die Moderation ist krank.',
  'Diesmal kein Treffen, wir sehen uns beim nächsten Termin.',
  'Entfällt wegen des Feiertags.',
];

const pad2 = (n: number) => String(n).padStart(2, '0');
const iso = (ms: number) => new Date(ms).toISOString();
/** The local date of an instant in a zone. */
const dayIn = (ms: number, zone: string) => localDate(toLocal(new Date(ms), zone));
/** Monday = 0 … Sunday = 6. */
const weekdayOf = (date: string) => (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** The nth (1…4, or -1 = last) weekday of a month, as the monthly rule "2nd Tuesday" counts it. */
function nthWeekday(year: number, month: number, weekday: number, pos: number): string {
  if (pos > 0) {
    const first = `${year}-${pad2(month)}-01`;
    return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (pos - 1) * 7);
  }
  const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

interface SeededEvent {
  id: string;
  zone: string;
  startsLocal: Local;
  startsAt: number;
  minutes: number;
  repeat: Repeat | null;
  last: Local | null;
  /** End of the last date (series: null = open-ended). */
  lastEnd: number | null;
  capacity: number | null;
  maxGuests: number;
  sequence: number;
  cancelled: boolean;
  /** The bench member (role member, no tier) may see it. */
  benchSees: boolean;
  createdAt: number;
}

/**
 * Seeds the programme calendar (issue 6) into an already seeded community, replacing any earlier
 * benchmark events: `size.series` series (every week or two, or monthly on the nth weekday; most
 * open-ended, some with an end date or a count), the rest single events over a year back and ahead;
 * audiences like a real community (mostly members, some public, some in spaces, a few restricted to a
 * tier or, without tiers, to moderators); the summer (1 Jul–31 Aug) and winter (20 Dec–6 Jan) breaks
 * of three years; per-date changes; RSVPs of the members and of the bench login. Rows are what the
 * service writes: `toRrule`, `lastLocal` and `toInstant` of the module itself.
 */
export async function seedEvents(
  url: string,
  size: EventsSize,
  log: (line: string) => void,
  now = Date.now(),
): Promise<EventsSeedInfo> {
  const started = performance.now();
  const pool = await seedPool(url);
  const x = rng(62026);
  try {
    // Earlier benchmark events out; explicitly, because FK cascades are off in the bulk sessions.
    for (const t of [
      'event_rsvps',
      'event_occurrences',
      'event_grants',
      'event_hosts',
      'event_attendance',
      'event_reminders_sent',
    ])
      await pool.query(`delete from ${t}`);
    await pool.query('delete from notifications where event_id is not null');
    await pool.query('delete from events');
    await pool.query('delete from event_breaks');
    // Compact what the deletes left (instant at this size), so a replaced seed scans like a fresh one.
    await pool.query(
      'vacuum full events, event_grants, event_hosts, event_occurrences, event_rsvps, event_breaks',
    );

    const users = (
      await pool.query<{ id: string; role: string; email: string }>(
        'select id, role, email from users order by "createdAt", id',
      )
    ).rows;
    const bench = users.find((u) => u.email === BENCH_EMAIL)?.id;
    if (!bench) throw new Error('seedEvents: the bench member is missing; seed the community first');
    const owner = users.find((u) => u.role === 'owner')?.id ?? users[0]!.id;
    const staff = users.filter((u) => u.role !== 'member').map((u) => u.id);
    const others = users.filter((u) => u.id !== bench).map((u) => u.id);
    const spaces = (
      await pool.query<{ id: string; visibility: string }>(
        'select id, visibility from spaces where archived_at is null order by position',
      )
    ).rows;
    const restrictedSpaces = new Set(spaces.filter((s) => s.visibility === 'restricted').map((s) => s.id));
    const tiers = (
      await pool.query<{ id: string }>('select id from tiers where archived_at is null order by position')
    ).rows.map((r) => `tier:${r.id}`);
    const restrictedTo = tiers.length ? tiers : ['role:moderator'];

    // Breaks: summer and winter of last year, this year and next year.
    const year = Number(dayIn(now, 'Europe/Berlin').slice(0, 4));
    const breaks: Array<{ startsOn: string; endsOn: string }> = [];
    const breakRows: Cell[][] = [];
    for (let y = year - 1; y <= year + 1; y++) {
      for (const [title, startsOn, endsOn, message] of [
        [
          `Sommerpause ${y}`,
          `${y}-07-01`,
          `${y}-08-31`,
          'Im Juli und August gibt es keine Live-Treffen. Der Austausch im Forum läuft weiter.',
        ],
        [
          `Winterpause ${y}/${String(y + 1).slice(2)}`,
          `${y}-12-20`,
          `${y + 1}-01-06`,
          'Zwischen den Jahren machen wir Pause. Ab dem 7. Januar geht es weiter.',
        ],
      ] as const) {
        breaks.push({ startsOn, endsOn });
        const created = Math.min(now, Date.parse(`${startsOn}T09:00:00Z`) - 120 * DAY);
        breakRows.push([
          uuidv7(created),
          title,
          startsOn,
          endsOn,
          message,
          owner,
          iso(created),
          iso(created),
        ]);
      }
    }
    const inBreak = (date: string) => breaks.some((b) => b.startsOn <= date && date <= b.endsOn);

    const evs: SeededEvent[] = [];
    const eventRows: Cell[][] = [];
    const grantRows: Cell[][] = [];
    const hostRows: Cell[][] = [];
    const zoneOf = () => {
      let t = x();
      for (const [z, w] of EVENT_ZONES) {
        t -= w;
        if (t <= 0) return z;
      }
      return EVENT_ZONES[0]![0];
    };

    /** Writes one event (single or series) with its grants and hosts, as `create` does. */
    const addEvent = (e: {
      series: boolean;
      zone: string;
      startsLocal: Local;
      minutes: number;
      repeat: Repeat | null;
      title: string;
      capacity: number | null;
    }) => {
      const endsLocal = addLocalMinutes(e.startsLocal, e.minutes);
      const startsAt = toInstant(e.startsLocal, e.zone);
      const endsAt = toInstant(endsLocal, e.zone);
      const last = e.repeat ? lastLocal(e.repeat, e.startsLocal) : null;
      const seriesUntil = last
        ? new Date(toInstant(last, e.zone).getTime() + (endsAt.getTime() - startsAt.getTime()) + DAY)
        : null;
      const f = x();
      const format = f < 0.55 ? 'online' : f < 0.8 ? 'hybrid' : 'onsite';
      const place = format === 'online' ? null : pick(x, PLACES);
      const v = x();
      const provider = format === 'onsite' ? null : v < 0.7 ? 'jitsi' : v < 0.9 ? 'bbb' : 'link';
      const a = x();
      const audience =
        a < (e.series ? 0.06 : 0.1) ? 'public' : a < (e.series ? 0.14 : 0.15) ? 'restricted' : 'members';
      const space = x() < (e.series ? 0.5 : 0.3) ? pick(x, spaces).id : null;
      const hosts = new Set<string>([pick(x, staff)]);
      if (x() < 0.25) hosts.add(x() < 0.5 ? pick(x, staff) : zipf(x, others));
      const createdAt = Math.min(now - int(x, 1, 30) * 3_600_000, startsAt.getTime() - int(x, 7, 90) * DAY);
      const cancelled = !e.series && x() < 0.02;
      const sequence = e.series ? int(x, 0, 3) : cancelled ? 1 : x() < 0.1 ? 1 : 0;
      const maxGuests = e.capacity && x() < 0.2 ? int(x, 1, 2) : 0;
      const id = uuidv7(createdAt);
      eventRows.push([
        id,
        space,
        e.title.slice(0, 140),
        markdown(x, int(x, 1, 3), 1, 3),
        e.zone,
        e.startsLocal,
        endsLocal,
        startsAt.toISOString(),
        endsAt.toISOString(),
        e.repeat ? JSON.stringify(e.repeat) : null,
        e.repeat ? toRrule(e.repeat, e.startsLocal, e.zone) : null,
        seriesUntil ? seriesUntil.toISOString() : null,
        format,
        place?.name ?? '',
        place?.address ?? '',
        place?.map ?? '',
        provider,
        provider === 'link' ? `https://meet.example.org/treffpunkt-${id.slice(-8)}` : '',
        audience,
        e.capacity,
        maxGuests,
        e.capacity && x() < 0.25 ? pick(x, [1440, 2880]) : null,
        null,
        sequence,
        cancelled ? 'cancelled' : 'scheduled',
        [...hosts][0]!,
        iso(createdAt),
        iso(createdAt),
      ]);
      if (audience === 'restricted') grantRows.push([id, pick(x, restrictedTo)]);
      for (const h of hosts) hostRows.push([id, h]);
      evs.push({
        id,
        zone: e.zone,
        startsLocal: e.startsLocal,
        startsAt: startsAt.getTime(),
        minutes: e.minutes,
        repeat: e.repeat,
        last,
        lastEnd: e.repeat ? (seriesUntil ? seriesUntil.getTime() : null) : endsAt.getTime(),
        capacity: e.capacity,
        maxGuests,
        sequence,
        cancelled,
        benchSees: audience !== 'restricted' && !(space && restrictedSpaces.has(space)),
        createdAt,
      });
    };

    // Series: every week (a fifth), every two weeks, or monthly on the nth weekday; from two years ago
    // to two months ahead; a fifth end on a date (many of those already over), a few after n dates.
    let seriesEnded = 0;
    for (let i = 0; i < size.series; i++) {
      const zone = zoneOf();
      const k = x();
      const freq = k < 0.6 ? 'weekly' : 'monthly';
      let date = dayIn(now - 730 * DAY + x() * 790 * DAY, zone);
      let setPos: number | null = null;
      let weekdays: number[] = [];
      if (freq === 'monthly') {
        const wd = int(x, 0, 5);
        setPos = pick(x, [1, 1, 2, 2, 3, 3, 4, -1]);
        weekdays = [wd];
        let y = Number(date.slice(0, 4));
        let m = Number(date.slice(5, 7));
        let first = nthWeekday(y, m, wd, setPos);
        if (first < date) {
          m = m === 12 ? 1 : m + 1;
          if (m === 1) y++;
          first = nthWeekday(y, m, wd, setPos);
        }
        date = first;
      } else {
        const wd = weekdayOf(date);
        if (wd >= 5) date = addDays(date, 7 - wd);
      }
      const hour = x() < 0.8 ? int(x, 17, 20) : int(x, 8, 11);
      const startsLocal = `${date}T${pad2(hour)}:${pick(x, ['00', '00', '30'])}`;
      const end = x();
      const until = end < 0.2 ? addDays(date, int(x, 60, 540)) : null;
      const count = !until && end < 0.25 ? int(x, 4, 12) : null;
      if (until || count) seriesEnded++;
      const repeat: Repeat = {
        freq,
        interval: freq === 'weekly' && k >= 0.12 ? 2 : 1,
        weekdays,
        setPos,
        until,
        count,
      };
      addEvent({
        series: true,
        zone,
        startsLocal,
        minutes: pick(x, [60, 90, 90, 120]),
        repeat,
        title: `${pick(x, SERIES_KINDS)}: ${title(x)}`,
        capacity: x() < 0.1 ? int(x, 10, 16) : null,
      });
    }

    // Single events: a year back and a year ahead, fewer in the breaks, evenings more than days.
    const singles = size.events - size.series;
    for (let i = 0; i < singles; i++) {
      const zone = zoneOf();
      let date = '';
      for (let t = 0; t < 5; t++) {
        date = dayIn(now + (2 * x() - 1) * 365 * DAY, zone);
        if (!inBreak(date) || x() < 0.3) break;
      }
      const weekend = weekdayOf(date) >= 5;
      const evening = x() < (weekend ? 0.2 : 0.6);
      const hour = evening ? int(x, 17, 20) : int(x, 9, 15);
      const startsLocal = `${date}T${pad2(hour)}:${pad2(pick(x, [0, 0, 0, 15, 30, 30, 45]))}`;
      const minutes = x() < 0.02 ? int(x, 1, 3) * 1440 + 360 : pick(x, [60, 90, 90, 120, 120, 150, 180, 240]);
      addEvent({
        series: false,
        zone,
        startsLocal,
        minutes,
        repeat: null,
        title: `${pick(x, EVENT_KINDS)}: ${title(x)}`,
        capacity: x() < 0.3 ? int(x, 8, 40) : null,
      });
    }

    /** A series' own dates between two instants, without those in breaks. */
    const datesOf = (e: SeededEvent, from: number, to: number): Local[] =>
      e.repeat
        ? expandLocal(
            e.repeat,
            e.startsLocal,
            toLocal(new Date(from), e.zone),
            toLocal(new Date(to), e.zone),
          ).filter((d) => !inBreak(localDate(d)))
        : [];

    // Per-date changes of series dates from half a year back to a year ahead.
    const overrideRows: Cell[][] = [];
    const changed = new Set<string>();
    const seriesEvs = evs.filter((e) => e.repeat && !e.cancelled);
    for (let tries = 0; overrideRows.length < size.overrides && tries < size.overrides * 20; tries++) {
      const e = pick(x, seriesEvs);
      const dates = datesOf(e, now - 180 * DAY, now + 365 * DAY);
      if (!dates.length) continue;
      const original = pick(x, dates);
      if (changed.has(`${e.id}/${original}`)) continue;
      changed.add(`${e.id}/${original}`);
      let startsLocal = original;
      let cancelled = false;
      let note = '';
      let place: (typeof PLACES)[number] | null = null;
      let videoUrl: string | null = null;
      let hostIds: string | null = null;
      const k = x();
      if (k < 0.3) {
        cancelled = true;
        note = pick(x, CANCEL_NOTES);
      } else if (k < 0.6) {
        startsLocal = addLocalMinutes(original, pick(x, [60, -30, 30, 1440, 2880, 7 * 1440]));
        note = 'Diesmal zu einer anderen Zeit.';
      } else if (k < 0.8) {
        note = markdown(x, 1, 1, 2);
      } else if (k < 0.9) {
        place = pick(x, PLACES);
        note = 'Diesmal an einem anderen Ort.';
      } else {
        videoUrl = `https://meet.example.org/vertretung-${e.id.slice(-8)}`;
        hostIds = `{${pick(x, staff)}}`;
        note = 'Diesmal mit Vertretung und in einem anderen Raum.';
      }
      const endsLocal = addLocalMinutes(startsLocal, e.minutes);
      const updated = Math.max(
        e.createdAt,
        Math.min(now - int(x, 1, 30) * DAY, toInstant(original, e.zone).getTime() - int(x, 1, 20) * DAY),
      );
      overrideRows.push([
        e.id,
        original,
        startsLocal,
        endsLocal,
        toInstant(startsLocal, e.zone).toISOString(),
        toInstant(endsLocal, e.zone).toISOString(),
        cancelled,
        note,
        place?.name ?? null,
        place?.address ?? null,
        videoUrl ? 'link' : null,
        videoUrl,
        hostIds,
        e.sequence + 1,
        iso(updated),
      ]);
    }

    // RSVPs: members on single dates (a waitlist where places run out), whole-series RSVPs with a few
    // dates declined, single dates of series from two months back to four months ahead.
    const rsvpRows: Cell[][] = [];
    const taken = new Map<string, number>();
    const have = new Set<string>();
    const rsvp = (
      e: SeededEvent,
      occurrence: string,
      user: string,
      want: 'going' | 'declined',
      guests = 0,
    ) => {
      const key = `${e.id}|${occurrence}|${user}`;
      if (have.has(key)) return null;
      have.add(key);
      const tk = `${e.id}|${occurrence}`;
      const t = taken.get(tk) ?? 0;
      const g = want === 'going' ? guests : 0;
      const status =
        want === 'going' && e.capacity !== null && occurrence !== '-infinity' && t + 1 + g > e.capacity
          ? 'waitlisted'
          : want;
      if (status === 'going') taken.set(tk, t + 1 + g);
      const start = occurrence === '-infinity' ? e.startsAt : toInstant(occurrence, e.zone).getTime();
      const at = Math.max(e.createdAt, Math.min(now, start - int(x, 1, 30) * DAY));
      rsvpRows.push([e.id, occurrence, user, status, g, iso(at), iso(at)]);
      return status;
    };
    const member = () => (x() < 0.5 ? zipf(x, others) : pick(x, others));
    for (const e of evs) {
      if (!e.repeat) {
        const n = e.capacity ? int(x, 0, e.capacity + 6) : x() < 0.5 ? int(x, 0, 6) : int(x, 5, 30);
        for (let j = 0; j < n; j++)
          rsvp(
            e,
            e.startsLocal,
            member(),
            x() < 0.06 ? 'declined' : 'going',
            e.maxGuests && x() < 0.2 ? int(x, 1, e.maxGuests) : 0,
          );
        continue;
      }
      const dates = datesOf(e, now - 60 * DAY, now + 120 * DAY);
      if (e.capacity === null) {
        const subscribers = Array.from({ length: int(x, 3, 30) }, member);
        for (const u of subscribers) {
          if (!rsvp(e, '-infinity', u, 'going')) continue;
          if (dates.length && x() < 0.25)
            for (let j = int(x, 1, 2); j > 0; j--) rsvp(e, pick(x, dates), u, 'declined');
        }
      }
      for (const d of dates) {
        const n = e.capacity ? int(x, 2, e.capacity + 2) : int(x, 0, 5);
        for (let j = 0; j < n; j++) rsvp(e, d, member(), 'going');
      }
    }
    // The bench member: 20 series as a whole (a few dates declined), going to 60 single events in the
    // coming months and the last two, waiting for 3 full ones, declined 10.
    const benchRsvps = { series: 0, going: 0, waitlisted: 0, declined: 0 };
    const tally = (s: string | null) => {
      if (s === 'going' || s === 'waitlisted' || s === 'declined') benchRsvps[s]++;
    };
    const shuffled = <T>(xs: T[]) =>
      xs
        .map((v) => ({ v, k: x() }))
        .sort((a, b) => a.k - b.k)
        .map((o) => o.v);
    const benchSeries = shuffled(
      evs.filter(
        (e) =>
          e.repeat &&
          e.capacity === null &&
          e.benchSees &&
          !e.cancelled &&
          e.startsAt < now + 30 * DAY &&
          (e.lastEnd === null || e.lastEnd > now + 60 * DAY),
      ),
    ).slice(0, 20);
    for (const [i, e] of benchSeries.entries()) {
      if (rsvp(e, '-infinity', bench, 'going')) benchRsvps.series++;
      if (i < 6) {
        const dates = datesOf(e, now, now + 90 * DAY);
        if (dates.length) tally(rsvp(e, pick(x, dates), bench, 'declined'));
      }
    }
    const benchSingles = shuffled(
      evs.filter(
        (e) =>
          !e.repeat &&
          e.benchSees &&
          !e.cancelled &&
          e.startsAt > now - 60 * DAY &&
          e.startsAt < now + 240 * DAY,
      ),
    );
    const full = benchSingles.filter(
      (e) => e.capacity !== null && (taken.get(`${e.id}|${e.startsLocal}`) ?? 0) >= e.capacity,
    );
    for (const e of full.filter((e) => e.startsAt > now).slice(0, 3))
      tally(rsvp(e, e.startsLocal, bench, 'going'));
    for (const e of benchSingles.filter((e) => !full.includes(e)).slice(0, 70))
      tally(rsvp(e, e.startsLocal, bench, benchRsvps.going < 60 ? 'going' : 'declined'));

    const progress = new Progress(log);
    await copyRows(
      pool,
      'event_breaks',
      ['id', 'title', 'starts_on', 'ends_on', 'message', 'created_by', 'created_at', 'updated_at'],
      breakRows,
    );
    progress.start('events', eventRows.length);
    await copyRows(
      pool,
      'events',
      [
        'id',
        'space_id',
        'title',
        'description',
        'time_zone',
        'starts_local',
        'ends_local',
        'starts_at',
        'ends_at',
        'repeat',
        'rrule',
        'series_until',
        'format',
        'place_name',
        'place_address',
        'map_url',
        'video_provider',
        'video_url',
        'audience',
        'capacity',
        'max_guests',
        'rsvp_deadline_minutes',
        'cover_url',
        'sequence',
        'status',
        'created_by',
        'created_at',
        'updated_at',
      ],
      eventRows,
      progress,
    );
    progress.finish();
    await copyRows(pool, 'event_grants', ['event_id', 'grant_key'], grantRows);
    await copyRows(pool, 'event_hosts', ['event_id', 'user_id'], hostRows);
    await copyRows(
      pool,
      'event_occurrences',
      [
        'event_id',
        'original_local',
        'starts_local',
        'ends_local',
        'starts_at',
        'ends_at',
        'cancelled',
        'note',
        'place_name',
        'place_address',
        'video_provider',
        'video_url',
        'host_ids',
        'sequence',
        'updated_at',
      ],
      overrideRows,
    );
    progress.start('rsvps', rsvpRows.length);
    await copyRows(
      pool,
      'event_rsvps',
      ['event_id', 'occurrence', 'user_id', 'status', 'guests', 'created_at', 'updated_at'],
      rsvpRows,
      progress,
    );
    progress.finish();
    await pool.query(
      'vacuum (analyze) events, event_grants, event_hosts, event_occurrences, event_rsvps, event_breaks',
    );
    const info: EventsSeedInfo = {
      version: EVENTS_SEED_VERSION,
      size,
      seededAt: iso(now),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      series: size.series,
      singles,
      seriesEnded,
      overrides: overrideRows.length,
      breaks: breakRows.length,
      rsvps: rsvpRows.length,
      benchRsvps,
    };
    log(
      `events: ${size.series} series (${seriesEnded} with an end), ${singles.toLocaleString('en')} single events, ${overrideRows.length} changed dates, ${breakRows.length} breaks, ${rsvpRows.length.toLocaleString('en')} RSVPs (bench member: ${benchRsvps.series} series, ${benchRsvps.going} going, ${benchRsvps.waitlisted} waitlisted, ${benchRsvps.declined} declined) in ${info.seconds} s`,
    );
    return info;
  } finally {
    await pool.end();
  }
}

export { RARE_WORD, SEARCH_WORD };

/**
 * `npm run bench`: seeds (or reuses) a large community, starts the real app against it, and measures
 * its endpoints with a load generator in a separate process, next to a bare "one request, one
 * primary-key SELECT" baseline in the same run. Results go into the generated part of
 * docs/BENCHMARKS.md. Not part of `npm test`.
 *
 *   npm run bench                      seed once into .tmp/bench-data (cached), then measure
 *   npm run bench -- --reseed          throw the cached database away and seed again
 *   npm run bench -- --only=home,search  only these scenarios (quick iteration; docs are not rewritten)
 *   npm run bench -- --only=home --accept-encoding=   the same without compression (diagnosis)
 *   npm run bench -- --only=feed --cpu-prof   also a CPU profile of the app per scenario (.tmp/bench-<key>.cpuprofile)
 *   BENCH_DATABASE_URL=postgres://…    use this (empty or bench-seeded) database instead of the embedded one
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type Kysely, sql } from 'kysely';
import { createTreffpunkt } from '../src/app.ts';
import { toInstant, toLocal } from '../src/modules/events/server/tz.ts';
import { loadConfig } from '../src/platform/config.ts';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { openDatabase } from '../src/platform/db/index.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { createLogger } from '../src/platform/logger.ts';
import { encodeCursor } from '../src/platform/pagination.ts';
import { ensureWebBuild } from '../src/cli/build-web.ts';
import { measurePage } from './browser.ts';
import { BENCH_AUTH_SECRET, signIn as signInAt, startAppProcess } from './app-process.ts';
import { measureColdStart } from './coldstart.ts';
import { fanoutApp, fanoutBareWs, postTrigger, spaceChannel } from './fanout.ts';
import { runMultinode } from './multinode.ts';
import { type LoadRequest, type LoadResult, loadInChild } from './load.ts';
import { type Extras, type MachineInfo, type ScenarioResult, writeReport } from './report.ts';
import {
  BENCH_EMAIL,
  BENCH_PASSWORD,
  EVENTS_SEED_VERSION,
  type EventsSize,
  GROWTH_SIZE,
  ISSUE3_SIZE,
  ISSUE6_SIZE,
  ISSUE6_EVENTS,
  RARE_WORD,
  SEARCH_WORD,
  SEED_VERSION,
  type SeedInfo,
  TRYOUT_SEED_VERSION,
  type SeedSize,
  seed,
  seedEvents,
} from './seed.ts';
import { markdown, rng, title } from './text.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ORIGIN = 'http://localhost:3000';
const DAY = 86_400_000;

const { values: args } = parseArgs({
  options: {
    reseed: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    /** What the browser-like scenarios send as Accept-Encoding ('' for none): to see what compression costs. */
    'accept-encoding': { type: 'string', default: 'gzip, deflate, br, zstd' },
    /** A smaller seed (e.g. 0.01) to try the harness out quickly; kept in its own data directory. */
    scale: { type: 'string', default: '1' },
    /** A CPU profile of the app (this process) while each scenario runs: .tmp/bench-<key>.cpuprofile. */
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const CONNECTIONS = Number(args.connections);
const DURATION_MS = Number(args.duration) * 1000;
const WARMUP_MS = Number(args.warmup) * 1000;
const only = args.only ? new Set(args.only.split(',')) : null;
const SCALE = Number(args.scale);
const SIZE: SeedSize =
  SCALE === 1
    ? ISSUE6_SIZE
    : {
        members: Math.max(50, Math.round(ISSUE3_SIZE.members * SCALE)),
        spaces: ISSUE3_SIZE.spaces,
        posts: Math.round(ISSUE3_SIZE.posts * SCALE),
        comments: Math.round(ISSUE3_SIZE.comments * SCALE),
      };
const EVENTS: EventsSize =
  SCALE === 1
    ? ISSUE6_EVENTS
    : {
        events: Math.max(100, Math.round(ISSUE6_EVENTS.events * SCALE)),
        series: Math.max(20, Math.round(ISSUE6_EVENTS.series * SCALE)),
        overrides: Math.max(20, Math.round(ISSUE6_EVENTS.overrides * SCALE)),
      };
const DATA_DIR = path.join(ROOT, '.tmp', SCALE === 1 ? 'bench-data' : `bench-data-${SCALE}`);
const VERSION = SCALE === 1 ? SEED_VERSION : `${TRYOUT_SEED_VERSION}-scale-${SCALE}`;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const fmtN = (n: number) => n.toLocaleString('en');
const logger = createLogger('warn');

/** Starts the embedded PostgreSQL (or takes BENCH_DATABASE_URL); a --reseed removes the cached cluster first. */
async function database(): Promise<{ url: string; embedded: EmbeddedPostgres | null }> {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, embedded: null };
  if (args.reseed) fs.rmSync(DATA_DIR, { recursive: true, force: true });
  const embedded = await startEmbeddedPostgres({ baseDir: DATA_DIR, logger, dbName: 'bench' });
  return { url: embedded.url, embedded };
}

/** The seed that is in the database, seeding first when there is none (or an older one). */
async function ensureSeed(url: string): Promise<SeedInfo> {
  const { db, close } = openDatabase(url, { max: 2, applicationName: 'treffpunkt-bench' });
  try {
    await sql`create table if not exists bench_seed_meta (version text primary key, info jsonb not null)`.execute(
      db,
    );
    const have = await sql<{
      version: string;
      info: SeedInfo;
    }>`select version, info from bench_seed_meta`.execute(db);
    const current = have.rows.find((r) => r.version === VERSION);
    if (current && !args.reseed) {
      log(
        `reusing the seeded database (${VERSION}, seeded ${current.info.seededAt} in ${current.info.seconds} s); --reseed to seed again`,
      );
      // The app starts without migrating (as a second node would): bring a database seeded with an
      // older schema up to date first.
      const { applied } = await migrateToLatest(db);
      if (applied.length) log(`migrated the seeded database: ${applied.join(', ')}`);
      // The events part is versioned on its own: added (or replaced) without seeding posts again.
      if (current.info.events?.version !== EVENTS_SEED_VERSION) {
        log(
          `${current.info.events ? `replacing the events (${current.info.events.version})` : 'adding events to this seed'}: ${EVENTS.events.toLocaleString('en')} events, ${EVENTS.series} of them series…`,
        );
        const info: SeedInfo = { ...current.info, events: await seedEvents(url, EVENTS, log) };
        await sql`update bench_seed_meta set info = ${JSON.stringify(info)}::jsonb where version = ${VERSION}`.execute(
          db,
        );
        return info;
      }
      return current.info;
    }
    const users = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_tables where tablename = 'users'`.execute(db);
    if (users.rows[0]!.n > 0) {
      const anyone = await sql<{ n: number }>`select count(*)::int as n from "users"`.execute(db);
      if (anyone.rows[0]!.n > 0 && have.rows.length === 0) {
        throw new Error(
          'This database has accounts but no benchmark seed; point BENCH_DATABASE_URL at an empty database.',
        );
      }
      // A bench database of an older seed (or --reseed on BENCH_DATABASE_URL): start from an empty schema.
      log('dropping the previous benchmark data…');
      await sql`drop schema if exists pgboss cascade`.execute(db);
      await sql`drop schema public cascade`.execute(db);
      await sql`create schema public`.execute(db);
      await sql`create table bench_seed_meta (version text primary key, info jsonb not null)`.execute(db);
    }
    await migrateToLatest(db);
    log(
      `seeding ${SIZE.members.toLocaleString('en')} members, ${SIZE.spaces} spaces, ${SIZE.posts.toLocaleString('en')} posts, ${SIZE.comments.toLocaleString('en')} comments…`,
    );
    const info = { ...(await seed(url, SIZE, log, EVENTS)), version: VERSION };
    await sql`delete from bench_seed_meta`.execute(db);
    await sql`insert into bench_seed_meta (version, info) values (${VERSION}, ${JSON.stringify(info)}::jsonb)`.execute(
      db,
    );
    log(
      `seeded in ${info.seconds} s (${Object.entries(info.phases)
        .map(([k, v]) => `${k} ${v} s`)
        .join(', ')})`,
    );
    return info;
  } finally {
    await close();
  }
}

/** Takes back what the write scenarios of earlier runs added, so every run measures the same data. */
async function resetWrites(url: string): Promise<void> {
  const { db, close } = openDatabase(url, { max: 1, applicationName: 'treffpunkt-bench' });
  try {
    const me = await sql<{ id: string }>`select id from "users" where email = ${BENCH_EMAIL}`.execute(db);
    const id = me.rows[0]!.id;
    // The bench writes top-level comments on seeded posts and posts nobody answers, so nothing else
    // points at them but notifications and read markers, deleted first. FK triggers are skipped when
    // we may (superuser): the ON DELETE CASCADE of comments.parent_id has no index and would scan all
    // comments once per deleted comment (see Findings).
    const { posts, removed } = await db.transaction().execute(async (trx) => {
      const su = await sql<{
        s: boolean;
      }>`select rolsuper as s from pg_roles where rolname = current_user`.execute(trx);
      if (su.rows[0]?.s) await sql`set local session_replication_role = replica`.execute(trx);
      await sql`delete from notifications where actor_id = ${id}`.execute(trx);
      await sql`delete from notifications n using posts p where n.post_id = p.id and p.author_id = ${id}`.execute(
        trx,
      );
      await sql`delete from post_reads r using posts p where r.post_id = p.id and p.author_id = ${id}`.execute(
        trx,
      );
      const touched = await sql<{ post_id: string }>`
        with c as (delete from comments where author_id = ${id} returning post_id) select distinct post_id from c`.execute(
        trx,
      );
      const posts = touched.rows.map((r) => r.post_id);
      if (posts.length) {
        await sql`update posts p set
            comment_count = (select count(*) from comments c where c.post_id = p.id and c.status = 'published'),
            last_activity_at = greatest(p.publish_at, (select max(c.created_at) from comments c where c.post_id = p.id and c.status = 'published'))
          where p.id = any(${posts}::uuid[])`.execute(trx);
      }
      const deleted = await sql`delete from posts where author_id = ${id}`.execute(trx);
      return { posts, removed: Number(deleted.numAffectedRows ?? 0) };
    });
    await sql`delete from space_follows where user_id = ${id}`.execute(db);
    // Jobs about rows that no longer exist would only fail.
    const boss = await sql<{ t: string | null }>`select to_regclass('pgboss.job')::text as t`.execute(db);
    if (boss.rows[0]!.t) await sql`delete from pgboss.job where state in ('created', 'retry')`.execute(db);
    if (posts.length || removed) {
      log(`removed ${removed} posts and the comments on ${posts.length} posts left by earlier runs`);
      await sql`vacuum (analyze) posts, comments, notifications`.execute(db);
    }
  } finally {
    await close();
  }
}

function listen(
  fetch: (req: Request) => Response | Promise<Response>,
): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
  });
}

function close(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    server.close(() => resolve());
  });
}

/**
 * The real app in this process (its CPU profile is the server's), as `npm start` wires it (job workers
 * on) but without auth rate limits and without migrating; its shutdown steps go to the front of `stops`.
 */
async function startInProcess(url: string, appDir: string, stops: Array<() => Promise<void>>) {
  fs.mkdirSync(appDir, { recursive: true });
  const config = loadConfig({
    NODE_ENV: 'production',
    DATA_DIR: appDir,
    PUBLIC_URL: ORIGIN,
    AUTH_SECRET: BENCH_AUTH_SECRET,
    LOG_LEVEL: 'warn',
    RATE_LIMIT: '0',
  });
  const tp = await createTreffpunkt({ config, logger, databaseUrl: url, migrate: false });
  await tp.start();
  stops.push(() => tp.stop());
  const app = await listen(tp.app.fetch);
  stops.unshift(() => close(app.server));
  return { tp, app };
}

/** The largest space members see, and a keyset cursor after its 500th newest post (half-way in a small one). */
async function deepInLargestSpace(
  db: Kysely<any>,
): Promise<{ big: { id: string; slug: string; n: number }; cursor: string }> {
  const big = (
    await sql<{ id: string; slug: string; n: number }>`
      select s.id, s.slug, count(*)::int as n from posts p join spaces s on s.id = p.space_id
       where s.visibility <> 'restricted' and not s.optional and p.status = 'published'
       group by s.id, s.slug order by n desc limit 1`.execute(db)
  ).rows[0]!;
  const deep = (
    await sql<{ publish_at: Date; id: string }>`
      select publish_at, id from posts where space_id = ${big.id} and status = 'published'
       order by publish_at desc, id desc offset ${Math.min(499, Math.floor(big.n / 2))} limit 1`.execute(db)
  ).rows[0]!;
  return { big, cursor: encodeCursor(deep.publish_at, deep.id) };
}

/** Runs the load generator as a child process and returns what it measured. */
const load = loadInChild;

async function machine(url: string, info: SeedInfo): Promise<MachineInfo> {
  const { db, close } = openDatabase(url, { max: 1 });
  try {
    const v = await sql<{ v: string }>`select version() as v`.execute(db);
    const settings = await sql<{ name: string; setting: string; unit: string | null }>`
      select name, setting, unit from pg_settings
       where name in ('shared_buffers', 'work_mem', 'max_connections', 'effective_cache_size', 'random_page_cost', 'jit')`.execute(
      db,
    );
    const count = async (t: string) =>
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db)).rows[0]!.n;
    const size = async (t: string) =>
      (
        await sql<{ s: string }>`select pg_size_pretty(pg_total_relation_size(${t}::regclass)) as s`.execute(
          db,
        )
      ).rows[0]!.s;
    const dbSize = (
      await sql<{ s: string }>`select pg_size_pretty(pg_database_size(current_database())) as s`.execute(db)
    ).rows[0]!.s;
    const ev = info.events;
    const events: Record<string, number | string> = ev
      ? {
          events: await count('events'),
          series: (
            await sql<{ n: number }>`select count(*)::int as n from events where repeat is not null`.execute(
              db,
            )
          ).rows[0]!.n,
          openSeries: (
            await sql<{
              n: number;
            }>`select count(*)::int as n from events where repeat is not null and series_until is null`.execute(
              db,
            )
          ).rows[0]!.n,
          eventOverrides: await count('event_occurrences'),
          eventBreaks: await count('event_breaks'),
          eventRsvps: await count('event_rsvps'),
          benchRsvps: `the bench member: ${ev.benchRsvps.series} whole series, ${ev.benchRsvps.going} dates going, ${ev.benchRsvps.waitlisted} waitlisted, ${ev.benchRsvps.declined} declined`,
          eventsSeeded: `${ev.seededAt.slice(0, 10)} (${ev.version}) in ${ev.seconds} s`,
        }
      : {};
    const cpus = os.cpus();
    return {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      postgres: v.rows[0]!.v.split(' on ')[0]!,
      pgSettings: settings.rows.map((s) => {
        const n = Number(s.setting);
        const val =
          s.unit === '8kB'
            ? `${Math.round((n * 8) / 1024)} MB`
            : s.unit === 'kB'
              ? `${Math.round(n / 1024)} MB`
              : s.setting;
        return `${s.name}=${val}`;
      }),
      date: new Date().toISOString(),
      data: {
        members: await count('users'),
        spaces: await count('spaces'),
        posts: await count('posts'),
        comments: await count('comments'),
        reactions: await count('reactions'),
        workshopPosts: info.workshopPosts,
        workshopComments: info.workshopComments,
        rarePosts: info.rarePosts,
        rareComments: info.rareComments,
        postsSize: await size('posts'),
        commentsSize: await size('comments'),
        databaseSize: dbSize,
        ...events,
      },
      seed: { seconds: info.seconds, phases: info.phases, seededAt: info.seededAt, version: info.version },
    };
  } finally {
    await close();
  }
}

interface Scenario {
  key: string;
  name: string;
  what: string;
  port: number;
  headers: Record<string, string>;
  requests: LoadRequest[];
  writes?: boolean;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const { url, embedded } = await database();
  const stops: Array<() => Promise<void>> = [];
  try {
    const info = await ensureSeed(url);
    await resetWrites(url);

    // The real app, as `npm start` wires it (job workers on), without auth rate limits.
    const { tp, app } = await startInProcess(url, path.join(DATA_DIR, 'app'), stops);

    // The ceiling: one request, one primary-key SELECT, through a pool opened the same way.
    const base = openDatabase(url, { applicationName: 'treffpunkt-bench-baseline' });
    stops.push(() => base.close());
    const bare = new Hono();
    bare.get('/baseline/:id', async (c) => {
      const row = await base.db
        .selectFrom('users')
        .select(['id', 'name', 'image'])
        .where('id', '=', c.req.param('id'))
        .executeTakeFirst();
      return c.json(row ?? null);
    });
    const baseline = await listen(bare.fetch);
    stops.unshift(() => close(baseline.server));

    // Log in the bench member.
    const cookie = await signInAt(`http://127.0.0.1:${app.port}`, ORIGIN, BENCH_EMAIL, BENCH_PASSWORD);

    // Inputs computed beforehand: the biggest visible space and a cursor 500 posts deep, targets for comments.
    const { db } = tp.database;
    const { big, cursor } = await deepInLargestSpace(db);
    const postSpaces = (
      await sql<{
        slug: string;
      }>`select slug from spaces where kind = 'discussion' and visibility = 'members' and not optional order by position limit 10`.execute(
        db,
      )
    ).rows.map((r) => r.slug);
    const targets = (
      await sql<{ id: string }>`
        select p.id from posts p join spaces s on s.id = p.space_id
         where s.visibility = 'members' and not s.optional and p.status = 'published' and not p.closed
         order by md5(p.id::text) limit 500`.execute(db)
    ).rows.map((r) => r.id);
    const users = (
      await sql<{ id: string }>`select id from "users" order by md5(id) limit 1000`.execute(db)
    ).rows.map((r) => r.id);
    // The post page's comments: the published post whose comment count is nearest to 200.
    const thread = (
      await sql<{ id: string; n: number }>`
        select p.id, p.comment_count as n from posts p join spaces s on s.id = p.space_id
         where s.visibility = 'members' and not s.optional and p.status = 'published'
         order by abs(p.comment_count - 200), p.id limit 1`.execute(db)
    ).rows[0]!;
    const visibleSpaces = (
      await sql<{ n: number }>`select count(*)::int as n from spaces where archived_at is null
        and (visibility <> 'restricted') and (not optional or id in (select space_id from space_members sm join users u on u.id = sm.user_id where u.email = ${BENCH_EMAIL}))`.execute(
        db,
      )
    ).rows[0]!.n;
    const x = rng(5);
    const postBodies = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ kind: 'discussion', title: title(x), body: markdown(x, 1 + (i % 3), 2, 4) }),
    );

    // Events: next month's grid (from a week before its first day, six weeks, in the programme's zone)
    // as the signed-in member, and the member's personal feed URL as the settings page shows it.
    const zone = (await sql<{ z: string }>`select time_zone as z from event_settings`.execute(db)).rows[0]!.z;
    const today = toLocal(new Date(), zone);
    const nextMonth = Number(today.slice(5, 7)) % 12;
    const monthStart = toInstant(
      `${Number(today.slice(0, 4)) + (nextMonth === 0 ? 1 : 0)}-${String(nextMonth + 1).padStart(2, '0')}-01T00:00`,
      zone,
    );
    const calFrom = new Date(monthStart.getTime() - 7 * DAY);
    const calTo = new Date(calFrom.getTime() + 42 * DAY);
    const calendarPath = `/api/events/calendar?from=${calFrom.toISOString()}&to=${calTo.toISOString()}`;
    const get = async (p: string, headers: Record<string, string>) => {
      const res = await fetch(`http://127.0.0.1:${app.port}${p}`, { headers });
      if (res.status !== 200)
        throw new Error(`GET ${p} answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
      return res;
    };
    const feedUrl = (
      (await (await get('/api/events/me/feed', { cookie, accept: 'application/json' })).json()) as {
        url: string;
      }
    ).url;
    const feedPath = new URL(feedUrl).pathname;
    // What the two answers hold, for the report (skipped when neither scenario runs: the feed takes a second).
    const wanted = !only || only.has('calendar') || only.has('feed');
    const month = wanted
      ? ((await (await get(calendarPath, { cookie, accept: 'application/json' })).json()) as {
          items: Array<{ eventId: string; series: boolean; myStatus: string | null }>;
        })
      : { items: [] };
    const feedText = wanted ? await (await get(feedPath, {})).text() : '';
    const calendarFacts = {
      dates: month.items.length,
      events: new Set(month.items.map((i) => i.eventId)).size,
      seriesDates: month.items.filter((i) => i.series).length,
      mine: month.items.filter((i) => i.myStatus).length,
    };
    const feedFacts = {
      vevents: feedText.split('BEGIN:VEVENT').length - 1,
      series: feedText.split('\r\nRRULE:').length - 1,
      kb: Math.round(Buffer.byteLength(feedText) / 1024),
    };

    const encoding = args['accept-encoding'];
    const browser: Record<string, string> = {
      ...(encoding ? { 'accept-encoding': encoding } : {}),
      accept: 'application/json',
      cookie,
    };
    const scenarios: Scenario[] = [
      {
        key: 'baseline',
        name: 'Baseline: one primary-key SELECT',
        what: '`GET /baseline/:id` on a bare Hono app with its own pool (`openDatabase`, 20 connections): `select id, name, image from users where id = $1`, 1,000 different ids',
        port: baseline.port,
        headers: { accept: 'application/json' },
        requests: users.map((id) => ({ method: 'GET', path: `/baseline/${id}` })),
      },
      {
        key: 'home',
        name: 'Home feed',
        what: `\`GET /api/feed?limit=20\`, logged in (${visibleSpaces} spaces in the member's feed), newest first, with author, comment counts, reactions and my reactions, polls, unread markers`,
        port: app.port,
        headers: browser,
        requests: [{ method: 'GET', path: '/api/feed?limit=20' }],
      },
      {
        key: 'space',
        name: 'Space feed, 500 posts deep',
        what: `\`GET /api/spaces/${big.slug}/posts?limit=20&cursor=…\`: the largest space (${big.n.toLocaleString('en')} posts), keyset cursor after its 500th newest post`,
        port: app.port,
        headers: browser,
        requests: [{ method: 'GET', path: `/api/spaces/${big.slug}/posts?limit=20&cursor=${cursor}` }],
      },
      {
        key: 'thread',
        name: 'Post with 200 comments',
        what: `\`GET /api/posts/<id>/comments\`, logged in: the comments of a post with ${fmtN(thread.n)} comments (replies nested, authors, reactions, my reactions), as the post page loads them`,
        port: app.port,
        headers: browser,
        requests: [{ method: 'GET', path: `/api/posts/${thread.id}/comments` }],
      },
      {
        key: 'public',
        name: 'Public community page',
        what: '`GET /api/feed?limit=20` without a session: what a visitor sees (the posts of the public spaces), with `GET /api/community` in between, as the page loads them',
        port: app.port,
        headers: { ...(encoding ? { 'accept-encoding': encoding } : {}), accept: 'application/json' },
        requests: [
          { method: 'GET', path: '/api/feed?limit=20' },
          { method: 'GET', path: '/api/community' },
        ],
      },
      {
        key: 'search',
        name: `Search "${SEARCH_WORD}"`,
        what: `\`GET /api/search?q=${SEARCH_WORD}\`: posts, comments and members; the word is in ${info.workshopPosts.toLocaleString('en')} posts and ${info.workshopComments.toLocaleString('en')} comments`,
        port: app.port,
        headers: browser,
        requests: [{ method: 'GET', path: `/api/search?q=${encodeURIComponent(SEARCH_WORD)}` }],
      },
      {
        key: 'search-rare',
        name: `Search "${RARE_WORD}" (rare)`,
        what: `\`GET /api/search?q=${RARE_WORD}\`: in ${info.rarePosts} posts and ${info.rareComments} comments`,
        port: app.port,
        headers: browser,
        requests: [{ method: 'GET', path: `/api/search?q=${encodeURIComponent(RARE_WORD)}` }],
      },
      {
        key: 'post',
        name: 'Post creation',
        what: `\`POST /api/spaces/<slug>/posts\` (discussion with title, 1–3 paragraphs of Markdown) round-robin over ${postSpaces.length} spaces, one member`,
        port: app.port,
        headers: { ...browser, origin: ORIGIN },
        requests: postBodies.map((body, i) => ({
          method: 'POST',
          path: `/api/spaces/${postSpaces[i % postSpaces.length]}/posts`,
          body,
        })),
        writes: true,
      },
      {
        key: 'comment',
        name: 'Comment creation',
        what: `\`POST /api/posts/<id>/comments\` round-robin over ${targets.length} posts, one member`,
        port: app.port,
        headers: { ...browser, origin: ORIGIN },
        requests: targets.map((id, i) => ({
          method: 'POST',
          path: `/api/posts/${id}/comments`,
          body: JSON.stringify({ body: markdown(rng(i), 1, 1, 3) }),
        })),
        writes: true,
      },
      {
        key: 'calendar',
        name: 'Calendar month view',
        what: `\`GET /api/events/calendar?from=…&to=…\`, logged in: next month's grid (${toLocal(calFrom, zone).slice(0, 10)} + 6 weeks, ${zone}), ${fmtN(calendarFacts.dates)} dates of ${fmtN(calendarFacts.events)} events (${fmtN(calendarFacts.seriesDates)} of them from series), ${calendarFacts.mine} with my RSVP`,
        port: app.port,
        headers: browser,
        requests: [{ method: 'GET', path: calendarPath }],
      },
      {
        key: 'feed',
        name: 'Personal calendar feed',
        what: `\`GET /api/calendar/feed/<token>.ics\` without a session, as a calendar app asks (\`Accept-Encoding: gzip\`): ${fmtN(feedFacts.vevents)} VEVENTs (${fmtN(feedFacts.series)} series with their EXDATEs and changed dates, single events from 90 days back), ${fmtN(feedFacts.kb)} KB before compression`,
        port: app.port,
        headers: { accept: 'text/calendar, */*;q=0.5', ...(encoding ? { 'accept-encoding': 'gzip' } : {}) },
        requests: [{ method: 'GET', path: feedPath }],
      },
    ];

    // One request each first: a scenario that answers with errors is a bug in the harness or the app.
    for (const s of scenarios) {
      if (only && !only.has(s.key)) continue;
      const r = s.requests[0]!;
      const res = await fetch(`http://127.0.0.1:${s.port}${r.path}`, {
        method: r.method,
        headers: { ...s.headers, ...(r.body ? { 'content-type': 'application/json' } : {}) },
        body: r.body,
      });
      const text = await res.text();
      if (res.status >= 300)
        throw new Error(`${s.key}: ${r.method} ${r.path} answered ${res.status}: ${text.slice(0, 500)}`);
      if (s.key === 'home' && !text.includes('"items":[{')) throw new Error('home feed is empty');
      if (s.key === 'calendar' && !text.includes('"items":[{'))
        throw new Error('the calendar month is empty');
      if (s.key === 'feed' && !text.startsWith('BEGIN:VCALENDAR')) throw new Error('the feed is no calendar');
    }
    await resetWrites(url);
    log(
      `ready after ${Math.round((performance.now() - t0) / 1000)} s; measuring ${RUNS}× ${DURATION_MS / 1000} s (+${WARMUP_MS / 1000} s warm-up) at ${CONNECTIONS} connections`,
    );

    // The app runs in this process: its profile is where the server's time goes (PostgreSQL is not in it).
    const profiler = args['cpu-prof'] ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
    }
    const results: ScenarioResult[] = [];
    const tMeasure = performance.now();
    for (const s of scenarios) {
      if (only && !only.has(s.key)) continue;
      if (profiler) await profiler.post('Profiler.start');
      const runs: LoadResult[] = [];
      const drains: Array<{ queued: number; after5s: number }> = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await load({
          url: `http://127.0.0.1:${s.port}`,
          connections: CONNECTIONS,
          durationMs: DURATION_MS,
          warmupMs: WARMUP_MS,
          headers: s.headers,
          requests: s.requests,
        });
        runs.push(r);
        log(
          `${s.key.padEnd(12)} run ${i + 1}: ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  max ${r.max} ms` +
            `${r.errors || r.non2xx ? `  errors ${r.errors} non-2xx ${r.non2xx} (${r.sampleError})` : ''}`,
        );
        if (s.writes) drains.push(await jobBacklog(url));
      }
      results.push({ key: s.key, name: s.name, what: s.what, runs, jobBacklog: drains });
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        const file = path.join(ROOT, '.tmp', `bench-${s.key}.cpuprofile`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify(profile));
        log(`CPU profile of ${s.key}: ${path.relative(ROOT, file)}`);
      }
    }
    profiler?.disconnect();

    const extras: Extras = {};
    const want = (k: string) => !only || only.has(k);
    if (want('growth')) {
      extras.growth = await measureGrowth(results);
    }
    if (want('page')) {
      // The page as a member sees it on a cold cache, with gzip (the budget's unit) and as Chromium asks (br).
      await resetWrites(url);
      await ensureWebBuild(log);
      const base = `http://127.0.0.1:${app.port}`;
      extras.page = await measurePage({
        baseUrl: base,
        cookie,
        path: '/',
        runs: 5,
        acceptEncoding: 'gzip, deflate',
        log,
      });
      extras.pageBrotli = await measurePage({ baseUrl: base, cookie, path: '/', runs: 3, log });
    }
    if (want('fanout')) {
      // A node of its own (as `npm start` runs it) so its RSS is the app's alone; posts go to a members' space.
      await resetWrites(url);
      const node = await startAppProcess({
        databaseUrl: url,
        port: 4150,
        dataDir: path.join(DATA_DIR, 'fanout-node'),
        name: 'fanout',
      });
      try {
        const nodeCookie = await signInAt(node.url, node.url, BENCH_EMAIL, BENCH_PASSWORD);
        const slug = postSpaces[0]!;
        const app1 = await fanoutApp({
          urls: [`ws://127.0.0.1:${node.port}/api/ws`],
          clients: 10_000,
          cookie: nodeCookie,
          origin: node.url,
          channel: await spaceChannel(node.url, slug, nodeCookie),
          trigger: postTrigger(node.url, slug, nodeCookie, node.url),
          rss: () => node.rssBytes(),
          log,
        });
        const bare = await fanoutBareWs({ port: 4151, clients: 10_000, log });
        extras.fanout = { app: app1, bare, slug };
      } finally {
        await node.stop();
      }
      await resetWrites(url);
    }
    if (want('multinode')) {
      await resetWrites(url);
      extras.multinode = await runMultinode({
        databaseUrl: url,
        dataDir: path.join(DATA_DIR, 'multinode'),
        email: BENCH_EMAIL,
        password: BENCH_PASSWORD,
        feed: {
          connections: CONNECTIONS,
          durationMs: DURATION_MS,
          warmupMs: WARMUP_MS,
          runs: RUNS,
          acceptEncoding: args['accept-encoding'],
        },
        log,
      });
      await resetWrites(url);
    }
    if (want('coldstart')) {
      extras.coldStart = await measureColdStart({ runs: 5, npmStart: true, log });
    }
    log(`measured in ${Math.round((performance.now() - tMeasure) / 1000)} s`);

    const m = await machine(url, info);
    const settings = {
      connections: CONNECTIONS,
      durationS: DURATION_MS / 1000,
      warmupS: WARMUP_MS / 1000,
      runs: RUNS,
    };
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, '.tmp', 'bench-results.json'),
      JSON.stringify({ machine: m, settings, results, extras }, null, 2),
    );
    if (only || SCALE !== 1 || encoding !== 'gzip, deflate, br, zstd')
      log('--only/--scale: docs/BENCHMARKS.md left as it is (results in .tmp/bench-results.json)');
    else writeReport(path.join(ROOT, 'docs', 'BENCHMARKS.md'), m, settings, results, extras);
    await resetWrites(url);
  } finally {
    for (const stop of stops) await stop().catch((e) => log(`shutdown: ${String(e)}`));
    await embedded?.stop();
  }
  log(`done in ${Math.round((performance.now() - t0) / 1000)} s`);
}

/**
 * The growth check: the same home and space feeds on a community with as many members and spaces but
 * 1 % of the posts and comments (10,000 comments), seeded once into its own cluster. The issue's rule:
 * the feeds' median latency at 1,000,000 comments is at most 1.5× the one at 10,000.
 */
async function measureGrowth(results: ScenarioResult[]): Promise<NonNullable<Extras['growth']>> {
  const dir = path.join(ROOT, '.tmp', 'bench-growth');
  const version = `growth-${SEED_VERSION}`;
  const embedded = process.env.BENCH_DATABASE_URL
    ? null
    : await startEmbeddedPostgres({ baseDir: dir, logger, dbName: 'bench' });
  if (!embedded)
    throw new Error(
      'the growth check needs the embedded PostgreSQL (unset BENCH_DATABASE_URL or skip it with --only)',
    );
  const url = embedded.url;
  const stops: Array<() => Promise<void>> = [];
  try {
    {
      const { db, close: closeDb } = openDatabase(url, { max: 2 });
      try {
        await sql`create table if not exists bench_seed_meta (version text primary key, info jsonb not null)`.execute(
          db,
        );
        const have = await sql<{ version: string }>`select version from bench_seed_meta`.execute(db);
        if (!have.rows.some((r) => r.version === version)) {
          log(
            `growth check: seeding ${fmtN(GROWTH_SIZE.members)} members, ${GROWTH_SIZE.spaces} spaces, ${fmtN(GROWTH_SIZE.posts)} posts, ${fmtN(GROWTH_SIZE.comments)} comments…`,
          );
          await sql`drop schema if exists pgboss cascade`.execute(db);
          await sql`drop schema public cascade`.execute(db);
          await sql`create schema public`.execute(db);
          await sql`create table bench_seed_meta (version text primary key, info jsonb not null)`.execute(db);
          await migrateToLatest(db);
          const info = await seed(url, GROWTH_SIZE, log, { events: 100, series: 20, overrides: 20 });
          await sql`insert into bench_seed_meta (version, info) values (${version}, ${JSON.stringify(info)}::jsonb)`.execute(
            db,
          );
        } else {
          await migrateToLatest(db);
        }
      } finally {
        await closeDb();
      }
    }
    const { tp, app } = await startInProcess(url, path.join(dir, 'app'), stops);
    const cookie = await signInAt(`http://127.0.0.1:${app.port}`, ORIGIN, BENCH_EMAIL, BENCH_PASSWORD);
    const { db } = tp.database;
    const { big, cursor } = await deepInLargestSpace(db);
    const counts = (
      await sql<{
        posts: number;
        comments: number;
      }>`select (select count(*)::int from posts) as posts, (select count(*)::int from comments) as comments`.execute(
        db,
      )
    ).rows[0]!;
    const headers = { 'accept-encoding': args['accept-encoding'], accept: 'application/json', cookie };
    const out: NonNullable<Extras['growth']> = {
      posts: counts.posts,
      comments: counts.comments,
      scenarios: [],
    };
    for (const [key, p, name] of [
      ['home', '/api/feed?limit=20', 'Home feed'],
      [
        'space',
        `/api/spaces/${big.slug}/posts?limit=20&cursor=${cursor}`,
        'Space feed (cursor half-way into the largest space)',
      ],
    ] as const) {
      const runs: LoadResult[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await load({
          url: `http://127.0.0.1:${app.port}`,
          connections: CONNECTIONS,
          durationMs: DURATION_MS,
          warmupMs: WARMUP_MS,
          headers,
          requests: [{ method: 'GET', path: p }],
        });
        runs.push(r);
        log(`growth ${key} run ${i + 1}: ${r.rps.toFixed(0)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms`);
      }
      const big1m = results.find((x) => x.key === key);
      out.scenarios.push({ key, name, small: runs, large: big1m?.runs ?? [] });
    }
    return out;
  } finally {
    for (const stop of stops) await stop().catch((e) => log(`growth shutdown: ${String(e)}`));
    await embedded.stop();
  }
}

/**
 * After a write run: how many jobs (notification work of the new rows) are still waiting, and how many
 * are left after 5 s more. The rest is discarded so the next run starts equal (the job workers handle
 * at most one batch per polling interval and would otherwise still be busy in the next run).
 */
async function jobBacklog(url: string): Promise<{ queued: number; after5s: number }> {
  const { db, close } = openDatabase(url, { max: 1 });
  const waiting = async () =>
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from pgboss.job where state in ('created', 'retry', 'active')`.execute(db)
    ).rows[0]!.n;
  try {
    const queued = await waiting();
    await new Promise((res) => setTimeout(res, 5000));
    const after5s = await waiting();
    await sql`delete from pgboss.job where state in ('created', 'retry')`.execute(db);
    return { queued, after5s };
  } finally {
    await close();
  }
}

await main();

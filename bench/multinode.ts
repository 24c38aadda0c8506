/**
 * Scale-out proof: two app processes (bench/app-process.ts) on their own ports share one PostgreSQL
 * behind a round-robin proxy (bench/proxy.ts).
 *
 *   (a) feed: `GET /api/feed?limit=20` (browser headers, signed in) through the proxy, and the same
 *       against one node directly, with bench/load.ts in its own process;
 *   (b) fan-out: N clients (10,000) spread over both nodes, a post created through node A reaches every
 *       client on both nodes (missing receipts must be 0), time to the last receipt;
 *   (c) jobs run once: N `spaces.announce` jobs queued while both nodes work on jobs: each is completed
 *       once and each client hears each one exactly once (a job worked twice would publish twice);
 *       and the per-minute `events.tick` cron produced one job per minute, not one per node.
 *
 * `runMultinode(opts)` for the harness; standalone for trying it out (embedded PostgreSQL under
 * .tmp/rt-pg on port 4290, seeded small when empty; or --database-url):
 *
 *   npx node bench/multinode.ts [--clients=10000] [--runs=3] [--broadcasts=20] [--only=feed,fanout,jobs]
 *                               [--single] [--cpu-prof] [--database-url=postgres://…]
 *
 * `--single` first measures fan-out on one app node and on the bare `ws` baseline (fanoutApp /
 * fanoutBareWs), as the harness's single-node section would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type AppProcess, signIn, startAppProcess } from './app-process.ts';
import { type FanoutResult, fanoutApp, fanoutBareWs, postTrigger } from './fanout.ts';
import { type LoadResult, type LoadSpec, loadInChild } from './load.ts';
import { type ProxyStats, spawnProxy } from './proxy.ts';
import { BENCH_EMAIL, BENCH_PASSWORD } from './seed.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface MultinodeOptions {
  databaseUrl: string;
  /** Ports: the proxy and the two nodes (default 4200, 4201, 4202). */
  proxyPort?: number;
  nodePorts?: [number, number];
  /** Where the nodes' DATA_DIRs go (default a temp dir). */
  dataDir?: string;
  email?: string;
  password?: string;
  /** The space posts are created in (default: the first members-only discussion space that is not optional). */
  spaceSlug?: string;
  parts?: Array<'feed' | 'fanout' | 'jobs'>;
  feed?: {
    connections?: number;
    durationMs?: number;
    warmupMs?: number;
    runs?: number;
    acceptEncoding?: string;
  };
  fanout?: {
    clients?: number;
    broadcasts?: number;
    runs?: number;
    /** Share of the clients that connect through the proxy (default 0.5); the rest connect to both nodes directly, alternately. */
    viaProxy?: number;
  };
  /** `spaces.announce` jobs queued for the exactly-once check (default 200). Needs the fan-out's clients. */
  jobs?: number;
  /** CPU profiles of both nodes into this directory (written when they stop). */
  cpuProfDir?: string;
  log?: (line: string) => void;
}

export interface NodeInfo {
  port: number;
  pid: number;
  rssAtStartBytes: number;
  rssAtEndBytes: number;
}

export interface MultinodeFeed {
  path: string;
  connections: number;
  /** Through the proxy, one entry per run. */
  proxied: LoadResult[];
  /** Against node A directly, one entry per run. */
  direct: LoadResult[];
  /** Without the proxy: half the connections straight to node A, half to node B, at the same time ([A, B] per run). */
  directBoth: Array<[LoadResult, LoadResult]>;
  /** Requests per second of directBoth (A + B), per run. */
  directBothRps: number[];
  /** Requests the proxy forwarded to each node during the proxied runs. */
  perNode: number[];
}

export interface MultinodeFanout extends FanoutResult {
  /** Which node the posts were created through. */
  triggerPort: number;
  /** WebSocket connections open on each node while measuring (established TCP connections on its port). */
  socketsPerNode: Array<{ port: number; sockets: number }>;
  /** Upgrades the proxy forwarded to each node. */
  proxyUpgrades: number[];
  /** Each node's RSS at rest and with the sockets open (bytes). */
  rssPerNode: Array<{ port: number; atRestBytes: number; withSocketsBytes: number }>;
}

export interface MultinodeJobs {
  /** spaces.announce jobs queued at once (each publishes post.created for a key of its own). */
  queued: number;
  /** Of them, completed / failed / still waiting when the check ended. */
  completed: number;
  failed: number;
  waiting: number;
  /** Time until all were completed (ms). */
  drainMs: number;
  /** Connected clients; each should hear each job exactly once. */
  clients: number;
  /** Receipts expected (queued × clients), received, missing, and received more than once. */
  expectedReceipts: number;
  receipts: number;
  missingReceipts: number;
  duplicateReceipts: number;
  /** The per-minute `events.tick` cron while both nodes ran: jobs created per minute slot. */
  cron: { minutes: number; ticks: number; maxPerMinute: number };
}

export interface MultinodeResult {
  nodes: NodeInfo[];
  proxyPort: number;
  feed?: MultinodeFeed;
  fanout?: MultinodeFanout;
  jobs?: MultinodeJobs;
  proxy: ProxyStats;
}

/** Runs bench/load.ts as a child process, as bench/run.ts does. */
export const load = loadInChild;

/** Established TCP connections whose local port is `port` (this machine, IPv4 and IPv6). */
export function establishedOn(port: number): number {
  let n = 0;
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4) continue;
      // local_address is ADDR:PORT in hex; state 01 is ESTABLISHED.
      if (cols[1]!.endsWith(`:${hex}`) && cols[3] === '01') n++;
    }
  }
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runMultinode(opts: MultinodeOptions): Promise<MultinodeResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`[multinode] ${l}\n`));
  const proxyPort = opts.proxyPort ?? 4200;
  const [portA, portB] = opts.nodePorts ?? [4201, 4202];
  const parts = new Set(opts.parts ?? ['feed', 'fanout', 'jobs']);
  const origin = `http://127.0.0.1:${proxyPort}`;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-multinode-'));
  const db = new pg.Client({
    connectionString: opts.databaseUrl,
    application_name: 'treffpunkt-bench-multinode',
  });
  await db.connect();
  const stops: Array<() => Promise<void>> = [];
  try {
    const space = (
      await db.query<{ id: string; slug: string }>(
        opts.spaceSlug
          ? 'select id, slug from spaces where slug = $1'
          : `select id, slug from spaces where kind = 'discussion' and visibility = 'members' and not optional order by position limit 1`,
        opts.spaceSlug ? [opts.spaceSlug] : [],
      )
    ).rows[0];
    if (!space) throw new Error('no space to post in');
    const startedAt = new Date();

    // Both nodes with PUBLIC_URL = the proxy: the origin browsers would use, accepted on both.
    log(`starting two app nodes on ${portA} and ${portB} (proxy on ${proxyPort})`);
    const node = (port: number, name: string) =>
      startAppProcess({
        databaseUrl: opts.databaseUrl,
        port,
        dataDir: path.join(dataDir, name),
        publicUrl: origin,
        name,
        cpuProfDir: opts.cpuProfDir,
      });
    // One after the other: on a fresh database, pg-boss's queue creation races (the app retries, but why wait).
    const a: AppProcess = await node(portA, 'node-a');
    stops.push(() => a.stop());
    const b: AppProcess = await node(portB, 'node-b');
    stops.push(() => b.stop());
    const proxy = await spawnProxy({ port: proxyPort, targets: [portA, portB] });
    stops.unshift(() => proxy.stop());
    const nodes = [a, b];
    const rssAtStart = nodes.map((n) => n.rssBytes());
    // Both listeners must hold their LISTEN before events are published.
    for (const deadline = Date.now() + 15_000; ; ) {
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database()
          and application_name = 'treffpunkt-listen' and query ilike 'listen%' and backend_start >= $1`,
        [startedAt],
      );
      if (rows[0]!.n >= 2) break;
      if (Date.now() > deadline)
        throw new Error(`only ${rows[0]!.n} of 2 nodes listen on the realtime channel`);
      await sleep(100);
    }
    const cookie = await signIn(
      `http://127.0.0.1:${proxyPort}`,
      origin,
      opts.email ?? BENCH_EMAIL,
      opts.password ?? BENCH_PASSWORD,
    );
    const result: MultinodeResult = {
      nodes: [],
      proxyPort,
      proxy: await proxy.stats(),
    };

    if (parts.has('feed')) {
      const f = opts.feed ?? {};
      const encoding = f.acceptEncoding ?? 'gzip, deflate, br, zstd';
      const headers: Record<string, string> = {
        ...(encoding ? { 'accept-encoding': encoding } : {}),
        accept: 'application/json',
        cookie,
      };
      const feedPath = '/api/feed?limit=20';
      for (const base of [`http://127.0.0.1:${proxyPort}`, a.url, b.url]) {
        const res = await fetch(`${base}${feedPath}`, { headers: { accept: 'application/json', cookie } });
        const text = await res.text();
        if (res.status !== 200 || !text.includes('"items":[{'))
          throw new Error(`feed via ${base}: ${res.status} ${text.slice(0, 300)}`);
      }
      const spec = (url: string): LoadSpec => ({
        url,
        connections: f.connections ?? 50,
        durationMs: f.durationMs ?? 10_000,
        warmupMs: f.warmupMs ?? 2_000,
        headers,
        requests: [{ method: 'GET', path: feedPath }],
      });
      const runs = f.runs ?? 3;
      const before = (await proxy.stats()).requests;
      const proxied: LoadResult[] = [];
      const direct: LoadResult[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await load(spec(`http://127.0.0.1:${proxyPort}`));
        proxied.push(r);
        log(
          `feed via proxy, run ${i + 1}: ${r.rps.toFixed(0)} req/s p50 ${r.p50} ms p99 ${r.p99} ms${r.errors || r.non2xx ? ` errors ${r.errors} non-2xx ${r.non2xx} (${r.sampleError})` : ''}`,
        );
      }
      const after = (await proxy.stats()).requests;
      for (let i = 0; i < runs; i++) {
        const r = await load(spec(a.url));
        direct.push(r);
        log(
          `feed on node A, run ${i + 1}: ${r.rps.toFixed(0)} req/s p50 ${r.p50} ms p99 ${r.p99} ms${r.errors || r.non2xx ? ` errors ${r.errors} non-2xx ${r.non2xx} (${r.sampleError})` : ''}`,
        );
      }
      const directBoth: Array<[LoadResult, LoadResult]> = [];
      const half = Math.round((f.connections ?? 50) / 2);
      for (let i = 0; i < runs; i++) {
        const [ra, rb] = await Promise.all([
          load({ ...spec(a.url), connections: half }),
          load({ ...spec(b.url), connections: half }),
        ]);
        directBoth.push([ra, rb]);
        log(
          `feed on A and B directly (${half} + ${half}), run ${i + 1}: ${(ra.rps + rb.rps).toFixed(0)} req/s (A p50 ${ra.p50} ms p99 ${ra.p99} ms, B p50 ${rb.p50} ms p99 ${rb.p99} ms)`,
        );
      }
      result.feed = {
        path: feedPath,
        connections: f.connections ?? 50,
        proxied,
        direct,
        directBoth,
        directBothRps: directBoth.map(([x, y]) => Math.round((x.rps + y.rps) * 10) / 10),
        perNode: after.map((n, i) => n - before[i]!),
      };
      // Let the proxy's idle keep-alive connections to the nodes time out, so socket counts below are WebSockets.
      await sleep(6_000);
    }

    if (parts.has('fanout') || parts.has('jobs')) {
      const fo = opts.fanout ?? {};
      const clients = fo.clients ?? 10_000;
      const share = fo.viaProxy ?? 0.5;
      // Round-robin over this list: `share` of the clients through the proxy, the rest straight to A and B.
      const viaProxy = `ws://127.0.0.1:${proxyPort}/api/ws`;
      const toA = `ws://127.0.0.1:${portA}/api/ws`;
      const toB = `ws://127.0.0.1:${portB}/api/ws`;
      const urls =
        share >= 1
          ? [viaProxy]
          : share <= 0
            ? [toA, toB]
            : share === 0.5
              ? [viaProxy, toA, viaProxy, toB]
              : [viaProxy, toA, toB];
      const upgradesBefore = (await proxy.stats()).upgrades;
      const rssSamples: number[][] = [];
      let sockets: Array<{ port: number; sockets: number }> = [];
      let jobs: MultinodeJobs | undefined;
      const fan = await fanoutApp({
        urls,
        clients,
        cookie,
        origin,
        channel: `space:${space.id}`,
        trigger: postTrigger(a.url, space.slug, cookie, origin),
        rss: () => {
          const r = nodes.map((n) => n.rssBytes());
          rssSamples.push(r);
          return r[0]! + r[1]!;
        },
        broadcasts: parts.has('fanout') ? fo.broadcasts : 1,
        runs: parts.has('fanout') ? fo.runs : 1,
        log,
        onConnected: async () => {
          sockets = nodes.map((n) => ({ port: n.port, sockets: establishedOn(n.port) }));
          log(`sockets per node: ${sockets.map((s) => `${s.port}: ${s.sockets}`).join(', ')}`);
        },
        afterRuns: parts.has('jobs')
          ? async (fleet) => {
              jobs = await jobsOnce(db, fleet, space.id, opts.jobs ?? 200, startedAt, log);
            }
          : undefined,
      });
      const upgradesAfter = (await proxy.stats()).upgrades;
      if (parts.has('fanout'))
        result.fanout = {
          ...fan,
          triggerPort: portA,
          socketsPerNode: sockets,
          proxyUpgrades: upgradesAfter.map((n, i) => n - upgradesBefore[i]!),
          rssPerNode: nodes.map((n, i) => ({
            port: n.port,
            atRestBytes: rssSamples[0]![i]!,
            withSocketsBytes: rssSamples[1]![i]!,
          })),
        };
      if (jobs) result.jobs = jobs;
    }

    result.proxy = await proxy.stats();
    result.nodes = nodes.map((n, i) => ({
      port: n.port,
      pid: n.pid,
      rssAtStartBytes: rssAtStart[i]!,
      rssAtEndBytes: n.rssBytes(),
    }));
    return result;
  } finally {
    for (const stop of stops) await stop().catch((e) => log(`shutdown: ${String(e)}`));
    await db.end().catch(() => {});
    if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Queues `count` spaces.announce jobs at once (straight into pg-boss's table, as
 * tests/integration/reminders-multinode.test.ts does with events.tick), waits until both nodes' workers
 * have worked them off, and counts what the connected clients heard: each job publishes post.created
 * with its own key, so a job worked twice would reach every client twice.
 */
async function jobsOnce(
  db: pg.Client,
  fleet: import('./fanout.ts').ClientFleet,
  spaceId: string,
  count: number,
  since: Date,
  log: (l: string) => void,
): Promise<MultinodeJobs> {
  const tag = `job-${Date.now().toString(36)}-`;
  const t0 = performance.now();
  await db.query(
    `insert into pgboss.job (name, data)
     select 'spaces.announce', jsonb_build_object('postId', $1::text || i, 'spaceId', $2::text)
       from generate_series(1, $3::int) i`,
    [tag, spaceId, count],
  );
  const states = async () => {
    const rows = (
      await db.query<{ state: string; n: number }>(
        `select state, count(*)::int as n from pgboss.job where name = 'spaces.announce' and data->>'postId' like $1 group by 1`,
        [`${tag}%`],
      )
    ).rows;
    return Object.fromEntries(rows.map((r) => [r.state, r.n])) as Record<string, number>;
  };
  let s: Record<string, number> = {};
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(200)) {
    s = await states();
    if ((s.created ?? 0) + (s.retry ?? 0) + (s.active ?? 0) === 0) break;
  }
  const drainMs = Math.round(performance.now() - t0);
  // Deliveries trail the last completion by a NOTIFY round trip and the fan-out.
  let tally: Record<string, { received: number; duplicates: number }> = {};
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(500)) {
    tally = await fleet.tally(tag);
    const got = Object.values(tally).reduce((a, t) => a + t.received, 0);
    if (Object.keys(tally).length >= count && got >= count * fleet.connected) break;
  }
  await sleep(2_000); // a duplicate would come right after the first
  tally = await fleet.tally(tag);
  const receipts = Object.values(tally).reduce((a, t) => a + t.received, 0);
  const duplicateReceipts = Object.values(tally).reduce((a, t) => a + t.duplicates, 0);
  const cronRows = (
    await db.query<{ m: string; n: number }>(
      `select date_trunc('minute', created_on)::text as m, count(*)::int as n from pgboss.job
        where name = 'events.tick' and created_on >= $1 group by 1 order by 1`,
      [since],
    )
  ).rows;
  const out: MultinodeJobs = {
    queued: count,
    completed: s.completed ?? 0,
    failed: s.failed ?? 0,
    waiting: (s.created ?? 0) + (s.retry ?? 0) + (s.active ?? 0),
    drainMs,
    clients: fleet.connected,
    expectedReceipts: count * fleet.connected,
    receipts,
    missingReceipts: count * fleet.connected - receipts,
    duplicateReceipts,
    cron: {
      minutes: cronRows.length,
      ticks: cronRows.reduce((a, r) => a + r.n, 0),
      maxPerMinute: Math.max(0, ...cronRows.map((r) => r.n)),
    },
  };
  log(
    `jobs: ${out.completed}/${count} completed (${out.failed} failed) in ${drainMs} ms; receipts ${receipts}/${out.expectedReceipts}, duplicates ${duplicateReceipts}; ` +
      `events.tick: ${out.cron.ticks} jobs in ${out.cron.minutes} minute slots (max ${out.cron.maxPerMinute} per slot)`,
  );
  return out;
}

/** Starts (or attaches to) a small embedded PostgreSQL for trying this out, seeded when empty. */
async function devDatabase(dir: string, port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const { startEmbeddedPostgres } = await import('../src/platform/db/embedded.ts');
  const { openDatabase } = await import('../src/platform/db/index.ts');
  const { migrateToLatest } = await import('../src/platform/db/migrate.ts');
  const { createLogger } = await import('../src/platform/logger.ts');
  const { seed } = await import('./seed.ts');
  const { sql } = await import('kysely');
  const embedded = await startEmbeddedPostgres({
    baseDir: dir,
    port,
    logger: createLogger('warn'),
    dbName: 'rt',
  });
  const { db, close } = openDatabase(embedded.url, { max: 2 });
  let seeded = false;
  try {
    const t = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_tables where tablename = 'users'`.execute(db);
    if (t.rows[0]!.n > 0)
      seeded = (await sql<{ n: number }>`select count(*)::int as n from users`.execute(db)).rows[0]!.n > 0;
    await migrateToLatest(db);
  } finally {
    await close();
  }
  if (!seeded)
    await seed(
      embedded.url,
      { members: 200, spaces: 10, posts: 2000, comments: 5000 },
      (l) => process.stderr.write(`${l}\n`),
      {
        events: 100,
        series: 20,
        overrides: 20,
      },
    );
  return { url: embedded.url, stop: () => embedded.stop() };
}

if (import.meta.main) {
  const { values: args } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'pg-dir': { type: 'string', default: path.join(ROOT, '.tmp', 'rt-pg') },
      'pg-port': { type: 'string', default: '4290' },
      clients: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '3' },
      broadcasts: { type: 'string', default: '20' },
      duration: { type: 'string', default: '10' },
      jobs: { type: 'string', default: '200' },
      only: { type: 'string' },
      single: { type: 'boolean', default: false },
      'no-multi': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(ROOT, '.tmp', 'rt-multinode.json') },
    },
  });
  const log = (l: string) => process.stderr.write(`[multinode] ${l}\n`);
  const dev = args['database-url'] ? null : await devDatabase(args['pg-dir']!, Number(args['pg-port']));
  const url = args['database-url'] ?? dev!.url;
  const clients = Number(args.clients);
  const runs = Number(args.runs);
  const broadcasts = Number(args.broadcasts);
  const cpuProfDir = args['cpu-prof'] ? path.join(ROOT, '.tmp', 'rt-prof') : undefined;
  const out: Record<string, unknown> = {};
  try {
    if (args.single) {
      // One node on 4100, as the harness's single-node fan-out would measure it, and the bare baseline on 4150.
      const origin = 'http://127.0.0.1:4100';
      const app = await startAppProcess({
        databaseUrl: url,
        port: 4100,
        dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-single-')),
        name: 'single',
        cpuProfDir,
      });
      try {
        const cookie = await signIn(app.url, origin, BENCH_EMAIL, BENCH_PASSWORD);
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        const space = (
          await c.query<{ id: string; slug: string }>(
            `select id, slug from spaces where kind = 'discussion' and visibility = 'members' and not optional order by position limit 1`,
          )
        ).rows[0]!;
        await c.end();
        out.single = await fanoutApp({
          urls: ['ws://127.0.0.1:4100/api/ws'],
          cookie,
          origin,
          channel: `space:${space.id}`,
          trigger: postTrigger(app.url, space.slug, cookie, origin),
          rss: app.rssBytes,
          clients,
          runs,
          broadcasts,
          log,
        });
      } finally {
        await app.stop();
      }
      out.bare = await fanoutBareWs({ port: 4150, clients, runs, broadcasts, log });
    }
    if (!args['no-multi'])
      out.multinode = await runMultinode({
        databaseUrl: url,
        parts: args.only ? (args.only.split(',') as Array<'feed' | 'fanout' | 'jobs'>) : undefined,
        feed: { durationMs: Number(args.duration) * 1000, runs },
        fanout: { clients, runs, broadcasts },
        jobs: Number(args.jobs),
        cpuProfDir,
        log,
      });
    fs.writeFileSync(args.out!, JSON.stringify(out, null, 2));
    log(`results in ${path.relative(ROOT, args.out!)}`);
  } finally {
    await dev?.stop();
  }
}

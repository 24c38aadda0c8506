/**
 * WebSocket fan-out: how long one broadcast takes to reach the LAST of N connected clients (10,000 by
 * default), through the app (a new post published on its space channel) and through a bare `ws` server
 * as the baseline; and the server's RSS at rest and with the sockets open.
 *
 * "Time to last receipt" is the same for both: from the moment the harness sends the trigger (the app:
 * `POST /api/spaces/<slug>/posts`; the baseline: `POST /broadcast`) to the moment the last client's
 * `message` handler ran, both read as `performance.timeOrigin + performance.now()` (one clock across
 * processes on one machine). The clients live in their own process(es) (bench/ws-clients.ts), so their
 * receiving work is part of both figures in the same way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { rssOf } from './app-process.ts';
import type { WsClientsOut, WsClientsSpec } from './ws-clients.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const now = () => performance.timeOrigin + performance.now();
const round = (v: number) => Math.round(v * 10) / 10;

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

export interface FanoutRun {
  /** Broadcasts measured in this run. */
  broadcasts: number;
  /** Trigger sent → last client received it (ms), over the run's broadcasts. */
  toLast: Percentiles;
  /** Trigger sent → the median client received it (ms). */
  toMedian: Percentiles;
  /** Trigger sent → the first client received it (ms). */
  toFirst: Percentiles;
  /** Trigger sent → the trigger's HTTP answer (ms): for the app, creating the post. */
  trigger: Percentiles;
  /** Broadcasts that reached every connected client. */
  complete: number;
  /** Receipts that never came (summed over the run's broadcasts); must be 0. */
  missing: number;
  /** Receipts that came twice; must be 0. */
  duplicates: number;
}

export interface FanoutResult {
  kind: 'app' | 'bare-ws';
  /** Clients asked for. */
  clients: number;
  /** Clients open and subscribed when measuring began. */
  connected: number;
  failed: number;
  /** Sockets that closed during the measurement (must be 0). */
  closedDuring: number;
  /** First handshake to last subscription confirmed, all clients (ms). */
  connectMs: number;
  /** Sockets per URL the clients were spread over. */
  perUrl: Record<string, number>;
  /** Server RSS before any socket was opened (bytes). */
  rssAtRestBytes: number;
  /** Server RSS right after all sockets were open and subscribed (bytes). */
  rssWithSocketsBytes: number;
  /** Server RSS after the broadcasts, sockets still open (bytes). */
  rssAfterBroadcastsBytes: number;
  /** (rssWithSockets - rssAtRest) / connected (bytes). */
  rssPerSocketBytes: number;
  runs: FanoutRun[];
  /** The first connection errors, if any. */
  errors: string[];
}

export interface FanoutCommon {
  /** WebSocket URLs the clients are spread over round-robin (e.g. ws://127.0.0.1:4100/api/ws). */
  urls: string[];
  clients?: number;
  /** Broadcasts per run (default 20), runs (default 3); `warmup` broadcasts before them are not counted (default 2). */
  broadcasts?: number;
  runs?: number;
  warmup?: number;
  /** Client processes (default 1; 10,000 sockets fit in one with the 20,000 fd limit). */
  processes?: number;
  /** Handshakes in flight at once per client process (default 100). */
  concurrency?: number;
  /** How long to wait for a broadcast to reach everyone (default 30 s). */
  collectTimeoutMs?: number;
  /** Pause between broadcasts (default 250 ms), so the server's tail work of one does not overlap the next. */
  pauseMs?: number;
  log?: (line: string) => void;
  /** Called once every client is open and subscribed, before the first broadcast (e.g. to count sockets per node). */
  onConnected?: () => Promise<void> | void;
  /** Called after the last run with the clients still connected (e.g. to check other deliveries with `fleet.tally`). */
  afterRuns?: (fleet: ClientFleet) => Promise<void>;
}

export interface FanoutAppOptions extends FanoutCommon {
  /** Cookie of a signed-in member and the Origin the app accepts. */
  cookie: string;
  origin: string;
  /** The channel a new post of the space is broadcast on: `space:<spaceId>`. */
  channel: string;
  /** Creates one post through the HTTP API and resolves with its id (the key clients see in `event.data.postId`). */
  trigger: () => Promise<string>;
  /** The app process's RSS in bytes now (in-process: `() => process.memoryUsage().rss`; a child: `appProcess.rssBytes`). */
  rss: () => number;
}

export interface FanoutBareOptions extends Omit<FanoutCommon, 'urls'> {
  /** The port the bare server listens on. */
  port: number;
}

function percentiles(values: number[]): Percentiles {
  if (!values.length) return { p50: 0, p99: 0, max: 0 };
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { p50: round(at(50)), p99: round(at(99)), max: round(s.at(-1)!) };
}

/** One ws-clients.ts child, with a line reader on its stdout. */
class ClientProcess {
  readonly child: ChildProcess;
  private readonly queue: WsClientsOut[] = [];
  private wake: (() => void) | null = null;
  private exited = false;
  private stderr = '';

  constructor(spec: WsClientsSpec, log: (l: string) => void) {
    this.child = spawn(
      process.execPath,
      ['--max-old-space-size=4096', path.join(HERE, 'ws-clients.ts'), JSON.stringify(spec)],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const rl = readline.createInterface({ input: this.child.stdout! });
    rl.on('line', (line) => {
      const msg = JSON.parse(line) as WsClientsOut;
      if (msg.type === 'progress') log(`  clients: ${msg.open} open, ${msg.failed} failed`);
      this.queue.push(msg);
      this.wake?.();
    });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-5000);
    });
    this.child.once('exit', () => {
      this.exited = true;
      this.wake?.();
    });
  }

  async next<T extends WsClientsOut['type']>(type: T): Promise<Extract<WsClientsOut, { type: T }>> {
    for (;;) {
      const i = this.queue.findIndex((m) => m.type === type);
      if (i >= 0) return this.queue.splice(i, 1)[0] as Extract<WsClientsOut, { type: T }>;
      if (this.exited) throw new Error(`ws-clients exited before '${type}':\n${this.stderr}`);
      await new Promise<void>((r) => {
        this.wake = r;
      });
      this.wake = null;
    }
  }

  send(cmd: object): void {
    this.child.stdin!.write(`${JSON.stringify(cmd)}\n`);
  }

  async close(): Promise<void> {
    if (this.exited) return;
    this.send({ cmd: 'close' });
    const t = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await new Promise<void>((r) => (this.exited ? r() : this.child.once('exit', () => r())));
    clearTimeout(t);
  }
}

/** N clients over one or more processes, acting as one. */
export class ClientFleet {
  readonly procs: ClientProcess[];
  connected = 0;
  failed = 0;
  connectMs = 0;
  perUrl: Record<string, number> = {};
  errors: string[] = [];

  constructor(
    spec: Omit<WsClientsSpec, 'clients' | 'offset'> & { clients: number; processes?: number },
    log: (l: string) => void,
  ) {
    const p = Math.max(1, spec.processes ?? 1);
    this.procs = [];
    let offset = 0;
    for (let i = 0; i < p; i++) {
      const clients = Math.floor(spec.clients / p) + (i < spec.clients % p ? 1 : 0);
      const { processes: _, ...rest } = spec;
      this.procs.push(new ClientProcess({ ...rest, clients, offset }, log));
      offset += clients;
    }
  }

  /** Waits until every client is open and subscribed (or failed). */
  async ready(): Promise<void> {
    const all = await Promise.all(this.procs.map((p) => p.next('ready')));
    for (const r of all) {
      this.connected += r.open;
      this.failed += r.failed;
      this.connectMs = Math.max(this.connectMs, r.connectMs);
      for (const [u, n] of Object.entries(r.perUrl)) this.perUrl[u] = (this.perUrl[u] ?? 0) + n;
      this.errors.push(...r.errors);
    }
  }

  /** Receipt times (ms since the epoch) of broadcast `key` over all clients, waiting up to `timeoutMs`. */
  async collect(
    key: string,
    timeoutMs: number,
  ): Promise<{ times: number[]; missing: number; duplicates: number; closed: number }> {
    for (const p of this.procs) p.send({ cmd: 'collect', key, timeoutMs });
    const rs = await Promise.all(this.procs.map((p) => p.next('result')));
    const times: number[] = [];
    let missing = 0;
    let duplicates = 0;
    let closed = 0;
    for (const r of rs) {
      for (const o of r.offsetsUs) times.push(r.base + o / 1000);
      missing += r.missing;
      duplicates += r.duplicates;
      closed += r.closed;
    }
    return { times, missing, duplicates, closed };
  }

  /** Per key (with `prefix`): how many clients got it, how many twice. */
  async tally(prefix?: string): Promise<Record<string, { received: number; duplicates: number }>> {
    for (const p of this.procs) p.send({ cmd: 'tally', prefix });
    const rs = await Promise.all(this.procs.map((p) => p.next('tally')));
    const out: Record<string, { received: number; duplicates: number }> = {};
    for (const r of rs)
      for (const [k, v] of Object.entries(r.keys)) {
        const o = out[k] ?? { received: 0, duplicates: 0 };
        o.received += v.received;
        o.duplicates += v.duplicates;
        out[k] = o;
      }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.close()));
  }
}

interface Measured {
  toLast: number;
  toMedian: number;
  toFirst: number;
  trigger: number;
  missing: number;
  duplicates: number;
  closed: number;
}

async function measure(
  kind: FanoutResult['kind'],
  opts: FanoutCommon & { headers: Record<string, string>; channel: string; rss: () => number },
  trigger: () => Promise<string>,
): Promise<FanoutResult> {
  const log = opts.log ?? (() => {});
  const clients = opts.clients ?? 10_000;
  const runs = opts.runs ?? 3;
  const perRun = opts.broadcasts ?? 20;
  const warmup = opts.warmup ?? 2;
  const timeoutMs = opts.collectTimeoutMs ?? 30_000;
  const pauseMs = opts.pauseMs ?? 250;

  const rssAtRestBytes = opts.rss();
  log(
    `${kind}: connecting ${clients.toLocaleString('en')} clients over ${opts.urls.join(', ')} (RSS at rest ${mb(rssAtRestBytes)})`,
  );
  const fleet = new ClientFleet(
    {
      urls: opts.urls,
      clients,
      headers: opts.headers,
      channel: opts.channel,
      concurrency: opts.concurrency ?? 100,
      processes: opts.processes,
    },
    log,
  );
  try {
    await fleet.ready();
    await new Promise((r) => setTimeout(r, 1000));
    const rssWithSocketsBytes = opts.rss();
    log(
      `${kind}: ${fleet.connected} open and subscribed, ${fleet.failed} failed, in ${fleet.connectMs} ms; RSS ${mb(rssWithSocketsBytes)}` +
        (fleet.errors.length ? `; errors: ${fleet.errors.slice(0, 3).join(' | ')}` : ''),
    );
    if (fleet.connected === 0) throw new Error(`no client connected: ${fleet.errors.join(' | ')}`);
    await opts.onConnected?.();

    const one = async (): Promise<Measured> => {
      const t0 = now();
      const key = await trigger();
      const t1 = now();
      const r = await fleet.collect(key, timeoutMs);
      const s = r.times.sort((a, b) => a - b);
      const res = {
        toLast: s.length ? s.at(-1)! - t0 : Number.NaN,
        toMedian: s.length ? s[Math.floor((s.length - 1) / 2)]! - t0 : Number.NaN,
        toFirst: s.length ? s[0]! - t0 : Number.NaN,
        trigger: t1 - t0,
        missing: r.missing - fleet.failed,
        duplicates: r.duplicates,
        closed: r.closed,
      };
      await new Promise((res) => setTimeout(res, pauseMs));
      return res;
    };

    for (let i = 0; i < warmup; i++) await one();
    const out: FanoutRun[] = [];
    let closedDuring = 0;
    for (let run = 0; run < runs; run++) {
      const ms: Measured[] = [];
      for (let i = 0; i < perRun; i++) ms.push(await one());
      const ok = ms.filter((m) => !Number.isNaN(m.toLast));
      const r: FanoutRun = {
        broadcasts: perRun,
        toLast: percentiles(ok.map((m) => m.toLast)),
        toMedian: percentiles(ok.map((m) => m.toMedian)),
        toFirst: percentiles(ok.map((m) => m.toFirst)),
        trigger: percentiles(ms.map((m) => m.trigger)),
        complete: ms.filter((m) => m.missing === 0).length,
        missing: ms.reduce((a, m) => a + m.missing, 0),
        duplicates: ms.reduce((a, m) => a + m.duplicates, 0),
      };
      closedDuring = Math.max(closedDuring, ...ms.map((m) => m.closed));
      out.push(r);
      log(
        `${kind} run ${run + 1}: to last p50 ${r.toLast.p50} ms p99 ${r.toLast.p99} ms max ${r.toLast.max} ms; ` +
          `to median p50 ${r.toMedian.p50} ms; trigger p50 ${r.trigger.p50} ms; complete ${r.complete}/${perRun}, missing ${r.missing}, duplicates ${r.duplicates}`,
      );
    }
    const rssAfterBroadcastsBytes = opts.rss();
    await opts.afterRuns?.(fleet);
    return {
      kind,
      clients,
      connected: fleet.connected,
      failed: fleet.failed,
      closedDuring,
      connectMs: fleet.connectMs,
      perUrl: fleet.perUrl,
      rssAtRestBytes,
      rssWithSocketsBytes,
      rssAfterBroadcastsBytes,
      rssPerSocketBytes: Math.round((rssWithSocketsBytes - rssAtRestBytes) / Math.max(1, fleet.connected)),
      runs: out,
      errors: fleet.errors,
    };
  } finally {
    await fleet.close();
  }
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

/** Fan-out through the real app: every client on `channel`, each broadcast a new post created by `trigger`. */
export function fanoutApp(opts: FanoutAppOptions): Promise<FanoutResult> {
  return measure('app', { ...opts, headers: { cookie: opts.cookie, origin: opts.origin } }, opts.trigger);
}

/**
 * A `trigger` for fanoutApp: creates a discussion post in space `slug` through `baseUrl` and resolves
 * with its id. Throws on any answer but 201.
 */
export function postTrigger(
  baseUrl: string,
  slug: string,
  cookie: string,
  origin: string,
): () => Promise<string> {
  let i = 0;
  return async () => {
    i++;
    const res = await fetch(`${baseUrl}/api/spaces/${slug}/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie, origin },
      body: JSON.stringify({
        kind: 'discussion',
        title: `Fan-out ${i}`,
        body: `Ein Beitrag für den Fan-out-Benchmark, Nummer ${i}. Wer kommt am Donnerstag in die Werkstatt?`,
      }),
    });
    const text = await res.text();
    if (res.status !== 201)
      throw new Error(`POST /api/spaces/${slug}/posts answered ${res.status}: ${text.slice(0, 300)}`);
    return (JSON.parse(text) as { id: string }).id;
  };
}

/** The realtime channel of space `slug` (`space:<id>`), as the app broadcasts its new posts. */
export async function spaceChannel(baseUrl: string, slug: string, cookie: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/spaces/${slug}`, {
    headers: { cookie, accept: 'application/json' },
  });
  if (res.status !== 200) throw new Error(`GET /api/spaces/${slug} answered ${res.status}`);
  return `space:${((await res.json()) as { id: string }).id}`;
}

/** Starts bench/bare-ws-server.ts on `port`; resolves once it listens. */
export async function startBareWsServer(
  port: number,
): Promise<{ pid: number; port: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(HERE, 'bare-ws-server.ts'), String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-5000);
  });
  await new Promise<void>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare ws server exited with ${code}: ${err}`)));
  });
  return {
    pid: child.pid!,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await new Promise((r) => child.once('exit', r));
      clearTimeout(t);
    },
  };
}

/** The baseline: the same measurement against a bare `ws` server in its own process on `port`. */
export async function fanoutBareWs(opts: FanoutBareOptions): Promise<FanoutResult> {
  const server = await startBareWsServer(opts.port);
  const channel = 'space:bare';
  let i = 0;
  try {
    return await measure(
      'bare-ws',
      {
        ...opts,
        urls: [`ws://127.0.0.1:${opts.port}/api/ws`],
        headers: { origin: `http://127.0.0.1:${opts.port}` },
        channel,
        rss: () => rssOf(server.pid),
      },
      async () => {
        const key = `bare-${++i}`;
        const res = await fetch(`http://127.0.0.1:${opts.port}/broadcast?key=${key}&channel=${channel}`, {
          method: 'POST',
        });
        await res.arrayBuffer();
        return key;
      },
    );
  } finally {
    await server.stop();
  }
}

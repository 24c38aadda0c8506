/**
 * Cold start: "`npm start` to healthy with an existing data directory". A data directory is prepared
 * once (first start: initdb + every migration, first-run setup through `/api/setup`, clean stop), then
 * `node bin/treffpunkt.js start --no-build` is started N times on it (embedded PostgreSQL starting
 * from that existing cluster) and `/api/health` is polled every 20 ms until the first 200. The app's
 * own log (LOG_LEVEL=debug, pino JSON on stdout, which includes PostgreSQL's server log) splits each
 * start into phases. Each run is stopped with SIGTERM and PostgreSQL is confirmed down before the next.
 *
 * `npm start` itself runs `node bin/treffpunkt.js start`: the same, plus a staleness check of the web
 * build (it walks src/web and src/modules) and a Vite build when the build is missing or stale. It is
 * timed once too (`npmStart: true`), on the same data directory, through npm.
 *
 *   npx node bench/coldstart.ts [--runs=5] [--port=4310] [--data=.tmp/bench-cold] [--web=/tmp/br-web] [--npm] [--fresh]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'bin', 'treffpunkt.js');

/** Milliseconds after spawn at which each step was seen (null when the log did not show it). */
export interface ColdStartPhases {
  /** runServer() began (derived: listening minus the app's own "ms"): Node booted and imported the CLI and the whole app. */
  appImported: number | null;
  /** PostgreSQL's first log line ("starting PostgreSQL …"): config read, postgres user/permissions checked, postgres spawned. */
  postgresSpawned: number | null;
  /** PostgreSQL logged "database system is ready to accept connections". */
  postgresReady: number | null;
  /** Our log "embedded PostgreSQL is running": the app's readiness poll (every 100 ms) saw it, database ensured. */
  postgresUp: number | null;
  /** "job queue started" (pg-boss): createTreffpunkt (migration check, module wiring) done, queue starting. */
  jobsStarted: number | null;
  /** "Treffpunkt is running": HTTP server listening. */
  listening: number | null;
  /** The first 200 from /api/health. */
  healthy: number;
}

export interface ColdStartRun {
  /** Spawn to first 200 from /api/health (the measure). */
  ms: number;
  phases: ColdStartPhases;
  /**
   * CPU time (user + system) the app's Node process had used when it was healthy, from /proc (Linux;
   * null elsewhere). Less sensitive to a busy machine than the wall-clock figures.
   */
  cpuMs: number | null;
  /** The app's own figure: runServer start to listening (its "ms" log field). */
  serverReportedMs: number | null;
  /** SIGTERM to process exit (PostgreSQL stopped too). */
  stopMs: number;
}

export interface Stats {
  min: number;
  median: number;
  max: number;
}

export interface ColdStartResult {
  command: string;
  dataDir: string;
  runs: ColdStartRun[];
  ms: Stats;
  /** CPU time of the app process until healthy (null when /proc is not there). */
  cpuMs: Stats | null;
  /** Median duration of each step across runs (ms), in order; they add up to the median-ish total. */
  breakdown: Array<{ step: string; medianMs: number }>;
  /** The step with the largest median share. */
  dominant: string;
  /** The very first start that created the data directory (initdb + all migrations), when this call prepared it. */
  firstStart: { ms: number; phases: ColdStartPhases } | null;
  /** One start through `npm start` (when asked): what npm and the web-build check add. */
  npmStart: { ms: number; webBuildStale: boolean; phases: ColdStartPhases } | null;
}

export interface ColdStartOptions {
  runs: number;
  /** Where the install lives (default .tmp/bench-cold); prepared on first use. */
  dataDir?: string;
  /** TREFFPUNKT_WEB_DIST for the app (the SPA is not needed for /api/health). */
  webDist?: string;
  /** Port of the app (default 4310). */
  port?: number;
  /** Also time one `npm start` (default false). */
  npmStart?: boolean;
  /** Throw the data directory away and prepare it again. */
  fresh?: boolean;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median: Math.round(median), max: s[s.length - 1]! };
}

interface Started {
  child: ChildProcess;
  t0: number;
  /** Resolves with the phases once /api/health answered 200. */
  healthy: Promise<{ phases: ColdStartPhases; serverReportedMs: number | null; cpuMs: number | null }>;
  exited: Promise<number | null>;
  output: () => string;
}

function env(opts: { dataDir: string; port: number; webDist?: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: opts.dataDir,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${opts.port}`,
    LOG_LEVEL: 'debug',
    RATE_LIMIT: '0',
    ...(opts.webDist ? { TREFFPUNKT_WEB_DIST: path.resolve(opts.webDist) } : {}),
  };
}

/** Spawns the app (or npm) and watches its log and /api/health. */
function start(
  cmd: string,
  args: string[],
  opts: { dataDir: string; port: number; webDist?: string; group?: boolean },
): Started {
  const t0 = Date.now();
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: env(opts),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.group ?? false,
  });
  const phases: Omit<ColdStartPhases, 'healthy'> = {
    appImported: null,
    postgresSpawned: null,
    postgresReady: null,
    postgresUp: null,
    jobsStarted: null,
    listening: null,
  };
  let serverReportedMs: number | null = null;
  let tail = '';
  let buf = '';
  const at = (time: unknown) => (typeof time === 'number' ? time - t0 : Date.now() - t0);
  const onLine = (line: string) => {
    tail = `${tail}${line}\n`.slice(-8000);
    if (!line.startsWith('{')) return;
    let rec: { time?: number; msg?: string; pg?: string; ms?: number };
    try {
      rec = JSON.parse(line);
    } catch {
      return;
    }
    if (rec.pg) {
      phases.postgresSpawned ??= at(rec.time);
      if (rec.pg.includes('ready to accept connections')) phases.postgresReady ??= at(rec.time);
    } else if (rec.msg === 'embedded PostgreSQL is running') phases.postgresUp ??= at(rec.time);
    else if (rec.msg === 'job queue started') phases.jobsStarted ??= at(rec.time);
    else if (rec.msg?.startsWith('Treffpunkt is running')) {
      phases.listening ??= at(rec.time);
      serverReportedMs = rec.ms ?? null;
      if (serverReportedMs !== null) phases.appImported = phases.listening - serverReportedMs;
    }
  };
  child.stdout!.on('data', (c: Buffer) => {
    buf += c.toString('utf8');
    let i = buf.indexOf('\n');
    while (i >= 0) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
      i = buf.indexOf('\n');
    }
  });
  child.stderr!.on('data', (c: Buffer) => {
    tail = (tail + c.toString('utf8')).slice(-8000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const healthy = (async () => {
    const url = `http://127.0.0.1:${opts.port}/api/health`;
    for (;;) {
      if (gone) throw new Error(`the app exited before it was healthy:\n${tail}`);
      if (Date.now() - t0 > 300_000) throw new Error(`not healthy after 300 s:\n${tail}`);
      const tried = Date.now();
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) {
          const healthy = Date.now() - t0;
          return { phases: { ...phases, healthy }, serverReportedMs, cpuMs: cpuMsOf(child.pid!) };
        }
      } catch {
        // not listening yet
      }
      await sleep(Math.max(0, 20 - (Date.now() - tried)));
    }
  })();
  return { child, t0, healthy, exited, output: () => tail };
}

/** utime + stime of a process in ms (Linux /proc; USER_HZ is 100 on every Linux we run on). */
function cpuMsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM (to the process group for npm), wait for the exit, then for PostgreSQL to be gone. Returns ms. */
async function stop(s: Started, dataDir: string, group = false): Promise<number> {
  const t = Date.now();
  const pid = s.child.pid!;
  if (group) process.kill(-pid, 'SIGTERM');
  else s.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), 60_000);
  });
  const first = await Promise.race([s.exited, timeout]);
  clearTimeout(timer);
  if (first === 'timeout') {
    throw new Error(`the app did not exit within 60 s of SIGTERM:\n${s.output()}`);
  }
  // PostgreSQL removes postmaster.pid on a clean shutdown; with npm the app may still be exiting.
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  for (;;) {
    const pgPid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
    const groupAlive = group && pidAlive(-pid);
    if ((!pgPid || !pidAlive(pgPid)) && !groupAlive) break;
    if (Date.now() - t > 60_000)
      throw new Error(`PostgreSQL (pid ${pgPid}) still running 60 s after SIGTERM`);
    await sleep(20);
  }
  if (fs.existsSync(pidFile))
    throw new Error('postmaster.pid left behind: PostgreSQL did not shut down cleanly');
  return Date.now() - t;
}

async function withTimeout<T>(p: Promise<T>, s: Started, dataDir: string, group = false): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (s.child.exitCode === null) await stop(s, dataDir, group).catch(() => {});
    throw e;
  }
}

const MARK = '.bench-coldstart-prepared';

/** The migrations the prepared data directory was migrated with. */
function migrationsStamp(): string {
  return `${fs.readdirSync(path.join(ROOT, 'migrations')).sort().join('\n')}\n`;
}

/** Creates the install once: first start (initdb, migrations), setup of the community, clean stop. */
async function prepare(
  dataDir: string,
  port: number,
  webDist: string | undefined,
  log: (l: string) => void,
): Promise<{ ms: number; phases: ColdStartPhases }> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  log(`preparing ${path.relative(ROOT, dataDir)} (first start: initdb + migrations)…`);
  const s = start(process.execPath, [CLI, 'start', '--no-build'], { dataDir, port, webDist });
  const { phases } = await withTimeout(s.healthy, s, dataDir);
  const base = `http://localhost:${port}`;
  const setup = (await (await fetch(`${base}/api/setup`)).json()) as { needed: boolean };
  if (setup.needed) {
    const res = await fetch(`${base}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({
        communityName: 'Kaltstart-Community',
        name: 'Karla Kaltstart',
        email: 'karla@example.org',
        password: 'kaltstart-passwort-2026',
      }),
    });
    if (res.status !== 201) {
      await stop(s, dataDir);
      throw new Error(`setup answered ${res.status}: ${await res.text()}`);
    }
  }
  await stop(s, dataDir);
  fs.writeFileSync(path.join(dataDir, MARK), migrationsStamp());
  log(`prepared: first start healthy after ${phases.healthy} ms`);
  return { ms: phases.healthy, phases };
}

const STEPS: Array<[keyof ColdStartPhases, string]> = [
  ['appImported', 'node boot + loading the CLI and app modules (to runServer)'],
  ['postgresSpawned', 'config, postgres user/permission checks, spawn postgres'],
  ['postgresReady', 'postgres start (to "ready to accept connections")'],
  ['postgresUp', 'readiness poll + ensure database'],
  ['jobsStarted', 'app init (createTreffpunkt: migration check, wiring)'],
  ['listening', 'job queue + workers start, listen'],
  ['healthy', 'first /api/health 200'],
];

function breakdown(runs: ColdStartPhases[]): Array<{ step: string; medianMs: number }> {
  const out: Array<{ step: string; medianMs: number }> = [];
  for (let i = 0; i < STEPS.length; i++) {
    const [key, step] = STEPS[i]!;
    const ds: number[] = [];
    for (const p of runs) {
      const cur = p[key];
      // The previous step that was seen (or spawn).
      let prev = 0;
      for (let j = i - 1; j >= 0; j--) {
        const v = p[STEPS[j]![0]];
        if (v !== null) {
          prev = v;
          break;
        }
      }
      if (cur !== null) ds.push(cur - prev);
    }
    if (ds.length) out.push({ step, medianMs: stats(ds).median });
  }
  return out;
}

export async function measureColdStart(opts: ColdStartOptions): Promise<ColdStartResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`[coldstart] ${l}\n`));
  const dataDir = path.resolve(ROOT, opts.dataDir ?? path.join('.tmp', 'bench-cold'));
  const port = opts.port ?? 4310;
  const webDist = opts.webDist;
  let firstStart: ColdStartResult['firstStart'] = null;
  // Prepared again when the migrations changed since (a renamed migration would stop the app).
  const mark = path.join(dataDir, MARK);
  if (opts.fresh || !fs.existsSync(mark) || fs.readFileSync(mark, 'utf8') !== migrationsStamp()) {
    firstStart = await prepare(dataDir, port, webDist, log);
  }

  const runs: ColdStartRun[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const s = start(process.execPath, [CLI, 'start', '--no-build'], { dataDir, port, webDist });
    const { phases, serverReportedMs, cpuMs } = await withTimeout(s.healthy, s, dataDir);
    const stopMs = await stop(s, dataDir);
    runs.push({ ms: phases.healthy, phases, serverReportedMs, cpuMs, stopMs });
    log(
      `run ${i + 1}: healthy after ${phases.healthy} ms, ${cpuMs ?? '?'} ms CPU (app modules loaded ${phases.appImported ?? '?'} ms, postgres ready ${phases.postgresReady ?? '?'} ms, up ${phases.postgresUp ?? '?'} ms, listening ${phases.listening ?? '?'} ms); stop ${stopMs} ms`,
    );
  }

  let npmStart: ColdStartResult['npmStart'] = null;
  if (opts.npmStart) {
    // What `npm start` decides about the web build (it looks at dist/web, whatever TREFFPUNKT_WEB_DIST says).
    const { webBuildIsStale } = await import('../src/cli/build-web.ts');
    const webBuildStale = webBuildIsStale();
    // A build, if one happens, goes to our own directory rather than the shared dist/web.
    const npmWeb = webDist ?? path.join(dataDir, 'web');
    const s = start('npm', ['start', '--silent'], { dataDir, port, webDist: npmWeb, group: true });
    const { phases } = await withTimeout(s.healthy, s, dataDir, true);
    await stop(s, dataDir, true);
    npmStart = { ms: phases.healthy, webBuildStale, phases };
    log(
      `npm start: healthy after ${phases.healthy} ms (web build ${webBuildStale ? 'stale: it built' : 'current: no build'})`,
    );
  }

  const bd = breakdown(runs.map((r) => r.phases));
  const dominant = bd.reduce((a, b) => (b.medianMs > a.medianMs ? b : a), bd[0]!).step;
  return {
    command: 'node bin/treffpunkt.js start --no-build',
    dataDir,
    runs,
    ms: stats(runs.map((r) => r.ms)),
    cpuMs: runs.every((r) => r.cpuMs !== null) ? stats(runs.map((r) => r.cpuMs!)) : null,
    breakdown: bd,
    dominant,
    firstStart,
    npmStart,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      port: { type: 'string', default: '4310' },
      data: { type: 'string' },
      web: { type: 'string' },
      npm: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const r = await measureColdStart({
    runs: Number(values.runs),
    port: Number(values.port),
    dataDir: values.data,
    webDist: values.web,
    npmStart: values.npm,
    fresh: values.fresh,
  });
  if (values.json) console.log(JSON.stringify(r, null, 2));
  else {
    console.log(`${r.command}, existing data directory ${path.relative(ROOT, r.dataDir)}`);
    console.log(`  runs (ms): ${r.runs.map((x) => x.ms).join(', ')}`);
    console.log(`  min ${r.ms.min}  median ${r.ms.median}  max ${r.ms.max} ms to the first healthy answer`);
    if (r.cpuMs)
      console.log(
        `  CPU time of the app process until then: min ${r.cpuMs.min}  median ${r.cpuMs.median}  max ${r.cpuMs.max} ms`,
      );
    for (const b of r.breakdown) console.log(`  ${String(b.medianMs).padStart(6)} ms  ${b.step}`);
    console.log(`  dominant: ${r.dominant}`);
    if (r.firstStart) console.log(`  first start (initdb + migrations): ${r.firstStart.ms} ms`);
    if (r.npmStart)
      console.log(
        `  npm start: ${r.npmStart.ms} ms (web build ${r.npmStart.webBuildStale ? 'was stale and was rebuilt' : 'current, not rebuilt'})`,
      );
  }
}

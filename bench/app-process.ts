/**
 * The real app as its own process, as an operator runs it (`node bin/treffpunkt.js start --no-build`),
 * against an existing (migrated, seeded) database. Used by the fan-out and scale-out benchmarks, so
 * that the app's RSS is its own and not the harness's, and so that two nodes can share one database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The session secret every bench node shares (sessions live in the database; the secret signs the cookie). */
export const BENCH_AUTH_SECRET = 'benchmark-secret-that-is-long-enough-for-better-auth-0123456789';

export interface AppProcessOptions {
  databaseUrl: string;
  port: number;
  /** The node's own DATA_DIR (uploads, generated files); created if missing. */
  dataDir: string;
  /** PUBLIC_URL: the origin browsers use (behind a proxy: the proxy's). Default http://127.0.0.1:<port>. */
  publicUrl?: string;
  authSecret?: string;
  /** JOBS: does this node work on jobs (default true, as `npm start`). */
  jobs?: boolean;
  /** Write a CPU profile of the whole run into this directory (written when the process exits). */
  cpuProfDir?: string;
  logLevel?: string;
  /** More environment (e.g. TREFFPUNKT_WEB_DIST). */
  env?: Record<string, string>;
  /** A name for log lines. */
  name?: string;
  /** How long to wait for /api/health (default 60 s). */
  startTimeoutMs?: number;
}

export interface AppProcess {
  name: string;
  port: number;
  pid: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** The process's resident set size now (VmRSS from /proc/<pid>/status), in bytes. */
  rssBytes(): number;
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after `timeoutMs`, default 20 s). */
  stop(timeoutMs?: number): Promise<void>;
}

/** VmRSS of a process in bytes (0 when it is gone). */
export function rssOf(pid: number): number {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Starts one app node and resolves once `/api/health` answers 200. Migrations are applied by `start` (a no-op when current). */
export async function startAppProcess(opts: AppProcessOptions): Promise<AppProcess> {
  const name = opts.name ?? `app:${opts.port}`;
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const url = `http://127.0.0.1:${opts.port}`;
  const nodeArgs = opts.cpuProfDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${opts.cpuProfDir}`,
        `--cpu-prof-name=${name.replace(/[^a-z0-9-]/gi, '_')}-${Date.now()}.cpuprofile`,
      ]
    : [];
  if (opts.cpuProfDir) fs.mkdirSync(opts.cpuProfDir, { recursive: true });
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, 'bin/treffpunkt.js', 'start', '--no-build'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(opts.port),
        HOST: '127.0.0.1',
        PUBLIC_URL: opts.publicUrl ?? url,
        DATABASE_URL: opts.databaseUrl,
        AUTH_SECRET: opts.authSecret ?? BENCH_AUTH_SECRET,
        DATA_DIR: opts.dataDir,
        RATE_LIMIT: '0',
        LOG_LEVEL: opts.logLevel ?? 'warn',
        SMTP_URL: '',
        JOBS: opts.jobs === false ? '0' : '1',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const append = (d: Buffer) => {
    out += d.toString('utf8');
    if (out.length > 100_000) out = out.slice(-50_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid!;

  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${out.slice(-5000)}`,
      );
    try {
      const res = await fetch(`${url}/api/health`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `${name} was not healthy within ${opts.startTimeoutMs ?? 60_000} ms:\n${out.slice(-5000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    name,
    port: opts.port,
    pid,
    url,
    rssBytes: () => rssOf(pid),
    output: () => out,
    async stop(timeoutMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Signs the bench member in through `baseUrl` and returns the Cookie header value. */
export async function signIn(
  baseUrl: string,
  origin: string,
  email: string,
  password: string,
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

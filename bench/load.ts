/**
 * The load generator, run as its own process (`node bench/load.ts <spec.json>`) so it does not share
 * the app's event loop: N keep-alive connections, each sending its next request as soon as the last
 * answered, for a fixed time after a warm-up that is not counted. Prints one JSON result on stdout.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LoadRequest {
  method: string;
  path: string;
  body?: string;
}

export interface LoadSpec {
  url: string;
  connections: number;
  durationMs: number;
  warmupMs: number;
  headers: Record<string, string>;
  /** Sent round-robin across all connections. */
  requests: LoadRequest[];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  errors: number;
  non2xx: number;
  /** Requests that had not been answered when the measured time ended. */
  unfinished: number;
  statuses: Record<string, number>;
  /** Response bytes per request on the wire (after compression). */
  bytesPerRequest: number;
  sampleError?: string;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const target = new URL(spec.url);
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: spec.connections,
    maxFreeSockets: spec.connections,
  });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let non2xx = 0;
  let bytes = 0;
  let unfinished = 0;
  let sampleError: string | undefined;
  let next = 0;
  const t0 = performance.now();
  const measureFrom = t0 + spec.warmupMs;
  const end = measureFrom + spec.durationMs;

  const send = (req: LoadRequest): Promise<{ status: number; bytes: number; body?: string }> =>
    new Promise((resolve) => {
      const headers: Record<string, string | number> = { ...spec.headers };
      if (req.body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(req.body);
      }
      const r = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.path, headers, agent },
        (res) => {
          let n = 0;
          const keep = (res.statusCode ?? 0) >= 300;
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => {
            n += c.length;
            if (keep && parts.length < 4) parts.push(c);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              bytes: n,
              body: keep ? Buffer.concat(parts).toString('utf8').slice(0, 300) : undefined,
            }),
          );
          res.on('error', () => resolve({ status: -1, bytes: n }));
        },
      );
      r.on('error', (e) => resolve({ status: -1, bytes: 0, body: e.message }));
      r.end(req.body);
    });

  const worker = async () => {
    for (;;) {
      const start = performance.now();
      if (start >= end) return;
      const req = spec.requests[next++ % spec.requests.length]!;
      const res = await send(req);
      const stop = performance.now();
      if (stop > end) {
        unfinished++;
        continue;
      }
      // Every answer that arrives inside the measured window counts, also for a request sent during the
      // warm-up: otherwise an endpoint slower than the window (50 connections queued on 100 ms of CPU
      // each) would measure 0 req/s, and slow ones would lose up to one request per connection.
      if (stop < measureFrom) continue;
      latencies.push(stop - start);
      bytes += res.bytes;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status < 0) errors++;
      else if (res.status < 200 || res.status >= 300) non2xx++;
      if (res.status < 0 || res.status >= 300)
        sampleError ??= `${res.status} ${req.method} ${req.path}: ${res.body ?? ''}`;
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, worker));
  agent.destroy();

  const sorted = Float64Array.from(latencies).sort();
  const seconds = spec.durationMs / 1000;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    requests: sorted.length,
    seconds,
    rps: round(sorted.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(sorted.length, 1)),
    errors,
    non2xx,
    unfinished,
    statuses,
    bytesPerRequest: Math.round(bytes / Math.max(sorted.length, 1)),
    ...(sampleError ? { sampleError } : {}),
  };
}

/** Runs this file as a child process with `spec` (so the load competes with the app as a client would) and returns what it measured. */
export function loadInChild(spec: LoadSpec): Promise<LoadResult> {
  const file = path.join(
    os.tmpdir(),
    `treffpunkt-bench-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
  );
  fs.writeFileSync(file, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.on('exit', (code) => {
      fs.rmSync(file, { force: true });
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
      else resolve(JSON.parse(out) as LoadResult);
    });
  });
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/load.ts <spec.json>');
    process.exit(2);
  }
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as LoadSpec;
  const result = await runLoad(spec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

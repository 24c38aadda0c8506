/**
 * Many WebSocket clients in one process (`node bench/ws-clients.ts '<spec json>'`), for the fan-out
 * benchmark: opens `clients` sockets spread round-robin over `urls` (a window of `concurrency`
 * handshakes at a time, so the server is not flooded), subscribes each to `channel`, and records when
 * each client received each broadcast, as `performance.timeOrigin + performance.now()` (comparable
 * across processes on one machine).
 *
 * stdout, one JSON object a line (`WsClientsOut`): progress while connecting, `ready` once every socket is
 * open and subscribed (or failed), `result` per `collect` command, `tally`, `closed`.
 * stdin, one JSON object a line (`WsClientsCommand`): `collect` (wait until every client has the
 * broadcast with that key, or the timeout), `tally` (what arrived per key), `close`.
 *
 * A broadcast is a frame `{type:'event', channel, event:{type: eventType, data:{postId: <key>}}}`: what
 * the app sends for a new post, and what bench/bare-ws-server.ts imitates.
 */
import readline from 'node:readline';
import WebSocket from 'ws';

export interface WsClientsSpec {
  urls: string[];
  clients: number;
  /** Sent with every handshake: Cookie, Origin. */
  headers: Record<string, string>;
  channel: string;
  /** The event type that counts as a broadcast (default 'post.created'). */
  eventType?: string;
  /** Handshakes (with their subscribe) in flight at once (default 200). */
  concurrency?: number;
  /** Give up on one socket after this long (default 30 s). */
  connectTimeoutMs?: number;
  /** Index of this process's first client (for round-robin over urls across processes). */
  offset?: number;
}

export type WsClientsCommand =
  | { cmd: 'collect'; key: string; timeoutMs: number }
  | { cmd: 'tally'; prefix?: string }
  | { cmd: 'close' };

export type WsClientsOut =
  | { type: 'progress'; open: number; failed: number }
  | {
      type: 'ready';
      /** Sockets open and subscribed. */
      open: number;
      failed: number;
      /** From the first handshake to the last subscription. */
      connectMs: number;
      /** Sockets per url. */
      perUrl: Record<string, number>;
      errors: string[];
    }
  | {
      type: 'result';
      key: string;
      /** Receipt times of the clients that got it: base + offsetsUs[i] / 1000 (ms since the epoch). */
      base: number;
      offsetsUs: number[];
      missing: number;
      /** Clients that got this key more than once. */
      duplicates: number;
      /** Sockets that closed since ready. */
      closed: number;
    }
  | { type: 'tally'; keys: Record<string, { received: number; duplicates: number }>; closed: number }
  | { type: 'closed' };

const now = () => performance.timeOrigin + performance.now();
const emit = (o: WsClientsOut) => process.stdout.write(`${JSON.stringify(o)}\n`);

interface Seen {
  times: Float64Array;
  count: number;
  duplicates: number;
}

async function main(spec: WsClientsSpec): Promise<void> {
  const n = spec.clients;
  const eventType = spec.eventType ?? 'post.created';
  const concurrency = spec.concurrency ?? 200;
  const timeoutMs = spec.connectTimeoutMs ?? 30_000;
  const offset = spec.offset ?? 0;
  const sockets: WebSocket[] = new Array(n);
  const seen = new Map<string, Seen>();
  const waiters = new Map<string, () => void>();
  const errors: string[] = [];
  const perUrl: Record<string, number> = {};
  let open = 0;
  let failed = 0;
  let closedSinceReady = 0;
  let ready = false;

  const record = (i: number, data: WebSocket.RawData) => {
    const t = now();
    let frame: { type?: string; event?: { type?: string; data?: { postId?: unknown } } };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (frame.type !== 'event' || frame.event?.type !== eventType) return;
    const key = String(frame.event.data?.postId);
    let s = seen.get(key);
    if (!s) {
      s = { times: new Float64Array(n).fill(Number.NaN), count: 0, duplicates: 0 };
      seen.set(key, s);
    }
    if (Number.isNaN(s.times[i]!)) {
      s.times[i] = t;
      s.count++;
      // Sockets that failed to connect never receive: every open one having it is enough.
      if (s.count >= open) waiters.get(key)?.();
    } else {
      s.duplicates++;
    }
  };

  const connect = (i: number) =>
    new Promise<void>((resolve) => {
      const url = spec.urls[(offset + i) % spec.urls.length]!;
      let done = false;
      const finish = (err?: string) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) {
          failed++;
          if (errors.length < 20) errors.push(`${url}: ${err}`);
          ws.terminate();
        } else {
          open++;
          perUrl[url] = (perUrl[url] ?? 0) + 1;
        }
        resolve();
      };
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      const ws = new WebSocket(url, { headers: spec.headers, perMessageDeflate: false });
      sockets[i] = ws;
      ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel: spec.channel })));
      ws.on('message', (data) => {
        if (!done) {
          const text = data.toString();
          if (text.includes('"subscribed"') && text.includes(`"${spec.channel}"`)) return finish();
          if (text.includes('"error"')) return finish(text.slice(0, 200));
          return;
        }
        record(i, data);
      });
      ws.on('unexpected-response', (_req, res) => finish(`HTTP ${res.statusCode}`));
      ws.on('error', (e) => finish(e.message));
      ws.on('close', (code) => {
        if (!done) finish(`closed ${code}`);
        else if (ready) closedSinceReady++;
      });
    });

  const t0 = performance.now();
  let next = 0;
  let lastProgress = 0;
  const worker = async () => {
    while (next < n) {
      await connect(next++);
      if (open + failed - lastProgress >= 1000) {
        lastProgress = open + failed;
        emit({ type: 'progress', open, failed });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  ready = true;
  emit({ type: 'ready', open, failed, connectMs: Math.round(performance.now() - t0), perUrl, errors });

  const collect = async (key: string, ms: number) => {
    const s0 = seen.get(key);
    if (!s0 || s0.count < open) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        waiters.set(key, () => {
          clearTimeout(timer);
          resolve();
        });
        const s = seen.get(key);
        if (s && s.count >= open) waiters.get(key)!();
      });
      waiters.delete(key);
    }
    const s = seen.get(key);
    const times = s ? Array.from(s.times).filter((t) => !Number.isNaN(t)) : [];
    const base = times.length ? Math.min(...times) : 0;
    emit({
      type: 'result',
      key,
      base,
      offsetsUs: times.map((t) => Math.round((t - base) * 1000)),
      missing: n - times.length,
      duplicates: s?.duplicates ?? 0,
      closed: closedSinceReady,
    });
    seen.delete(key);
  };

  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (!line.trim()) continue;
    const c = JSON.parse(line) as WsClientsCommand;
    if (c.cmd === 'collect') await collect(c.key, c.timeoutMs);
    else if (c.cmd === 'tally') {
      const keys: Record<string, { received: number; duplicates: number }> = {};
      for (const [k, s] of seen)
        if (!c.prefix || k.startsWith(c.prefix)) keys[k] = { received: s.count, duplicates: s.duplicates };
      emit({ type: 'tally', keys, closed: closedSinceReady });
    } else if (c.cmd === 'close') break;
  }
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (!ws || ws.readyState === WebSocket.CLOSED) return resolve();
          const t = setTimeout(() => {
            ws.terminate();
            resolve();
          }, 3000);
          ws.once('close', () => {
            clearTimeout(t);
            resolve();
          });
          ws.close(1000);
        }),
    ),
  );
  emit({ type: 'closed' });
  process.exit(0);
}

if (import.meta.main) {
  const arg = process.argv[2];
  if (!arg) {
    console.error("usage: node bench/ws-clients.ts '<spec json>'");
    process.exit(2);
  }
  await main(JSON.parse(arg) as WsClientsSpec);
}

/**
 * A small round-robin reverse proxy for the scale-out benchmark (node:http and node:net only, no
 * dependency): HTTP requests go to the next app port in turn over keep-alive connections, WebSocket
 * upgrades are spliced through to the next app port as raw TCP. The Host header is passed on unchanged,
 * so the apps see the proxy's origin (run them with PUBLIC_URL = the proxy's URL).
 *
 *   node bench/proxy.ts <port> <target port>...      as its own process (prints {"type":"listening"})
 *   startProxy({ port, targets })                     in this process
 *   spawnProxy({ port, targets })                     as a child process
 *
 * `GET /__proxy/stats` answers with the requests and upgrades each target got, and the upgraded
 * sockets open to each now.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ProxyStats {
  targets: number[];
  /** HTTP requests forwarded per target. */
  requests: number[];
  /** WebSocket upgrades forwarded per target. */
  upgrades: number[];
  /** Upgraded sockets open per target now. */
  openUpgrades: number[];
  errors: number;
}

export interface Proxy {
  port: number;
  stats(): Promise<ProxyStats>;
  stop(): Promise<void>;
}

const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

export async function startProxy(opts: { port: number; targets: number[]; host?: string }): Promise<Proxy> {
  const host = opts.host ?? '127.0.0.1';
  const { targets } = opts;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256 });
  const stats: ProxyStats = {
    targets,
    requests: targets.map(() => 0),
    upgrades: targets.map(() => 0),
    openUpgrades: targets.map(() => 0),
    errors: 0,
  };
  let nextHttp = 0;
  let nextUpgrade = 0;
  const upgraded = new Set<net.Socket>();

  const server = http.createServer((req, res) => {
    if (req.url === '/__proxy/stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
      return;
    }
    const i = nextHttp++ % targets.length;
    stats.requests[i]!++;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = v;
    const up = http.request(
      { host, port: targets[i], method: req.method, path: req.url, headers, agent },
      (upRes) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(upRes.headers)) if (!HOP.has(k) && v !== undefined) out[k] = v;
        res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, out);
        upRes.pipe(res);
      },
    );
    up.on('error', (e) => {
      stats.errors++;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${e.message}`);
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 30_000;

  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const i = nextUpgrade++ % targets.length;
    stats.upgrades[i]!++;
    socket.on('error', () => {});
    const up = net.connect({ host, port: targets[i]! }, () => {
      // The handshake as the client sent it (Host, Cookie, Origin, Sec-WebSocket-* unchanged).
      let head0 = `${req.method} ${req.url} HTTP/1.1\r\n`;
      for (let k = 0; k < req.rawHeaders.length; k += 2)
        head0 += `${req.rawHeaders[k]}: ${req.rawHeaders[k + 1]}\r\n`;
      up.write(`${head0}\r\n`);
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.setNoDelay(true);
    socket.setNoDelay(true);
    stats.openUpgrades[i]!++;
    upgraded.add(socket);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      stats.openUpgrades[i]!--;
      upgraded.delete(socket);
      socket.destroy();
      up.destroy();
    };
    up.on('error', () => {
      stats.errors++;
      close();
    });
    up.on('close', close);
    socket.on('close', close);
  });

  await new Promise<void>((resolve) => server.listen(opts.port, host, () => resolve()));
  return {
    port: opts.port,
    stats: async () => structuredClone(stats),
    async stop() {
      for (const s of upgraded) s.destroy();
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Runs the proxy as its own process (its sockets and CPU are then not the harness's). */
export async function spawnProxy(opts: {
  port: number;
  targets: number[];
}): Promise<Proxy & { pid: number }> {
  const file = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [file, String(opts.port), ...opts.targets.map(String)], {
    cwd: path.dirname(file),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-5000);
  });
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`proxy exited with ${code}: ${err}`)));
  });
  return {
    pid: child.pid!,
    port: opts.port,
    async stats() {
      const res = await fetch(`http://127.0.0.1:${opts.port}/__proxy/stats`);
      return (await res.json()) as ProxyStats;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await new Promise((r) => child.once('exit', r));
      clearTimeout(t);
    },
  };
}

if (import.meta.main) {
  const [port, ...targets] = process.argv.slice(2).map(Number);
  if (!port || !targets.length) {
    console.error('usage: node bench/proxy.ts <port> <target port>...');
    process.exit(2);
  }
  const proxy = await startProxy({ port, targets });
  process.stdout.write(`${JSON.stringify({ type: 'listening', port: proxy.port, targets })}\n`);
  process.on('SIGTERM', () => void proxy.stop().then(() => process.exit(0)));
}

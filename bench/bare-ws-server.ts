/**
 * The fan-out baseline (`node bench/bare-ws-server.ts <port>`): a bare `ws` server with nothing of the
 * app (no session, no database, no bus). It answers subscribe frames the way /api/ws does, and
 * `POST /broadcast?key=<k>&channel=<c>` sends one event frame, serialized once, to every socket, as the
 * app's realtime hub does for a channel. Prints `{"type":"listening","port":…}` on stdout when ready.
 */
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2] ?? 0);
const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
const sockets = new Set<WebSocket>();

wss.on('connection', (ws) => {
  sockets.add(ws);
  ws.on('close', () => sockets.delete(ws));
  ws.on('error', () => {});
  ws.on('message', (data) => {
    try {
      const m = JSON.parse(data.toString()) as { type?: string; channel?: string };
      if (m.type === 'subscribe' && typeof m.channel === 'string')
        ws.send(JSON.stringify({ type: 'subscribed', channel: m.channel }));
    } catch {}
  });
});

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.method === 'POST' && url.pathname === '/broadcast') {
    const key = url.searchParams.get('key') ?? '';
    const channel = url.searchParams.get('channel') ?? 'space:bare';
    const spaceId = channel.slice(channel.indexOf(':') + 1);
    // The same shape and about the same size as the app's post.created frame.
    const frame = JSON.stringify({
      type: 'event',
      channel,
      event: { type: 'post.created', data: { postId: key, spaceId } },
    });
    let sent = 0;
    for (const ws of sockets) {
      if (ws.readyState !== 1) continue;
      ws.send(frame);
      sent++;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sent }));
    return;
  }
  if (url.pathname === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sockets: sockets.size }));
    return;
  }
  res.writeHead(404).end();
});
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => {});
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(
    `${JSON.stringify({ type: 'listening', port: typeof addr === 'object' && addr ? addr.port : port })}\n`,
  );
});
process.on('SIGTERM', () => {
  for (const ws of sockets) ws.terminate();
  server.close(() => process.exit(0));
});

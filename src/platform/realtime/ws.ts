import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServerType } from '@hono/node-server';
import { createNodeWebSocket, type NodeWebSocket } from '@hono/node-ws';
import type { Context, Hono } from 'hono';
import type { WSEvents } from 'hono/ws';
import type { WebSocket } from 'ws';
import type { HttpModule } from '../http/app.ts';
import { requestOrigins } from '../http/csrf.ts';
import { AppError, renderError } from '../http/errors.ts';
import type { Actor, AppEnv } from '../http/types.ts';
import type { Logger } from '../logger.ts';
import type { Bus, BusEvent } from './bus.ts';
import { ACCESS_CHANGED, isChannel, userChannel } from './channels.ts';

/** Where browsers connect. */
export const WS_PATH = '/api/ws';

/** Frames the server sends. */
export type ServerFrame =
  | { type: 'subscribed'; channel: string }
  | { type: 'unsubscribed'; channel: string }
  | { type: 'event'; channel: string; event: BusEvent }
  | { type: 'error'; code: 'forbidden' | 'bad_request' | 'internal'; message: string; channel?: string };

/** Frames a client sends. */
export type ClientFrame = { type: 'subscribe' | 'unsubscribe'; channel: string };

export interface RealtimeLimits {
  /** Channels one socket may listen on, its personal channel included (100). */
  maxSubscriptions: number;
  /** Largest client frame; larger ones close the socket with 1009 (4 KB). */
  maxMessageBytes: number;
  /** Unsent bytes a socket may pile up before it is dropped with 1013 (1 MB). */
  maxBufferedBytes: number;
  /** Protocol-level ping interval; a socket that missed the last pong is cut (25 s). */
  pingIntervalMs: number;
  /** Client frames waiting to be handled per socket before it is closed with 1008 (100: one burst of subscribes). */
  maxPendingMessages: number;
}

export interface RealtimeOptions {
  bus: Bus;
  /** Turns the upgrade request's session cookie into an actor. */
  resolveActor: (req: Request) => Promise<Actor | null>;
  /** May `actor` listen on `channel`? `user:` channels are decided here: only one's own. */
  authorize: (actor: Actor, channel: string) => Promise<boolean>;
  logger: Logger;
  publicUrl: string;
  trustProxy: boolean;
  limits?: Partial<RealtimeLimits>;
}

/** The realtime endpoint as an HTTP module, plus what the server and shutdown need. */
export interface RealtimeModule extends HttpModule {
  name: 'realtime';
  raw(app: Hono<AppEnv>): void;
  /** Hooks WebSocket upgrades into the HTTP server; call once after `serve()`. */
  injectWebSocket(server: ServerType): void;
  /** Open sockets on this node. */
  connections(): number;
  /** Refuses new sockets, closes open ones with 1001 and drops the bus subscriptions. */
  close(): Promise<void>;
}

interface Conn {
  ws: WebSocket;
  actor: Actor;
  /** The upgrade's Cookie header: the session is asked again when access may have changed. */
  cookie: string;
  channels: Set<string>;
  alive: boolean;
  pending: number;
  queue: Promise<void>;
  /** A re-check of the session and the channels is queued. */
  rechecking: boolean;
}

/** Close code when the session behind a socket has ended (sign-out, revoked, account gone). */
export const SESSION_ENDED = 4401;

const OPEN = 1;

const OPENAPI_OPERATION = {
  tags: ['realtime'],
  summary: 'Realtime WebSocket',
  description:
    'Upgrade with the session cookie and a same-origin `Origin`. JSON text frames, at most 4 KB. ' +
    'Client: `{type:"subscribe"|"unsubscribe", channel}`. Server: `{type:"subscribed"|"unsubscribed", channel}`, ' +
    '`{type:"event", channel, event:{type, data}}`, `{type:"error", code, message, channel?}`. ' +
    'The personal channel `user:<id>` is subscribed on connect; at most 100 subscriptions. ' +
    'Close codes: 1001 shutdown, 1008 flooding, 1009 frame too large, 1013 too slow to read, ' +
    "4401 the session ended. When access changes (sign-out, role, membership, a space's audience), " +
    'channels the member may no longer read are left with `{type:"error", code:"forbidden", channel}`.',
  'x-access': 'member',
  responses: {
    101: { description: 'Switching to the WebSocket protocol' },
    401: { description: 'No session' },
    403: { description: 'Cross-site or missing Origin' },
    426: { description: 'Not a WebSocket upgrade' },
  },
};
const DEFAULTS: RealtimeLimits = {
  maxSubscriptions: 100,
  maxMessageBytes: 4 * 1024,
  maxBufferedBytes: 1024 * 1024,
  pingIntervalMs: 25_000,
  maxPendingMessages: 100,
};

/**
 * `GET /api/ws`: one WebSocket per browser tab, authenticated by the session cookie and guarded
 * against cross-site hijacking by `Origin`. Each channel has at most one bus subscription per node,
 * fanned out to the local sockets that listen on it.
 */
export function createRealtimeModule(opts: RealtimeOptions): RealtimeModule {
  const { bus, logger } = opts;
  const limits: RealtimeLimits = { ...DEFAULTS, ...opts.limits };
  const conns = new Set<Conn>();
  const hub = new Map<string, { sockets: Set<Conn>; off: () => void }>();
  let node: NodeWebSocket | null = null;
  let pinger: NodeJS.Timeout | null = null;
  let closing = false;

  function send(conn: Conn, frame: string): void {
    if (conn.ws.readyState !== OPEN) return;
    if (conn.ws.bufferedAmount > limits.maxBufferedBytes) {
      logger.warn(
        { actorId: conn.actor.id, buffered: conn.ws.bufferedAmount },
        'realtime socket too slow; dropped',
      );
      drop(conn, 1013, 'Too slow, reconnect later');
      return;
    }
    conn.ws.send(frame);
  }

  const reply = (conn: Conn, frame: ServerFrame) => send(conn, JSON.stringify(frame));

  function join(conn: Conn, channel: string): void {
    let entry = hub.get(channel);
    if (!entry) {
      const sockets = new Set<Conn>();
      const personal = channel.startsWith('user:');
      const off = bus.subscribe(channel, (event) => {
        if (event.type === ACCESS_CHANGED) {
          // A session, role, membership or space changed: every socket here asks again.
          for (const c of [...sockets]) recheck(c);
          if (!personal) return;
        }
        // Serialized once for every local socket on this channel.
        const frame = JSON.stringify({ type: 'event', channel, event } satisfies ServerFrame);
        for (const c of [...sockets]) send(c, frame);
      });
      entry = { sockets, off };
      hub.set(channel, entry);
    }
    entry.sockets.add(conn);
    conn.channels.add(channel);
  }

  function leave(conn: Conn, channel: string): void {
    conn.channels.delete(channel);
    const entry = hub.get(channel);
    if (!entry) return;
    entry.sockets.delete(conn);
    if (entry.sockets.size === 0) {
      entry.off();
      hub.delete(channel);
    }
  }

  function detach(conn: Conn): void {
    for (const channel of [...conn.channels]) leave(conn, channel);
    conns.delete(conn);
  }

  function drop(conn: Conn, code: number, reason: string): void {
    detach(conn);
    conn.ws.close(code, reason);
    // A client that does not read will not read the close frame either.
    setTimeout(() => conn.ws.terminate(), 5_000).unref();
  }

  /**
   * Asks again who the socket belongs to and what it may hear: an ended session closes it with
   * 4401; a channel the member may no longer read is left, with a `forbidden` frame naming it.
   * Queued behind the socket's own messages, and at most once at a time.
   */
  function recheck(conn: Conn): void {
    if (conn.rechecking || !conns.has(conn)) return;
    conn.rechecking = true;
    conn.queue = conn.queue
      .then(async () => {
        conn.rechecking = false;
        if (!conns.has(conn)) return;
        const req = new Request(new URL(WS_PATH, opts.publicUrl), { headers: { cookie: conn.cookie } });
        const actor = await opts.resolveActor(req);
        if (!conns.has(conn)) return;
        if (!actor || actor.id !== conn.actor.id) {
          drop(conn, SESSION_ENDED, 'Session ended');
          return;
        }
        conn.actor = actor;
        const own = userChannel(actor.id);
        for (const channel of [...conn.channels]) {
          if (channel === own) continue;
          // A failing check keeps the channel: the next change asks again.
          const allowed = await opts.authorize(actor, channel).catch((err) => {
            logger.error({ err, channel, actorId: actor.id }, 'realtime authorization failed');
            return true;
          });
          if (allowed) continue;
          if (!conns.has(conn)) return;
          leave(conn, channel);
          reply(conn, { type: 'error', code: 'forbidden', message: 'Not allowed any more.', channel });
        }
      })
      .catch((err) => {
        conn.rechecking = false;
        logger.error({ err, actorId: conn.actor.id }, 'realtime access re-check failed');
      });
  }

  async function handle(conn: Conn, data: unknown): Promise<void> {
    if (!conns.has(conn)) return; // dropped while this frame waited
    if (typeof data !== 'string') {
      return reply(conn, { type: 'error', code: 'bad_request', message: 'Send JSON text frames.' });
    }
    if (Buffer.byteLength(data) > limits.maxMessageBytes) {
      return reply(conn, { type: 'error', code: 'bad_request', message: 'Message too large.' });
    }
    let msg: Partial<ClientFrame> | null;
    try {
      msg = JSON.parse(data);
    } catch {
      return reply(conn, { type: 'error', code: 'bad_request', message: 'Malformed JSON.' });
    }
    if (!msg || typeof msg !== 'object' || (msg.type !== 'subscribe' && msg.type !== 'unsubscribe')) {
      return reply(conn, {
        type: 'error',
        code: 'bad_request',
        message: 'Expected subscribe or unsubscribe.',
      });
    }
    const channel = msg.channel;
    if (!isChannel(channel)) {
      return reply(conn, { type: 'error', code: 'bad_request', message: 'Invalid channel name.' });
    }
    if (msg.type === 'unsubscribe') {
      leave(conn, channel);
      return reply(conn, { type: 'unsubscribed', channel });
    }
    if (conn.channels.has(channel)) return reply(conn, { type: 'subscribed', channel });
    if (conn.channels.size >= limits.maxSubscriptions) {
      const message = `At most ${limits.maxSubscriptions} subscriptions per connection.`;
      return reply(conn, { type: 'error', code: 'bad_request', message, channel });
    }
    let allowed: boolean;
    try {
      // Personal channels are decided here so no module's policy can open another user's.
      allowed = channel.startsWith('user:')
        ? channel === userChannel(conn.actor.id)
        : await opts.authorize(conn.actor, channel);
    } catch (err) {
      logger.error({ err, channel, actorId: conn.actor.id }, 'realtime authorization failed');
      return reply(conn, { type: 'error', code: 'internal', message: 'Could not check access.', channel });
    }
    if (!conns.has(conn)) return; // closed while we asked
    if (!allowed) return reply(conn, { type: 'error', code: 'forbidden', message: 'Not allowed.', channel });
    join(conn, channel);
    reply(conn, { type: 'subscribed', channel });
  }

  function events(actor: Actor, cookie: string): WSEvents<WebSocket> {
    let conn: Conn | null = null;
    return {
      onOpen(_evt, ctx) {
        const ws = ctx.raw!;
        if (closing) {
          ws.close(1001, 'Server shutting down');
          return;
        }
        const c: Conn = {
          ws,
          actor,
          cookie,
          channels: new Set(),
          alive: true,
          pending: 0,
          queue: Promise.resolve(),
          rechecking: false,
        };
        conn = c;
        conns.add(c);
        ws.on('pong', () => {
          c.alive = true;
        });
        // Logged from the raw socket: @hono/node-ws builds an `ErrorEvent` for `onError`, which Node
        // lacks (honojs/middleware#784), so an `onError` handler here would never run.
        ws.on('error', (err) => logger.debug({ err, actorId: actor.id }, 'realtime socket error'));
        const own = userChannel(actor.id);
        join(c, own);
        reply(c, { type: 'subscribed', channel: own });
        logger.debug({ actorId: actor.id, connections: conns.size }, 'realtime socket opened');
      },
      onMessage(evt) {
        const c = conn;
        if (!c || !conns.has(c)) return;
        c.alive = true;
        if (c.pending >= limits.maxPendingMessages) {
          drop(c, 1008, 'Too many messages');
          return;
        }
        c.pending++;
        // One message at a time per socket: subscribe/unsubscribe keep their order across awaits.
        c.queue = c.queue
          .then(() => handle(c, evt.data))
          .catch((err) => logger.error({ err, actorId: actor.id }, 'realtime message failed'))
          .finally(() => {
            c.pending--;
          });
      },
      onClose(evt) {
        if (conn) detach(conn);
        logger.debug({ actorId: actor.id, code: evt.code }, 'realtime socket closed');
      },
    };
  }

  function refuse(c: Context, err: AppError): Response {
    return renderError(err, c, logger);
  }

  return {
    name: 'realtime',
    raw(app) {
      if (node) throw new Error('The realtime module is mounted twice.');
      node = createNodeWebSocket({ app, baseUrl: opts.publicUrl });
      // ws enforces this while reading frames, so an oversized message never sits in memory whole.
      node.wss.options.maxPayload = limits.maxMessageBytes;
      const upgrade = node.upgradeWebSocket;
      app.get(WS_PATH, async (c) => {
        if (closing) return refuse(c, new AppError('unavailable', 'Shutting down.', null, { status: 503 }));
        // Session first, as on every member route (the access test expects 401 without one).
        const actor = await opts.resolveActor(c.req.raw);
        if (!actor) return refuse(c, new AppError('unauthenticated', 'Log in first.'));
        if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
          const err = new AppError('upgrade_required', 'Connect with a WebSocket.', null, { status: 426 });
          return refuse(c, err);
        }
        // Browsers always send Origin on WebSocket handshakes; without this check any site could
        // open a socket with the member's cookie (cross-site WebSocket hijacking).
        const origin = c.req.header('origin');
        if (!origin || !requestOrigins(c.req.raw, opts.publicUrl, opts.trustProxy).includes(origin)) {
          return refuse(c, new AppError('forbidden', 'Cross-site WebSocket refused.', { reason: 'origin' }));
        }
        return upgrade(c, events(actor, c.req.header('cookie') ?? ''));
      });
      pinger = setInterval(() => {
        for (const conn of conns) {
          if (!conn.alive) {
            detach(conn);
            conn.ws.terminate();
            continue;
          }
          conn.alive = false;
          conn.ws.ping();
        }
      }, limits.pingIntervalMs);
      pinger.unref();
    },
    openApiPaths: async () => ({ [WS_PATH]: { get: OPENAPI_OPERATION } }),
    injectWebSocket(server) {
      if (!node) throw new Error('Mount the realtime module (createHttpApp) before injectWebSocket.');
      // Between the upgrade request and the handshake the socket has no error listener of its own;
      // a client resetting the connection while we check its session must not crash the process.
      (server as Server).on('upgrade', (_req, socket: Duplex) => {
        socket.on('error', (err) => logger.debug({ err }, 'upgrade socket error'));
      });
      node.injectWebSocket(server);
    },
    connections: () => conns.size,
    async close() {
      closing = true;
      if (pinger) clearInterval(pinger);
      const open = [...conns];
      await Promise.all(
        open.map(
          (conn) =>
            new Promise<void>((resolve) => {
              detach(conn);
              if (conn.ws.readyState === 3) return resolve();
              const timer = setTimeout(() => {
                conn.ws.terminate();
                resolve();
              }, 2_000);
              conn.ws.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              conn.ws.close(1001, 'Server shutting down');
            }),
        ),
      );
      for (const entry of hub.values()) entry.off();
      hub.clear();
    },
  };
}

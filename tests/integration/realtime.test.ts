import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createHttpApp } from '../../src/platform/http/app.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createMetrics } from '../../src/platform/metrics.ts';
import {
  ACCESS_CHANGED,
  type Bus,
  channelPolicies,
  createMemoryBus,
  createPgBus,
  createRealtimeModule,
  type PgBus,
  type RealtimeLimits,
  type RealtimeModule,
  SESSION_ENDED,
  userChannel,
} from '../../src/platform/realtime/index.ts';
import { type Agent, createTestApp, ORIGIN, type TestApp } from '../helpers/app.ts';

// Two app nodes, each a real HTTP server with the platform's HTTP app and a pg bus, sharing the test
// database; sessions are real better-auth sessions from a full test app on the same database.
interface Node {
  server: ServerType;
  port: number;
  bus: Bus;
  rt: RealtimeModule;
  /** Bus subscriptions per channel that the realtime module holds on this node. */
  busSubs: Map<string, number>;
}

let t: TestApp;
let owner: Agent;
let member: Agent;
let ownerId: string;
let memberId: string;
let nodeA: Node;
let nodeB: Node;
const logger = createLogger('silent');
/** `<actor id> <space id>` pairs the space policy refuses from now on. */
const revoked = new Set<string>();

/** Wraps a bus to count the subscriptions held on it per channel. */
function counted(bus: Bus, subs: Map<string, number>): Bus {
  return {
    publish: (c, e) => bus.publish(c, e),
    close: () => bus.close(),
    subscribe(channel, handler) {
      subs.set(channel, (subs.get(channel) ?? 0) + 1);
      const off = bus.subscribe(channel, handler);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        subs.set(channel, subs.get(channel)! - 1);
        off();
      };
    },
  };
}

async function startNode(bus: Bus, limits?: Partial<RealtimeLimits>): Promise<Node> {
  const busSubs = new Map<string, number>();
  const rt = createRealtimeModule({
    bus: counted(bus, busSubs),
    resolveActor: (req) => t.tp.accounts.resolveActor(req),
    authorize: channelPolicies({
      space: async (actor, id) => id.startsWith('open') && !revoked.has(`${actor.id} ${id}`),
    }),
    logger,
    publicUrl: ORIGIN,
    trustProxy: false,
    limits,
  });
  const app = createHttpApp({
    config: { publicUrl: ORIGIN, TRUST_PROXY: false, UPLOAD_MAX_BYTES: 1024 * 1024 },
    logger,
    metrics: createMetrics(),
    checkHealth: async () => {},
    resolveActor: (req) => t.tp.accounts.resolveActor(req),
    modules: [rt],
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  rt.injectWebSocket(server);
  return { server, port: (server.address() as AddressInfo).port, bus, rt, busSubs };
}

async function stopNode(n: Node): Promise<void> {
  await n.rt.close();
  await new Promise((r) => n.server.close(r));
  await n.bus.close();
}

function cookieOf(a: Agent): string {
  return [...a.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

// biome-ignore lint/suspicious/noExplicitAny: frames are checked field by field
type Frame = any;

interface Client {
  ws: WebSocket;
  frames: Frame[];
  /** The next frame (after the last one returned) that matches. */
  next(match?: (f: Frame) => boolean): Promise<Frame>;
  send(frame: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
}

function connect(port: number, headers: Record<string, string>, opts: { autoPong?: boolean } = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers, autoPong: opts.autoPong ?? true });
  const frames: Frame[] = [];
  let cursor = 0;
  let wake: () => void = () => {};
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)));
    wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
  const client: Client = {
    ws,
    frames,
    closed,
    async next(match = () => true) {
      for (;;) {
        while (cursor < frames.length) {
          const f = frames[cursor++];
          if (match(f)) return f;
        }
        await new Promise<void>((r) => {
          wake = r;
        });
      }
    },
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
  };
  return new Promise<Client>((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error('refused'), { status: res.statusCode })),
    );
    ws.once('error', reject);
  });
}

/** Connects as `agent` and waits for the automatic subscription to its personal channel. */
async function connectAs(node: Node, agent: Agent, opts?: { autoPong?: boolean }): Promise<Client> {
  const c = await connect(node.port, { Origin: ORIGIN, Cookie: cookieOf(agent) }, opts);
  expect((await c.next()).type).toBe('subscribed');
  return c;
}

async function refusedStatus(port: number, headers: Record<string, string>): Promise<number> {
  try {
    const c = await connect(port, headers);
    c.ws.close();
    return 101;
  } catch (err) {
    return (err as { status: number }).status;
  }
}

async function actorId(a: Agent): Promise<string> {
  const actor = await t.tp.accounts.resolveActor(new Request(ORIGIN, { headers: { Cookie: cookieOf(a) } }));
  return actor!.id;
}

const isEvent = (f: Frame) => f.type === 'event';

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.setupOwner();
  member = await t.member('mia@example.org');
  ownerId = await actorId(owner);
  memberId = await actorId(member);
  const busA: PgBus = createPgBus({ connectionString: t.db.url, logger, nodeId: 'a' });
  const busB: PgBus = createPgBus({ connectionString: t.db.url, logger, nodeId: 'b' });
  await Promise.all([busA.ready, busB.ready]);
  nodeA = await startNode(busA);
  nodeB = await startNode(busB);
});

afterAll(async () => {
  await stopNode(nodeA);
  await stopNode(nodeB);
  await t.close();
});

describe('realtime across two nodes', () => {
  it('delivers an event published on node A to a socket on node B', async () => {
    const c = await connectAs(nodeB, owner);
    expect(c.frames[0]).toEqual({ type: 'subscribed', channel: userChannel(ownerId) });
    c.send({ type: 'subscribe', channel: 'space:open-feed' });
    expect(await c.next()).toEqual({ type: 'subscribed', channel: 'space:open-feed' });
    await nodeA.bus.publish('space:open-feed', { type: 'post.created', data: { postId: 'p1' } });
    expect(await c.next()).toEqual({
      type: 'event',
      channel: 'space:open-feed',
      event: { type: 'post.created', data: { postId: 'p1' } },
    });
    c.ws.close();
  });

  it("delivers personal notifications to that user's sockets only", async () => {
    const ownerOnB = await connectAs(nodeB, owner);
    const memberOnA = await connectAs(nodeA, member);
    await nodeA.bus.publish(userChannel(ownerId), { type: 'notification.created', data: { id: 'n1' } });
    await nodeB.bus.publish(userChannel(memberId), { type: 'notification.created', data: { id: 'n2' } });
    expect((await ownerOnB.next(isEvent)).event.data).toEqual({ id: 'n1' });
    // NOTIFYs arrive in commit order: had the member's socket received n1, it would come before n2.
    expect((await memberOnA.next(isEvent)).event.data).toEqual({ id: 'n2' });
    ownerOnB.ws.close();
    memberOnA.ws.close();
  });

  it('holds one bus subscription per channel per node, however many sockets listen', async () => {
    const clients = await Promise.all([1, 2, 3].map(() => connectAs(nodeB, member)));
    for (const c of clients) {
      c.send({ type: 'subscribe', channel: 'space:open-fan' });
      await c.next();
    }
    expect(nodeB.busSubs.get('space:open-fan')).toBe(1);
    await nodeA.bus.publish('space:open-fan', { type: 'x', data: 1 });
    await nodeA.bus.publish('space:open-fan', { type: 'marker', data: 2 });
    for (const c of clients) {
      expect((await c.next(isEvent)).event.type).toBe('x');
      expect((await c.next(isEvent)).event.type).toBe('marker');
    }
    clients[0]!.send({ type: 'unsubscribe', channel: 'space:open-fan' });
    expect(await clients[0]!.next()).toEqual({ type: 'unsubscribed', channel: 'space:open-fan' });
    clients[1]!.ws.close();
    await clients[1]!.closed;
    expect(nodeB.busSubs.get('space:open-fan')).toBe(1);
    clients[2]!.ws.close();
    await clients[2]!.closed;
    await expect.poll(() => nodeB.busSubs.get('space:open-fan')).toBe(0);
    clients[0]!.ws.close();
  });
});

describe('handshake', () => {
  it('refuses an upgrade without a session with 401', async () => {
    expect(await refusedStatus(nodeB.port, { Origin: ORIGIN })).toBe(401);
    expect(
      await refusedStatus(nodeB.port, { Origin: ORIGIN, Cookie: 'better-auth.session_token=forged' }),
    ).toBe(401);
  });

  it('refuses a foreign or missing Origin with 403 even with a valid session (cross-site hijacking)', async () => {
    const cookie = cookieOf(owner);
    expect(await refusedStatus(nodeB.port, { Origin: 'https://evil.example', Cookie: cookie })).toBe(403);
    expect(await refusedStatus(nodeB.port, { Origin: 'null', Cookie: cookie })).toBe(403);
    expect(await refusedStatus(nodeB.port, { Cookie: cookie })).toBe(403);
    // The Host the request was sent to counts as ours, as for CSRF.
    expect(
      await refusedStatus(nodeB.port, { Origin: `http://127.0.0.1:${nodeB.port}`, Cookie: cookie }),
    ).toBe(101);
  });

  it('answers a plain GET with 401 without a session and 426 with one, in the shared error shape', async () => {
    const anon = await fetch(`http://127.0.0.1:${nodeB.port}/api/ws`);
    expect(anon.status).toBe(401);
    expect((await anon.json()).error.code).toBe('unauthenticated');
    const res = await fetch(`http://127.0.0.1:${nodeB.port}/api/ws`, {
      headers: { Cookie: cookieOf(owner) },
    });
    expect(res.status).toBe(426);
    expect((await res.json()).error.code).toBe('upgrade_required');
  });

  it('refuses a session that was signed out', async () => {
    const gone = await t.member('gone@example.org');
    const cookie = cookieOf(gone);
    expect(await refusedStatus(nodeA.port, { Origin: ORIGIN, Cookie: cookie })).toBe(101);
    expect((await gone.request('/api/auth/sign-out', { method: 'POST', json: {} })).status).toBe(200);
    expect(await refusedStatus(nodeA.port, { Origin: ORIGIN, Cookie: cookie })).toBe(401);
  });
});

describe('when access changes', () => {
  it('a socket whose session is signed out is closed with 4401 on whichever node it is (the sessions trigger)', async () => {
    const leaving = await t.member('leaving@example.org');
    const [onA, onB] = [await connectAs(nodeA, leaving), await connectAs(nodeB, leaving)];
    const stays = await connectAs(nodeB, member);
    expect((await leaving.request('/api/auth/sign-out', { method: 'POST', json: {} })).status).toBe(200);
    expect((await onA.closed).code).toBe(SESSION_ENDED);
    expect((await onB.closed).code).toBe(SESSION_ENDED);
    // Nobody else is touched.
    await nodeA.bus.publish(userChannel(memberId), { type: 'marker', data: null });
    expect((await stays.next(isEvent)).event.type).toBe('marker');
    stays.ws.close();
  });

  it('a channel the member may no longer read is left with a forbidden frame; the others keep flowing', async () => {
    const c = await connectAs(nodeA, member);
    for (const channel of ['space:open-kept', 'space:open-lost']) {
      c.send({ type: 'subscribe', channel });
      expect(await c.next()).toEqual({ type: 'subscribed', channel });
    }
    revoked.add(`${memberId} open-lost`);
    await nodeB.bus.publish('space:open-lost', { type: ACCESS_CHANGED, data: null });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'forbidden', channel: 'space:open-lost' });
    await nodeB.bus.publish('space:open-lost', { type: 'leak', data: null });
    await nodeB.bus.publish('space:open-kept', { type: 'kept', data: null });
    expect((await c.next()).event.type).toBe('kept');
    // The node dropped its bus subscription for the channel nobody hears any more.
    expect(nodeA.busSubs.get('space:open-lost') ?? 0).toBe(0);
    // A change on the personal channel re-checks every channel, and is passed on to the browser.
    revoked.add(`${memberId} open-kept`);
    await nodeB.bus.publish(userChannel(memberId), { type: ACCESS_CHANGED, data: null });
    const frames = [await c.next(), await c.next()];
    expect(frames).toContainEqual({
      type: 'error',
      code: 'forbidden',
      message: expect.any(String),
      channel: 'space:open-kept',
    });
    expect(frames).toContainEqual({
      type: 'event',
      channel: userChannel(memberId),
      event: { type: ACCESS_CHANGED, data: null },
    });
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });
});

describe('protocol', () => {
  it('answers an unauthorized channel with a forbidden error frame', async () => {
    const c = await connectAs(nodeA, member);
    c.send({ type: 'subscribe', channel: 'space:secret' });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'forbidden', channel: 'space:secret' });
    c.send({ type: 'subscribe', channel: userChannel(ownerId) });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'forbidden', channel: userChannel(ownerId) });
    c.send({ type: 'subscribe', channel: 'unknownkind:open' });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'forbidden' });
    await nodeB.bus.publish(userChannel(ownerId), { type: 'leak', data: null });
    await nodeB.bus.publish('space:secret', { type: 'leak', data: null });
    await nodeB.bus.publish(userChannel(memberId), { type: 'marker', data: null });
    expect((await c.next()).event.type).toBe('marker');
    c.ws.close();
  });

  it('answers malformed frames with error frames and stays usable', async () => {
    const c = await connectAs(nodeA, member);
    for (const bad of ['{nope', 'null', '[]', '"subscribe"', '{"type":"dance","channel":"space:open"}']) {
      c.send(bad);
      expect(await c.next()).toMatchObject({ type: 'error', code: 'bad_request' });
    }
    c.send({ type: 'subscribe', channel: 'Space Open!' });
    expect(await c.next()).toMatchObject({
      type: 'error',
      code: 'bad_request',
      message: 'Invalid channel name.',
    });
    c.send({ type: 'subscribe', channel: 'x'.repeat(121) });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'bad_request' });
    c.ws.send(Buffer.from([1, 2, 3]));
    expect(await c.next()).toMatchObject({
      type: 'error',
      code: 'bad_request',
      message: 'Send JSON text frames.',
    });
    c.send({ type: 'subscribe', channel: 'space:open-after-errors' });
    expect(await c.next()).toEqual({ type: 'subscribed', channel: 'space:open-after-errors' });
    c.ws.close();
  });

  it('allows 100 subscriptions per socket, the personal channel included', async () => {
    const c = await connectAs(nodeA, member);
    for (let i = 0; i < 99; i++) c.send({ type: 'subscribe', channel: `space:open-${i}` });
    for (let i = 0; i < 99; i++)
      expect(await c.next()).toEqual({ type: 'subscribed', channel: `space:open-${i}` });
    c.send({ type: 'subscribe', channel: 'space:open-100' });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'bad_request', channel: 'space:open-100' });
    c.send({ type: 'subscribe', channel: 'space:open-5' });
    expect(await c.next()).toEqual({ type: 'subscribed', channel: 'space:open-5' });
    c.ws.close();
  });

  it('closes a socket that floods more frames than it waits for with 1008', async () => {
    const c = await connectAs(nodeA, member);
    const socket = (c.ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    // Corked, so the frames arrive together and queue up behind the first access check.
    socket.cork();
    for (let i = 0; i < 300; i++) c.send({ type: 'subscribe', channel: `space:open-flood-${i}` });
    socket.uncork();
    expect((await c.closed).code).toBe(1008);
    await expect.poll(() => nodeA.busSubs.get('space:open-flood-0') ?? 0).toBe(0);
  });

  it('closes a socket that sends a frame over 4 KB with 1009', async () => {
    const c = await connectAs(nodeA, member);
    c.send({ type: 'subscribe', channel: `space:open-${'x'.repeat(5000)}` });
    expect((await c.closed).code).toBe(1009);
    await expect.poll(() => nodeA.rt.connections()).toBe(0);
  });
});

describe('liveness and shutdown (one node, memory bus)', () => {
  let node: Node;
  beforeAll(async () => {
    node = await startNode(createMemoryBus(), { maxBufferedBytes: 64 * 1024, pingIntervalMs: 100 });
  });
  afterAll(async () => {
    await stopNode(node);
  });

  it('pings sockets and cuts those that never answer', async () => {
    const alive = await connectAs(node, member);
    const dead = await connectAs(node, member, { autoPong: false });
    let pings = 0;
    alive.ws.on('ping', () => pings++);
    expect((await dead.closed).code).toBe(1006);
    expect(pings).toBeGreaterThan(0);
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);
    alive.ws.close();
  });

  it('drops a socket that does not read instead of buffering without bound', async () => {
    const slow = await connectAs(node, member);
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const data = 'x'.repeat(6000);
    for (let i = 0; i < 20_000 && node.rt.connections() > 0; i++) {
      await node.bus.publish(userChannel(memberId), { type: 'flood', data });
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(node.rt.connections()).toBe(0);
    expect(node.busSubs.get(userChannel(memberId))).toBe(0);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closed).code).toBe(1013);
  });

  it('closes sockets with 1001 on shutdown and refuses new ones with 503', async () => {
    const c = await connectAs(node, owner);
    await node.rt.close();
    expect((await c.closed).code).toBe(1001);
    expect(await refusedStatus(node.port, { Origin: ORIGIN, Cookie: cookieOf(owner) })).toBe(503);
  });
});

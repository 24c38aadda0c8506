import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { createLogger, type Logger } from '../logger.ts';
import { assertChannel, isChannel } from './channels.ts';

/** One realtime event: a type and a small JSON payload (ids and summaries, never whole documents). */
export interface BusEvent {
  type: string;
  data: unknown;
}

export type BusHandler = (event: BusEvent) => void;

/**
 * Publish/subscribe between the code that changes data and the sockets that show it. Publish after
 * the transaction that made the change commits (or use `notifyInTransaction` inside it), so nobody
 * hears of a change that was rolled back. Delivery is at most once: events published while a node's
 * listener reconnects are lost, so clients refetch what they show when their socket reconnects.
 */
export interface Bus {
  /** Sends `event` to every subscriber of `channel` on every node. */
  publish(channel: string, event: BusEvent): Promise<void>;
  /** Calls `handler` for each event on `channel` on this node; returns the unsubscribe function. */
  subscribe(channel: string, handler: BusHandler): () => void;
  /** Stops delivery and releases connections. */
  close(): Promise<void>;
}

/** The PostgreSQL NOTIFY channel all nodes listen on. */
export const PG_CHANNEL = 'treffpunkt_events';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; we stay clear of that with our envelope. */
export const MAX_PAYLOAD_BYTES = 7000;

interface Envelope {
  channel: string;
  event: BusEvent;
  origin: string | null;
}

/** Validates and serializes one message; throws on a bad channel, a bad event or an oversized payload. */
export function encodeMessage(channel: string, event: BusEvent, origin: string | null): string {
  assertChannel(channel);
  if (!event || typeof event.type !== 'string' || event.type.length === 0 || event.type.length > 100) {
    throw new Error('A realtime event needs a type of 1 to 100 characters.');
  }
  const payload = JSON.stringify({ channel, event: { type: event.type, data: event.data ?? null }, origin });
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new Error(
      `Realtime event "${event.type}" on ${channel} is ${bytes} bytes; the limit is ${MAX_PAYLOAD_BYTES}. ` +
        'Publish ids and small summaries and let clients fetch the rest.',
    );
  }
  return payload;
}

/** Parses one message from the wire; null when it is not ours or malformed. */
export function decodeMessage(payload: string): Envelope | null {
  try {
    const m = JSON.parse(payload) as Partial<Envelope> | null;
    if (!m || !isChannel(m.channel) || !m.event || typeof m.event.type !== 'string') return null;
    return {
      channel: m.channel,
      event: { type: m.event.type, data: m.event.data ?? null },
      origin: m.origin ?? null,
    };
  } catch {
    return null;
  }
}

/**
 * Sends an event through PostgreSQL inside `trx`: PostgreSQL delivers NOTIFY only when the transaction
 * commits and drops it on rollback, which is exactly when listeners should hear of the change.
 * Needs the pg bus on the receiving side.
 */
export async function notifyInTransaction(
  // biome-ignore lint/suspicious/noExplicitAny: accepts any module's typed transaction
  trx: Kysely<any>,
  channel: string,
  event: BusEvent,
): Promise<void> {
  const payload = encodeMessage(channel, event, null);
  await sql`select pg_notify(${PG_CHANNEL}, ${payload})`.execute(trx);
}

/** Local subscriber registry shared by both buses. */
function createRegistry(logger: Logger) {
  const handlers = new Map<string, Set<{ handler: BusHandler }>>();
  return {
    subscribe(channel: string, handler: BusHandler): () => void {
      assertChannel(channel);
      // A wrapper per call, so the same function subscribed twice is two subscriptions.
      const entry = { handler };
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(entry);
      return () => {
        const current = handlers.get(channel);
        if (!current) return;
        current.delete(entry);
        if (current.size === 0) handlers.delete(channel);
      };
    },
    deliver(channel: string, event: BusEvent): void {
      const set = handlers.get(channel);
      if (!set) return;
      // A copy: handlers may unsubscribe while we iterate.
      for (const entry of [...set]) {
        try {
          entry.handler(event);
        } catch (err) {
          logger.error({ err, channel, type: event.type }, 'realtime subscriber failed');
        }
      }
    },
    clear(): void {
      handlers.clear();
    },
  };
}

/** An in-process bus for unit tests; same validation and JSON round trip as the pg bus. */
export function createMemoryBus(opts: { logger?: Logger } = {}): Bus {
  const logger = opts.logger ?? createLogger('silent');
  const registry = createRegistry(logger);
  let closed = false;
  return {
    async publish(channel, event) {
      if (closed) throw new Error('The realtime bus is closed.');
      const message = decodeMessage(encodeMessage(channel, event, 'memory'))!;
      registry.deliver(message.channel, message.event);
    },
    subscribe: (channel, handler) => registry.subscribe(channel, handler),
    async close() {
      closed = true;
      registry.clear();
    },
  };
}

/** The pg bus also tells when its listener is connected. */
export interface PgBus extends Bus {
  /** Resolves once this node listens; after a lost connection, a new promise for the reconnect. */
  readonly ready: Promise<void>;
  /** This node's id, sent as `origin` with every event it publishes. */
  readonly nodeId: string;
}

export interface PgBusOptions {
  connectionString: string;
  logger: Logger;
  /** The app's pool for publishing; without one the bus opens a small pool of its own. */
  pool?: pg.Pool;
  nodeId?: string;
  /** Reconnect backoff bounds in ms (default 250 ms doubling up to 10 s, with jitter). */
  reconnect?: { minMs?: number; maxMs?: number };
}

/**
 * The bus across nodes: every node keeps one connection that LISTENs on `treffpunkt_events`;
 * `publish` sends `pg_notify` through the pool. Events reach local subscribers only through the
 * listener, the publishing node included, so each node delivers each event exactly once and in the
 * order PostgreSQL committed them.
 */
export function createPgBus(opts: PgBusOptions): PgBus {
  const logger = opts.logger;
  const nodeId = opts.nodeId ?? randomUUID();
  const minMs = opts.reconnect?.minMs ?? 250;
  const maxMs = opts.reconnect?.maxMs ?? 10_000;
  const registry = createRegistry(logger);
  const ownPool = !opts.pool;
  const pool =
    opts.pool ??
    new pg.Pool({ connectionString: opts.connectionString, max: 2, application_name: 'treffpunkt-notify' });
  if (ownPool) pool.on('error', () => {});

  let closed = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let attempt = 0;
  let lostOnce = false;
  let ready = deferred();

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== PG_CHANNEL || msg.payload === undefined) return;
    const message = decodeMessage(msg.payload);
    if (!message) {
      logger.warn({ bytes: msg.payload.length }, 'ignored a malformed realtime notification');
      return;
    }
    registry.deliver(message.channel, message.event);
  };

  function connect(): void {
    timer = null;
    if (closed) return;
    const c = new pg.Client({
      connectionString: opts.connectionString,
      application_name: 'treffpunkt-listen',
      keepAlive: true,
    });
    client = c;
    let gone = false;
    const lost = (err: unknown) => {
      if (gone) return;
      gone = true;
      c.removeListener('notification', onNotification);
      c.end().catch(() => {});
      if (client === c) client = null;
      if (closed) return;
      if (ready.settled) ready = deferred();
      lostOnce = true;
      const delayMs = Math.round(Math.min(maxMs, minMs * 2 ** attempt) * (0.5 + Math.random() / 2));
      attempt++;
      logger.warn({ err, delayMs, attempt }, 'realtime listener lost its database connection; reconnecting');
      timer = setTimeout(connect, delayMs);
      timer.unref();
    };
    c.on('notification', onNotification);
    c.on('error', lost);
    c.on('end', () => lost(new Error('connection ended')));
    c.connect()
      .then(() => c.query(`LISTEN ${PG_CHANNEL}`))
      .then(() => {
        if (gone) return;
        if (closed) {
          gone = true;
          c.end().catch(() => {});
          return;
        }
        attempt = 0;
        if (lostOnce) logger.info('realtime listener reconnected');
        ready.resolve();
      })
      .catch(lost);
  }
  connect();

  return {
    nodeId,
    get ready() {
      return ready.promise;
    },
    async publish(channel, event) {
      if (closed) throw new Error('The realtime bus is closed.');
      const payload = encodeMessage(channel, event, nodeId);
      await pool.query('select pg_notify($1, $2)', [PG_CHANNEL, payload]);
    },
    subscribe: (channel, handler) => registry.subscribe(channel, handler),
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      registry.clear();
      const c = client;
      client = null;
      if (c) {
        c.removeListener('notification', onNotification);
        await c.end().catch(() => {});
      }
      if (ownPool) await pool.end();
    },
  };
}

function deferred() {
  let resolve!: () => void;
  const d = {
    settled: false,
    promise: new Promise<void>((r) => {
      resolve = r;
    }),
    resolve: () => {
      d.settled = true;
      resolve();
    },
  };
  return d;
}

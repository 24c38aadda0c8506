import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BusEvent,
  createPgBus,
  notifyInTransaction,
  type PgBus,
} from '../../src/platform/realtime/bus.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

// Two "nodes": two pg buses, each with its own listener connection, on one database.
let tdb: TestDatabase;
let a: PgBus;
let b: PgBus;
const logLines: { level: number; msg: string }[] = [];

function captureLogger() {
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  return pino({ level: 'info' }, stream);
}

/** Collects the events of one channel on one bus. */
function collect(bus: PgBus, channel: string) {
  const got: BusEvent[] = [];
  const off = bus.subscribe(channel, (e) => got.push(e));
  return { got, off };
}

/** Resolves once `check` returns true; the test's own timeout bounds the wait. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  const logger = captureLogger();
  a = createPgBus({
    connectionString: tdb.url,
    logger,
    pool: tdb.pool,
    nodeId: 'node-a',
    reconnect: { minMs: 50 },
  });
  b = createPgBus({ connectionString: tdb.url, logger, nodeId: 'node-b', reconnect: { minMs: 50 } });
  await Promise.all([a.ready, b.ready]);
});

afterAll(async () => {
  await a.close();
  await b.close();
  await tdb.drop();
});

describe('pg bus across two nodes', () => {
  it('delivers an event published on A to subscribers on A and B exactly once each', async () => {
    const onA = collect(a, 'space:one');
    const onB = collect(b, 'space:one');
    const onB2 = collect(b, 'space:one');
    const elsewhere = collect(b, 'space:two');
    await a.publish('space:one', { type: 'post.created', data: { id: 'p1' } });
    // A marker published after it: NOTIFYs arrive in commit order, so once the marker is here,
    // any duplicate of the first event would be too.
    await a.publish('space:one', { type: 'marker', data: null });
    await until(() => onA.got.length >= 2 && onB.got.length >= 2 && onB2.got.length >= 2);
    for (const s of [onA, onB, onB2]) {
      expect(s.got).toEqual([
        { type: 'post.created', data: { id: 'p1' } },
        { type: 'marker', data: null },
      ]);
    }
    expect(elsewhere.got).toEqual([]);
    for (const s of [onA, onB, onB2, elsewhere]) s.off();
  });

  it('stops delivering after unsubscribe', async () => {
    const kept = collect(b, 'space:unsub');
    const gone = collect(b, 'space:unsub');
    gone.off();
    await a.publish('space:unsub', { type: 'x', data: 1 });
    await until(() => kept.got.length === 1);
    expect(gone.got).toEqual([]);
    kept.off();
  });

  it('notifyInTransaction delivers on commit and nothing on rollback', async () => {
    const onB = collect(b, 'space:tx');
    await expect(
      tdb.db.transaction().execute(async (trx) => {
        await notifyInTransaction(trx, 'space:tx', { type: 'rolled-back', data: null });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await tdb.db.transaction().execute(async (trx) => {
      await notifyInTransaction(trx, 'space:tx', { type: 'committed', data: { n: 1 } });
    });
    await a.publish('space:tx', { type: 'marker', data: null });
    await until(() => onB.got.length >= 2);
    expect(onB.got.map((e) => e.type)).toEqual(['committed', 'marker']);
    onB.off();
  });

  it('refuses oversized payloads and invalid channels before they reach PostgreSQL', async () => {
    await expect(a.publish('space:big', { type: 'x', data: 'x'.repeat(7000) })).rejects.toThrow(
      /limit is 7000/,
    );
    await expect(
      tdb.db
        .transaction()
        .execute((trx) => notifyInTransaction(trx, 'space:big', { type: 'x', data: 'x'.repeat(8000) })),
    ).rejects.toThrow(/limit is 7000/);
    await expect(a.publish('space big', { type: 'x', data: null })).rejects.toThrow(
      /Invalid realtime channel/,
    );
  });

  it('ignores foreign notifications on the same PostgreSQL channel', async () => {
    const onB = collect(b, 'space:foreign');
    await tdb.pool.query(`select pg_notify('treffpunkt_events', 'not json')`);
    await a.publish('space:foreign', { type: 'marker', data: null });
    await until(() => onB.got.length >= 1);
    expect(onB.got.map((e) => e.type)).toEqual(['marker']);
    onB.off();
  });

  it('recovers after its listener connection is terminated', async () => {
    const onA = collect(a, 'space:recover');
    const onB = collect(b, 'space:recover');
    const { rows } = await tdb.pool.query(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity
        where application_name = 'treffpunkt-listen' and datname = current_database()`,
    );
    expect(rows).toHaveLength(2);
    // Keep publishing until both nodes hear again: events sent while a listener is down are lost.
    let n = 0;
    while (!onA.got.length || !onB.got.length) {
      await a.publish('space:recover', { type: 'probe', data: n++ });
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all([a.ready, b.ready]);
    expect(logLines.some((l) => l.level === 40 && /reconnecting/.test(l.msg))).toBe(true);
    expect(logLines.some((l) => l.level === 30 && /reconnected/.test(l.msg))).toBe(true);
    onA.off();
    onB.off();
  });
});

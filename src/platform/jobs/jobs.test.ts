import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/db.ts';
import { createLogger } from '../logger.ts';
import { createJobs, type JobContext, type Jobs } from './index.ts';

let tdb: TestDatabase;
let jobs: Jobs;

beforeAll(async () => {
  tdb = await createTestDatabase();
  jobs = createJobs({
    connectionString: tdb.url,
    logger: createLogger('silent'),
    retry: { retryLimit: 2, retryDelay: 1, retryBackoff: false },
  });
  await jobs.start();
});

afterAll(async () => {
  await jobs.stop();
  await tdb.drop();
});

/** Resolves once `check` returns true; the test's own timeout bounds the wait. */
async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 100));
}

async function jobCount(name: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${name}`.execute(
    tdb.db,
  );
  return r.rows[0]!.n;
}

describe('jobs', () => {
  it('the template already holds pg-boss schema', async () => {
    const r = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables where table_schema = 'pgboss'`.execute(
      tdb.db,
    );
    expect(r.rows[0]!.n).toBeGreaterThan(0);
  });

  it('runs a sent job with its data', async () => {
    const seen: unknown[] = [];
    await jobs.work<{ n: number }>(
      'test.echo',
      async (data) => {
        seen.push(data);
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await jobs.send('test.echo', { n: 7 });
    await until(() => seen.length > 0);
    expect(seen).toEqual([{ n: 7 }]);
  });

  it('retries a failing handler and tells it the last attempt', async () => {
    const attempts: JobContext[] = [];
    await jobs.work(
      'test.flaky',
      async (_data, ctx) => {
        attempts.push(ctx);
        if (attempts.length < 3) throw new Error('not yet');
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await jobs.send('test.flaky', {});
    await until(() => attempts.length === 3);
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2]);
    expect(attempts.map((a) => a.isLastAttempt)).toEqual([false, false, true]);
  });

  it('a job sent in a transaction exists only when the transaction commits', async () => {
    await jobs.createQueue('test.tx');
    await expect(
      tdb.db.transaction().execute(async (trx) => {
        await jobs.sendInTransaction(trx, 'test.tx', { a: 1 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await jobCount('test.tx')).toBe(0);
    await tdb.db.transaction().execute(async (trx) => {
      await jobs.sendInTransaction(trx, 'test.tx', { a: 2 });
    });
    expect(await jobCount('test.tx')).toBe(1);
  });

  it('stores a schedule once however often it is declared', async () => {
    await jobs.schedule('test.nightly', '0 3 * * *', { x: 1 });
    await jobs.schedule('test.nightly', '0 4 * * *', { x: 1 });
    const schedules = await jobs.boss.getSchedules();
    const mine = schedules.filter((s) => s.name === 'test.nightly');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.cron).toBe('0 4 * * *');
  });

  it('stop waits for a running handler to finish', async () => {
    const other = createJobs({ connectionString: tdb.url, logger: createLogger('silent') });
    await other.start();
    let release!: () => void;
    let started = false;
    let finished = false;
    await other.work(
      'test.slow',
      async () => {
        started = true;
        await new Promise<void>((r) => {
          release = r;
        });
        finished = true;
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await other.send('test.slow', {});
    await until(() => started);
    const stopping = other.stop();
    setTimeout(() => release(), 200);
    await stopping;
    expect(finished).toBe(true);
  });
});

import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Logger } from '../logger.ts';

/** Retry policy of a job; delays are in seconds, as pg-boss takes them. */
export interface RetryOptions {
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
}

export interface SendOptions extends RetryOptions {
  /** Deduplicates jobs: pg-boss keeps at most one job per key and time slot. */
  singletonKey?: string;
  startAfter?: Date | number;
  priority?: number;
}

/** What a handler learns about the attempt it is running, e.g. to mark a row failed on the last one. */
export interface JobContext {
  id: string;
  name: string;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
  /** True when pg-boss will not retry after this attempt fails. */
  isLastAttempt: boolean;
}

export type JobHandler<T> = (data: T, ctx: JobContext) => Promise<void>;

export interface WorkOptions {
  /** How often an idle worker polls; pg-boss's minimum is 0.5 s. */
  pollingIntervalSeconds?: number;
  /** Jobs fetched at once (default 25). */
  batchSize?: number;
  /** Jobs of a batch running at the same time (default 4). */
  concurrency?: number;
}

export interface Jobs {
  /** Installs or migrates pg-boss's schema and starts polling and cron. */
  start(): Promise<void>;
  /** Stops fetching, waits for running handlers (up to `timeoutMs`), then closes pg-boss's pool. */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
  /** Creates the queue if it does not exist yet (idempotent, safe across nodes). */
  createQueue(name: string): Promise<void>;
  /** Enqueues a job outside any transaction; returns the job id. */
  send<T extends object>(name: string, data: T, opts?: SendOptions): Promise<string>;
  /** Enqueues a job inside `trx`, so the job exists exactly when the transaction commits. */
  sendInTransaction<T extends object>(
    // biome-ignore lint/suspicious/noExplicitAny: accepts any module's typed transaction
    trx: Kysely<any>,
    name: string,
    data: T,
    opts?: SendOptions,
  ): Promise<string>;
  /** Runs `handler` for each job of `name`; a thrown error makes pg-boss retry the job. */
  work<T extends object>(name: string, handler: JobHandler<T>, opts?: WorkOptions): Promise<void>;
  /** Runs `name` on a cron schedule (UTC); pg-boss fires it once per slot across all nodes. */
  schedule<T extends object>(
    name: string,
    cron: string,
    data?: T,
    opts?: SendOptions & { tz?: string },
  ): Promise<void>;
  /** The underlying pg-boss instance, for tests and admin views. */
  readonly boss: PgBoss;
}

export interface JobsDeps {
  connectionString: string;
  logger: Logger;
  /** PostgreSQL schema for pg-boss's tables (default `pgboss`). */
  schema?: string;
  /** Defaults for every job; tests shorten the delay. */
  retry?: RetryOptions;
  /** pg-boss's own pool size. */
  max?: number;
}

/** Durable retries unless the caller says otherwise: 5 retries, 30 s, 60 s, 120 s … apart. */
export const DEFAULT_RETRY: Required<RetryOptions> = { retryLimit: 5, retryDelay: 30, retryBackoff: true };

/** Wraps pg-boss: queues are created on first use, handlers take one job's data, retries have defaults. */
export function createJobs(deps: JobsDeps): Jobs {
  const { logger } = deps;
  const retry = { ...DEFAULT_RETRY, ...deps.retry };
  const boss = new PgBoss({
    connectionString: deps.connectionString,
    schema: deps.schema ?? 'pgboss',
    max: deps.max ?? 4,
    application_name: 'treffpunkt-jobs',
    ...retry,
  });
  boss.on('error', (err) => logger.error({ err }, 'job queue error'));
  const known = new Set<string>();

  async function createQueue(name: string): Promise<void> {
    if (known.has(name)) return;
    // pg-boss's create_queue inserts the queue row, then creates and attaches the queue's partition with
    // foreign keys to pgboss.queue. Nodes creating queues at the same moment (several nodes starting on
    // a fresh database) deadlock in there and PostgreSQL aborts one of them (40P01). The aborted call
    // changed nothing and the winner's queue is committed, so trying again is safe.
    for (let attempt = 1; ; attempt++) {
      try {
        await boss.createQueue(name, { name, ...retry });
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
        logger.debug({ queue: name, attempt }, 'queue creation deadlocked with another node; retrying');
        await new Promise((r) => setTimeout(r, 25 * attempt + Math.random() * 50));
      }
    }
    known.add(name);
  }

  function jobOptions(opts: SendOptions = {}): PgBoss.SendOptions {
    return { ...retry, ...opts } as PgBoss.SendOptions;
  }

  function requireId(id: string | null, name: string): string {
    // pg-boss returns null only when a singleton/throttle rule swallowed the job.
    if (!id) throw new Error(`job ${name} was not created (deduplicated by its singleton key?)`);
    return id;
  }

  return {
    boss,
    async start() {
      await boss.start();
      logger.debug('job queue started');
    },
    async stop(opts = {}) {
      await boss.stop({ graceful: true, wait: true, timeout: opts.timeoutMs ?? 30_000 });
      known.clear();
      logger.debug('job queue stopped');
    },
    createQueue,
    async send(name, data, opts) {
      await createQueue(name);
      return requireId(await boss.send(name, data, jobOptions(opts)), name);
    },
    async sendInTransaction(trx, name, data, opts) {
      // The queue is created on pg-boss's own connection first: DDL inside the caller's transaction
      // would vanish on rollback while our cache still believed in it.
      await createQueue(name);
      const db: PgBoss.Db = {
        async executeSql(text, values) {
          const result = await trx.executeQuery(CompiledQuery.raw(text, values ?? []));
          return { rows: result.rows as unknown[] as object[] };
        },
      };
      return requireId(await boss.send(name, data, { ...jobOptions(opts), db }), name);
    },
    async work<T extends object>(name: string, handler: JobHandler<T>, opts: WorkOptions = {}) {
      await createQueue(name);
      // pg-boss waits a full polling interval after every fetch, busy or not, so one job per fetch
      // would cap a queue at one job per interval. Fetch a batch, run it with bounded parallelism,
      // and fail jobs one by one: pg-boss then completes only the ones still active.
      const concurrency = opts.concurrency ?? 4;
      const batchSize = opts.batchSize ?? 25;
      let workerId = '';
      workerId = await boss.work<T>(
        name,
        {
          batchSize,
          includeMetadata: true,
          pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2,
        },
        async (jobs) => {
          const queue = [...jobs];
          const run = async () => {
            for (let job = queue.shift(); job; job = queue.shift()) {
              const ctx: JobContext = {
                id: job.id,
                name: job.name,
                retryCount: job.retryCount,
                retryLimit: job.retryLimit,
                isLastAttempt: job.retryCount >= job.retryLimit,
              };
              try {
                await handler(job.data, ctx);
              } catch (err) {
                logger.warn({ err, job: job.id, queue: name, attempt: job.retryCount + 1 }, 'job failed');
                const message = err instanceof Error ? err.message : String(err);
                await boss.fail(name, job.id, { message }).catch((e: unknown) => logger.error({ err: e }, 'could not fail job'));
              }
            }
          };
          await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, run));
          // A full batch means more may be waiting: fetch again at once instead of after the interval.
          if (jobs.length >= batchSize && workerId) boss.notifyWorker(workerId);
        },
      );
    },
    async schedule(name, cron, data, opts = {}) {
      await createQueue(name);
      await boss.schedule(name, cron, data ?? {}, { ...jobOptions(opts), tz: opts.tz ?? 'UTC' });
    },
  };
}

/** Installs pg-boss's schema without starting workers (migrations, test templates). */
export async function installJobSchema(connectionString: string, schema = 'pgboss'): Promise<void> {
  const boss = new PgBoss({ connectionString, schema, max: 1, supervise: false, schedule: false });
  boss.on('error', () => {});
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}

import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

// timestamptz and bigint counts come back as Date / number, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// A calendar date stays the string "2026-07-01": read as a Date it would be local midnight and
// shift by a day wherever the process does not run in UTC.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// Likewise a wall-clock `timestamp` (events keep local times in their own zone): "2027-01-12T19:00".
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => (v.includes('infinity') ? v : `${v.slice(0, 10)}T${v.slice(11, 16)}`));

export interface Database {
  pool: pg.Pool;
  /** Typed by each module through `as Kysely<Tables>`; the platform knows no module's tables. */
  db: Kysely<any>;
  close(): Promise<void>;
}

/** Opens one shared pool and a Kysely instance over it. */
export function openDatabase(url: string, opts: { max?: number; applicationName?: string } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 20,
    application_name: opts.applicationName ?? 'treffpunkt',
    idleTimeoutMillis: 30_000,
    // Date arithmetic in SQL (months for the dashboard, `current_date`) must not depend on the
    // server's configured zone: every session runs in UTC.
    options: '-c TimeZone=UTC',
  });
  // A dropped connection must not take the process down; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  return {
    pool,
    db,
    async close() {
      await db.destroy();
    },
  };
}

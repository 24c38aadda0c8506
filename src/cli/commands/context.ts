import { createTreffpunkt, type Treffpunkt } from '../../app.ts';
import { type Config, loadConfig } from '../../platform/config.ts';
import { connectDatabaseServer } from '../../platform/db/connect.ts';
import { type Database, openDatabase } from '../../platform/db/index.ts';
import { createLogger, type Logger } from '../../platform/logger.ts';

export interface CliContext {
  config: Config;
  logger: Logger;
}

/** Config and a logger that stays quiet (warnings only) unless LOG_LEVEL asks for more. */
export function cliContext(): CliContext {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn');
  return { config, logger };
}

/** Runs `fn` with a connection pool on the install's database (embedded or DATABASE_URL), then closes both. */
export async function withDatabase<T>(fn: (database: Database, ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = cliContext();
  const server = await connectDatabaseServer(ctx.config, ctx.logger);
  const database = openDatabase(server.url, { max: 3, applicationName: 'treffpunkt-cli' });
  try {
    return await fn(database, ctx);
  } finally {
    await database.close();
    await server.stop();
  }
}

/** Runs `fn` with the fully wired app (migrated, job workers not started), then shuts it down. */
export async function withApp<T>(fn: (app: Treffpunkt, ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = cliContext();
  const server = await connectDatabaseServer(ctx.config, ctx.logger);
  try {
    const app = await createTreffpunkt({ config: ctx.config, logger: ctx.logger, databaseUrl: server.url });
    try {
      return await fn(app, ctx);
    } finally {
      await app.stop();
    }
  } finally {
    await server.stop();
  }
}

/** Progress lines on stderr, so stdout stays clean for what a script may want to read. */
export function progressToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

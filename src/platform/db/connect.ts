import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded.ts';

export interface DatabaseServer {
  url: string;
  embedded: EmbeddedPostgres | null;
  stop(): Promise<void>;
}

/** DATABASE_URL when given; otherwise the embedded PostgreSQL under DATA_DIR (started or attached to). */
export async function connectDatabaseServer(config: Config, logger: Logger): Promise<DatabaseServer> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null, stop: async () => {} };
  const embedded = await startEmbeddedPostgres({
    baseDir: path.resolve(config.dataDir),
    port: config.EMBEDDED_PG_PORT,
    logger: logger.child({ component: 'postgres' }),
  });
  return { url: embedded.url, embedded, stop: () => embedded.stop() };
}

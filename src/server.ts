import { type ServerType, serve } from '@hono/node-server';
import { createTreffpunkt } from './app.ts';
import type { Config } from './platform/config.ts';
import { connectDatabaseServer } from './platform/db/connect.ts';
import type { Logger } from './platform/logger.ts';

function closeServer(server: ServerType, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      // Keep-alive connections that never go idle are cut after the grace period.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      resolve();
    }, timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  });
}

/**
 * Runs one app node until SIGINT/SIGTERM, then shuts down in order: stop accepting requests and let
 * running ones finish, stop the job workers, close the pool, stop the embedded PostgreSQL (a fast
 * shutdown that keeps every committed write).
 */
export async function runServer(config: Config, logger: Logger): Promise<void> {
  const started = performance.now();
  const dbServer = await connectDatabaseServer(config, logger);
  let tp: Awaited<ReturnType<typeof createTreffpunkt>>;
  try {
    tp = await createTreffpunkt({ config, logger, databaseUrl: dbServer.url });
    await tp.start();
  } catch (err) {
    await dbServer.stop();
    throw err;
  }
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: tp.app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  tp.realtime.injectWebSocket(server);
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  logger.info(
    { port, url: config.publicUrl, ms: Math.round(performance.now() - started) },
    `Treffpunkt is running on http://localhost:${port}`,
  );

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    try {
      // Open WebSockets would hold server.close() for the whole grace period: close them first (1001).
      await tp.realtime.close();
      await closeServer(server, 10_000);
      await tp.stop();
      await dbServer.stop();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      await dbServer.stop().catch(() => {});
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

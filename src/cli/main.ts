import { Command } from 'commander';
import { loadConfig } from '../platform/config.ts';
import { connectDatabaseServer } from '../platform/db/connect.ts';
import { openDatabase } from '../platform/db/index.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { createLogger } from '../platform/logger.ts';
import { runServer } from '../server.ts';
import { ensureWebBuild } from './build-web.ts';
import { registerCommands } from './commands/index.ts';

const program = new Command();
program
  .name('treffpunkt')
  .description('Treffpunkt: your own community platform. Configuration comes from environment variables (see docs/OPERATING.md).')
  .showHelpAfterError();

program
  .command('start')
  .description('build the web app if needed, migrate, and serve on PORT (default 3000)')
  .option('--no-build', 'do not build the web app, even if it is missing or stale')
  .action(async (opts: { build: boolean }) => {
    const config = loadConfig();
    const logger = createLogger(config.LOG_LEVEL);
    if (opts.build) await ensureWebBuild((m) => logger.info(m));
    await runServer(config, logger);
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const config = loadConfig();
    const logger = createLogger(config.LOG_LEVEL);
    const server = await connectDatabaseServer(config, logger);
    const database = openDatabase(server.url, { max: 2 });
    try {
      const { applied } = await migrateToLatest(database.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    } finally {
      await database.close();
      await server.stop();
    }
  });

program
  .command('build')
  .description('build the web app')
  .action(async () => {
    await ensureWebBuild((m) => console.log(m), true);
  });

registerCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import path from 'node:path';
import type { Command } from 'commander';
import { restoreBackup } from '../../platform/backup/index.ts';
import { createStorage } from '../../platform/storage/index.ts';
import { progressToStderr, withDatabase } from './context.ts';

/** `treffpunkt restore <file>`: loads a backup into a new, empty install. */
export function registerRestoreCommand(program: Command): void {
  program
    .command('restore')
    .description(
      'restore a backup made by "treffpunkt backup" into a new, empty install (no accounts, no uploads); ' +
        'migrates the database as needed. Refuses to touch an install that is in use.',
    )
    .argument('<file>', 'the backup archive (.tar.gz)')
    .action(async (file: string) => {
      const result = await withDatabase(({ pool }, { config, logger }) =>
        restoreBackup({
          pool,
          storage: createStorage(config),
          file,
          workDir: config.dataDir,
          authSecretFile: config.AUTH_SECRET ? null : path.join(config.dataDir, 'auth.secret'),
          logger,
          progress: progressToStderr,
        }),
      );
      const m = result.manifest;
      console.log(
        `Restored the backup from ${m.createdAt} (Treffpunkt ${m.appVersion}): ` +
          `${m.tables.reduce((n, t) => n + t.rows, 0)} rows, ${m.uploads.count} uploads.`,
      );
      if (result.migrated.length) console.log(`Applied newer migrations: ${result.migrated.join(', ')}`);
      if (result.authSecret === 'replaced') {
        console.log(
          'The auth secret from the backup replaced the one in DATA_DIR: restart a running server to use it.',
        );
      }
      if (!m.authSecret) {
        console.log(
          'The backup has no auth secret: set the same AUTH_SECRET as before, or two-factor logins will fail.',
        );
      }
    });
}

import path from 'node:path';
import type { Command } from 'commander';
import { createBackup } from '../../platform/backup/index.ts';
import { createStorage } from '../../platform/storage/index.ts';
import { progressToStderr, withDatabase } from './context.ts';

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `treffpunkt backup <file>`: a consistent archive of the database and all uploads. */
export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description(
      'write a consistent backup of all data and uploads to <file> (a .tar.gz); works while the server runs. ' +
        'Not included: the job queue (schema pgboss) and configuration from the environment.',
    )
    .argument('<file>', 'where to write the archive, e.g. treffpunkt-2026-01-31.tar.gz')
    .action(async (file: string) => {
      const manifest = await withDatabase(({ pool }, { config, logger }) =>
        createBackup({
          pool,
          storage: createStorage(config),
          file,
          authSecretFile: config.AUTH_SECRET ? null : path.join(config.dataDir, 'auth.secret'),
          logger,
          progress: progressToStderr,
        }),
      );
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      console.log(
        `Backup written to ${path.resolve(file)}: ${manifest.tables.length} tables, ${rows} rows, ` +
          `${manifest.uploads.count} uploads (${size(manifest.uploads.bytes)}).`,
      );
      console.log('It contains password hashes and secrets: store it as carefully as the server itself.');
    });
}

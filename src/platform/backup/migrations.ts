import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { MIGRATIONS_DIR, SqlFileProvider } from '../db/migrate.ts';

/** Migration names this code ships, oldest first (file names without `.sql`). */
export function codeMigrations(dir = MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => f.replace(/\.sql$/, ''));
}

/** Migrates up to `target` (or to the latest when null) inside the caller's transaction `trx`. */
export async function migrateWithin(
  // biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
  trx: Kysely<any>,
  target: string | null,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  const migrator = new Migrator({ db: trx, provider: new SqlFileProvider(dir) });
  const { error, results } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

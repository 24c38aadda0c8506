import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely/migration';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

const NAME = /^\d{14}_[a-z0-9_]+\.sql$/;

/** Timestamped SQL files (`20261121060000_name.sql`) from the migrations folder, in name order. */
export class SqlFileProvider implements MigrationProvider {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const file of fs.readdirSync(this.dir).sort()) {
      if (!file.endsWith('.sql')) continue;
      if (!NAME.test(file)) throw new Error(`Migration file name must look like 20261121060000_name.sql: ${file}`);
      const text = fs.readFileSync(path.join(this.dir, file), 'utf8');
      out[file.replace(/\.sql$/, '')] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return out;
  }
}

export interface MigrateOutcome {
  applied: string[];
}

/**
 * Applies every pending migration. Kysely runs the whole batch in one transaction on PostgreSQL and
 * takes a lock, so a failing migration leaves the database exactly as it was, and two nodes starting at
 * once do not race.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  dir = MIGRATIONS_DIR,
  opts: { tableSchema?: string } = {},
): Promise<MigrateOutcome> {
  const migrator = new Migrator({ db, provider: new SqlFileProvider(dir), migrationTableSchema: opts.tableSchema });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const msg = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed ?? ''} failed, nothing was changed: ${msg}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** Names of the migrations this database has applied, oldest first. */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new SqlFileProvider(MIGRATIONS_DIR) });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt).map((m) => m.name);
}

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import * as tar from 'tar';
import { MIGRATIONS_DIR } from '../db/migrate.ts';
import type { Logger } from '../logger.ts';
import { foreignKeyOrder, ident, listColumns, listTables } from './catalog.ts';
import { type Manifest, parseManifest, uploadPath } from './manifest.ts';
import { codeMigrations, migrateWithin } from './migrations.ts';
import type { Storage } from '../storage/index.ts';

/**
 * Tables that must be empty before a restore: any account or upload means the install is in use.
 * (The platform knows no module; these two names are the foundation every install has.)
 */
export const MUST_BE_EMPTY = ['users', 'files'];

/** An expected problem with a clear sentence for the operator (no stack trace needed). */
export class RestoreError extends Error {
  override name = 'RestoreError';
}

export interface RestoreOptions {
  pool: pg.Pool;
  storage: Storage;
  file: string;
  /** Where the archive is unpacked while restoring (default: the system temp folder). */
  workDir?: string;
  /** Where this install keeps its generated auth secret; written when the backup carries one. */
  authSecretFile?: string | null;
  migrationsDir?: string;
  logger?: Logger;
  progress?: (line: string) => void;
}

export interface RestoreResult {
  manifest: Manifest;
  /** Migrations newer than the backup that were applied after loading it. */
  migrated: string[];
  /** What happened to the auth secret file: `replaced` means a running server must be restarted. */
  authSecret: 'unchanged' | 'written' | 'replaced';
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Unpacks the archive and checks the manifest and every checksum; throws RestoreError when damaged. */
async function unpack(file: string, into: string): Promise<Manifest> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new RestoreError(`There is no backup file at ${file}.`);
  try {
    await tar.x({
      file,
      cwd: into,
      strict: true,
      // Only plain files and folders; links could point outside the work folder.
      filter: (_p, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory'),
    });
    const manifestFile = path.join(into, 'manifest.json');
    if (!fs.existsSync(manifestFile)) throw new Error('it has no manifest.json');
    const manifest = parseManifest(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
    const check = (rel: string, sha: string, bytes?: number) => {
      const f = path.join(into, rel);
      if (!fs.existsSync(f)) throw new Error(`${rel} is missing`);
      if ((bytes !== undefined && fs.statSync(f).size !== bytes) || sha256File(f) !== sha) {
        throw new Error(`${rel} does not match its checksum`);
      }
    };
    for (const t of manifest.tables) check(t.file, t.sha256, t.bytes);
    for (const o of manifest.uploads.objects) check(uploadPath(o.key), o.sha256, o.bytes);
    if (manifest.authSecret) check(manifest.authSecret.file, manifest.authSecret.sha256);
    if (manifest.migrations.length === 0) throw new Error('it records no database migrations');
    return manifest;
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new RestoreError(
      `The file ${file} is not a readable Treffpunkt backup (${why}). Nothing was changed.`,
    );
  }
}

/** Names of non-empty tables among MUST_BE_EMPTY (tables that do not exist yet count as empty). */
async function tablesInUse(client: pg.ClientBase): Promise<string[]> {
  const used: string[] = [];
  for (const t of MUST_BE_EMPTY) {
    const { rows } = await client.query<{ r: string | null }>('select to_regclass($1)::text as r', [
      `public.${t}`,
    ]);
    if (!rows[0]?.r) continue;
    const { rowCount } = await client.query(`select 1 from public.${ident(t)} limit 1`);
    if (rowCount) used.push(t);
  }
  return used;
}

function notEmptyError(used: string[]): RestoreError {
  return new RestoreError(
    `This install is not empty (it has ${used.map((t) => (t === 'users' ? 'accounts' : t)).join(' and ')}), ` +
      'so the backup was not restored. Restore into a new install (an empty DATA_DIR or database). Nothing was changed.',
  );
}

/** A Kysely over one checked-out client, so its transaction and our COPY streams share a connection. */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
function kyselyOn(client: pg.PoolClient): Kysely<any> {
  const pool = {
    connect: async () => ({ query: client.query.bind(client), release() {} }),
    end: async () => {},
  };
  // biome-ignore lint/suspicious/noExplicitAny: as above
  return new Kysely<any>({ dialect: new PostgresDialect({ pool: pool as unknown as PostgresPool }) });
}

/**
 * Restores an archive from `createBackup` into an empty install: checks the archive, migrates the
 * schema to the backup's version, loads every table in foreign-key order and writes the uploads back,
 * then applies migrations newer than the backup; all database work is one transaction. On failure the
 * transaction rolls back and uploads already written are removed.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const progress = opts.progress ?? (() => {});
  const migrationsDir = opts.migrationsDir ?? MIGRATIONS_DIR;
  const file = path.resolve(opts.file);

  const probe = await opts.pool.connect();
  try {
    const used = await tablesInUse(probe);
    if (used.length) throw notEmptyError(used);
  } finally {
    probe.release();
  }

  const work = fs.mkdtempSync(path.join(opts.workDir ?? os.tmpdir(), '.treffpunkt-restore-'));
  try {
    progress('Checking the archive…');
    const manifest = await unpack(file, work);
    const ours = codeMigrations(migrationsDir);
    const unknown = manifest.migrations.find((m, i) => ours[i] !== m);
    if (unknown) {
      throw new RestoreError(
        `The backup was made by a newer or different version of Treffpunkt (${manifest.appVersion}; ` +
          `migration ${unknown} is unknown here). Update Treffpunkt, then restore again. Nothing was changed.`,
      );
    }
    const migrated = await load(opts, manifest, work, progress);
    const authSecret = writeAuthSecret(opts.authSecretFile ?? null, manifest, work);
    opts.logger?.info({ file, migrated }, 'backup restored');
    return { manifest, migrated, authSecret };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function load(opts: RestoreOptions, manifest: Manifest, work: string, progress: (l: string) => void) {
  const client = await opts.pool.connect();
  const k = kyselyOn(client);
  const written: string[] = [];
  let broken = false;
  try {
    return await k.transaction().execute(async (trx) => {
      await client.query(`set local lock_timeout = '15s'`);
      // Deferrable foreign keys (the ones that form cycles, such as a post's chosen answer comment)
      // are checked at commit, after every table is loaded.
      await client.query('set constraints all deferred');
      const existing = (await listTables(client)).filter((t) => MUST_BE_EMPTY.includes(t));
      // Block writers (a sign-up racing the restore) until we commit, then check again under the lock.
      if (existing.length)
        await client.query(`lock table ${existing.map(ident).join(', ')} in exclusive mode`);
      const used = await tablesInUse(client);
      if (used.length) throw notEmptyError(used);

      const applied = (await listTables(client)).includes('kysely_migration')
        ? (await client.query<{ name: string }>('select name from kysely_migration order by name')).rows.map(
            (r) => r.name,
          )
        : [];
      if (applied.some((m, i) => manifest.migrations[i] !== m)) {
        // The empty install's schema is newer than the backup's: rebuild it at the backup's version.
        progress('Resetting the empty database to the backup’s schema version…');
        await client.query('drop schema public cascade');
        await client.query('create schema public');
      }
      await migrateWithin(trx, manifest.migrations.at(-1)!, opts.migrationsDir);

      const present = await listTables(client);
      for (const t of manifest.tables) {
        if (!present.includes(t.name)) throw new Error(`table ${t.name} does not exist after migrating`);
        const cols = await listColumns(client, t.name);
        const missing = t.columns.filter((c) => !cols.includes(c));
        if (missing.length) throw new Error(`table ${t.name} has no column(s) ${missing.join(', ')}`);
      }
      // Replace whatever the empty install held (rate limits, setup leftovers) with the backup's rows.
      if (present.length)
        await client.query(`truncate ${present.map((t) => `public.${ident(t)}`).join(', ')}`);
      const byName = new Map(manifest.tables.map((t) => [t.name, t]));
      const order = await foreignKeyOrder(client, [...byName.keys()]);
      for (const [i, name] of order.entries()) {
        const t = byName.get(name)!;
        const cols = t.columns.map(ident).join(', ');
        const sink = client.query(copyFrom(`copy public.${ident(name)} (${cols}) from stdin`));
        await pipeline(fs.createReadStream(path.join(work, t.file)), sink);
        if (sink.rowCount !== t.rows)
          throw new Error(`table ${name}: loaded ${sink.rowCount} rows, expected ${t.rows}`);
        progress(`Table ${i + 1}/${order.length}: ${name} (${t.rows} ${t.rows === 1 ? 'row' : 'rows'})`);
      }
      for (const s of manifest.sequences) {
        const seq = `public.${ident(s.name)}`;
        if (s.lastValue === null) {
          await client.query(
            `select setval($1, (select start_value from pg_sequences where schemaname = 'public' and sequencename = $2), false)`,
            [seq, s.name],
          );
        } else await client.query('select setval($1, $2::bigint, true)', [seq, s.lastValue]);
      }

      const { objects } = manifest.uploads;
      for (const [i, o] of objects.entries()) {
        await opts.storage.put(
          o.key,
          fs.readFileSync(path.join(work, uploadPath(o.key))),
          o.contentType ?? contentTypeOf(o.key),
        );
        written.push(o.key);
        if ((i + 1) % 100 === 0 || i + 1 === objects.length) progress(`Uploads: ${i + 1}/${objects.length}`);
      }
      const newer = await migrateWithin(trx, null, opts.migrationsDir);
      if (newer.length) progress(`Applied newer migrations: ${newer.join(', ')}`);
      return newer;
    });
  } catch (err) {
    broken = true;
    for (const key of written) await opts.storage.delete(key).catch(() => {});
    if (err instanceof RestoreError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    opts.logger?.error({ err }, 'restore failed');
    throw new RestoreError(`The restore failed and nothing was changed: ${why}`);
  } finally {
    // A connection that failed mid-COPY is not handed back to the pool.
    client.release(broken);
    await k.destroy();
  }
}

/** The content type for stores that keep one (S3), when the source store did not say. */
function contentTypeOf(key: string): string {
  const ext = key.split('.').pop()?.toLowerCase() ?? '';
  return (
    (
      { webp: 'image/webp', pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg' } as Record<
        string,
        string
      >
    )[ext] ?? 'application/octet-stream'
  );
}

function writeAuthSecret(
  target: string | null,
  manifest: Manifest,
  work: string,
): RestoreResult['authSecret'] {
  if (!target || !manifest.authSecret) return 'unchanged';
  const data = fs.readFileSync(path.join(work, manifest.authSecret.file));
  const existed = fs.existsSync(target);
  if (existed && fs.readFileSync(target).equals(data)) return 'unchanged';
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, data, { mode: 0o600 });
  return existed ? 'replaced' : 'written';
}

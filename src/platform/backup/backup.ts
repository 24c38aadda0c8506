import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import * as tar from 'tar';
import type { Logger } from '../logger.ts';
import { ident, listColumns, listSequences, listTables } from './catalog.ts';
import {
  appVersion,
  FORMAT,
  FORMAT_VERSION,
  type Manifest,
  NOT_INCLUDED,
  type TableEntry,
  type UploadEntry,
  uploadPath,
} from './manifest.ts';
import type { Storage } from '../storage/index.ts';

export interface BackupOptions {
  pool: pg.Pool;
  storage: Storage;
  /** Where the archive goes; written to a temporary name first and renamed when complete. */
  file: string;
  /** DATA_DIR/auth.secret when the install generated its own secret (TOTP secrets are encrypted with it). */
  authSecretFile?: string | null;
  logger?: Logger;
  /** Progress lines for a person watching (the CLI prints them on stderr). */
  progress?: (line: string) => void;
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Streams one table's rows (COPY text format) into a file; returns size, checksum and row count. */
async function dumpTable(client: pg.PoolClient, table: string, columns: string[], target: string) {
  const hash = createHash('sha256');
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const cols = columns.map(ident).join(', ');
  const stream = client.query(copyTo(`copy public.${ident(table)} (${cols}) to stdout`));
  await pipeline(stream, count, fs.createWriteStream(target));
  return { bytes, sha256: hash.digest('hex'), rows: stream.rowCount };
}

/**
 * Writes a consistent backup of all our data: every table in schema public read in one
 * REPEATABLE READ snapshot, then every upload object, as a gzipped tar with a manifest.
 * A half-written archive never carries the final name.
 */
export async function createBackup(opts: BackupOptions): Promise<Manifest> {
  const progress = opts.progress ?? (() => {});
  const target = path.resolve(opts.file);
  const dir = path.dirname(target);
  if (!fs.existsSync(dir)) throw new Error(`The folder ${dir} does not exist.`);
  // Staging next to the archive: uploads can be large, and the final rename stays on one file system.
  const staging = fs.mkdtempSync(path.join(dir, '.treffpunkt-backup-'));
  const partial = `${target}.partial-${process.pid}`;
  try {
    fs.mkdirSync(path.join(staging, 'db'));
    fs.mkdirSync(path.join(staging, 'uploads'));
    const { tables, sequences, migrations } = await dumpDatabase(opts.pool, staging, progress);
    const uploads = await dumpUploads(opts.storage, staging, progress);
    let authSecret: Manifest['authSecret'] = null;
    if (opts.authSecretFile && fs.existsSync(opts.authSecretFile)) {
      const data = fs.readFileSync(opts.authSecretFile);
      fs.mkdirSync(path.join(staging, 'secrets'));
      fs.writeFileSync(path.join(staging, 'secrets', 'auth.secret'), data, { mode: 0o600 });
      authSecret = { file: 'secrets/auth.secret', sha256: sha256(data) };
    }
    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      appVersion: appVersion(),
      migrations,
      tables,
      sequences,
      uploads,
      authSecret,
      notIncluded: NOT_INCLUDED,
    };
    fs.writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    progress('Writing the archive…');
    const entries = ['manifest.json', 'db', 'uploads', ...(authSecret ? ['secrets'] : [])];
    // The manifest comes first so a reader can check it before the data.
    await tar.c({ gzip: true, file: partial, cwd: staging, portable: true }, entries);
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, target);
    opts.logger?.info({ file: target, tables: tables.length, uploads: uploads.count }, 'backup written');
    return manifest;
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function dumpDatabase(pool: pg.Pool, staging: string, progress: (line: string) => void) {
  const client = await pool.connect();
  try {
    // One snapshot for every table: rows that reference each other are always consistent.
    await client.query('begin isolation level repeatable read, read only');
    const names = await listTables(client);
    const migrations = names.includes('kysely_migration')
      ? (await client.query<{ name: string }>('select name from kysely_migration order by name')).rows.map(
          (r) => r.name,
        )
      : [];
    const tables: TableEntry[] = [];
    for (const [i, name] of names.entries()) {
      const columns = await listColumns(client, name);
      const file = `db/${name}.copy`;
      const r = await dumpTable(client, name, columns, path.join(staging, file));
      tables.push({ name, file, columns, ...r });
      progress(`Table ${i + 1}/${names.length}: ${name} (${r.rows} ${r.rows === 1 ? 'row' : 'rows'})`);
    }
    const sequences = await listSequences(client);
    await client.query('commit');
    return { tables, sequences, migrations };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function dumpUploads(storage: Storage, staging: string, progress: (line: string) => void) {
  const keys: string[] = [];
  for await (const key of storage.list()) keys.push(key);
  keys.sort();
  const objects: UploadEntry[] = [];
  let bytes = 0;
  for (const [i, key] of keys.entries()) {
    const obj = await storage.get(key);
    // Removed between listing and reading (a member deleted it just now): nothing to keep.
    if (!obj) continue;
    const file = path.join(staging, uploadPath(key));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, obj.body);
    objects.push({
      key,
      bytes: obj.body.length,
      sha256: sha256(obj.body),
      ...(obj.contentType ? { contentType: obj.contentType } : {}),
    });
    bytes += obj.body.length;
    if ((i + 1) % 100 === 0 || i + 1 === keys.length) progress(`Uploads: ${i + 1}/${keys.length}`);
  }
  if (keys.length === 0) progress('Uploads: none');
  return { count: objects.length, bytes, objects };
}

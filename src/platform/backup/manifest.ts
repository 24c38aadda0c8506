import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Written into every archive; bumped when the archive layout changes incompatibly. */
export const FORMAT = 'treffpunkt-backup';
export const FORMAT_VERSION = 1;

/** What an archive deliberately leaves out, written into the manifest so operators can read it there. */
export const NOT_INCLUDED = [
  'The job queue (PostgreSQL schema "pgboss"): queued and scheduled jobs are not backed up; schedules are recreated at start.',
  'Configuration from environment variables (DATABASE_URL, SMTP_URL, S3_*, AUTH_SECRET when set there).',
];

export interface TableEntry {
  name: string;
  /** Path inside the archive, e.g. `db/users.copy` (PostgreSQL COPY text format). */
  file: string;
  columns: string[];
  rows: number;
  bytes: number;
  sha256: string;
}

export interface UploadEntry {
  key: string;
  bytes: number;
  sha256: string;
  contentType?: string;
}

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  createdAt: string;
  appVersion: string;
  /** Applied migrations at the time of the snapshot, oldest first. */
  migrations: string[];
  tables: TableEntry[];
  /** Sequence positions in schema public (null when never used). */
  sequences: { name: string; lastValue: string | null }[];
  uploads: { count: number; bytes: number; objects: UploadEntry[] };
  /** The generated auth secret (DATA_DIR/auth.secret) is included when the install uses one. */
  authSecret: { file: string; sha256: string } | null;
  notIncluded: string[];
}

/** The version from package.json, for the manifest. */
export function appVersion(): string {
  const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../package.json');
  try {
    return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Path of an upload object inside the archive; keys are checked so no entry can escape its folder. */
export function uploadPath(key: string): string {
  if (!isSafeKey(key)) throw new Error(`Unsafe storage key in backup: ${JSON.stringify(key)}`);
  return `uploads/${key}`;
}

function isSafeKey(key: string): boolean {
  if (!key || key.length > 1024 || key.startsWith('/') || key.includes('\\') || key.includes('\0'))
    return false;
  return key.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const SHA = /^[0-9a-f]{64}$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Checks that parsed JSON is a manifest this code can restore; throws a sentence saying what is wrong. */
export function parseManifest(value: unknown): Manifest {
  const m = value as Partial<Manifest> | null;
  const bad = (why: string): never => {
    throw new Error(`The manifest is invalid: ${why}.`);
  };
  if (!m || typeof m !== 'object' || m.format !== FORMAT) bad('this is not a Treffpunkt backup');
  if (m!.formatVersion !== FORMAT_VERSION) {
    bad(
      `archive format ${String(m!.formatVersion)} is not supported (this version reads format ${FORMAT_VERSION})`,
    );
  }
  if (!Array.isArray(m!.migrations) || !m!.migrations.every((n) => typeof n === 'string'))
    bad('migrations missing');
  if (!Array.isArray(m!.tables)) bad('table list missing');
  for (const t of m!.tables!) {
    if (!t || !IDENT.test(t.name) || t.file !== `db/${t.name}.copy`)
      bad(`table entry ${JSON.stringify(t?.name)}`);
    if (
      !Array.isArray(t.columns) ||
      t.columns.length === 0 ||
      !t.columns.every((c) => typeof c === 'string')
    ) {
      bad(`columns of ${t.name}`);
    }
    if (!Number.isInteger(t.rows) || !Number.isInteger(t.bytes) || !SHA.test(t.sha256))
      bad(`counts of ${t.name}`);
  }
  if (!Array.isArray(m!.sequences) || !m!.sequences.every((s) => IDENT.test(s?.name ?? '')))
    bad('sequence list');
  const u = m!.uploads;
  if (!u || !Array.isArray(u.objects) || u.count !== u.objects.length) bad('upload list');
  for (const o of u!.objects) {
    if (!o || !isSafeKey(o.key) || !Number.isInteger(o.bytes) || !SHA.test(o.sha256)) bad(`upload ${o?.key}`);
  }
  if (
    m!.authSecret !== null &&
    (m!.authSecret?.file !== 'secrets/auth.secret' || !SHA.test(m!.authSecret.sha256))
  ) {
    bad('auth secret entry');
  }
  return m as Manifest;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/db.ts';
import { createTreffpunkt, type Treffpunkt } from '../../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { MIGRATIONS_DIR } from '../db/migrate.ts';
import { createStorage } from '../storage/index.ts';
import { createBackup, type Manifest, RestoreError, restoreBackup } from './index.ts';
import { migrateWithin } from './migrations.ts';

const logger = createLogger('silent');
const PASSWORD = 'richtig-gutes-passwort';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-backup-test-'));

function configFor(dataDir: string) {
  return loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT: 'false' });
}

async function rows(db: TestDatabase, query: string) {
  return (await db.pool.query(query)).rows;
}

async function signIn(app: Treffpunkt, email: string, password: string) {
  return app.app.request('/api/auth/sign-in/email', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
    body: JSON.stringify({ email, password }),
  });
}

let source: TestDatabase;
let sourceApp: Treffpunkt;
const sourceDir = path.join(tmp, 'source');
const archive = path.join(tmp, 'backup.tar.gz');
let manifest: Manifest;
let avatarId: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  source = await createTestDatabase();
  sourceApp = await createTreffpunkt({ config: configFor(sourceDir), logger, databaseUrl: source.url });
  await sourceApp.community.service.setup({
    communityName: 'Praxis-Community',
    brandColor: '#7a3e9d',
    name: 'Hanna Gastgeberin',
    email: 'hanna@example.org',
    password: PASSWORD,
    locale: 'de',
  });
  const ctx = await sourceApp.accounts.auth.$context;
  const member = await ctx.internalAdapter.createUser(
    {
      name: 'Jonas Mitglied',
      email: 'jonas@example.org',
      emailVerified: true,
    },
    { method: 'admin' },
  );
  await ctx.internalAdapter.linkAccount({
    userId: member.id,
    providerId: 'credential',
    accountId: member.id,
    password: await ctx.password.hash('jonas-passwort-123'),
  });
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#7a3e9d' } })
    .png()
    .toBuffer();
  const actor = {
    id: member.id,
    email: member.email,
    name: member.name,
    role: 'member' as const,
    locale: 'de',
    sessionId: 'x',
  };
  const { image } = await sourceApp.accounts.service.setAvatar(actor, png);
  avatarId = image.split('/').pop()!;
  await sourceApp.mailer.send({
    to: 'jonas@example.org',
    template: 'accounts.verifyEmail',
    locale: 'de',
    data: { name: 'Jonas', url: 'http://localhost:3000/verify' },
  });
  const lines: string[] = [];
  manifest = await createBackup({
    pool: source.pool,
    storage: createStorage(configFor(sourceDir)),
    file: archive,
    authSecretFile: path.join(sourceDir, 'auth.secret'),
    progress: (l) => lines.push(l),
  });
  expect(lines.some((l) => l.startsWith('Table '))).toBe(true);
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await sourceApp?.stop();
  await source?.drop().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('backup', () => {
  it('writes a manifest with migrations, row counts and uploads, and no partial files', () => {
    expect(manifest.migrations.length).toBeGreaterThan(0);
    const byName = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
    expect(byName.users).toBe(2);
    expect(byName.files).toBe(1);
    expect(byName.mail_outbox).toBe(1);
    expect(byName.kysely_migration).toBe(manifest.migrations.length);
    expect(byName.kysely_migration_lock).toBeUndefined();
    expect(manifest.uploads.count).toBe(1);
    expect(manifest.authSecret).not.toBeNull();
    expect(manifest.notIncluded.join(' ')).toMatch(/pgboss/);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('partial') || f.startsWith('.treffpunkt'))).toEqual(
      [],
    );
  });
});

describe('restore', () => {
  it('brings back accounts, logins, uploads, settings and mails in an empty install', async () => {
    const target = await createTestDatabase();
    cleanups.push(() => target.drop());
    const dir = path.join(tmp, 'target');
    const config = configFor(dir);
    const result = await restoreBackup({
      pool: target.pool,
      storage: createStorage(config),
      file: archive,
      authSecretFile: path.join(dir, 'auth.secret'),
      workDir: tmp,
    });
    expect(result.migrated).toEqual([]);
    const app = await createTreffpunkt({ config, logger, databaseUrl: target.url });
    cleanups.push(() => app.stop());

    const q =
      'select u.id, u.email, u.role, a.password from users u join accounts a on a."userId" = u.id order by u.email';
    expect(await rows(target, q)).toEqual(await rows(source, q));
    expect(await rows(target, 'select to_address, subject from mail_outbox')).toEqual(
      await rows(source, 'select to_address, subject from mail_outbox'),
    );
    const before = await sourceApp.files.read(avatarId);
    const after = await app.files.read(avatarId);
    expect(after?.body.equals(before!.body)).toBe(true);
    expect(await app.community.service.get()).toEqual(await sourceApp.community.service.get());
    expect(fs.readFileSync(path.join(dir, 'auth.secret'), 'utf8')).toBe(
      fs.readFileSync(path.join(sourceDir, 'auth.secret'), 'utf8'),
    );

    const ok = await signIn(app, 'jonas@example.org', 'jonas-passwort-123');
    expect(ok.status).toBe(200);
    expect((await signIn(app, 'hanna@example.org', PASSWORD)).status).toBe(200);

    // A second restore into the now-used install is refused and changes nothing.
    const count = await rows(target, 'select count(*)::int as n from users');
    await expect(
      restoreBackup({ pool: target.pool, storage: createStorage(config), file: archive, workDir: tmp }),
    ).rejects.toThrow(/not empty.*Nothing was changed/s);
    expect(await rows(target, 'select count(*)::int as n from users')).toEqual(count);
  });

  it('rebuilds an empty install whose schema is newer, then applies the newer migration', async () => {
    const dir = path.join(tmp, 'migrations');
    fs.mkdirSync(dir);
    for (const f of fs.readdirSync(MIGRATIONS_DIR))
      fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    fs.writeFileSync(
      path.join(dir, '29991231000000_later.sql'),
      'create table later_things (id text primary key);',
    );
    const target = await createTestDatabase();
    cleanups.push(() => target.drop());
    await target.db.transaction().execute((trx) => migrateWithin(trx, null, dir));
    const result = await restoreBackup({
      pool: target.pool,
      storage: createStorage(configFor(path.join(tmp, 'newer'))),
      file: archive,
      migrationsDir: dir,
      workDir: tmp,
    });
    expect(result.migrated).toEqual(['29991231000000_later']);
    expect(await rows(target, 'select count(*)::int as n from users')).toEqual([{ n: 2 }]);
    expect(await rows(target, 'select count(*)::int as n from later_things')).toEqual([{ n: 0 }]);
  });

  it('refuses damaged archives and backups from a newer version, leaving the install untouched', async () => {
    const target = await createTestDatabase();
    cleanups.push(() => target.drop());
    const storageDir = path.join(tmp, 'damaged');
    const storage = createStorage(configFor(storageDir));
    const truncated = path.join(tmp, 'truncated.tar.gz');
    const data = fs.readFileSync(archive);
    fs.writeFileSync(truncated, data.subarray(0, Math.floor(data.length / 2)));
    const garbage = path.join(tmp, 'garbage.tar.gz');
    fs.writeFileSync(garbage, 'this is not an archive');
    for (const file of [truncated, garbage]) {
      const err = await restoreBackup({ pool: target.pool, storage, file, workDir: tmp }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RestoreError);
      expect((err as Error).message).toMatch(/not a readable Treffpunkt backup.*Nothing was changed/s);
    }
    await expect(
      restoreBackup({ pool: target.pool, storage, file: path.join(tmp, 'missing.tar.gz') }),
    ).rejects.toThrow(/There is no backup file/);
    const empty = path.join(tmp, 'no-migrations');
    fs.mkdirSync(empty);
    await expect(
      restoreBackup({ pool: target.pool, storage, file: archive, migrationsDir: empty, workDir: tmp }),
    ).rejects.toThrow(/newer or different version/);
    expect(await rows(target, 'select count(*)::int as n from users')).toEqual([{ n: 0 }]);
    expect(fs.existsSync(path.join(storageDir, 'uploads'))).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('.treffpunkt'))).toEqual([]);
  });
});

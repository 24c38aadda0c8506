import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/db.ts';
import { createTreffpunkt, type Treffpunkt } from '../../app.ts';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { createAdminAccount, generatePassword, validateNewAdmin } from './admin.ts';

let database: TestDatabase;
let app: Treffpunkt;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-admin-test-'));

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', RATE_LIMIT: 'false' });
  app = await createTreffpunkt({ config, logger: createLogger('silent'), databaseUrl: database.url });
});

afterAll(async () => {
  await app?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(email: string, password: string) {
  return app.app.request('/api/auth/sign-in/email', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
    body: JSON.stringify({ email, password }),
  });
}

describe('validateNewAdmin', () => {
  const base = { email: 'a@example.org', name: 'A', role: 'admin', password: 'lang-genug-123' };
  it('cleans the input and explains each problem in a sentence', () => {
    expect(validateNewAdmin({ ...base, email: ' Ada@Example.ORG ' }).email).toBe('ada@example.org');
    expect(() => validateNewAdmin({ ...base, email: 'nope' })).toThrow(
      '"nope" is not a valid email address.',
    );
    expect(() => validateNewAdmin({ ...base, password: 'kurz' })).toThrow(/too short: use at least 10/);
    expect(() => validateNewAdmin({ ...base, role: 'member' })).toThrow(/must be "owner" or "admin"/);
    expect(() => validateNewAdmin({ ...base, name: '  ' })).toThrow(/name/);
  });
  it('generates strong passwords', () => {
    const p = generatePassword();
    expect(p.length).toBeGreaterThanOrEqual(24);
    expect(generatePassword()).not.toBe(p);
  });
});

describe('createAdminAccount', () => {
  it('creates a verified owner, then admins, who can log in at once', async () => {
    await createAdminAccount(app, {
      email: 'owner@example.org',
      name: 'Olga',
      role: 'owner',
      password: 'owner-pass-123',
    });
    await createAdminAccount(app, {
      email: 'admin@example.org',
      name: 'Ali',
      role: 'admin',
      password: 'admin-pass-123',
    });
    const rows = await database.db
      .selectFrom('users')
      .select(['email', 'role', 'emailVerified'])
      .orderBy('email')
      .execute();
    expect(rows).toEqual([
      { email: 'admin@example.org', role: 'admin', emailVerified: true },
      { email: 'owner@example.org', role: 'owner', emailVerified: true },
    ]);
    expect((await signIn('admin@example.org', 'admin-pass-123')).status).toBe(200);
    expect((await app.community.service.get()).setupNeeded).toBe(false);
  });

  it('refuses a second owner and a taken email, changing nothing', async () => {
    await expect(
      createAdminAccount(app, {
        email: 'other@example.org',
        name: 'O',
        role: 'owner',
        password: 'other-pass-123',
      }),
    ).rejects.toThrow(
      'This community already has an owner (owner@example.org); there can be only one. Use --role admin.',
    );
    await expect(
      createAdminAccount(app, {
        email: 'admin@example.org',
        name: 'A',
        role: 'admin',
        password: 'other-pass-123',
      }),
    ).rejects.toThrow('An account with the email admin@example.org already exists.');
    const { n } = (await database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()) as { n: number };
    expect(Number(n)).toBe(2);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../tests/helpers/db.ts';
import { createTreffpunkt } from '../app.ts';
import { loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { createStorage } from '../platform/storage/index.ts';
import { DEMO_PASSWORD, DEMO_SEEDERS, DemoError, runDemo } from './index.ts';

const logger = createLogger('silent');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-demo-test-'));
const cleanups: (() => Promise<unknown>)[] = [];

async function install(name: string) {
  const database = await createTestDatabase();
  const config = loadConfig({ DATA_DIR: path.join(tmp, name), NODE_ENV: 'test', RATE_LIMIT: 'false' });
  const app = await createTreffpunkt({ config, logger, databaseUrl: database.url });
  cleanups.push(
    () => database.drop(),
    () => app.stop(),
  );
  const storage = createStorage(config);
  const run = (seeders = DEMO_SEEDERS) =>
    runDemo({ app, storage, maxBytes: config.UPLOAD_MAX_BYTES, logger, seeders });
  return { database, app, storage, run, uploads: path.join(config.dataDir, 'uploads') };
}

function filesUnder(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];
}

let demo: Awaited<ReturnType<typeof install>>;
let summary: Awaited<ReturnType<typeof runDemo>>;

beforeAll(async () => {
  demo = await install('demo');
  summary = await demo.run();
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('demo', () => {
  it('creates a German community with hosts, ~20 members, avatars and a logo', async () => {
    const { app, database } = demo;
    const community = await app.community.service.get();
    expect(community).toMatchObject({
      name: 'Praxis-Community Ressourcenorientierung',
      setupNeeded: false,
      defaultLocale: 'de',
    });
    expect(community.logoUrl).toMatch(/^\/api\/files\//);
    const users = await database.db
      .selectFrom('users')
      .select(['role', 'locale', 'image', 'bio', 'emailVerified'])
      .execute();
    const roles = users.map((u) => u.role);
    expect(roles.filter((r) => r === 'owner')).toHaveLength(1);
    expect(roles).toContain('admin');
    expect(roles).toContain('moderator');
    expect(roles.filter((r) => r === 'member').length).toBeGreaterThanOrEqual(18);
    expect(users.filter((u) => u.locale === 'en')).toHaveLength(1);
    expect(users.filter((u) => u.locale === 'sv')).toHaveLength(1);
    expect(users.every((u) => u.bio && u.emailVerified)).toBe(true);
    const withAvatar = users.filter((u) => u.image);
    expect(withAvatar.length).toBeGreaterThan(5);
    const file = await app.files.read(String(withAvatar[0]!.image).split('/').pop()!);
    expect(file?.file.contentType).toBe('image/webp');
    expect(filesUnder(demo.uploads)).toHaveLength(withAvatar.length + 1);
  });

  it('lets the owner and a member log in with the demo password', async () => {
    for (const role of ['owner', 'member']) {
      const person = summary.people.find((p) => p.role === role)!;
      const res = await demo.app.app.request('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
        body: JSON.stringify({ email: person.email, password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(200);
    }
  });

  it('shows memberships: Stufe 1 and 2, a closed enrolment with an interest list, a founding offer and paying members', async () => {
    const { app } = demo;
    const offer = await app.memberships.service.offer();
    expect(offer.enrolmentOpen).toBe(false);
    expect(offer.tiers.map((t) => t.name)).toEqual(['Stufe 1', 'Stufe 2']);
    const founding = offer.tiers[0]!.prices.find((p) => p.label === 'Gründungsmitglieder')!;
    expect(founding.maxUses).toBe(20);
    expect(founding.uses).toBeGreaterThan(5);
    const d = await app.memberships.service.dashboard.dashboard();
    expect(d.now.members).toBeGreaterThanOrEqual(12);
    expect(d.now.pendingPayments).toBe(1);
    expect(d.now.interestList).toBe(5);
    expect(d.months.filter((m) => m.revenue > 0).length).toBeGreaterThanOrEqual(5);
    // The demo member holds Stufe 1 and sees the members' spaces but not the Stufe-2 Mastermind.
    const member = summary.people.find((p) => p.role === 'member')!;
    const res = await demo.app.app.request('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      body: JSON.stringify({ email: member.email, password: DEMO_PASSWORD }),
    });
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const spaces = (await (await demo.app.app.request('/api/spaces', { headers: { cookie } })).json()) as { items: { slug: string }[] };
    expect(spaces.items.map((s) => s.slug)).toContain('austausch');
    expect(spaces.items.map((s) => s.slug)).not.toContain('mastermind');
  });

  it('refuses an install that already has accounts', async () => {
    await expect(demo.run()).rejects.toThrow(/already has accounts, so no demo data was added/);
  });

  it('leaves no rows and no uploads behind when a seeder fails', async () => {
    const other = await install('failing');
    const failing = { module: 'events', seed: async () => Promise.reject(new Error('boom')) };
    const err = await other.run([...DEMO_SEEDERS, failing]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DemoError);
    expect((err as Error).message).toBe(
      'The events demo data could not be created (boom); nothing was added.',
    );
    expect(await other.database.db.selectFrom('users').select('id').execute()).toEqual([]);
    expect(await other.database.db.selectFrom('files').select('id').execute()).toEqual([]);
    expect(await other.database.db.selectFrom('community').select('name').execute()).toEqual([]);
    expect(filesUnder(other.uploads)).toEqual([]);
  });
});

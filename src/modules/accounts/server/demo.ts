import type { Kysely } from 'kysely';
import { uuidv7 } from '../../../platform/ids.ts';
import type { FileService } from '../../../platform/storage/index.ts';
import type { Auth } from './auth.ts';
import { DEMO_PEOPLE, demoEmail } from './demo-people.ts';

/** A person the accounts seeder created; later seeders find hosts and members here. */
export interface DemoPerson {
  key: string;
  id: string;
  name: string;
  email: string;
  role: 'owner' | 'admin' | 'moderator' | 'member';
  locale: string;
}

/** What the accounts demo seeder needs; the demo runner provides it. */
export interface AccountsDemoContext {
  // biome-ignore lint/suspicious/noExplicitAny: the demo writes accounts' own tables
  trx: Kysely<any>;
  auth: Auth;
  /** File service whose uploads are removed again if the demo fails. */
  files: FileService;
  password: string;
  people: Map<string, DemoPerson>;
  /** A PNG of initials on a coloured square. */
  initials(text: string, color: string): Promise<Buffer>;
  log(line: string): void;
}

function initialsOf(name: string): string {
  const parts = name.split(/[\s-]+/).filter(Boolean);
  return `${parts[0]?.[0] ?? ''}${parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : ''}`.toUpperCase();
}

/**
 * Owner, admin, moderator and members with German profiles, verified and able to log in with the
 * demo password. Rows go straight into this module's tables inside the demo's one transaction
 * (better-auth's adapter would write outside it); ids and hashes are made exactly as better-auth does.
 */
export async function seedDemo(ctx: AccountsDemoContext): Promise<void> {
  const auth = await ctx.auth.$context;
  const now = Date.now();
  for (const p of DEMO_PEOPLE) {
    const joined = new Date(now - p.joinedDaysAgo * 86_400_000 - 3_600_000 * (p.key.length % 9));
    const id = uuidv7(joined.getTime());
    const email = demoEmail(p.name);
    await ctx.trx
      .insertInto('users')
      .values({
        id,
        name: p.name,
        email,
        emailVerified: true,
        role: p.role,
        locale: p.locale,
        bio: p.bio,
        createdAt: joined,
        updatedAt: joined,
      })
      .execute();
    await ctx.trx
      .insertInto('accounts')
      .values({
        id: uuidv7(joined.getTime()),
        accountId: id,
        providerId: 'credential',
        userId: id,
        password: await auth.password.hash(ctx.password),
        createdAt: joined,
        updatedAt: joined,
      })
      .execute();
    if (p.avatar) {
      const file = await ctx.files.store(
        {
          data: await ctx.initials(initialsOf(p.name), p.avatar),
          ownerId: id,
          purpose: 'avatar',
          kind: 'image',
          image: { maxWidth: 512, maxHeight: 512 },
        },
        ctx.trx,
      );
      await ctx.trx.updateTable('users').set({ image: file.url }).where('id', '=', id).execute();
    }
    ctx.people.set(p.key, { key: p.key, id, name: p.name, email, role: p.role, locale: p.locale });
  }
  ctx.log(
    `Accounts: ${DEMO_PEOPLE.length} people (1 owner, 1 admin, 1 moderator, ${DEMO_PEOPLE.length - 3} members)`,
  );
}

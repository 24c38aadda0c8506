import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Treffpunkt } from '../../app.ts';
import { withApp } from './context.ts';
import { promptHidden } from './prompt.ts';

export const MIN_PASSWORD = 10;
const MAX_PASSWORD = 128;

export interface NewAdmin {
  email: string;
  name: string;
  role: 'owner' | 'admin';
  password: string;
}

/** An expected refusal with a sentence for the operator. */
export class AdminError extends Error {
  override name = 'AdminError';
}

/** Checks the input and returns it cleaned (email lowercased, name trimmed); throws AdminError. */
export function validateNewAdmin(input: {
  email: string;
  name: string;
  role: string;
  password: string;
}): NewAdmin {
  const email = z.string().trim().toLowerCase().email().max(254).safeParse(input.email);
  if (!email.success) throw new AdminError(`"${input.email}" is not a valid email address.`);
  const name = input.name.trim();
  if (!name || name.length > 80) throw new AdminError('The name must be between 1 and 80 characters long.');
  if (input.role !== 'owner' && input.role !== 'admin') {
    throw new AdminError(`The role must be "owner" or "admin", not "${input.role}".`);
  }
  if (input.password.length < MIN_PASSWORD) {
    throw new AdminError(`The password is too short: use at least ${MIN_PASSWORD} characters.`);
  }
  if (input.password.length > MAX_PASSWORD)
    throw new AdminError(`The password is too long (at most ${MAX_PASSWORD}).`);
  return { email: email.data, name, role: input.role, password: input.password };
}

/** A strong random password (24 characters, 144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Creates a verified account with the given role through better-auth's internal adapter, as first-run
 * setup does for the owner. There can be one owner only (the database enforces it too).
 */
export async function createAdminAccount(app: Pick<Treffpunkt, 'accounts' | 'database'>, input: NewAdmin) {
  const { db } = app.database;
  const taken = await db.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
  if (taken) throw new AdminError(`An account with the email ${input.email} already exists.`);
  if (input.role === 'owner') {
    const owner = await db.selectFrom('users').select('email').where('role', '=', 'owner').executeTakeFirst();
    if (owner) {
      throw new AdminError(
        `This community already has an owner (${owner.email as string}); there can be only one. Use --role admin.`,
      );
    }
  }
  const ctx = await app.accounts.auth.$context;
  let user: { id: string };
  try {
    user = await ctx.internalAdapter.createUser(
      { name: input.name, email: input.email, emailVerified: true, role: input.role, locale: 'de' },
      { method: 'admin' },
    );
  } catch (err) {
    // Lost a race against a sign-up with the same address or another owner being created.
    const owner = input.role === 'owner' ? ' or the community already has an owner' : '';
    throw new AdminError(`The account could not be created: the email is already taken${owner}.`, {
      cause: err,
    });
  }
  try {
    await ctx.internalAdapter.linkAccount({
      userId: user.id,
      providerId: 'credential',
      accountId: user.id,
      password: await ctx.password.hash(input.password),
    });
  } catch (err) {
    await ctx.internalAdapter.deleteUser(user.id).catch(() => {});
    throw err;
  }
  return { id: user.id, email: input.email, role: input.role };
}

async function askPassword(): Promise<{ password: string; generated: boolean }> {
  if (process.stdin.isTTY) {
    const password = await promptHidden(`Password (at least ${MIN_PASSWORD} characters): `);
    if (password.length >= MIN_PASSWORD && (await promptHidden('Repeat the password: ')) !== password) {
      throw new AdminError('The two passwords are not the same.');
    }
    return { password, generated: false };
  }
  return { password: generatePassword(), generated: true };
}

/** `treffpunkt admin create`: a verified admin or owner account from the shell. */
export function registerAdminCommand(program: Command): void {
  const admin = program.command('admin').description('manage administrator accounts');
  admin
    .command('create')
    .description('create a verified account with the role admin (or owner, if the community has none yet)')
    .requiredOption('--email <email>', 'login email address')
    .requiredOption('--name <name>', 'display name')
    .option('--role <role>', 'owner or admin', 'admin')
    .option(
      '--password <password>',
      'password (at least 10 characters); without it you are asked on a terminal, or a strong one is generated and printed once',
    )
    .action(async (opts: { email: string; name: string; role: string; password?: string }) => {
      // Check what we can before asking for a password or starting the database.
      validateNewAdmin({ ...opts, password: 'x'.repeat(MIN_PASSWORD) });
      const { password, generated } =
        opts.password !== undefined ? { password: opts.password, generated: false } : await askPassword();
      const input = validateNewAdmin({ ...opts, password });
      const created = await withApp((app) => createAdminAccount(app, input));
      console.log(`Created ${created.role} ${created.email}. They can log in right away.`);
      if (generated) {
        console.log(`Generated password (shown only now, change it after logging in): ${password}`);
      }
    });
}

import { APIError } from 'better-auth/api';
import { type Kysely, sql } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../../../platform/pagination.ts';
import { type Actor, type Role, roleAtLeast } from '../../../platform/http/types.ts';
import type { Locale, Me } from '../schema.ts';
import type { Auth } from './auth.ts';

/** What the accounts service needs from storage; the platform file service satisfies it. */
export interface AvatarStore {
  storeImage(input: { data: Buffer; ownerId: string; purpose: string; maxSize: number }): Promise<{ id: string; url: string }>;
  removeByUrl(url: string): Promise<void>;
}

export interface AccountsDeps {
  db: Kysely<any>;
  auth: Auth;
  avatars: AvatarStore;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  bio: string | null;
  image: string | null;
  emailVerified: boolean;
  twoFactorEnabled: boolean | null;
  createdAt: Date;
}

const USER_COLUMNS = [
  'id',
  'email',
  'name',
  'role',
  'locale',
  'bio',
  'image',
  'emailVerified',
  'twoFactorEnabled',
  'createdAt',
] as const;

function toMe(u: UserRow): Me {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    locale: u.locale,
    bio: u.bio,
    image: u.image,
    emailVerified: u.emailVerified,
    twoFactorEnabled: Boolean(u.twoFactorEnabled),
  };
}

/** Maps better-auth's APIError to our AppError so every answer has the shared shape. */
export function fromAuthError(err: unknown): never {
  if (err instanceof APIError) {
    const body = (err.body ?? {}) as { code?: string; message?: string };
    const status = typeof err.statusCode === 'number' ? err.statusCode : 400;
    const code = body.code ?? (status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'bad_request');
    throw new AppError(code, body.message ?? err.message, null, { status: status as 400 });
  }
  throw err;
}

export type MemberSummary = Pick<Me, 'id' | 'name' | 'email' | 'role' | 'image' | 'emailVerified'> & {
  createdAt: string;
};

/** The accounts service: profile, credentials, sessions and roles. Every function takes the actor first. */
export function createAccountsService(deps: AccountsDeps) {
  const { db, auth } = deps;

  async function loadUser(id: string): Promise<UserRow> {
    const u = (await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst()) as
      | UserRow
      | undefined;
    if (!u) throw new AppError('unauthenticated', 'Your account no longer exists.');
    return u;
  }

  /** Re-authentication: checks the actor's current password before sensitive changes. */
  async function verifyPassword(actor: Actor, password: string): Promise<void> {
    const ctx = await auth.$context;
    const accounts = await ctx.internalAdapter.findAccounts(actor.id);
    const hash = accounts.find((a) => a.providerId === 'credential')?.password;
    if (!hash || !(await ctx.password.verify({ hash, password }))) {
      throw new AppError('invalid_password', 'The password is not correct.', { field: 'password' }, { status: 400 });
    }
  }

  return {
    /** The actor's own profile. */
    async getMe(actor: Actor): Promise<Me> {
      return toMe(await loadUser(actor.id));
    },

    /** Updates display name, bio and language. */
    async updateProfile(actor: Actor, input: { name?: string; bio?: string | null; locale?: Locale }): Promise<Me> {
      const patch: Record<string, unknown> = { updatedAt: new Date() };
      if (input.name !== undefined) patch.name = input.name;
      if (input.bio !== undefined) patch.bio = input.bio === '' ? null : input.bio;
      if (input.locale !== undefined) patch.locale = input.locale;
      await db.updateTable('users').set(patch).where('id', '=', actor.id).execute();
      return toMe(await loadUser(actor.id));
    },

    /** Stores a new avatar (re-encoded, metadata stripped) and removes the previous one. */
    async setAvatar(actor: Actor, data: Buffer): Promise<{ image: string }> {
      const before = await loadUser(actor.id);
      const file = await deps.avatars.storeImage({ data, ownerId: actor.id, purpose: 'avatar', maxSize: 512 });
      await db.updateTable('users').set({ image: file.url, updatedAt: new Date() }).where('id', '=', actor.id).execute();
      if (before.image) await deps.avatars.removeByUrl(before.image);
      return { image: file.url };
    },

    /** Removes the avatar; initials are shown instead. */
    async removeAvatar(actor: Actor): Promise<void> {
      const before = await loadUser(actor.id);
      await db.updateTable('users').set({ image: null, updatedAt: new Date() }).where('id', '=', actor.id).execute();
      if (before.image) await deps.avatars.removeByUrl(before.image);
    },

    /** Starts an email change after re-checking the password; the new address confirms by link. */
    async changeEmail(actor: Actor, input: { newEmail: string; password: string }, headers: Headers): Promise<void> {
      await verifyPassword(actor, input.password);
      if (input.newEmail === actor.email) {
        throw new AppError('validation_failed', 'This is already your address.', [
          { path: 'newEmail', message: 'same as current', code: 'same_email' },
        ]);
      }
      await auth.api
        .changeEmail({ body: { newEmail: input.newEmail, callbackURL: '/verified?changed=1' }, headers })
        .catch(fromAuthError);
    },

    /** Changes the password; other sessions end unless the member chose otherwise. */
    async changePassword(
      _actor: Actor,
      input: { currentPassword: string; newPassword: string; revokeOtherSessions: boolean },
      headers: Headers,
    ): Promise<Headers> {
      const res = await auth.api.changePassword({ body: input, headers, returnHeaders: true }).catch(fromAuthError);
      return res.headers;
    },

    /** Deletes the account after re-checking the password; returns headers that clear the cookie. */
    async deleteAccount(actor: Actor, input: { password: string }, headers: Headers): Promise<Headers> {
      if (actor.role === 'owner') {
        throw new AppError('forbidden', 'The owner cannot delete their account. Hand the community over first.');
      }
      await verifyPassword(actor, input.password);
      const image = (await loadUser(actor.id)).image;
      const res = await auth.api
        .deleteUser({ body: { password: input.password }, headers, returnHeaders: true })
        .catch(fromAuthError);
      if (image) await deps.avatars.removeByUrl(image);
      return res.headers;
    },

    /** The actor's active sessions, the current one marked. */
    async listSessions(actor: Actor) {
      const rows = await db
        .selectFrom('sessions')
        .select(['id', 'userAgent', 'ipAddress', 'createdAt'])
        .where('userId', '=', actor.id)
        .where('expiresAt', '>', new Date())
        .orderBy('createdAt', 'desc')
        .execute();
      return rows.map((s) => ({
        id: s.id as string,
        userAgent: (s.userAgent as string | null) ?? null,
        ipAddress: (s.ipAddress as string | null) ?? null,
        createdAt: (s.createdAt as Date).toISOString(),
        current: s.id === actor.sessionId,
      }));
    },

    /** Ends one of the actor's sessions. */
    async revokeSession(actor: Actor, sessionId: string): Promise<void> {
      const r = await db
        .deleteFrom('sessions')
        .where('id', '=', sessionId)
        .where('userId', '=', actor.id)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw new AppError('not_found', 'No such session.');
    },

    /** Logs the actor out everywhere, this device included. */
    async revokeAllSessions(actor: Actor): Promise<void> {
      await db.deleteFrom('sessions').where('userId', '=', actor.id).execute();
    },

    /**
     * A member as an actor without a request (work done on their behalf: a calendar app reading
     * their feed, a job posting as the host); `sessionId` names the purpose. Null when unknown.
     */
    async actorById(id: string, purpose: string): Promise<Actor | null> {
      const u = await db.selectFrom('users').select(['id', 'email', 'name', 'role', 'locale']).where('id', '=', id).executeTakeFirst();
      return u ? { id: u.id, email: u.email, name: u.name, role: u.role as Role, locale: u.locale, sessionId: purpose } : null;
    },

    /**
     * Members behind `@handles`: a handle is the display name without spaces, case-insensitive
     * (`@MiaMüller` for "Mia Müller"). Ambiguous handles resolve to nobody.
     */
    async resolveHandles(handles: string[]): Promise<Map<string, { id: string; name: string }>> {
      const wanted = [...new Set(handles.map((h) => h.toLowerCase()))].slice(0, 50);
      const out = new Map<string, { id: string; name: string }>();
      if (wanted.length === 0) return out;
      const rows = await db
        .selectFrom('users')
        .select(['id', 'name', sql<string>`lower(regexp_replace(name, '\\s+', '', 'g'))`.as('handle')])
        .where(sql<string>`lower(regexp_replace(name, '\\s+', '', 'g'))`, 'in', wanted)
        .execute();
      const count = new Map<string, number>();
      for (const r of rows) count.set(r.handle, (count.get(r.handle) ?? 0) + 1);
      for (const r of rows) if (count.get(r.handle) === 1) out.set(r.handle, { id: r.id as string, name: r.name as string });
      return out;
    },

    /** Members for the admin list, newest first, keyset-paginated. */
    async listMembers(_actor: Actor, opts: { cursor?: string; q?: string; limit: number }) {
      let q = db.selectFrom('users').select(USER_COLUMNS);
      if (opts.q) {
        const like = `%${opts.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('email', 'ilike', like)]));
      }
      if (opts.cursor) {
        const [ts, id] = decodeCursor(opts.cursor);
        q = q.where((eb) =>
          eb.or([eb('createdAt', '<', ts), eb.and([eb('createdAt', '=', ts), eb('id', '<', id)])]),
        );
      }
      const rows = (await q
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(opts.limit + 1)
        .execute()) as UserRow[];
      const page = rows.slice(0, opts.limit);
      const last = page[page.length - 1];
      return {
        items: page.map(
          (u): MemberSummary => ({
            id: u.id,
            name: u.name,
            email: u.email,
            role: u.role,
            image: u.image,
            emailVerified: u.emailVerified,
            createdAt: u.createdAt.toISOString(),
          }),
        ),
        nextCursor: rows.length > opts.limit && last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },

    /** Changes a member's role. Admins manage members and moderators; only the owner manages admins. */
    async setRole(actor: Actor, userId: string, role: Exclude<Role, 'owner'>): Promise<MemberSummary> {
      if (userId === actor.id) throw new AppError('forbidden', 'You cannot change your own role.');
      const target = (await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', userId).executeTakeFirst()) as
        | UserRow
        | undefined;
      if (!target) throw new AppError('not_found', 'No such member.');
      if (target.role === 'owner') throw new AppError('forbidden', "The owner's role cannot be changed.");
      const touchesAdmin = target.role === 'admin' || role === 'admin';
      if (touchesAdmin && !roleAtLeast(actor.role, 'owner')) {
        throw new AppError('forbidden', 'Only the owner can appoint or remove admins.');
      }
      await db.updateTable('users').set({ role, updatedAt: new Date() }).where('id', '=', userId).execute();
      return {
        id: target.id,
        name: target.name,
        email: target.email,
        role,
        image: target.image,
        emailVerified: target.emailVerified,
        createdAt: target.createdAt.toISOString(),
      };
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;

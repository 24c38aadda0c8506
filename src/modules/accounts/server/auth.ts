import { betterAuth } from 'better-auth';
import { APIError } from 'better-auth/api';
import { magicLink, openAPI, twoFactor } from 'better-auth/plugins';
import type { Kysely } from 'kysely';
import { uuidv7 } from '../../../platform/ids.ts';
import type { Logger } from '../../../platform/logger.ts';
import { LOCALES } from '../schema.ts';

/** What better-auth needs from the rest of the app; wired in one place (accounts/server/index.ts). */
export interface AuthDeps {
  db: Kysely<any>;
  secret: string;
  publicUrl: string;
  rateLimit: boolean;
  logger: Logger;
  trustedOrigins: (req?: Request) => string[];
  sendMail: (msg: { to: string; template: string; locale: string; data: Record<string, string> }) => Promise<void>;
  /** The locale for mails to a user: their own, else the community default. */
  localeFor: (user: object) => Promise<string>;
}

/** Header our HTTP layer sets from the real peer address; clients cannot spoof it (we overwrite it). */
export const CLIENT_IP_HEADER = 'x-treffpunkt-client-ip';

export const AUTH_RATE_LIMITS = {
  '/sign-in/email': { window: 60, max: 5 },
  '/sign-up/email': { window: 60, max: 5 },
  '/request-password-reset': { window: 60, max: 3 },
  '/sign-in/magic-link': { window: 60, max: 3 },
  '/send-verification-email': { window: 60, max: 3 },
  '/two-factor/verify-totp': { window: 60, max: 5 },
  '/two-factor/verify-backup-code': { window: 60, max: 5 },
} as const;

/**
 * better-auth endpoints we do not offer: social login (no providers), and profile/credential writes
 * that our own routes do with validation and re-authentication (e.g. /update-user would accept any
 * image URL).
 */
export const DISABLED_AUTH_PATHS = [
  '/sign-in/social',
  '/callback/:id',
  '/link-social',
  '/unlink-account',
  '/list-accounts',
  '/refresh-token',
  '/get-access-token',
  '/account-info',
  '/reference',
  '/update-user',
  '/update-session',
  '/set-password',
  '/verify-password',
  '/delete-user',
  '/delete-user/callback',
  '/change-email',
  '/change-password',
  '/list-sessions',
  '/revoke-session',
  '/revoke-sessions',
  '/revoke-other-sessions',
  '/two-factor/send-otp',
  '/two-factor/verify-otp',
];

/** better-auth endpoints that need a session; we answer 401 in our shape before better-auth runs. */
export const SESSION_AUTH_PATHS = [
  '/sign-out',
  '/two-factor/enable',
  '/two-factor/disable',
  '/two-factor/get-totp-uri',
  '/two-factor/generate-backup-codes',
];

/** better-auth configured for Treffpunkt: email+password with verification, magic links, TOTP. */
/** A session lasts 30 days and is extended (by better-auth's getSession) once a day while in use. */
export const SESSION_EXPIRES_IN_S = 60 * 60 * 24 * 30;
export const SESSION_UPDATE_AGE_S = 60 * 60 * 24;

export function createAuth(deps: AuthDeps) {
  const { sendMail, localeFor } = deps;
  const secure = deps.publicUrl.startsWith('https:');
  return betterAuth({
    appName: 'Treffpunkt',
    baseURL: deps.publicUrl,
    basePath: '/api/auth',
    secret: deps.secret,
    database: { db: deps.db, type: 'postgres' },
    trustedOrigins: (req) => deps.trustedOrigins(req),
    disabledPaths: DISABLED_AUTH_PATHS,
    user: {
      modelName: 'users',
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'member', input: false },
        locale: { type: 'string', required: false, defaultValue: 'de', input: true },
        bio: { type: 'string', required: false, input: false },
      },
      changeEmail: { enabled: true },
      deleteUser: {
        enabled: true,
        beforeDelete: async (user) => {
          if ((user as { role?: string }).role === 'owner') {
            throw new APIError('FORBIDDEN', {
              code: 'OWNER_CANNOT_DELETE',
              message: 'The owner cannot delete their account. Hand the community over first.',
            });
          }
        },
      },
    },
    session: {
      modelName: 'sessions',
      expiresIn: SESSION_EXPIRES_IN_S,
      updateAge: SESSION_UPDATE_AGE_S,
      freshAge: 60 * 10,
    },
    account: { modelName: 'accounts' },
    verification: { modelName: 'verifications' },
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      autoSignIn: false,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      sendResetPassword: async ({ user, url }) => {
        await sendMail({
          to: user.email,
          template: 'accounts.resetPassword',
          locale: await localeFor(user),
          data: { name: user.name, url },
        });
      },
      onExistingUserSignUp: async ({ user }) => {
        // The visitor gets the same answer as for a new address; the real owner learns of the attempt.
        await sendMail({
          to: user.email,
          template: 'accounts.existingSignUp',
          locale: await localeFor(user),
          data: { name: user.name, url: `${deps.publicUrl}/forgot-password` },
        });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: true,
      autoSignInAfterVerification: false,
      expiresIn: 60 * 60 * 24,
      sendVerificationEmail: async ({ user, url }) => {
        // Whoever asked for the mail, the link ends on our confirmation page, not on the bare start page.
        const link = new URL(url);
        const cb = link.searchParams.get('callbackURL');
        if (!cb || cb === '/') link.searchParams.set('callbackURL', '/verified');
        await sendMail({
          to: user.email,
          template: 'accounts.verifyEmail',
          locale: await localeFor(user),
          data: { name: user.name, url: link.toString() },
        });
      },
    },
    rateLimit: {
      enabled: deps.rateLimit,
      storage: 'database',
      modelName: 'rate_limits',
      window: 60,
      max: 200,
      customRules: AUTH_RATE_LIMITS,
    },
    advanced: {
      cookiePrefix: 'treffpunkt',
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      database: { generateId: () => uuidv7() },
    },
    logger: {
      log: (level, message, ...args) => {
        const fn = level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'debug';
        deps.logger[fn]({ args }, `auth: ${message}`);
      },
    },
    plugins: [
      openAPI({ disableDefaultReference: true }),
      magicLink({
        expiresIn: 60 * 15,
        disableSignUp: true,
        sendMagicLink: async ({ email, url }) => {
          const rows = await deps.db.selectFrom('users').select(['name', 'locale']).where('email', '=', email).execute();
          const user = rows[0];
          // Unknown addresses get no mail, but the same response (no account enumeration).
          if (!user) return;
          await sendMail({ to: email, template: 'accounts.magicLink', locale: await localeFor(user), data: { name: user.name, url } });
        },
      }),
      twoFactor({
        issuer: 'Treffpunkt',
        twoFactorTable: 'two_factors',
        backupCodeOptions: { amount: 10, length: 10 },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

export function isLocale(v: unknown): v is (typeof LOCALES)[number] {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

import { z } from '@hono/zod-openapi';

export const LOCALES = ['de', 'en', 'sv'] as const;
export type Locale = (typeof LOCALES)[number];
export const ROLE_VALUES = ['owner', 'admin', 'moderator', 'member'] as const;

export const Me = z
  .object({
    id: z.string(),
    email: z.string().email(),
    name: z.string(),
    role: z.enum(ROLE_VALUES),
    locale: z.enum(LOCALES),
    bio: z.string().nullable(),
    image: z.string().nullable(),
    emailVerified: z.boolean(),
    twoFactorEnabled: z.boolean(),
  })
  .openapi('Me');
export type Me = z.infer<typeof Me>;

export const UpdateProfile = z
  .object({
    name: z
      .string()
      .overwrite((v) => v.replaceAll('\0', ''))
      .trim()
      .min(1)
      .max(80)
      .optional(),
    bio: z
      .string()
      .overwrite((v) => v.replaceAll('\0', ''))
      .trim()
      .max(500)
      .nullable()
      .optional(),
    locale: z.enum(LOCALES).optional(),
  })
  .strict()
  .openapi('UpdateProfile');

export const ChangeEmail = z
  .object({ newEmail: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(128) })
  .strict()
  .openapi('ChangeEmail');

export const ChangePassword = z
  .object({
    currentPassword: z.string().min(1).max(128),
    newPassword: z.string().min(10).max(128),
    revokeOtherSessions: z.boolean().default(true),
  })
  .strict()
  .openapi('ChangePassword');

export const DeleteAccount = z.object({ password: z.string().min(1).max(128) }).strict().openapi('DeleteAccount');

export const SessionInfo = z
  .object({
    id: z.string(),
    userAgent: z.string().nullable(),
    ipAddress: z.string().nullable(),
    createdAt: z.string(),
    current: z.boolean(),
  })
  .openapi('Session');

export const SessionList = z.object({ sessions: z.array(SessionInfo) }).openapi('SessionList');

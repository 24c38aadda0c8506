import { z } from '@hono/zod-openapi';
import { LOCALES } from '../accounts/schema.ts';

const hex = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^#[0-9a-f]{6}$/, 'Use a colour like #2f6f5e');

export const Community = z
  .object({
    name: z.string(),
    brandColor: z.string(),
    logoUrl: z.string().nullable(),
    setupNeeded: z.boolean(),
    defaultLocale: z.enum(LOCALES),
  })
  .openapi('Community');
export type Community = z.infer<typeof Community>;

export const UpdateCommunity = z
  .object({
    name: z.string().trim().min(2).max(80).optional(),
    brandColor: hex.optional(),
    defaultLocale: z.enum(LOCALES).optional(),
  })
  .strict()
  .openapi('UpdateCommunity');

export const SetupInput = z
  .object({
    communityName: z.string().trim().min(2).max(80),
    brandColor: hex.default('#2f6f5e'),
    name: z.string().trim().min(1).max(80),
    email: z.string().trim().toLowerCase().email().max(254),
    password: z.string().min(10).max(128),
    locale: z.enum(LOCALES).default('de'),
  })
  .strict()
  .openapi('SetupInput');
export type SetupInput = z.infer<typeof SetupInput>;

import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { NOTIFICATION_KINDS, type NotificationKind } from '../schema.ts';

/** What an unsubscribe link turns off: one kind (optionally in one space), or a whole digest. */
export type UnsubscribeScope = NotificationKind | 'digest_daily' | 'digest_weekly';
export const UNSUBSCRIBE_SCOPES = [...NOTIFICATION_KINDS, 'digest_daily', 'digest_weekly'] as const;

export interface UnsubscribeClaims {
  userId: string;
  scope: UnsubscribeScope;
  spaceId: string | null;
  /** Seconds since the epoch; lets us retire old links later without changing the format. */
  issuedAt: number;
}

const Payload = z
  .object({
    u: z.string().min(1).max(200),
    k: z.enum(UNSUBSCRIBE_SCOPES),
    s: z.string().uuid().nullable(),
    t: z.number().int().positive(),
  })
  .strict();

// Domain separation: the app secret also signs sessions; this MAC can never be mistaken for one.
const PURPOSE = 'treffpunkt.notifications.unsubscribe.v1:';

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(PURPOSE).update(payload).digest();
}

/** Signs an unsubscribe link token: base64url(JSON claims) "." base64url(HMAC-SHA256). */
export function signUnsubscribeToken(secret: string, claims: Omit<UnsubscribeClaims, 'issuedAt'>, now = new Date()): string {
  const payload = Buffer.from(
    JSON.stringify({ u: claims.userId, k: claims.scope, s: claims.spaceId, t: Math.floor(now.getTime() / 1000) }),
  ).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claims of a token we signed, or null for anything tampered, foreign or malformed. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeClaims | null {
  if (typeof token !== 'string' || token.length > 2000) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payload, signature] = parts as [string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]+$/.test(signature)) return null;
  // Compare the canonical text, not decoded bytes: base64url's last character carries padding bits, so
  // decoding would accept a changed last character as the same signature.
  const given = Buffer.from(signature, 'utf8');
  const expected = Buffer.from(mac(secret, payload).toString('base64url'), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const r = Payload.safeParse(parsed);
  if (!r.success) return null;
  return { userId: r.data.u, scope: r.data.k, spaceId: r.data.s, issuedAt: r.data.t };
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed interest-list link may do. */
export type InterestPurpose = 'confirm' | 'withdraw';

// Domain separation: the app secret also signs sessions and unsubscribe links.
const PREFIX = 'treffpunkt.memberships.interest.v1:';

function mac(secret: string, purpose: InterestPurpose, id: string): string {
  return createHmac('sha256', secret).update(PREFIX).update(`${purpose}:${id}`).digest('base64url');
}

/** `<signup id>.<mac>`: the link carries no email address. */
export function signInterestToken(secret: string, purpose: InterestPurpose, id: string): string {
  return `${id}.${mac(secret, purpose, id)}`;
}

/** The signup id, or null when the token is forged, truncated or for another purpose. */
export function verifyInterestToken(secret: string, purpose: InterestPurpose, token: string): string | null {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const [, id, sig] = m as unknown as [string, string, string];
  const want = Buffer.from(mac(secret, purpose, id));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? id : null;
}

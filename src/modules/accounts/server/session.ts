import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Actor, Role } from '../../../platform/http/types.ts';
import { SESSION_EXPIRES_IN_S, SESSION_UPDATE_AGE_S } from './auth.ts';

/** The value of cookie `name` in a Cookie header, undecoded; null when absent. */
function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The session token inside better-auth's signed cookie (`encodeURIComponent(token + '.' + base64
 * HMAC-SHA256(secret, token))`, as better-call signs it), or null when the signature does not match.
 */
export function verifiedToken(raw: string, secret: string): string | null {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const token = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), 'base64');
  const expected = createHmac('sha256', secret).update(token).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

export type SessionLookup = { actor: Actor } | { actor: null } | 'ask-better-auth';

/**
 * The hot path of every signed-in request: the signed cookie checked with node:crypto and the
 * session with its user read in one primary-key query, instead of better-auth's `getSession`
 * (webcrypto, its router and two queries). It answers only the common case, a valid session that
 * needs no extension; a session due for its daily extension, or anything unusual, is left to
 * better-auth ('ask-better-auth'), which extends it as before.
 */
export function createSessionReader(deps: { db: Kysely<any>; secret: string; cookieName: string }) {
  return async function read(req: Request): Promise<SessionLookup> {
    const header = req.headers.get('cookie');
    const raw = header ? cookieValue(header, deps.cookieName) : null;
    if (!raw) return { actor: null };
    const token = verifiedToken(raw, deps.secret);
    if (!token) return { actor: null };
    const { rows } = await sql<{
      sid: string;
      expires_at: Date;
      id: string;
      email: string;
      name: string;
      role: Role | null;
      locale: string | null;
    }>`select s.id as sid, s."expiresAt" as expires_at, u.id, u.email, u.name, u.role, u.locale
         from "sessions" s join "users" u on u.id = s."userId"
        where s.token = ${token}`.execute(deps.db);
    const row = rows[0];
    const now = Date.now();
    // Unknown or expired: better-auth also removes the expired row and clears the cookie.
    if (!row || row.expires_at.getTime() < now) return 'ask-better-auth';
    if (row.expires_at.getTime() - SESSION_EXPIRES_IN_S * 1000 + SESSION_UPDATE_AGE_S * 1000 <= now) {
      return 'ask-better-auth';
    }
    return {
      actor: {
        id: row.id,
        email: row.email,
        name: row.name,
        role: row.role ?? 'member',
        locale: row.locale ?? 'de',
        sessionId: row.sid,
      },
    };
  };
}

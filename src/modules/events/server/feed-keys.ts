import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { FeedInfo } from '../schema.ts';

/**
 * The personal calendar feed's secret URL: `<base64url(user id)>.<HMAC(user, version)>`. Nothing
 * secret is stored; revoking bumps the member's version, which invalidates every earlier URL.
 */
export function createFeedKeys(deps: {
  // biome-ignore lint/suspicious/noExplicitAny: the module's tables are untyped for Kysely
  db: Kysely<any>;
  secret: string;
  publicUrl: string;
}) {
  const { db } = deps;
  const mac = (userId: string, version: number) =>
    createHmac('sha256', deps.secret)
      .update(`events-feed:${userId}:${version}`)
      .digest('base64url')
      .slice(0, 32);

  function present(userId: string, version: number): FeedInfo {
    const token = `${Buffer.from(userId).toString('base64url')}.${mac(userId, version)}`;
    const url = `${deps.publicUrl}/api/calendar/feed/${token}.ics`;
    return {
      url,
      webcalUrl: url.replace(/^https?:/, 'webcal:'),
      publicUrl: `${deps.publicUrl}/api/calendar/public.ics`,
    };
  }

  return {
    /** The member's current feed URL (the first call creates version 1). */
    async info(userId: string): Promise<FeedInfo> {
      const row = await db
        .insertInto('event_feed_keys')
        .values({ user_id: userId })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ user_id: sql`excluded.user_id` }))
        .returning('version')
        .executeTakeFirstOrThrow();
      return present(userId, row.version as number);
    },

    /** A new URL; the old one stops working. */
    async rotate(userId: string): Promise<FeedInfo> {
      const row = await db
        .insertInto('event_feed_keys')
        .values({ user_id: userId, version: 2 })
        .onConflict((oc) =>
          oc
            .column('user_id')
            .doUpdateSet({ version: sql`event_feed_keys.version + 1`, created_at: sql`now()` }),
        )
        .returning('version')
        .executeTakeFirstOrThrow();
      return present(userId, row.version as number);
    },

    /** The member a token belongs to, or null when it is malformed, unknown or revoked. */
    async verify(token: string): Promise<string | null> {
      const [idPart, sig] = token.split('.');
      if (!idPart || !sig) return null;
      const userId = Buffer.from(idPart, 'base64url').toString('utf8');
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(userId)) return null;
      const row = await db
        .selectFrom('event_feed_keys')
        .select('version')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row) return null;
      const expected = Buffer.from(mac(userId, row.version as number));
      const given = Buffer.from(sig);
      return expected.length === given.length && timingSafeEqual(expected, given) ? userId : null;
    },
  };
}

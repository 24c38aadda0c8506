import { type Kysely, sql } from 'kysely';
import { DEFAULT_PREFERENCES, type EmailMode, NOTIFICATION_KINDS, type NotificationKind, type Preference } from '../schema.ts';

export interface Choice {
  email: EmailMode;
  inApp: boolean;
}

interface PrefRow {
  user_id: string;
  kind: NotificationKind;
  space_id: string | null;
  email: EmailMode;
  in_app: boolean;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

// biome-ignore lint/suspicious/noExplicitAny: module tables are not in the platform's Database type
export function createPreferences(db: Kysely<any>) {
  async function rowsFor(userIds: string[], kinds?: NotificationKind[]): Promise<PrefRow[]> {
    if (userIds.length === 0) return [];
    let q = db.selectFrom('notification_preferences').select(['user_id', 'kind', 'space_id', 'email', 'in_app']).where('user_id', 'in', userIds);
    if (kinds) q = q.where('kind', 'in', kinds);
    return (await q.execute()) as PrefRow[];
  }

  return {
    /** Each member's effective choice for one kind in one space: space override, else general, else default. */
    async effective(userIds: string[], kind: NotificationKind, spaceId: string): Promise<Map<string, Choice>> {
      const rows = await rowsFor(userIds, [kind]);
      const out = new Map<string, Choice>();
      for (const id of userIds) out.set(id, { ...DEFAULT_PREFERENCES[kind] });
      for (const r of rows.filter((x) => x.space_id === null)) out.set(r.user_id, { email: r.email, inApp: r.in_app });
      for (const r of rows.filter((x) => x.space_id === spaceId)) out.set(r.user_id, { email: r.email, inApp: r.in_app });
      return out;
    },

    /** A member's general choices (every kind) and per-space overrides. */
    async list(userId: string): Promise<{ kinds: Preference[]; overrides: Preference[] }> {
      const rows = await rowsFor([userId]);
      const kinds = NOTIFICATION_KINDS.map((kind) => {
        const r = rows.find((x) => x.kind === kind && x.space_id === null);
        return { kind, spaceId: null, email: r?.email ?? DEFAULT_PREFERENCES[kind].email, inApp: r?.in_app ?? DEFAULT_PREFERENCES[kind].inApp };
      });
      const overrides = rows
        .filter((x) => x.space_id !== null)
        .map((r) => ({ kind: r.kind, spaceId: r.space_id, email: r.email, inApp: r.in_app }))
        .sort((a, b) => (a.spaceId ?? '').localeCompare(b.spaceId ?? '') || NOTIFICATION_KINDS.indexOf(a.kind) - NOTIFICATION_KINDS.indexOf(b.kind));
      return { kinds, overrides };
    },

    /** Sets (part of) a choice; what is not given keeps its current effective value. */
    // biome-ignore lint/suspicious/noExplicitAny: a transaction of any module's database
    async set(trx: Kysely<any>, userId: string, kind: NotificationKind, spaceId: string | null, patch: Partial<Choice>): Promise<void> {
      const current = spaceId
        ? ((await this.effective([userId], kind, spaceId)).get(userId) as Choice)
        : await (async () => {
            const r = (await rowsFor([userId], [kind])).find((x) => x.space_id === null);
            return r ? { email: r.email, inApp: r.in_app } : { ...DEFAULT_PREFERENCES[kind] };
          })();
      const next = { email: patch.email ?? current.email, inApp: patch.inApp ?? current.inApp };
      await sql`
        insert into notification_preferences (user_id, kind, space_id, email, in_app, updated_at)
        values (${userId}, ${kind}, ${spaceId}, ${next.email}, ${next.inApp}, now())
        on conflict (user_id, kind, coalesce(space_id, ${NIL_UUID}::uuid))
        do update set email = excluded.email, in_app = excluded.in_app, updated_at = now()
      `.execute(trx);
    },

    /** Drops a per-space override. */
    // biome-ignore lint/suspicious/noExplicitAny: a transaction of any module's database
    async remove(trx: Kysely<any>, userId: string, kind: NotificationKind, spaceId: string): Promise<void> {
      await trx.deleteFrom('notification_preferences').where('user_id', '=', userId).where('kind', '=', kind).where('space_id', '=', spaceId).execute();
    },
  };
}

export type PreferencesRepo = ReturnType<typeof createPreferences>;

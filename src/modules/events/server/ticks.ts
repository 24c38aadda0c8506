import { type Kysely, sql } from 'kysely';
import type { Logger } from '../../../platform/logger.ts';
import type { MailKind, Recipient } from './notices.ts';
import type { Occ } from './occurrences.ts';
import { localDate, toLocal } from './tz.ts';

// biome-ignore lint/suspicious/noExplicitAny: the module's tables are untyped for Kysely
type Db = Kysely<any>;

const DAY = 86_400_000;
/** Reminders further back than this are skipped (the server was down), not sent late. */
const REMINDER_GRACE_MS = 6 * 3_600_000;

/**
 * The minute job's work: reminders (claimed per member, date and reminder time in the transaction
 * that records the mail, so several nodes never send one twice) and the threads of focus days.
 */
export function createTicks(deps: {
  db: Db;
  now: () => Date;
  logger: Logger;
  settings: () => Promise<{ default_reminders: number[]; time_zone: string }>;
  /** Every date (of every event) starting between two instants, breaks left out. */
  between: (from: Date, to: Date) => Promise<Occ[]>;
  recipients: (trx: Db, ids: string[]) => Promise<Recipient[]>;
  tell: (
    trx: Db,
    kind: MailKind,
    to: Recipient[],
    occ: Occ,
    opts?: { mail?: boolean; inApp?: boolean },
  ) => Promise<string[]>;
  publishAll: (ids: string[]) => Promise<void>;
  createPost: (authorId: string, spaceId: string, input: { title: string; body: string }) => Promise<string>;
}) {
  const { db, now, logger, recipients, tell, publishAll } = deps;

  async function reminderTick(): Promise<{ sent: number }> {
    const s = await deps.settings();
    const prefs = await db.selectFrom('event_reminder_prefs').selectAll().execute();
    const byUser = new Map(prefs.map((p) => [p.user_id as string, p]));
    const maxOffset = Math.max(0, ...s.default_reminders, ...prefs.flatMap((p) => p.offsets as number[]));
    const t = now();
    const occs = await deps.between(t, new Date(t.getTime() + (maxOffset + 1) * 60_000));
    let sent = 0;
    for (const occ of occs) {
      if (occ.cancelled || occ.startsAt <= t) continue;
      const rows = await sql<{ user_id: string; since: Date }>`
        select user_id, updated_at as since from event_rsvps where event_id = ${occ.event.id} and occurrence = ${occ.original} and status = 'going'
        union all
        select s.user_id, s.updated_at from event_rsvps s where s.event_id = ${occ.event.id} and s.occurrence = '-infinity' and s.status = 'going'
          and not exists (select 1 from event_rsvps d where d.event_id = s.event_id and d.occurrence = ${occ.original} and d.user_id = s.user_id)`.execute(
        db,
      );
      for (const r of rows.rows) {
        const p = byUser.get(r.user_id);
        const offsets = ((p?.offsets as number[] | undefined) ?? s.default_reminders)
          .slice()
          .sort((a, b) => a - b);
        // Due: its time has come, not long ago, and after the RSVP (no "1 day before" for a late sign-up).
        const due = offsets.filter((m) => {
          const at = occ.startsAt.getTime() - m * 60_000;
          return at <= t.getTime() && at > t.getTime() - REMINDER_GRACE_MS;
        });
        if (!due.length) continue;
        const since = new Date(r.since).getTime();
        const send = due.find((m) => occ.startsAt.getTime() - m * 60_000 >= since) ?? null;
        await db.transaction().execute(async (trx) => {
          // The claim: one row per member, date and reminder time; a second node finds it taken.
          const claimed = await trx
            .insertInto('event_reminders_sent')
            .values(
              due.map((m) => ({
                event_id: occ.event.id,
                occurrence: occ.original,
                user_id: r.user_id,
                offset_minutes: m,
              })),
            )
            .onConflict((oc) => oc.doNothing())
            .returning('offset_minutes')
            .execute();
          if (send === null || !claimed.some((c) => c.offset_minutes === send)) return;
          const [to] = await recipients(trx, [r.user_id]);
          if (!to) return;
          const told = await tell(trx, 'reminder', [to], occ, {
            mail: p ? Boolean(p.by_mail) : true,
            inApp: p ? Boolean(p.in_app) : true,
          });
          sent++;
          if (told.length) queueMicrotask(() => void publishAll(told));
        });
      }
    }
    return { sent };
  }

  /** Opens the themed thread of every focus day that has come (in the programme's zone), once. */
  async function focusTick(): Promise<{ opened: number }> {
    const s = await deps.settings();
    const today = localDate(toLocal(now(), s.time_zone));
    let opened = 0;
    const due = await db
      .selectFrom('event_focus_days')
      .select(['id'])
      .where('day', '<=', today)
      .where('day', '>=', localDate(toLocal(new Date(now().getTime() - 7 * DAY), s.time_zone)))
      .where('post_id', 'is', null)
      .where('space_id', 'is not', null)
      .execute();
    for (const d of due) {
      await db.transaction().execute(async (trx) => {
        // The row lock keeps a second node from opening the same thread.
        const f = await trx
          .selectFrom('event_focus_days')
          .selectAll()
          .where('id', '=', d.id)
          .where('post_id', 'is', null)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!f) return;
        const author =
          (f.created_by as string | null) ??
          ((await trx.selectFrom('users').select('id').where('role', '=', 'owner').executeTakeFirst())?.id as
            | string
            | undefined);
        if (!author) return;
        try {
          const postId = await deps.createPost(author, f.space_id as string, {
            title: f.theme as string,
            body: f.description as string,
          });
          await trx.updateTable('event_focus_days').set({ post_id: postId }).where('id', '=', f.id).execute();
          opened++;
        } catch (err) {
          logger.warn({ err, focusDay: f.id }, 'could not open the focus day thread');
        }
      });
    }
    return { opened };
  }

  return { reminderTick, focusTick };
}

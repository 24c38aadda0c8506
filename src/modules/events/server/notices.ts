import type { Kysely } from 'kysely';
import { uuidv7 } from '../../../platform/ids.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { SendMailInput } from '../../../platform/mail/index.ts';
import type { CalendarFiles } from './calendar-files.ts';
import { buildCalendar } from './ics.ts';
import { allBreaks, type Occ, overridesFor } from './occurrences.ts';

// biome-ignore lint/suspicious/noExplicitAny: the module's tables are untyped for Kysely
type Db = Kysely<any>;

export interface Recipient {
  id: string;
  name: string;
  email: string;
  locale: string;
}

export type MailKind =
  | 'confirmed'
  | 'waitlisted'
  | 'promoted'
  | 'updated'
  | 'cancelled'
  | 'declined'
  | 'reminder';

/**
 * Telling people about a date: a mail in their language (with an iTIP part where their calendar
 * should add, update or remove the entry) and, for some kinds, an in-app notice. Everything is
 * written through the caller's transaction, so it happens exactly when the change commits.
 */
export function createNotices(deps: {
  sendMail: (input: SendMailInput, trx?: Db) => Promise<unknown>;
  publish: (userId: string) => Promise<void>;
  files: CalendarFiles;
  publicUrl: string;
  logger: Logger;
  now: () => Date;
}) {
  const { logger, now } = deps;
  const { icsEvents, icsOccurrence, location, eventUrl } = deps.files;
  const host = new URL(deps.publicUrl).host;

  async function recipients(trx: Db, ids: string[]): Promise<Recipient[]> {
    if (!ids.length) return [];
    return (await trx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'locale'])
      .where('id', 'in', [...new Set(ids)])
      .execute()) as Recipient[];
  }

  function when(occ: Occ, locale: string): string {
    const tz = occ.event.time_zone;
    const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: tz });
    const end = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: tz }).format(occ.endsAt);
    return `${fmt.format(occ.startsAt)} – ${end} (${tz})`;
  }

  const NOTICE: Partial<Record<MailKind, string>> = {
    promoted: 'event_promoted',
    updated: 'event_changed',
    cancelled: 'event_cancelled',
    reminder: 'event_reminder',
  };

  /** A mail about one date (with its iTIP part where calendars should act) and, for some kinds, an in-app notice. */
  async function tell(
    trx: Db,
    kind: MailKind,
    to: Recipient[],
    occ: Occ,
    opts: {
      calendar?: 'REQUEST' | 'CANCEL';
      series?: boolean;
      position?: number;
      inApp?: boolean;
      mail?: boolean;
    } = {},
  ): Promise<string[]> {
    const e = occ.event;
    const told: string[] = [];
    // The calendar entries are the same for everyone told; only the ATTENDEE line differs.
    const entries =
      opts.calendar && opts.mail !== false && to.length
        ? opts.series
          ? icsEvents(e, (await overridesFor(trx, [e.id])).get(e.id), await allBreaks(trx))
          : [icsOccurrence(occ, opts.calendar === 'CANCEL' ? true : occ.cancelled)]
        : [];
    for (const r of to) {
      if (opts.mail !== false) {
        let calendar: SendMailInput['calendar'];
        if (opts.calendar) {
          const attendee = {
            name: r.name,
            email: r.email,
            partstat: opts.calendar === 'CANCEL' ? ('DECLINED' as const) : ('ACCEPTED' as const),
          };
          calendar = {
            method: opts.calendar,
            content: buildCalendar({
              name: e.title,
              method: opts.calendar,
              now: now(),
              events: entries.map((x) => ({
                ...x,
                ...(opts.calendar === 'CANCEL' && !x.recurrenceId ? { status: 'CANCELLED' as const } : {}),
                organizer: { name: 'Treffpunkt', email: `noreply@${host.replace(/:\d+$/, '')}` },
                attendees: [attendee],
              })),
            }),
          };
        }
        await deps.sendMail(
          {
            to: r.email,
            template: `events.${kind}`,
            locale: r.locale,
            data: {
              name: r.name,
              title: e.title,
              when: opts.series && e.repeat ? `${when(occ, r.locale)} …` : when(occ, r.locale),
              place: location(e, occ.override),
              note: occ.override?.note ?? '',
              position: String(opts.position ?? ''),
              url: eventUrl(e.id, occ.key),
            },
            ...(calendar ? { calendar } : {}),
          },
          trx,
        );
      }
      const notice = NOTICE[kind];
      if (notice && opts.inApp !== false) {
        await trx
          .insertInto('notifications')
          .values({
            id: uuidv7(),
            user_id: r.id,
            kind: notice,
            event_id: e.id,
            occurrence: occ.original,
            title: e.title,
            in_app: true,
            email: 'off',
          })
          .execute();
        told.push(r.id);
      }
    }
    return told;
  }

  async function publishAll(ids: string[]) {
    for (const id of ids)
      await deps
        .publish(id)
        .catch((err) => logger.warn({ err, user: id }, 'could not publish an event notice'));
  }

  return { recipients, tell, publishAll };
}

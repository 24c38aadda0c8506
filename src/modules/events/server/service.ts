import { createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import { type Actor, roleAtLeast } from '../../../platform/http/types.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { SendMailInput } from '../../../platform/mail/index.ts';
import type {
  Break,
  BreakInput,
  CalendarRange,
  EventDetail,
  EventInput,
  EventPatch,
  EventSettings,
  EventSettingsPatch,
  FeedInfo,
  FocusDay,
  FocusDayInput,
  Occurrence,
  OccurrenceChange,
  OccurrenceDetail,
  Person,
  ReminderPrefs,
  RsvpInput,
  RsvpResult,
  RsvpRow,
  Roster,
  AttendanceEntry,
} from '../schema.ts';
import { keyToLocal, localToKey, OCCURRENCE_KEY, SERIES } from '../shared.ts';
import { createLru, type DataVersion, dataVersion, etagOf, pruneChanges } from './cache.ts';
import { createCalendarFiles } from './calendar-files.ts';
import { createFeedKeys } from './feed-keys.ts';
import { createNotices } from './notices.ts';
import { createTicks } from './ticks.ts';
import { buildCalendar } from './ics.ts';
import {
  allBreaks,
  type BreakRow,
  defaultEnd,
  type EventRow,
  eventById,
  eventColumns,
  eventsBetween,
  expand,
  lastEnd,
  type Occ,
  occurrence,
  overridesFor,
  type OverrideRow,
} from './occurrences.ts';
import { isOccurrence, lastLocal, toRrule } from './recurrence.ts';
import { isLocal, isValidZone, type Local, localDate, toInstant, toLocal } from './tz.ts';
import { createVideoProviders, type VideoSettings } from './video.ts';

// biome-ignore lint/suspicious/noExplicitAny: the module's tables are untyped for Kysely
type Db = Kysely<any>;

export interface SpaceRef {
  id: string;
  slug: string;
  name: string;
  icon: string;
}

export interface EventsDeps {
  db: Db;
  /** The one grants provider (memberships): role:…, member, tier:…, product:…. */
  grants: (actor: Actor) => Promise<Set<string>>;
  /** The spaces this actor may see. */
  visibleSpaces: (actor: Actor | null) => Promise<SpaceRef[]>;
  render: (markdown: string) => Promise<string>;
  sendMail: (input: SendMailInput, trx?: Db) => Promise<unknown>;
  /** Tell a member's open tabs that a notification arrived (after commit). */
  publish: (userId: string) => Promise<void>;
  /** Opens a focus day's thread as its host; returns the post id. */
  createPost: (authorId: string, spaceId: string, input: { title: string; body: string }) => Promise<string>;
  secret: string;
  publicUrl: string;
  logger: Logger;
  now?: () => Date;
  fetch?: typeof fetch;
}

interface SettingsRow {
  default_provider: 'jitsi' | 'bbb' | 'link';
  jitsi_base_url: string;
  jitsi_app_id: string;
  jitsi_secret: string;
  bbb_url: string;
  bbb_secret: string;
  bbb_algorithm: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  join_opens_minutes: number;
  default_reminders: number[];
  time_zone: string;
}

interface Viewer {
  actor: Actor | null;
  grants: Set<string>;
  spaces: Map<string, SpaceRef>;
  host: boolean;
}

/** A feed as sent: its bytes and their gzip (calendar apps ask for gzip), built once per key. */
export interface RenderedFeed {
  body: Buffer;
  gzip: Buffer;
}

/** The feed's ETag, and its body when the client does not have that version yet. */
export interface FeedAnswer {
  etag: string;
  render: () => Promise<RenderedFeed>;
}

const gzipAsync = promisify(gzip);
const SERIES_OCC = '-infinity';
const DAY = 86_400_000;
/** Hosts may open the room this long before start, whatever the members' setting. */
const HOST_EARLY_MINUTES = 60;

const isHost = (actor: Actor | null) => Boolean(actor && roleAtLeast(actor.role, 'admin'));
const notFound = () => new AppError('not_found', 'No such event.');
const invalid = (path: string, message: string, code = 'custom') =>
  new AppError('validation_failed', message, [{ path, message, code }]);

/** The events module: calendar, series and breaks, RSVPs with a waitlist, feeds, reminders, rooms, attendance. */
export function createEventsService(deps: EventsDeps) {
  const { db, logger } = deps;
  const now = deps.now ?? (() => new Date());

  // --- settings -------------------------------------------------------------------------------
  async function settingsRow(): Promise<SettingsRow> {
    return (await db.selectFrom('event_settings').selectAll().executeTakeFirstOrThrow()) as SettingsRow;
  }
  function videoSettings(s: SettingsRow): VideoSettings {
    return {
      jitsi: { baseUrl: s.jitsi_base_url, appId: s.jitsi_app_id, secret: s.jitsi_secret },
      bbb: { url: s.bbb_url, secret: s.bbb_secret, algorithm: s.bbb_algorithm },
    };
  }

  // --- who sees what --------------------------------------------------------------------------
  async function viewer(actor: Actor | null): Promise<Viewer> {
    const [grants, spaces] = await Promise.all([
      actor ? deps.grants(actor) : Promise.resolve(new Set<string>()),
      deps.visibleSpaces(actor),
    ]);
    return { actor, grants, spaces: new Map(spaces.map((s) => [s.id, s])), host: isHost(actor) };
  }

  /** The same rule as spaces: public, members (the `member` grant) or restricted to grants; and its space. */
  function canSee(v: Viewer, e: EventRow): boolean {
    if (v.host || (v.actor && e.host_ids.includes(v.actor.id))) return true;
    if (e.space_id && !v.spaces.has(e.space_id)) return false;
    if (e.audience === 'public') return true;
    if (!v.actor) return false;
    if (e.audience === 'members') return v.grants.has('member');
    return e.grants.some((g) => v.grants.has(g));
  }
  const canManage = (v: Viewer, e: EventRow) => v.host || Boolean(v.actor && e.host_ids.includes(v.actor.id));

  async function requireEvent(v: Viewer, id: string, lock?: { trx: Db }): Promise<EventRow> {
    const e = await eventById(lock?.trx ?? db, id, Boolean(lock));
    if (!e || !canSee(v, e)) throw notFound();
    return e;
  }

  function requireHost(actor: Actor) {
    if (!isHost(actor)) throw new AppError('forbidden', 'Only hosts manage events.');
  }

  /** One date of an event, by key; 404 when the key is not one of its dates (or lies in a break). */
  async function requireOcc(
    e: EventRow,
    key: string,
    opts: { withBreaks?: boolean; trx?: Db; loaded?: Loaded } = {},
  ): Promise<Occ> {
    if (!OCCURRENCE_KEY.test(key)) throw notFound();
    const original = keyToLocal(key);
    if (!isLocal(original)) throw notFound();
    const valid = e.repeat ? isOccurrence(e.repeat, e.starts_local, original) : original === e.starts_local;
    if (!valid) throw notFound();
    const o = opts.loaded
      ? opts.loaded.overrides.get(e.id)?.get(key)
      : ((await (opts.trx ?? db)
          .selectFrom('event_occurrences')
          .selectAll()
          .where('event_id', '=', e.id)
          .where('original_local', '=', original)
          .executeTakeFirst()) as OverrideRow | undefined);
    const occ = occurrence(e, original, o ?? null, opts.loaded?.breaks ?? (await allBreaks(opts.trx ?? db)));
    if (occ.inBreak && !opts.withBreaks) throw notFound();
    return occ;
  }

  /** An event's changed dates and the breaks, read once per request and handed down. */
  interface Loaded {
    overrides: Map<string, Map<string, OverrideRow>>;
    breaks: BreakRow[];
  }
  type MyRsvps = Awaited<ReturnType<typeof myRsvps>>;
  type Counted = Awaited<ReturnType<typeof countsFor>>;

  // --- counts and my status -------------------------------------------------------------------
  interface Counts {
    taken: number;
    waitlisted: number;
  }
  /**
   * Places taken and waitlist length per date. A series RSVP counts on every date where its member has
   * no answer of their own; an own answer (declined, waiting, or going with other guests) replaces it.
   */
  async function countsFor(
    occs: Occ[],
  ): Promise<{ perOcc: Map<string, Counts>; series: Map<string, number> }> {
    const perOcc = new Map<string, Counts>();
    const series = new Map<string, number>();
    if (!occs.length) return { perOcc, series };
    // Only the dates in view (and the series rows): the primary key (event, occurrence, user) serves it.
    const eventIds = occs.map((o) => o.event.id);
    const originals = occs.map((o) => o.original);
    const { rows } = await sql<{
      event_id: string;
      occurrence: string;
      taken: number;
      waitlisted: number;
      series_declined: number;
    }>`
      select r.event_id, r.occurrence,
        coalesce(sum(1 + r.guests) filter (where r.status = 'going'), 0)::int as taken,
        count(*) filter (where r.status = 'waitlisted')::int as waitlisted,
        coalesce(sum(1 + s.guests) filter (where s.user_id is not null), 0)::int as series_declined
      from event_rsvps r
      left join event_rsvps s on s.event_id = r.event_id and s.occurrence = '-infinity' and s.user_id = r.user_id and s.status = 'going'
      where (r.event_id, r.occurrence) in (
        select * from unnest(${eventIds}::uuid[], ${originals}::timestamp[])
        union all select distinct e, '-infinity'::timestamp from unnest(${eventIds}::uuid[]) as e)
      group by r.event_id, r.occurrence`.execute(db);
    for (const r of rows) {
      if (r.occurrence === SERIES_OCC) series.set(r.event_id, r.taken);
      else
        perOcc.set(`${r.event_id}/${localToKey(r.occurrence)}`, {
          taken: r.taken - r.series_declined,
          waitlisted: r.waitlisted,
        });
    }
    return { perOcc, series };
  }

  async function myRsvps(
    actor: Actor | null,
    eventIds: string[],
  ): Promise<Map<string, { status: RsvpRow['status']; guests: number; seq: number }>> {
    const out = new Map<string, { status: RsvpRow['status']; guests: number; seq: number }>();
    if (!actor || !eventIds.length) return out;
    const rows = await db
      .selectFrom('event_rsvps')
      .select(['event_id', 'occurrence', 'status', 'guests', 'seq'])
      .where('user_id', '=', actor.id)
      // One array parameter rather than one per id: less to parse and plan for a month of events.
      .where('event_id', '=', sql<string>`any(${eventIds}::uuid[])`)
      .execute();
    for (const r of rows) {
      const k = r.occurrence === SERIES_OCC ? SERIES : localToKey(r.occurrence as string);
      out.set(`${r.event_id}/${k}`, {
        status: r.status as RsvpRow['status'],
        guests: r.guests as number,
        seq: r.seq as number,
      });
    }
    return out;
  }

  function myStatusFor(
    mine: Awaited<ReturnType<typeof myRsvps>>,
    occ: Occ,
  ): { status: RsvpRow['status'] | null; series: boolean } {
    const own = mine.get(`${occ.event.id}/${occ.key}`);
    if (own) return { status: own.status, series: false };
    const series = mine.get(`${occ.event.id}/${SERIES}`);
    return series?.status === 'going' ? { status: 'going', series: true } : { status: null, series: false };
  }

  function presentOcc(
    v: Viewer,
    occ: Occ,
    counts: Awaited<ReturnType<typeof countsFor>>,
    mine: Awaited<ReturnType<typeof myRsvps>>,
  ): Occurrence {
    const e = occ.event;
    const c = counts.perOcc.get(`${e.id}/${occ.key}`);
    const my = myStatusFor(mine, occ);
    const space = e.space_id ? (v.spaces.get(e.space_id) ?? null) : null;
    return {
      eventId: e.id,
      key: occ.key,
      title: e.title,
      startsAt: occ.startsAt.toISOString(),
      endsAt: occ.endsAt.toISOString(),
      startsLocal: occ.startsLocal,
      endsLocal: occ.endsLocal,
      timeZone: e.time_zone,
      format: e.format,
      placeName: occ.override?.place_name ?? e.place_name,
      audience: e.audience,
      space: space ? { id: space.id, slug: space.slug, name: space.name, icon: space.icon } : null,
      series: Boolean(e.repeat),
      changed: Boolean(occ.override),
      cancelled: occ.cancelled,
      note: occ.override?.note ?? '',
      capacity: e.capacity,
      taken: (c?.taken ?? 0) + (counts.series.get(e.id) ?? 0),
      waitlisted: c?.waitlisted ?? 0,
      myStatus: my.status,
      mySeries: my.series,
      hasVideo: Boolean(occ.override?.video_provider ?? e.video_provider),
    };
  }

  function presentBreak(b: BreakRow): Break {
    return { id: b.id, title: b.title, startsOn: b.starts_on, endsOn: b.ends_on, message: b.message };
  }

  async function focusDays(v: Viewer, from: string | null, to: string | null): Promise<FocusDay[]> {
    let q = db.selectFrom('event_focus_days').selectAll().orderBy('day');
    if (from) q = q.where('day', '>=', from);
    if (to) q = q.where('day', '<=', to);
    const rows = await q.execute();
    return rows.map((r) => {
      // A focus day's thread is in its space; the space's name only shows to those who may see it.
      const space = r.space_id ? (v.spaces.get(r.space_id as string) ?? null) : null;
      return {
        id: r.id as string,
        day: r.day as string,
        theme: r.theme as string,
        description: r.description as string,
        space: space ? { id: space.id, slug: space.slug, name: space.name } : null,
        postId: space ? ((r.post_id as string | null) ?? null) : null,
      };
    });
  }

  /** The break we are in (or the next within 60 days), in the programme's zone. */
  function breakBanner(
    breaks: BreakRow[],
    zone: string,
  ): { currentBreak: Break | null; nextBreak: Break | null } {
    const today = localDate(toLocal(now(), zone));
    const horizon = localDate(toLocal(new Date(now().getTime() + 60 * DAY), zone));
    const current = breaks.find((b) => b.starts_on <= today && today <= b.ends_on) ?? null;
    const next = breaks.find((b) => b.starts_on > today && b.starts_on <= horizon) ?? null;
    return {
      currentBreak: current ? presentBreak(current) : null,
      nextBreak: next ? presentBreak(next) : null,
    };
  }

  /**
   * Every date of every event in [from, to) with changes applied and breaks left out, before anyone's
   * visibility: the part of a calendar range that is the same for every viewer. Kept per range and data
   * version (all members ask for the same months), so a request only filters, counts and adds its RSVPs.
   */
  const ranges = createLru<{ occs: Occ[]; breaks: BreakRow[] }>({
    maxEntries: 64,
    maxBytes: 64 * 1024 * 1024,
    maxAgeMs: 10 * 60_000,
    // A rough estimate: an Occ and its share of the event row.
    sizeOf: (r) => 600 * r.occs.length + 2_000,
  });

  const rangeCounts = createLru<Counted>({
    maxEntries: 64,
    maxAgeMs: 10 * 60_000,
  });

  async function expandRange(from: Date, to: Date): Promise<{ occs: Occ[]; breaks: BreakRow[] }> {
    const events = await eventsBetween(db, from, to);
    const [overrides, breaks] = await Promise.all([
      overridesFor(
        db,
        events.filter((e) => e.repeat).map((e) => e.id),
      ),
      allBreaks(db),
    ]);
    const occs = events.flatMap((e) => expand(e, overrides.get(e.id), breaks, from, to));
    occs.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    return { occs, breaks };
  }

  async function range(
    v: Viewer,
    from: Date,
    to: Date,
    filter: { space?: string; format?: string },
    opts: { cached?: boolean } = {},
  ): Promise<{ occs: Occ[]; breaks: BreakRow[]; counts?: Promise<Counted> }> {
    let all: { occs: Occ[]; breaks: BreakRow[] };
    let counts: Promise<Counted> | undefined;
    if (opts.cached) {
      // The version first: what is read after it is at least as new.
      const version = await dataVersion(db);
      const key = `${from.getTime()}|${to.getTime()}|${version.key}`;
      all = await ranges.get(key, () => expandRange(from, to));
      // Places taken per date, for every date of the range (whoever asks): until the next RSVP anywhere.
      const everything = all.occs;
      counts = rangeCounts.get(`${key}|${version.rsvpKey}`, () => countsFor(everything));
    } else all = await expandRange(from, to);
    const visible = new Map<EventRow, boolean>();
    const shown = (e: EventRow) => {
      let ok = visible.get(e);
      if (ok === undefined) {
        ok =
          canSee(v, e) &&
          (!filter.space || e.space_id === filter.space) &&
          (!filter.format || e.format === filter.format);
        visible.set(e, ok);
      }
      return ok;
    };
    return { occs: all.occs.filter((o) => shown(o.event)), breaks: all.breaks, counts };
  }

  async function present(
    v: Viewer,
    occs: Occ[],
    known?: MyRsvps,
    counted?: Promise<Counted>,
  ): Promise<Occurrence[]> {
    const ids = [...new Set(occs.map((o) => o.event.id))];
    const [counts, mine] = await Promise.all([counted ?? countsFor(occs), known ?? myRsvps(v.actor, ids)]);
    return occs.map((o) => presentOcc(v, o, counts, mine));
  }

  async function people(ids: string[]): Promise<Person[]> {
    if (!ids.length) return [];
    const rows = await db
      .selectFrom('users')
      .select(['id', 'name', 'image'])
      .where('id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ id, name: r.name as string, image: (r.image as string | null) ?? null }] : [];
    });
  }

  async function detail(v: Viewer, e: EventRow, loaded?: Loaded, known?: MyRsvps): Promise<EventDetail> {
    const mine = known ?? (await myRsvps(v.actor, [e.id]));
    const { overrides, breaks } = loaded ?? {
      overrides: await overridesFor(db, [e.id]),
      breaks: await allBreaks(db),
    };
    const next = e.status === 'cancelled' ? null : nextOf(e, overrides.get(e.id), breaks, true);
    const space = e.space_id ? (v.spaces.get(e.space_id) ?? null) : null;
    const manage = canManage(v, e);
    return {
      id: e.id,
      title: e.title,
      description: e.description,
      descriptionHtml: await deps.render(e.description),
      timeZone: e.time_zone,
      startsLocal: e.starts_local,
      endsLocal: e.ends_local,
      startsAt: new Date(e.starts_at).toISOString(),
      endsAt: new Date(e.ends_at).toISOString(),
      repeat: e.repeat,
      rrule: e.rrule,
      format: e.format,
      placeName: e.place_name,
      placeAddress: e.place_address,
      mapUrl: e.map_url,
      videoProvider: e.video_provider,
      videoUrl: manage ? e.video_url : null,
      audience: e.audience,
      grants: v.host ? e.grants : [],
      space: space ? { id: space.id, slug: space.slug, name: space.name, icon: space.icon } : null,
      hosts: await people(e.host_ids),
      capacity: e.capacity,
      maxGuests: e.max_guests,
      rsvpDeadlineMinutes: e.rsvp_deadline_minutes,
      coverUrl: e.cover_url,
      status: e.status,
      sequence: e.sequence,
      mySeries: mine.get(`${e.id}/${SERIES}`)?.status ?? null,
      canManage: manage,
      seriesRsvp: Boolean(e.repeat),
      seriesPlaces:
        e.repeat && e.capacity !== null ? Math.max(0, e.capacity - (await seriesTaken(db, e.id))) : null,
      icsUrl: `/api/events/${e.id}/ics`,
      next: next ? { key: next.key, startsAt: next.startsAt.toISOString() } : null,
    };
  }

  // --- writing events -------------------------------------------------------------------------
  interface Normalized {
    startsAt: Date;
    endsAt: Date;
    rrule: string | null;
    seriesUntil: Date | null;
  }
  function normalize(input: EventInput): Normalized {
    if (!isValidZone(input.timeZone)) throw invalid('timeZone', 'Unknown time zone.', 'invalid_time_zone');
    if (!isLocal(input.startsLocal)) throw invalid('startsLocal', 'Not a valid date and time.');
    if (!isLocal(input.endsLocal)) throw invalid('endsLocal', 'Not a valid date and time.');
    if (input.endsLocal <= input.startsLocal)
      throw invalid('endsLocal', 'The end must be after the start.', 'end_before_start');
    const startsAt = toInstant(input.startsLocal, input.timeZone);
    const endsAt = toInstant(input.endsLocal, input.timeZone);
    if (endsAt.getTime() - startsAt.getTime() > 14 * DAY)
      throw invalid('endsLocal', 'An event lasts at most 14 days.', 'too_long');
    if (input.audience === 'restricted' && input.grants.length === 0) {
      throw invalid('grants', 'Choose who may see the event.', 'grants_required');
    }
    if (
      (input.format === 'online' || input.format === 'hybrid') &&
      input.videoProvider === 'link' &&
      !input.videoUrl
    ) {
      throw invalid('videoUrl', 'Enter the link to the video room.', 'video_url_required');
    }
    if (!input.repeat) return { startsAt, endsAt, rrule: null, seriesUntil: null };
    const r = input.repeat;
    if (r.until && r.until < localDate(input.startsLocal))
      throw invalid('repeat.until', 'The series ends before it starts.', 'until_before_start');
    if (r.freq === 'monthly' && r.setPos !== null && r.weekdays.length > 1) {
      throw invalid('repeat.weekdays', 'Choose one weekday for "the 2nd Tuesday".');
    }
    const last = lastLocal(r, input.startsLocal);
    const lengthMs = endsAt.getTime() - startsAt.getTime();
    return {
      startsAt,
      endsAt,
      rrule: toRrule(r, input.startsLocal, input.timeZone),
      seriesUntil: last ? new Date(toInstant(last, input.timeZone).getTime() + lengthMs + DAY) : null,
    };
  }

  async function checkRefs(trx: Db, input: Pick<EventInput, 'spaceId' | 'hostIds'>) {
    if (input.spaceId) {
      const s = await trx
        .selectFrom('spaces')
        .select('id')
        .where('id', '=', input.spaceId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!s) throw invalid('spaceId', 'No such space.', 'unknown_space');
    }
    const hostIds = [...new Set(input.hostIds)];
    if (hostIds.length) {
      const found = await trx.selectFrom('users').select('id').where('id', 'in', hostIds).execute();
      if (found.length !== hostIds.length) throw invalid('hostIds', 'Unknown host.', 'unknown_host');
    }
    return hostIds;
  }

  function rowValues(input: EventInput, n: Normalized) {
    return {
      space_id: input.spaceId,
      title: input.title,
      description: input.description,
      time_zone: input.timeZone,
      starts_local: input.startsLocal,
      ends_local: input.endsLocal,
      starts_at: n.startsAt,
      ends_at: n.endsAt,
      repeat: input.repeat ? JSON.stringify(input.repeat) : null,
      rrule: n.rrule,
      series_until: n.seriesUntil,
      format: input.format,
      place_name: input.placeName,
      place_address: input.placeAddress,
      map_url: input.mapUrl,
      video_provider: input.format === 'onsite' ? null : input.videoProvider,
      video_url: input.videoUrl,
      audience: input.audience,
      capacity: input.capacity,
      max_guests: input.maxGuests,
      rsvp_deadline_minutes: input.rsvpDeadlineMinutes,
      cover_url: input.coverUrl,
    };
  }

  async function writeLinks(trx: Db, id: string, grants: string[], hostIds: string[]) {
    await trx.deleteFrom('event_grants').where('event_id', '=', id).execute();
    await trx.deleteFrom('event_hosts').where('event_id', '=', id).execute();
    if (grants.length)
      await trx
        .insertInto('event_grants')
        .values([...new Set(grants)].map((g) => ({ event_id: id, grant_key: g })))
        .execute();
    if (hostIds.length)
      await trx
        .insertInto('event_hosts')
        .values(hostIds.map((u) => ({ event_id: id, user_id: u })))
        .execute();
  }

  function inputOf(e: EventRow): EventInput {
    return {
      title: e.title,
      description: e.description,
      timeZone: e.time_zone,
      startsLocal: e.starts_local,
      endsLocal: e.ends_local,
      repeat: e.repeat,
      format: e.format,
      placeName: e.place_name,
      placeAddress: e.place_address,
      mapUrl: e.map_url,
      videoProvider: e.video_provider,
      videoUrl: e.video_url,
      spaceId: e.space_id,
      audience: e.audience,
      grants: e.grants,
      hostIds: e.host_ids,
      capacity: e.capacity,
      maxGuests: e.max_guests,
      rsvpDeadlineMinutes: e.rsvp_deadline_minutes,
      coverUrl: e.cover_url,
      notify: true,
    };
  }

  /** Fields whose change makes calendars update the entry (and the people going hear of it). */
  const SIGNIFICANT = [
    'title',
    'timeZone',
    'startsLocal',
    'endsLocal',
    'repeat',
    'format',
    'placeName',
    'placeAddress',
    'videoProvider',
    'videoUrl',
  ] as const;

  const files = createCalendarFiles(deps.publicUrl);
  const { icsEvents, icsOccurrence, breakEntries } = files;

  /**
   * Every event the viewer may see, from 90 days back (from the start of that UTC day) on, plus breaks
   * and focus days. DTSTAMP is the later of the last change and the start of today (UTC), so the same
   * data gives the same bytes on every node, and the ETag can be strong.
   */
  async function feedFor(v: Viewer, name: string, version: DataVersion, day: number): Promise<string> {
    const from = new Date(day - 90 * DAY);
    const events = (await eventsBetween(db, from, new Date('9999-01-01T00:00:00Z'))).filter((e) =>
      canSee(v, e),
    );
    const [overrides, breaks] = await Promise.all([
      overridesFor(
        db,
        events.map((e) => e.id),
      ),
      allBreaks(db),
    ]);
    return buildCalendar({
      name,
      refreshMinutes: 60,
      now: new Date(Math.max(day, version.changedAt?.getTime() ?? 0)),
      events: [
        ...events.flatMap((e) => icsEvents(e, overrides.get(e.id), breaks)),
        ...breakEntries(breaks),
        ...files.focusEntries(await focusDays(v, null, null)),
      ],
    });
  }

  /** A rendered feed: the bytes and their gzip, kept per visibility key and data version. */
  const feeds = createLru<RenderedFeed>({
    maxEntries: 200,
    maxBytes: 96 * 1024 * 1024,
    maxAgeMs: 10 * 60_000,
    sizeOf: (f) => f.body.length + f.gzip.length,
  });

  /**
   * The feed's answer: its ETag (cheap: a version query) and, when needed, the body. The key holds
   * everything the body depends on: the member (a feed is personal; hosts of an event see it), their
   * grants and visible spaces, the calendar's name, the day (the 90-day window) and the data version.
   */
  async function feedAnswer(v: Viewer, name: string): Promise<FeedAnswer> {
    const version = await dataVersion(db);
    const day = Math.floor(now().getTime() / DAY) * DAY;
    const who = v.actor ? `user:${v.actor.id}:${v.actor.role}` : 'public';
    const key = [
      'feed',
      who,
      v.host ? 'host' : '',
      [...v.grants].sort().join(','),
      [...v.spaces.keys()].sort().join(','),
      name,
      day,
      version.key,
    ].join('|');
    return {
      etag: etagOf(key),
      render: () =>
        feeds.get(key, async () => {
          const body = Buffer.from(await feedFor(v, name, version, day), 'utf8');
          return { body, gzip: await gzipAsync(body, { level: 6 }) };
        }),
    };
  }

  const feedKeys = createFeedKeys({ db, secret: deps.secret, publicUrl: deps.publicUrl });

  const { recipients, tell, publishAll } = createNotices({
    sendMail: deps.sendMail,
    publish: deps.publish,
    files,
    publicUrl: deps.publicUrl,
    logger,
    now,
  });

  /** Who is going to a date: its own RSVPs and the series' (minus those who declined this date). */
  async function goingTo(trx: Db, occ: Occ): Promise<string[]> {
    const { rows } = await sql<{ user_id: string }>`
      select user_id from event_rsvps where event_id = ${occ.event.id} and occurrence = ${occ.original} and status = 'going'
      union
      select s.user_id from event_rsvps s where s.event_id = ${occ.event.id} and s.occurrence = '-infinity' and s.status = 'going'
        and not exists (select 1 from event_rsvps d where d.event_id = s.event_id and d.occurrence = ${occ.original}
          and d.user_id = s.user_id)`.execute(trx);
    return rows.map((r) => r.user_id);
  }

  /** Everyone going to some coming date of an event (for a change to the whole series). */
  async function goingToEvent(trx: Db, e: EventRow): Promise<string[]> {
    const { rows } = await sql<{ user_id: string }>`
      select distinct user_id from event_rsvps where event_id = ${e.id} and status = 'going'
        and (occurrence = '-infinity' or occurrence >= ${toLocal(now(), e.time_zone)}::timestamp)`.execute(
      trx,
    );
    return rows.map((r) => r.user_id);
  }

  /** The next date of an event from now (for mails about the whole series). */
  async function nextOcc(e: EventRow, trx: Db = db): Promise<Occ | null> {
    const [overrides, breaks] = await Promise.all([overridesFor(trx, [e.id]), allBreaks(trx)]);
    return nextOf(e, overrides.get(e.id), breaks);
  }

  /** The first date from now on (cancelled ones too unless `held`); widening the window for sparse series. */
  function nextOf(
    e: EventRow,
    overrides: Map<string, OverrideRow> | undefined,
    breaks: BreakRow[],
    held = false,
  ): Occ | null {
    const start = now();
    for (let span = 62; span <= 800; span *= 2) {
      const occs = expand(e, overrides, breaks, start, new Date(start.getTime() + span * DAY)).filter(
        (o) => !held || !o.cancelled,
      );
      if (occs.length) return occs[0]!;
      if (!e.repeat) break;
    }
    return null;
  }

  // --- places and the waitlist ----------------------------------------------------------------
  /** Places taken on a date: its own "going" answers, and the series' where the member has none of their own. */
  async function takenAt(trx: Db, occ: Occ, exceptUser?: string): Promise<number> {
    const { rows } = await sql<{ taken: number }>`
      select coalesce(sum(1 + guests), 0)::int as taken from (
        select user_id, guests from event_rsvps
        where event_id = ${occ.event.id} and occurrence = ${occ.original} and status = 'going'
        union all
        select s.user_id, s.guests from event_rsvps s
        where s.event_id = ${occ.event.id} and s.occurrence = '-infinity' and s.status = 'going'
          and not exists (select 1 from event_rsvps d where d.event_id = s.event_id
            and d.occurrence = ${occ.original} and d.user_id = s.user_id)
      ) t
      ${exceptUser ? sql`where user_id <> ${exceptUser}` : sql``}`.execute(trx);
    return rows[0]!.taken;
  }

  /** Standing places of a series: what its series RSVPs take on every date. */
  async function seriesTaken(trx: Db, eventId: string, exceptUser?: string): Promise<number> {
    const { rows } = await sql<{ taken: number }>`
      select coalesce(sum(1 + guests), 0)::int as taken from event_rsvps
      where event_id = ${eventId} and occurrence = '-infinity' and status = 'going'
        ${exceptUser ? sql`and user_id <> ${exceptUser}` : sql``}`.execute(trx);
    return rows[0]!.taken;
  }

  /** The coming dates of an event that already have answers of their own (series RSVPs alone fit by rule). */
  async function answeredDates(trx: Db, e: EventRow, status?: RsvpRow['status']): Promise<Occ[]> {
    const { rows } = await sql<{ occurrence: Local }>`select distinct occurrence from event_rsvps
      where event_id = ${e.id} and occurrence <> '-infinity'
        and occurrence >= ${toLocal(now(), e.time_zone)}::timestamp
        ${status ? sql`and status = ${status}` : sql``}
      order by occurrence`.execute(trx);
    if (!rows.length) return [];
    // The changed dates and the breaks once, not per date.
    const loaded = { overrides: await overridesFor(trx, [e.id]), breaks: await allBreaks(trx) };
    const out: Occ[] = [];
    for (const r of rows) {
      const occ = await requireOcc(e, localToKey(r.occurrence), { trx, loaded }).catch(() => null);
      if (occ && !occ.cancelled && occ.startsAt > now()) out.push(occ);
    }
    return out;
  }

  /** Moves the waitlists up on every coming date that has one (more places, or a series place given up). */
  async function fillAll(trx: Db, e: EventRow): Promise<string[]> {
    const told: string[] = [];
    for (const occ of await answeredDates(trx, e, 'waitlisted')) told.push(...(await fill(trx, occ)));
    return told;
  }

  /** Fills free places from the waitlist, first come first served; tells each person who moves up. */
  async function fill(trx: Db, occ: Occ): Promise<string[]> {
    const e = occ.event;
    if (e.capacity === null || occ.cancelled || occ.startsAt <= now()) return [];
    let taken = await takenAt(trx, occ);
    const waiting = await trx
      .selectFrom('event_rsvps')
      .select(['user_id', 'guests'])
      .where('event_id', '=', e.id)
      .where('occurrence', '=', occ.original)
      .where('status', '=', 'waitlisted')
      .orderBy('seq')
      .execute();
    const promoted: string[] = [];
    for (const w of waiting) {
      const need = 1 + (w.guests as number);
      // Strict order: the head of the list waits for enough places rather than being overtaken.
      if (taken + need > e.capacity) break;
      await trx
        .updateTable('event_rsvps')
        .set({ status: 'going', updated_at: sql`now()` })
        .where('event_id', '=', e.id)
        .where('occurrence', '=', occ.original)
        .where('user_id', '=', w.user_id)
        .execute();
      taken += need;
      promoted.push(w.user_id as string);
    }
    return tell(trx, 'promoted', await recipients(trx, promoted), occ, { calendar: 'REQUEST' });
  }

  async function positionOf(trx: Db, occ: Occ, userId: string): Promise<number | null> {
    const { rows } = await sql<{ position: number }>`
      select count(*)::int as position from event_rsvps w
      where w.event_id = ${occ.event.id} and w.occurrence = ${occ.original} and w.status = 'waitlisted'
        and w.seq <= (select seq from event_rsvps where event_id = ${occ.event.id} and occurrence = ${occ.original}
                      and user_id = ${userId} and status = 'waitlisted')`.execute(trx);
    return rows[0]?.position || null;
  }

  function rsvpClosesAt(occ: Occ): Date {
    const minutes = occ.event.rsvp_deadline_minutes ?? 0;
    return new Date(occ.startsAt.getTime() - minutes * 60_000);
  }

  async function upsertRsvp(
    trx: Db,
    eventId: string,
    occurrence: string,
    userId: string,
    status: RsvpRow['status'],
    guests: number,
    fresh: boolean,
  ) {
    // A new place in the queue is a new row: `seq` (the waitlist order) is assigned on insert.
    if (fresh)
      await trx
        .deleteFrom('event_rsvps')
        .where('event_id', '=', eventId)
        .where('occurrence', '=', occurrence)
        .where('user_id', '=', userId)
        .execute();
    await trx
      .insertInto('event_rsvps')
      .values({ event_id: eventId, occurrence, user_id: userId, status, guests })
      .onConflict((oc) =>
        oc
          .columns(['event_id', 'occurrence', 'user_id'])
          .doUpdateSet({ status, guests, updated_at: sql`now()` }),
      )
      .execute();
  }

  const { reminderTick, focusTick } = createTicks({
    db,
    now,
    logger,
    settings: settingsRow,
    between: async (from, to) =>
      (await range({ actor: null, grants: new Set(), spaces: new Map(), host: true }, from, to, {})).occs,
    recipients,
    tell,
    publishAll,
    createPost: deps.createPost,
  });

  // --- the service ----------------------------------------------------------------------------
  return {
    async calendar(
      actor: Actor | null,
      q: { from: Date; to: Date; space?: string; format?: string },
    ): Promise<CalendarRange> {
      if (!(q.to > q.from)) throw invalid('to', '"to" must be after "from".');
      if (q.to.getTime() - q.from.getTime() > 100 * DAY)
        throw invalid('to', 'At most 100 days at once.', 'range_too_long');
      const v = await viewer(actor);
      const { occs, breaks, counts } = await range(v, q.from, q.to, q, { cached: true });
      const s = await settingsRow();
      const fromDay = localDate(toLocal(q.from, s.time_zone));
      const toDay = localDate(toLocal(q.to, s.time_zone));
      return {
        items: await present(v, occs, undefined, counts),
        breaks: breaks.filter((b) => b.ends_on >= fromDay && b.starts_on <= toDay).map(presentBreak),
        focusDays: await focusDays(v, fromDay, toDay),
        ...breakBanner(breaks, s.time_zone),
      };
    },

    async upcoming(
      actor: Actor | null,
      q: { limit: number; space?: string; format?: string; mine?: boolean; after?: Date },
    ): Promise<CalendarRange> {
      const v = await viewer(actor);
      const from = q.after ?? now();
      const items: Occurrence[] = [];
      let breaks: BreakRow[] = [];
      // "Mine" without a single coming answer (the home page asks this of everyone) needs no calendar.
      const none =
        q.mine &&
        (!actor ||
          !(await db
            .selectFrom('event_rsvps')
            .select('event_id')
            .where('user_id', '=', actor.id)
            .where('status', 'in', ['going', 'waitlisted'])
            // Local times: a day's margin covers every zone.
            .where((w) =>
              w.or([
                w('occurrence', '=', SERIES_OCC),
                w('occurrence', '>=', toLocal(new Date(from.getTime() - DAY), 'UTC')),
              ]),
            )
            .limit(1)
            .executeTakeFirst()));
      // Widen the window until enough dates are found (a quiet summer break needs more than a month).
      for (let span = 31; !none && span <= 800 && items.length < q.limit; span *= 3) {
        const r = await range(v, from, new Date(from.getTime() + span * DAY), q);
        breaks = r.breaks;
        let list = await present(
          v,
          r.occs.filter((o) => o.endsAt > from),
        );
        if (q.mine) list = list.filter((o) => o.myStatus === 'going' || o.myStatus === 'waitlisted');
        items.splice(0, items.length, ...list.slice(0, q.limit));
      }
      if (!breaks.length) breaks = await allBreaks(db);
      const s = await settingsRow();
      const today = localDate(toLocal(now(), s.time_zone));
      return {
        items,
        breaks: breaks.filter((b) => b.ends_on >= today).map(presentBreak),
        focusDays: await focusDays(v, today, null),
        ...breakBanner(breaks, s.time_zone),
      };
    },

    async get(actor: Actor | null, id: string): Promise<EventDetail> {
      const v = await viewer(actor);
      return detail(v, await requireEvent(v, id));
    },

    async dates(actor: Actor | null, id: string, limit: number): Promise<{ items: Occurrence[] }> {
      const v = await viewer(actor);
      const e = await requireEvent(v, id);
      const [overrides, breaks] = await Promise.all([overridesFor(db, [e.id]), allBreaks(db)]);
      const from = new Date(Math.max(now().getTime() - DAY, new Date(e.starts_at).getTime() - DAY));
      const occs = expand(e, overrides.get(e.id), breaks, from, new Date(from.getTime() + 400 * DAY)).filter(
        (o) => o.endsAt > now(),
      );
      return { items: await present(v, occs.slice(0, limit)) };
    },

    async occurrence(actor: Actor | null, id: string, key: string): Promise<OccurrenceDetail> {
      const v = await viewer(actor);
      const e = await requireEvent(v, id);
      const [overrides, breaks, mine] = await Promise.all([
        overridesFor(db, [e.id]),
        allBreaks(db),
        myRsvps(v.actor, [e.id]),
      ]);
      const loaded = { overrides, breaks };
      const occ = await requireOcc(e, key, { withBreaks: canManage(v, e), loaded });
      const [base] = await present(v, [occ], mine);
      const own = mine.get(`${e.id}/${occ.key}`);
      const s = await settingsRow();
      const provider = occ.override?.video_provider ?? e.video_provider;
      const opensAt = provider ? new Date(occ.startsAt.getTime() - joinEarly(v, e, s) * 60_000) : null;
      const attended = v.actor
        ? Boolean(
            await db
              .selectFrom('event_attendance')
              .select('user_id')
              .where('event_id', '=', e.id)
              .where('occurrence', '=', occ.original)
              .where('user_id', '=', v.actor.id)
              .executeTakeFirst(),
          )
        : false;
      const neighbours = e.repeat
        ? expand(
            e,
            overrides.get(e.id),
            breaks,
            new Date(occ.startsAt.getTime() - 120 * DAY),
            new Date(occ.startsAt.getTime() + 120 * DAY),
          )
        : [occ];
      const i = neighbours.findIndex((o) => o.key === occ.key);
      const closes = rsvpClosesAt(occ);
      return {
        event: await detail(v, e, loaded, mine),
        occurrence: {
          ...base!,
          placeAddress: occ.override?.place_address ?? e.place_address,
          hosts: await people(occ.override?.host_ids ?? e.host_ids),
          myGuests: own?.guests ?? 0,
          myPosition: own?.status === 'waitlisted' ? await positionOf(db, occ, v.actor!.id) : null,
          rsvpOpen: !occ.cancelled && !occ.inBreak && now() < closes,
          rsvpClosesAt: e.rsvp_deadline_minutes !== null ? closes.toISOString() : null,
          joinOpensAt: opensAt?.toISOString() ?? null,
          canJoin: Boolean(provider) && (await mayJoin(v, occ, mine)),
          inBreak: occ.inBreak ? presentBreak(occ.inBreak) : null,
          videoProvider: provider,
          videoUrl: canManage(v, e) && provider ? (occ.override?.video_url ?? e.video_url) : null,
          attended,
        },
        previous: i > 0 ? neighbours[i - 1]!.key : null,
        next: i >= 0 && i < neighbours.length - 1 ? neighbours[i + 1]!.key : null,
      };
    },

    async manage(actor: Actor, scope: 'upcoming' | 'past' | 'all'): Promise<{ items: EventDetail[] }> {
      requireHost(actor);
      const v = await viewer(actor);
      const t = now();
      const when =
        scope === 'upcoming'
          ? sql`${lastEnd} >= ${t}`
          : scope === 'past'
            ? sql`${lastEnd} < ${t}`
            : sql`true`;
      const { rows } = await sql<EventRow>`select ${eventColumns} from events e where ${when}
        order by e.starts_at ${scope === 'past' ? sql`desc` : sql`asc`} limit 500`.execute(db);
      const [overrides, breaks] = await Promise.all([
        overridesFor(
          db,
          rows.map((e) => e.id),
        ),
        allBreaks(db),
      ]);
      return { items: await Promise.all(rows.map((e) => detail(v, e, { overrides, breaks }))) };
    },

    async create(actor: Actor, input: EventInput): Promise<EventDetail> {
      requireHost(actor);
      const n = normalize(input);
      const id = uuidv7();
      await db.transaction().execute(async (trx) => {
        const hostIds = await checkRefs(trx, input);
        await trx
          .insertInto('events')
          .values({ id, ...rowValues(input, n), created_by: actor.id })
          .execute();
        await writeLinks(trx, id, input.audience === 'restricted' ? input.grants : [], hostIds);
      });
      return this.get(actor, id);
    },

    async update(actor: Actor, id: string, patch: EventPatch): Promise<EventDetail> {
      await hostWrite(actor, id, async (trx, e, told) => {
        const before = inputOf(e);
        const input: EventInput = {
          ...before,
          ...Object.fromEntries(Object.entries(patch).filter(([, x]) => x !== undefined)),
        };
        const n = normalize(input);
        const hostIds = await checkRefs(trx, input);
        const significant = SIGNIFICANT.some((k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]));
        const ruleChanged = ['startsLocal', 'repeat', 'timeZone'].some(
          (k) =>
            JSON.stringify(before[k as keyof EventInput]) !== JSON.stringify(input[k as keyof EventInput]),
        );
        await trx
          .updateTable('events')
          .set({
            ...rowValues(input, n),
            sequence: significant ? e.sequence + 1 : e.sequence,
            updated_at: sql`now()`,
          })
          .where('id', '=', id)
          .execute();
        await writeLinks(trx, id, input.audience === 'restricted' ? input.grants : [], hostIds);
        if (ruleChanged) {
          // Changes to dates that are no longer part of the series go; their RSVPs follow the new dates.
          const updated = (await eventById(trx, id))!;
          const overrides = (await trx
            .selectFrom('event_occurrences')
            .select('original_local')
            .where('event_id', '=', id)
            .execute()) as { original_local: Local }[];
          const gone = overrides
            .map((o) => o.original_local)
            .filter(
              (o) =>
                !(updated.repeat
                  ? isOccurrence(updated.repeat, updated.starts_local, o)
                  : o === updated.starts_local),
            );
          if (gone.length)
            await trx
              .deleteFrom('event_occurrences')
              .where('event_id', '=', id)
              .where('original_local', 'in', gone)
              .execute();
        }
        if (e.capacity !== null && (input.capacity === null || input.capacity > e.capacity)) {
          // More places: the waitlist moves up on each coming date that has one.
          told.push(...(await fillAll(trx, (await eventById(trx, id))!)));
        }
        if (significant && input.notify) {
          const updated = (await eventById(trx, id))!;
          const occ = await nextOcc(updated, trx);
          if (occ)
            told.push(
              ...(await tell(trx, 'updated', await recipients(trx, await goingToEvent(trx, updated)), occ, {
                calendar: 'REQUEST',
                series: true,
              })),
            );
        }
      });
      return this.get(actor, id);
    },

    async cancel(actor: Actor, id: string, notify: boolean): Promise<EventDetail> {
      await hostWrite(actor, id, async (trx, e, told) => {
        if (e.status === 'cancelled') return;
        await trx
          .updateTable('events')
          .set({ status: 'cancelled', sequence: e.sequence + 1, updated_at: sql`now()` })
          .where('id', '=', id)
          .execute();
        const updated = (await eventById(trx, id))!;
        const occ = await nextOcc({ ...updated, status: 'scheduled' }, trx);
        if (notify && occ) {
          const going = await recipients(trx, await goingToEvent(trx, updated));
          told.push(
            ...(await tell(
              trx,
              'cancelled',
              going,
              { ...occ, event: updated, cancelled: true },
              { calendar: 'CANCEL', series: Boolean(e.repeat) },
            )),
          );
        }
      });
      return this.get(actor, id);
    },

    /** Takes back a cancellation (the dates are on again; nobody's RSVP was removed by cancelling). */
    async reopen(actor: Actor, id: string): Promise<EventDetail> {
      requireHost(actor);
      const r = await db
        .updateTable('events')
        .set({ status: 'scheduled', sequence: sql`sequence + 1`, updated_at: sql`now()` })
        .where('id', '=', id)
        .where('status', '=', 'cancelled')
        .executeTakeFirst();
      if (!r.numUpdatedRows && !(await eventById(db, id))) throw notFound();
      return this.get(actor, id);
    },

    async remove(actor: Actor, id: string): Promise<void> {
      requireHost(actor);
      const r = await db.deleteFrom('events').where('id', '=', id).executeTakeFirst();
      if (!r.numDeletedRows) throw notFound();
    },

    /** Changes one date of a series (a single event: the event itself). */
    async changeOccurrence(
      actor: Actor,
      id: string,
      key: string,
      change: OccurrenceChange,
    ): Promise<OccurrenceDetail> {
      let resultKey = key;
      await hostWrite(actor, id, async (trx, e, told) => {
        const occ = await requireOcc(e, key, { withBreaks: true, trx });
        const startsLocal = change.startsLocal ?? occ.startsLocal;
        const endsLocal =
          change.endsLocal ?? (change.startsLocal ? defaultEnd(e, change.startsLocal) : occ.endsLocal);
        if (endsLocal <= startsLocal)
          throw invalid('endsLocal', 'The end must be after the start.', 'end_before_start');
        if (change.videoProvider === 'link' && !(change.videoUrl ?? occ.override?.video_url ?? e.video_url)) {
          throw invalid('videoUrl', 'Enter the link to the video room.', 'video_url_required');
        }
        const hostIds = change.hostIds
          ? await checkRefs(trx, { spaceId: null, hostIds: change.hostIds })
          : undefined;
        if (!e.repeat) {
          // A single event has no RECURRENCE-ID: its one date is the event.
          if (change.cancelled) {
            await trx
              .updateTable('events')
              .set({ status: 'cancelled', sequence: e.sequence + 1, updated_at: sql`now()` })
              .where('id', '=', id)
              .execute();
          } else {
            const patch: EventPatch = { startsLocal, endsLocal, notify: false };
            if (change.placeName !== undefined && change.placeName !== null)
              patch.placeName = change.placeName;
            if (change.placeAddress !== undefined && change.placeAddress !== null)
              patch.placeAddress = change.placeAddress;
            if (change.videoProvider !== undefined) patch.videoProvider = change.videoProvider;
            if (change.videoUrl !== undefined && change.videoUrl !== null) patch.videoUrl = change.videoUrl;
            if (hostIds) patch.hostIds = hostIds;
            const input = { ...inputOf(e), ...patch };
            const n = normalize(input);
            await trx
              .updateTable('events')
              .set({
                ...rowValues(input, n),
                status: 'scheduled',
                sequence: e.sequence + 1,
                updated_at: sql`now()`,
              })
              .where('id', '=', id)
              .execute();
            if (hostIds) await writeLinks(trx, id, e.grants, hostIds);
            if (startsLocal !== e.starts_local) {
              // RSVPs and attendance follow the date.
              for (const t of ['event_rsvps', 'event_attendance', 'event_reminders_sent']) {
                await trx
                  .updateTable(t)
                  .set({ occurrence: startsLocal })
                  .where('event_id', '=', id)
                  .where('occurrence', '=', e.starts_local)
                  .execute();
              }
            }
          }
          resultKey = localToKey(change.cancelled ? e.starts_local : startsLocal);
        } else {
          const o = occ.override;
          await trx
            .insertInto('event_occurrences')
            .values({
              event_id: id,
              original_local: occ.original,
              starts_local: startsLocal,
              ends_local: endsLocal,
              starts_at: toInstant(startsLocal, e.time_zone),
              ends_at: toInstant(endsLocal, e.time_zone),
              cancelled: change.cancelled ?? o?.cancelled ?? false,
              note: change.note ?? o?.note ?? '',
              place_name: change.placeName !== undefined ? change.placeName : (o?.place_name ?? null),
              place_address:
                change.placeAddress !== undefined ? change.placeAddress : (o?.place_address ?? null),
              video_provider:
                change.videoProvider !== undefined ? change.videoProvider : (o?.video_provider ?? null),
              video_url: change.videoUrl !== undefined ? change.videoUrl : (o?.video_url ?? null),
              host_ids: hostIds ?? o?.host_ids ?? null,
              // Calendars take a change only with a higher SEQUENCE than what they hold.
              sequence: o ? o.sequence + 1 : e.sequence + 1,
            })
            .onConflict((oc) =>
              oc.columns(['event_id', 'original_local']).doUpdateSet((eb) => ({
                starts_local: eb.ref('excluded.starts_local'),
                ends_local: eb.ref('excluded.ends_local'),
                starts_at: eb.ref('excluded.starts_at'),
                ends_at: eb.ref('excluded.ends_at'),
                cancelled: eb.ref('excluded.cancelled'),
                note: eb.ref('excluded.note'),
                place_name: eb.ref('excluded.place_name'),
                place_address: eb.ref('excluded.place_address'),
                video_provider: eb.ref('excluded.video_provider'),
                video_url: eb.ref('excluded.video_url'),
                host_ids: eb.ref('excluded.host_ids'),
                sequence: eb.ref('excluded.sequence'),
                updated_at: sql`now()`,
              })),
            )
            .execute();
        }
        if (change.notify) {
          const updated = (await eventById(trx, id))!;
          const changed = await requireOcc(updated, resultKey, { withBreaks: true, trx });
          const wasCancelled = occ.cancelled;
          const going = await recipients(trx, await goingTo(trx, changed));
          if (changed.cancelled && !wasCancelled)
            told.push(...(await tell(trx, 'cancelled', going, changed, { calendar: 'CANCEL' })));
          else if (!changed.cancelled)
            told.push(...(await tell(trx, 'updated', going, changed, { calendar: 'REQUEST' })));
        }
      });
      return this.occurrence(actor, id, resultKey);
    },

    async resetOccurrence(actor: Actor, id: string, key: string): Promise<OccurrenceDetail> {
      requireHost(actor);
      const v = await viewer(actor);
      const e = await requireEvent(v, id);
      await requireOcc(e, key, { withBreaks: true });
      await db
        .deleteFrom('event_occurrences')
        .where('event_id', '=', id)
        .where('original_local', '=', keyToLocal(key))
        .execute();
      // A reset date must still win over the removed change in calendars.
      await db
        .updateTable('events')
        .set({ sequence: sql`sequence + 1`, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
      return this.occurrence(actor, id, key);
    },

    async rsvp(actor: Actor, id: string, input: RsvpInput): Promise<RsvpResult> {
      const v = await viewer(actor);
      let result: RsvpResult = { status: 'declined', guests: 0, position: null };
      const told: string[] = [];
      await db.transaction().execute(async (trx) => {
        // One RSVP per event at a time: the row lock makes "10 places" hold under any concurrency.
        const e = await requireEvent(v, id, { trx });
        if (e.status === 'cancelled')
          throw new AppError('rsvp_closed', 'This event is cancelled.', null, { status: 409 });
        if (input.guests > e.max_guests)
          throw invalid('guests', `At most ${e.max_guests} guests.`, 'too_many_guests');
        const [me] = await recipients(trx, [actor.id]);
        if (input.occurrence === SERIES) {
          if (!e.repeat) {
            throw new AppError('series_rsvp_unavailable', 'This event is not a series.', null, {
              status: 409,
            });
          }
          const need = 1 + input.guests;
          if (
            input.status === 'going' &&
            e.capacity !== null &&
            (await seriesTaken(trx, id, actor.id)) + need > e.capacity
          ) {
            // Standing places are gone: single dates may still have room (someone declined one).
            throw new AppError(
              'series_full',
              'Every standing place of this series is taken: choose single dates.',
              null,
              { status: 409 },
            );
          }
          const future = toLocal(now(), e.time_zone);
          // The whole series replaces the dates chosen one by one (from now on); a place in a
          // waitlist is kept, so joining the series never sends anyone to the back of a line.
          let drop = trx
            .deleteFrom('event_rsvps')
            .where('event_id', '=', id)
            .where('user_id', '=', actor.id)
            .where('occurrence', '>=', future);
          if (input.status === 'going' && e.capacity !== null)
            drop = drop.where('status', '<>', 'waitlisted');
          await drop.execute();
          const next = await nextOcc(e, trx);
          if (input.status === 'going') {
            await upsertRsvp(trx, id, SERIES_OCC, actor.id, 'going', input.guests, false);
            const waiting: string[] = [];
            if (e.capacity !== null) {
              // A date that single answers have already filled: wait there, in order, like anyone else.
              // Only waiting rows of mine are left on coming dates (the rest were replaced above).
              const stillWaiting = new Set(
                (
                  await trx
                    .selectFrom('event_rsvps')
                    .select('occurrence')
                    .where('event_id', '=', id)
                    .where('user_id', '=', actor.id)
                    .where('occurrence', '>=', future)
                    .execute()
                ).map((r) => localToKey(r.occurrence as string)),
              );
              for (const occ of await answeredDates(trx, e)) {
                if (stillWaiting.has(occ.key)) waiting.push(occ.key);
                else if ((await takenAt(trx, occ, actor.id)) + need > e.capacity) {
                  await upsertRsvp(trx, id, occ.original, actor.id, 'waitlisted', input.guests, true);
                  waiting.push(occ.key);
                }
              }
            }
            result = { status: 'going', guests: input.guests, position: null, waitlistedDates: waiting };
            if (next) await tell(trx, 'confirmed', [me!], next, { calendar: 'REQUEST', series: true });
          } else {
            const had = await trx
              .deleteFrom('event_rsvps')
              .where('event_id', '=', id)
              .where('user_id', '=', actor.id)
              .where('occurrence', '=', SERIES_OCC)
              .executeTakeFirst();
            if (next && had.numDeletedRows)
              await tell(trx, 'declined', [me!], next, { calendar: 'CANCEL', series: true });
            // The places this member held on every coming date are free again.
            if (had.numDeletedRows) told.push(...(await fillAll(trx, e)));
          }
          return;
        }
        const occ = await requireOcc(e, input.occurrence, { trx });
        if (occ.cancelled)
          throw new AppError('rsvp_closed', 'This date is cancelled.', null, { status: 409 });
        if (now() >= occ.startsAt)
          throw new AppError('rsvp_closed', 'This date has begun.', null, { status: 409 });
        const own = (await trx
          .selectFrom('event_rsvps')
          .select(['status', 'guests'])
          .where('event_id', '=', id)
          .where('occurrence', '=', occ.original)
          .where('user_id', '=', actor.id)
          .executeTakeFirst()) as { status: RsvpRow['status']; guests: number } | undefined;
        const series = await trx
          .selectFrom('event_rsvps')
          .select('status')
          .where('event_id', '=', id)
          .where('occurrence', '=', SERIES_OCC)
          .where('user_id', '=', actor.id)
          .executeTakeFirst();
        if (input.status === 'declined') {
          if (series) await upsertRsvp(trx, id, occ.original, actor.id, 'declined', 0, false);
          else
            await trx
              .deleteFrom('event_rsvps')
              .where('event_id', '=', id)
              .where('occurrence', '=', occ.original)
              .where('user_id', '=', actor.id)
              .execute();
          if (own?.status === 'going' || (series && own?.status !== 'declined')) {
            await tell(trx, 'declined', [me!], occ, { calendar: 'CANCEL', series: false });
          }
          // A place held by this date's own answer or by the series is free again.
          // (Leaving the head of a waitlist can let a smaller party behind it in.)
          if (own || (series && !own)) told.push(...(await fill(trx, occ)));
          result = { status: 'declined', guests: 0, position: null };
          return;
        }
        if (now() >= rsvpClosesAt(occ) && own?.status !== 'going') {
          throw new AppError('rsvp_closed', 'Registration for this date has closed.', null, { status: 409 });
        }
        if (series && !own) {
          result = { status: 'going', guests: input.guests, position: null };
          return;
        }
        if (series && own?.status === 'declined' && e.capacity === null) {
          // Back to the series' RSVP for this date (with places counted, the date's own rules apply below).
          await trx
            .deleteFrom('event_rsvps')
            .where('event_id', '=', id)
            .where('occurrence', '=', occ.original)
            .where('user_id', '=', actor.id)
            .execute();
          result = { status: 'going', guests: input.guests, position: null };
          return;
        }
        const need = 1 + input.guests;
        if (e.capacity === null || (await takenAt(trx, occ, actor.id)) + need <= e.capacity) {
          if (own?.status === 'waitlisted' && e.capacity !== null) {
            // Someone waiting longer goes first: stay in line unless nobody is ahead.
            const position = await positionOf(trx, occ, actor.id);
            if (position && position > 1) {
              await upsertRsvp(trx, id, occ.original, actor.id, 'waitlisted', input.guests, false);
              result = { status: 'waitlisted', guests: input.guests, position };
              return;
            }
          }
          await upsertRsvp(trx, id, occ.original, actor.id, 'going', input.guests, false);
          result = { status: 'going', guests: input.guests, position: null };
          if (own?.status !== 'going') await tell(trx, 'confirmed', [me!], occ, { calendar: 'REQUEST' });
          // Fewer guests can free places.
          if (own?.status === 'going' && own.guests > input.guests) told.push(...(await fill(trx, occ)));
          return;
        }
        if (own?.status === 'going') {
          throw new AppError('not_enough_places', 'Not enough free places for your guests.', null, {
            status: 409,
          });
        }
        await upsertRsvp(
          trx,
          id,
          occ.original,
          actor.id,
          'waitlisted',
          input.guests,
          own?.status !== 'waitlisted',
        );
        const position = await positionOf(trx, occ, actor.id);
        result = { status: 'waitlisted', guests: input.guests, position };
        if (own?.status !== 'waitlisted')
          await tell(trx, 'waitlisted', [me!], occ, { position: position ?? undefined });
      });
      await publishAll(told);
      return result;
    },

    async roster(actor: Actor, id: string, key: string): Promise<Roster> {
      const occ = await hostedOcc(actor, id, key, 'Only the event’s hosts see who is coming.');
      const { rows } = await sql<{
        user_id: string;
        name: string;
        image: string | null;
        email: string;
        status: RsvpRow['status'];
        guests: number;
        series: boolean;
        at: Date;
        seq: number;
        attended: boolean;
      }>`
        with own as (
          select user_id, status, guests, false as series, created_at as at, seq from event_rsvps
          where event_id = ${id} and occurrence = ${occ.original}
        ), ser as (
          select s.user_id, s.status, s.guests, true as series, s.created_at as at, s.seq from event_rsvps s
          where s.event_id = ${id} and s.occurrence = '-infinity' and s.status = 'going'
            and not exists (select 1 from own where own.user_id = s.user_id)
        ), att as (
          select user_id from event_attendance where event_id = ${id} and occurrence = ${occ.original}
        ), everyone as (
          select * from own union all select * from ser
          union all select a.user_id, 'declined', 0, false, now(), 0 from att a
            where not exists (select 1 from own where own.user_id = a.user_id) and not exists (select 1 from ser where ser.user_id = a.user_id)
        )
        select x.*, u.name, u.image, u.email, exists (select 1 from att where att.user_id = x.user_id) as attended
        from everyone x join users u on u.id = x.user_id order by x.seq, u.name`.execute(db);
      const row = (r: (typeof rows)[number]): RsvpRow => ({
        person: { id: r.user_id, name: r.name, image: r.image },
        email: isHost(actor) ? r.email : null,
        status: r.status,
        guests: r.guests,
        series: r.series,
        at: new Date(r.at).toISOString(),
        attended: r.attended,
      });
      return {
        going: rows.filter((r) => r.status === 'going').map(row),
        waitlist: rows.filter((r) => r.status === 'waitlisted').map(row),
        attendedOnly: rows.filter((r) => r.status === 'declined' && r.attended).map(row),
      };
    },

    async setAttendance(actor: Actor, id: string, key: string, userIds: string[]): Promise<Roster> {
      const occ = await hostedOcc(actor, id, key, 'Only the event’s hosts record attendance.');
      const ids = [...new Set(userIds)];
      await db.transaction().execute(async (trx) => {
        if (ids.length) {
          const found = await trx.selectFrom('users').select('id').where('id', 'in', ids).execute();
          if (found.length !== ids.length) throw invalid('userIds', 'Unknown member.', 'unknown_member');
        }
        let del = trx
          .deleteFrom('event_attendance')
          .where('event_id', '=', id)
          .where('occurrence', '=', occ.original);
        if (ids.length) del = del.where('user_id', 'not in', ids);
        await del.execute();
        if (ids.length) {
          await trx
            .insertInto('event_attendance')
            .values(
              ids.map((u) => ({
                event_id: id,
                occurrence: occ.original,
                user_id: u,
                source: 'manual',
                marked_by: actor.id,
              })),
            )
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      });
      return this.roster(actor, id, key);
    },

    async importAttendance(
      actor: Actor,
      id: string,
      key: string,
      text: string,
    ): Promise<{ marked: number; alreadyMarked: number; unknown: string[] }> {
      const occ = await hostedOcc(actor, id, key, 'Only the event’s hosts record attendance.');
      const emails = [
        ...new Set((text.match(/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi) ?? []).map((m) => m.toLowerCase())),
      ];
      if (!emails.length) throw invalid('text', 'No e-mail addresses found.', 'no_addresses');
      if (emails.length > 2000) throw invalid('text', 'At most 2000 addresses at once.', 'too_many');
      const users = await db
        .selectFrom('users')
        .select(['id', 'email'])
        .where(sql<boolean>`lower(email) = any(${emails}::text[])`)
        .execute();
      const byEmail = new Map(users.map((u) => [(u.email as string).toLowerCase(), u.id as string]));
      const ids = [...byEmail.values()];
      let marked = 0;
      if (ids.length) {
        const r = await db
          .insertInto('event_attendance')
          .values(
            ids.map((u) => ({
              event_id: id,
              occurrence: occ.original,
              user_id: u,
              source: 'import',
              marked_by: actor.id,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .returning('user_id')
          .execute();
        marked = r.length;
      }
      return { marked, alreadyMarked: ids.length - marked, unknown: emails.filter((m) => !byEmail.has(m)) };
    },

    async attendanceOf(actor: Actor, userId: string): Promise<{ items: AttendanceEntry[] }> {
      if (userId !== actor.id) requireHost(actor);
      const rows = await db
        .selectFrom('event_attendance as a')
        .innerJoin('events as e', 'e.id', 'a.event_id')
        .select(['a.event_id', 'a.occurrence', 'a.source', 'e.title', 'e.time_zone'])
        .where('a.user_id', '=', userId)
        .orderBy('a.occurrence', 'desc')
        .limit(500)
        .execute();
      return {
        items: rows.map((r) => ({
          eventId: r.event_id as string,
          key: localToKey(r.occurrence as string),
          title: r.title as string,
          startsAt: toInstant(r.occurrence as string, r.time_zone as string).toISOString(),
          source: r.source as 'manual' | 'import',
        })),
      };
    },

    // --- breaks and focus days (hosts) ---
    async breaks(): Promise<{ items: Break[] }> {
      return { items: (await allBreaks(db)).map(presentBreak) };
    },
    async createBreak(actor: Actor, input: BreakInput): Promise<Break> {
      requireHost(actor);
      if (input.endsOn < input.startsOn)
        throw invalid('endsOn', 'The break ends before it starts.', 'end_before_start');
      await noOverlap(input.startsOn, input.endsOn);
      const id = uuidv7();
      await db
        .insertInto('event_breaks')
        .values({
          id,
          title: input.title,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          message: input.message,
          created_by: actor.id,
        })
        .execute();
      await bumpSeries();
      return presentBreak((await allBreaks(db)).find((b) => b.id === id)!);
    },
    async updateBreak(actor: Actor, id: string, patch: Partial<BreakInput>): Promise<Break> {
      requireHost(actor);
      const b = (await allBreaks(db)).find((x) => x.id === id);
      if (!b) throw new AppError('not_found', 'No such break.');
      const next = { startsOn: patch.startsOn ?? b.starts_on, endsOn: patch.endsOn ?? b.ends_on };
      if (next.endsOn < next.startsOn)
        throw invalid('endsOn', 'The break ends before it starts.', 'end_before_start');
      await noOverlap(next.startsOn, next.endsOn, id);
      await db
        .updateTable('event_breaks')
        .set({
          title: patch.title ?? b.title,
          starts_on: next.startsOn,
          ends_on: next.endsOn,
          message: patch.message ?? b.message,
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
      await bumpSeries();
      return presentBreak((await allBreaks(db)).find((x) => x.id === id)!);
    },
    async deleteBreak(actor: Actor, id: string): Promise<void> {
      requireHost(actor);
      const r = await db.deleteFrom('event_breaks').where('id', '=', id).executeTakeFirst();
      if (!r.numDeletedRows) throw new AppError('not_found', 'No such break.');
      await bumpSeries();
    },
    async focusDays(actor: Actor | null): Promise<{ items: FocusDay[] }> {
      return { items: await focusDays(await viewer(actor), null, null) };
    },
    async createFocusDay(actor: Actor, input: FocusDayInput): Promise<FocusDay> {
      requireHost(actor);
      await checkRefs(db, { spaceId: input.spaceId, hostIds: [] });
      const id = uuidv7();
      await db
        .insertInto('event_focus_days')
        .values({
          id,
          day: input.day,
          theme: input.theme,
          description: input.description,
          space_id: input.spaceId,
          created_by: actor.id,
        })
        .execute();
      return (await focusDays(await viewer(actor), null, null)).find((f) => f.id === id)!;
    },
    async updateFocusDay(actor: Actor, id: string, patch: Partial<FocusDayInput>): Promise<FocusDay> {
      requireHost(actor);
      if (patch.spaceId) await checkRefs(db, { spaceId: patch.spaceId, hostIds: [] });
      const set = Object.fromEntries(
        Object.entries({
          day: patch.day,
          theme: patch.theme,
          description: patch.description,
          space_id: patch.spaceId,
        }).filter(([, x]) => x !== undefined),
      );
      if (Object.keys(set).length) {
        const r = await db.updateTable('event_focus_days').set(set).where('id', '=', id).executeTakeFirst();
        if (!r.numUpdatedRows) throw new AppError('not_found', 'No such focus day.');
      }
      const f = (await focusDays(await viewer(actor), null, null)).find((x) => x.id === id);
      if (!f) throw new AppError('not_found', 'No such focus day.');
      return f;
    },
    async deleteFocusDay(actor: Actor, id: string): Promise<void> {
      requireHost(actor);
      const r = await db.deleteFrom('event_focus_days').where('id', '=', id).executeTakeFirst();
      if (!r.numDeletedRows) throw new AppError('not_found', 'No such focus day.');
    },

    // --- settings ---
    async settings(actor: Actor): Promise<EventSettings> {
      requireHost(actor);
      const s = await settingsRow();
      return {
        defaultProvider: s.default_provider,
        jitsiBaseUrl: s.jitsi_base_url,
        jitsiAppId: s.jitsi_app_id,
        jitsiSecretSet: Boolean(s.jitsi_secret),
        bbbUrl: s.bbb_url,
        bbbSecretSet: Boolean(s.bbb_secret),
        bbbAlgorithm: s.bbb_algorithm,
        joinOpensMinutes: s.join_opens_minutes,
        defaultReminders: s.default_reminders,
        timeZone: s.time_zone,
      };
    },
    async updateSettings(actor: Actor, patch: EventSettingsPatch): Promise<EventSettings> {
      requireHost(actor);
      if (patch.timeZone !== undefined && !isValidZone(patch.timeZone))
        throw invalid('timeZone', 'Unknown time zone.', 'invalid_time_zone');
      const map: Record<string, string> = {
        defaultProvider: 'default_provider',
        jitsiBaseUrl: 'jitsi_base_url',
        jitsiAppId: 'jitsi_app_id',
        jitsiSecret: 'jitsi_secret',
        bbbUrl: 'bbb_url',
        bbbSecret: 'bbb_secret',
        bbbAlgorithm: 'bbb_algorithm',
        joinOpensMinutes: 'join_opens_minutes',
        defaultReminders: 'default_reminders',
        timeZone: 'time_zone',
      };
      const set: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(patch)) if (val !== undefined && map[k]) set[map[k]] = val;
      if (Object.keys(set).length)
        await db
          .updateTable('event_settings')
          .set({ ...set, updated_at: sql`now()` })
          .execute();
      return this.settings(actor);
    },

    // --- members' own ---
    async reminderPrefs(actor: Actor): Promise<ReminderPrefs> {
      const p = await db
        .selectFrom('event_reminder_prefs')
        .selectAll()
        .where('user_id', '=', actor.id)
        .executeTakeFirst();
      if (p)
        return { offsets: p.offsets as number[], byMail: p.by_mail as boolean, inApp: p.in_app as boolean };
      return { offsets: (await settingsRow()).default_reminders, byMail: true, inApp: true };
    },
    async setReminderPrefs(actor: Actor, prefs: ReminderPrefs): Promise<ReminderPrefs> {
      const offsets = [...new Set(prefs.offsets)].sort((a, b) => b - a);
      await db
        .insertInto('event_reminder_prefs')
        .values({ user_id: actor.id, offsets, by_mail: prefs.byMail, in_app: prefs.inApp })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({ offsets, by_mail: prefs.byMail, in_app: prefs.inApp }),
        )
        .execute();
      return this.reminderPrefs(actor);
    },
    async feed(actor: Actor): Promise<FeedInfo> {
      return feedKeys.info(actor.id);
    },
    async rotateFeed(actor: Actor): Promise<FeedInfo> {
      return feedKeys.rotate(actor.id);
    },

    /**
     * The personal feed by its secret token; null when the token is unknown or revoked. The ETag is
     * known before the body is built, so a client that has it gets a 304 for one version query.
     */
    async personalFeed(
      token: string,
      resolveActor: (userId: string) => Promise<Actor | null>,
      name: string,
    ): Promise<FeedAnswer | null> {
      const userId = await feedKeys.verify(token);
      if (!userId) return null;
      const actor = await resolveActor(userId);
      if (!actor) return null;
      return feedAnswer(await viewer(actor), name);
    },
    async publicFeed(name: string): Promise<FeedAnswer> {
      return feedAnswer(await viewer(null), name);
    },
    /** Drops the old part of the change log the caches are keyed by (the minute job). */
    async pruneChanges(): Promise<number> {
      return pruneChanges(db);
    },
    async eventIcs(
      actor: Actor | null,
      id: string,
      key?: string,
    ): Promise<{ body: string; filename: string }> {
      const v = await viewer(actor);
      const e = await requireEvent(v, id);
      const slug =
        e.title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 40) || 'termin';
      if (key) {
        const occ = await requireOcc(e, key);
        return {
          body: buildCalendar({ name: e.title, now: now(), events: [icsOccurrence(occ)] }),
          filename: `${slug}-${key}.ics`,
        };
      }
      const [overrides, breaks] = await Promise.all([overridesFor(db, [e.id]), allBreaks(db)]);
      return {
        body: buildCalendar({ name: e.title, now: now(), events: icsEvents(e, overrides.get(e.id), breaks) }),
        filename: `${slug}.ics`,
      };
    },

    // --- video rooms ---
    async join(actor: Actor, id: string, key: string): Promise<{ url: string }> {
      const v = await viewer(actor);
      const e = await requireEvent(v, id);
      const occ = await requireOcc(e, key);
      const provider = occ.override?.video_provider ?? e.video_provider;
      if (!provider || occ.cancelled) throw new AppError('not_found', 'This date has no video room.');
      if (!(await mayJoin(v, occ, await myRsvps(actor, [e.id])))) {
        throw new AppError('forbidden', 'Only people registered for this date can join.');
      }
      const s = await settingsRow();
      const opens = new Date(occ.startsAt.getTime() - joinEarly(v, e, s) * 60_000);
      if (now() < opens) {
        throw new AppError(
          'join_not_open',
          'The room opens shortly before the start.',
          { opensAt: opens.toISOString() },
          { status: 409 },
        );
      }
      if (now() > occ.endsAt)
        throw new AppError('join_not_open', 'This meeting is over.', null, { status: 409 });
      const providers = createVideoProviders(videoSettings(s), { fetch: deps.fetch, now });
      const url = await providers.joinUrl(
        {
          kind: provider,
          roomId: roomId(e.id, occ.key),
          title: e.title,
          url: occ.override?.video_url ?? e.video_url,
          startsAt: occ.startsAt,
          endsAt: occ.endsAt,
        },
        { id: actor.id, name: actor.name, email: actor.email, moderator: canManage(v, e) },
      );
      return { url };
    },
    async recordings(actor: Actor, id: string, key: string) {
      const v = await viewer(actor);
      const e = await requireEvent(v, id);
      const occ = await requireOcc(e, key);
      const provider = occ.override?.video_provider ?? e.video_provider;
      if (provider !== 'bbb' || !(await mayJoin(v, occ, await myRsvps(actor, [e.id])))) return { items: [] };
      const providers = createVideoProviders(videoSettings(await settingsRow()), { fetch: deps.fetch, now });
      const items = await providers.recordings({
        kind: 'bbb',
        roomId: roomId(e.id, occ.key),
        title: e.title,
        startsAt: occ.startsAt,
        endsAt: occ.endsAt,
      });
      return {
        items: items.map((r) => ({
          id: r.id,
          name: r.name,
          startedAt: r.startedAt,
          endedAt: r.endedAt,
          playbackUrl: r.playbackUrl,
        })),
      };
    },

    reminderTick,
    focusTick,
  };

  /** Minutes before the start the room opens for this viewer: hosts may come earlier to set up. */
  function joinEarly(v: Viewer, e: EventRow, s: SettingsRow): number {
    return canManage(v, e) ? Math.max(HOST_EARLY_MINUTES, s.join_opens_minutes) : s.join_opens_minutes;
  }

  /** A date of an event the actor hosts (or any, for community hosts); others get 403. */
  /**
   * A host's write to one event: its row locked for the transaction (404 when gone), and the people
   * told during it notified live after commit.
   */
  async function hostWrite<T>(
    actor: Actor,
    id: string,
    fn: (trx: Db, e: EventRow, told: string[]) => Promise<T>,
  ): Promise<T> {
    requireHost(actor);
    const told: string[] = [];
    const out = await db.transaction().execute(async (trx) => {
      const e = await eventById(trx, id, true);
      if (!e) throw notFound();
      return fn(trx, e, told);
    });
    await publishAll(told);
    return out;
  }

  async function hostedOcc(actor: Actor, id: string, key: string, refusal: string): Promise<Occ> {
    const v = await viewer(actor);
    const e = await requireEvent(v, id);
    if (!canManage(v, e)) throw new AppError('forbidden', refusal);
    return requireOcc(e, key, { withBreaks: true });
  }

  /** Hosts always; others when they may see the event and, where places are counted, hold one. */
  async function mayJoin(v: Viewer, occ: Occ, mine: Awaited<ReturnType<typeof myRsvps>>): Promise<boolean> {
    if (!v.actor) return false;
    if (canManage(v, occ.event)) return true;
    if (!canSee(v, occ.event)) return false;
    if (occ.event.capacity === null) return true;
    return myStatusFor(mine, occ).status === 'going';
  }

  /** An unguessable, stable room name per date: a public Jitsi room is open to whoever knows its name. */
  function roomId(eventId: string, key: string): string {
    return `tp-${createHmac('sha256', deps.secret).update(`room:${eventId}:${key}`).digest('hex').slice(0, 20)}`;
  }

  /** Two breaks over the same days would be one break shown twice: the host extends the first instead. */
  async function noOverlap(startsOn: string, endsOn: string, exceptId?: string) {
    const clash = (await allBreaks(db)).find(
      (b) => b.id !== exceptId && b.starts_on <= endsOn && startsOn <= b.ends_on,
    );
    if (clash) {
      throw new AppError(
        'break_overlaps',
        `This overlaps the break "${clash.title}".`,
        [{ path: 'startsOn', message: `overlaps "${clash.title}"`, code: 'break_overlaps' }],
        { status: 409 },
      );
    }
  }

  /** A break changes every series' EXDATEs: calendars re-read a series only with a higher SEQUENCE. */
  async function bumpSeries() {
    await db
      .updateTable('events')
      .set({ sequence: sql`sequence + 1`, updated_at: sql`now()` })
      .where('repeat', 'is not', null)
      .execute();
  }
}

export type EventsService = ReturnType<typeof createEventsService>;

import { type Kysely, sql } from 'kysely';
import type { Repeat } from '../schema.ts';
import { localToKey } from '../shared.ts';
import { expandLocal } from './recurrence.ts';
import { addLocalMinutes, type Local, localDate, localMinutes, toInstant, toLocal } from './tz.ts';

/** An event row with its grants and hosts; local times as `YYYY-MM-DDTHH:mm`. */
export interface EventRow {
  id: string;
  space_id: string | null;
  title: string;
  description: string;
  time_zone: string;
  starts_local: Local;
  ends_local: Local;
  starts_at: Date;
  ends_at: Date;
  repeat: Repeat | null;
  rrule: string | null;
  series_until: Date | null;
  format: 'online' | 'onsite' | 'hybrid';
  place_name: string;
  place_address: string;
  map_url: string;
  video_provider: 'jitsi' | 'bbb' | 'link' | null;
  video_url: string;
  audience: 'public' | 'members' | 'restricted';
  capacity: number | null;
  max_guests: number;
  rsvp_deadline_minutes: number | null;
  cover_url: string | null;
  sequence: number;
  status: 'scheduled' | 'cancelled';
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  grants: string[];
  host_ids: string[];
}

/** One changed occurrence (RECURRENCE-ID = `original`). */
export interface OverrideRow {
  event_id: string;
  original_local: Local;
  starts_local: Local;
  ends_local: Local;
  starts_at: Date;
  ends_at: Date;
  cancelled: boolean;
  note: string;
  place_name: string | null;
  place_address: string | null;
  video_provider: 'jitsi' | 'bbb' | 'link' | null;
  video_url: string | null;
  host_ids: string[] | null;
  sequence: number;
  updated_at: Date;
}

export interface BreakRow {
  id: string;
  title: string;
  starts_on: string;
  ends_on: string;
  message: string;
}

/** One date of an event with every change applied. */
export interface Occ {
  event: EventRow;
  key: string;
  original: Local;
  startsLocal: Local;
  endsLocal: Local;
  startsAt: Date;
  endsAt: Date;
  cancelled: boolean;
  override: OverrideRow | null;
  /** The programme break this date falls into (series only); such dates are skipped. */
  inBreak: BreakRow | null;
}

// biome-ignore lint/suspicious/noExplicitAny: the module's tables are untyped for Kysely
type Db = Kysely<any>;

export const eventColumns = sql<EventRow>`e.*,
  array(select grant_key from event_grants g where g.event_id = e.id order by grant_key) as grants,
  array(select user_id from event_hosts h where h.event_id = e.id order by user_id) as host_ids`;

/** When an event's last date ends: a series' bound, open-ended ones never, a single event its end. */
export const lastEnd = sql<Date>`(case when e.repeat is null then e.ends_at else coalesce(e.series_until, 'infinity'::timestamptz) end)`;

/** Events with a date between two instants (series: from their start to their end or forever). */
export async function eventsBetween(db: Db, from: Date, to: Date, where = sql`true`): Promise<EventRow[]> {
  const { rows } = await sql<EventRow>`select ${eventColumns} from events e
    where e.starts_at < ${to} and ${lastEnd} >= ${from} and ${where}
    order by e.starts_at`.execute(db);
  return rows;
}

export async function eventById(db: Db, id: string, lock = false): Promise<EventRow | undefined> {
  const { rows } = await sql<EventRow>`select ${eventColumns} from events e where e.id = ${id}
    ${lock ? sql`for update of e` : sql``}`.execute(db);
  return rows[0];
}

export async function overridesFor(
  db: Db,
  eventIds: string[],
): Promise<Map<string, Map<string, OverrideRow>>> {
  const out = new Map<string, Map<string, OverrideRow>>();
  if (!eventIds.length) return out;
  const rows = (await db
    .selectFrom('event_occurrences')
    .selectAll()
    .where('event_id', 'in', eventIds)
    .execute()) as OverrideRow[];
  for (const r of rows) {
    const m = out.get(r.event_id) ?? new Map<string, OverrideRow>();
    out.set(r.event_id, m);
    m.set(localToKey(r.original_local), r);
  }
  return out;
}

export async function allBreaks(db: Db): Promise<BreakRow[]> {
  return (await db
    .selectFrom('event_breaks')
    .select(['id', 'title', 'starts_on', 'ends_on', 'message'])
    .orderBy('starts_on')
    .execute()) as BreakRow[];
}

export function breakOn(breaks: BreakRow[], date: string): BreakRow | null {
  return breaks.find((b) => b.starts_on <= date && date <= b.ends_on) ?? null;
}

/** The default end of a date: the first occurrence's wall-clock length. */
export function defaultEnd(e: EventRow, start: Local): Local {
  let minutes = lengths.get(e);
  if (minutes === undefined) {
    minutes = localMinutes(e.starts_local, e.ends_local);
    lengths.set(e, minutes);
  }
  return addLocalMinutes(start, minutes);
}
/** An event's wall-clock length, computed once per row (rows are not changed after reading). */
const lengths = new WeakMap<EventRow, number>();

/** One date built from its original start and an optional override. */
export function occurrence(e: EventRow, original: Local, o: OverrideRow | null, breaks: BreakRow[]): Occ {
  const startsLocal = o?.starts_local ?? original;
  const endsLocal = o?.ends_local ?? defaultEnd(e, original);
  return {
    event: e,
    key: localToKey(original),
    original,
    startsLocal,
    endsLocal,
    startsAt: o ? new Date(o.starts_at) : toInstant(startsLocal, e.time_zone),
    endsAt: o ? new Date(o.ends_at) : toInstant(endsLocal, e.time_zone),
    cancelled: e.status === 'cancelled' || Boolean(o?.cancelled),
    override: o,
    // A series date in a break is skipped; one the host moved is shown wherever it now is (they meant it).
    inBreak: e.repeat && !(o && o.starts_local !== original) ? breakOn(breaks, localDate(original)) : null,
  };
}

/**
 * The dates of an event overlapping [from, to), with changes applied. Dates in a programme break are
 * left out unless `withBreaks`; cancelled dates stay (the calendar shows them struck through).
 */
export function expand(
  e: EventRow,
  overrides: Map<string, OverrideRow> | undefined,
  breaks: BreakRow[],
  from: Date,
  to: Date,
  opts: { withBreaks?: boolean } = {},
): Occ[] {
  let originals: Local[];
  if (!e.repeat) originals = [e.starts_local];
  else {
    // A day of margin on each side covers every UTC offset; the instants are compared exactly below.
    const lo = toLocal(new Date(from.getTime() - 2 * 86_400_000), e.time_zone);
    const hi = toLocal(new Date(to.getTime() + 86_400_000), e.time_zone);
    originals = expandLocal(e.repeat, e.starts_local, lo, hi);
  }
  const seen = new Set(originals);
  const out: Occ[] = [];
  const push = (original: Local) => {
    const occ = occurrence(e, original, overrides?.get(localToKey(original)) ?? null, breaks);
    if (occ.startsAt >= to || occ.endsAt <= from) return;
    if (occ.inBreak && !opts.withBreaks) return;
    out.push(occ);
  };
  for (const original of originals) push(original);
  // A date moved into the range from outside it.
  for (const o of overrides?.values() ?? []) {
    if (!seen.has(o.original_local) && new Date(o.starts_at) < to && new Date(o.ends_at) > from)
      push(o.original_local);
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

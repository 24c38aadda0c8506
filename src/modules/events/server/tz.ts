import { DateTime, IANAZone } from 'luxon';

/**
 * Wall-clock times ("local") are strings `YYYY-MM-DDTHH:mm` (seconds optional) in an event's IANA
 * zone. Series are expanded in local time and converted here, so 19:00 stays 19:00 across DST.
 *
 * The calendar and the feeds convert thousands of dates per request, so the hot paths avoid luxon
 * (about 11 µs per conversion): wall-clock arithmetic is plain UTC arithmetic on the floating time,
 * and a zone's offset comes from a table of its offset changes, built once per zone and 64-day span
 * from luxon's own `IANAZone.offset`. `toInstant` then runs luxon's algorithm on that table, so it
 * gives luxon's answers exactly, also in DST gaps and overlaps (tested against luxon in `tz.test.ts`).
 */
export type Local = string;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

// luxon checks a zone by building an Intl.DateTimeFormat (tens of µs); a feed asks thousands of times.
const zoneValidity = new Map<string, boolean>();

export function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * The floating milliseconds of a local time (its wall-clock fields read as UTC), NaN when luxon would
 * call the fields invalid (30 February, 25:00); throws when the string is no local time at all.
 */
function localMs(local: Local): number {
  const m = LOCAL.exec(local);
  if (!m) throw new Error(`Not a local time: ${local}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1) return Number.NaN;
  if (day > (month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]!)) return Number.NaN;
  // luxon accepts 24:00:00 (the next day's midnight), as Date.UTC does.
  if (!(hour <= 23 || (hour === 24 && minute === 0 && second === 0))) return Number.NaN;
  if (minute > 59 || second > 59) return Number.NaN;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (year < 100) {
    // Date.UTC reads years 0–99 as 19xx.
    const d = new Date(ms);
    d.setUTCFullYear(year, month - 1, day);
    ms = d.getTime();
  }
  return ms;
}

/** `YYYY-MM-DDTHH:mm` of floating milliseconds (luxon's `toFormat("yyyy-MM-dd'T'HH:mm")` in UTC). */
function formatMs(ms: number): Local {
  if (ms >= MIN_ISO && ms < MAX_ISO) return new Date(ms).toISOString().slice(0, 16);
  return DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm");
}
/** Years 0000–9999, which `toISOString` writes with four digits; luxon formats the rest. */
const MIN_ISO = -62_167_219_200_000;
const MAX_ISO = 253_402_300_800_000;

export function isLocal(value: string): boolean {
  if (!LOCAL.test(value)) return false;
  const ms = localMs(value);
  // 24:00 is valid for luxon but formats as the next day's 00:00, which is not the value given.
  return !Number.isNaN(ms) && formatMs(ms) === value.slice(0, 16);
}

// ---------------------------------------------------------------------------------------------------
// Zone offsets from a table of offset changes

/** Offsets are looked up in spans of 64 days (UTC, from the epoch). */
const SPAN = 64 * 86_400_000;
const DAY_MS = 86_400_000;
/** The fast path covers these instants; outside, luxon answers (no event lives there). */
const FAST_FROM = Date.UTC(1900, 0, 1);
const FAST_TO = Date.UTC(2200, 0, 1);

interface Span {
  /** Offset (minutes east of UTC) at the span's start. */
  first: number;
  /** Instants (whole seconds, ms) at which `offsets[i]` begins, ascending. */
  ats: number[];
  offsets: number[];
}

const zones = new Map<string, { iana: IANAZone; spans: Map<number, Span> }>();
let spanCount = 0;

/**
 * The offset changes of one span: probes luxon once a day and bisects each change to the second
 * (luxon's offset is the same within a second). Two changes within one day would be missed; the
 * IANA data has none since 1900 outside of a few one-off corrections, and none after 1970.
 */
function buildSpan(iana: IANAZone, index: number): Span {
  const start = index * SPAN;
  const end = start + SPAN;
  const first = iana.offset(start);
  const ats: number[] = [];
  const offsets: number[] = [];
  let prev = start;
  let prevOffset = first;
  while (prev < end) {
    const next = Math.min(prev + DAY_MS, end);
    const offset = iana.offset(next);
    if (offset === prevOffset) {
      prev = next;
      continue;
    }
    // The first second with another offset, in (prev, next].
    let lo = Math.floor(prev / 1000);
    let hi = Math.floor(next / 1000);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (iana.offset(mid * 1000) === prevOffset) lo = mid;
      else hi = mid;
    }
    const at = hi * 1000;
    if (at >= end) break;
    const to = iana.offset(at);
    ats.push(at);
    offsets.push(to);
    prev = at;
    prevOffset = to;
  }
  return { first, ats, offsets };
}

/** The offset of a valid zone at an instant, in minutes east of UTC (luxon's `IANAZone.offset`). */
function offsetAt(zone: string, ts: number): number {
  let z = zones.get(zone);
  if (!z) {
    z = { iana: IANAZone.create(zone), spans: new Map() };
    zones.set(zone, z);
  }
  if (!(ts >= FAST_FROM && ts < FAST_TO)) return z.iana.offset(ts);
  const index = Math.floor(ts / SPAN);
  let span = z.spans.get(index);
  if (!span) {
    if (spanCount >= 50_000) {
      for (const other of zones.values()) other.spans.clear();
      spanCount = 0;
    }
    span = buildSpan(z.iana, index);
    z.spans.set(index, span);
    spanCount++;
  }
  let offset = span.first;
  const second = Math.floor(ts / 1000) * 1000;
  for (let i = 0; i < span.ats.length && span.ats[i]! <= second; i++) offset = span.offsets[i]!;
  return offset;
}

/** luxon's `fixOffset`: the instant of floating `localTs` in the zone, starting from a guessed offset. */
function fixOffset(localTs: number, guess: number, zone: string): number {
  let utcGuess = localTs - guess * 60_000;
  const o2 = offsetAt(zone, utcGuess);
  if (guess === o2) return utcGuess;
  utcGuess -= (o2 - guess) * 60_000;
  const o3 = offsetAt(zone, utcGuess);
  if (o2 === o3) return utcGuess;
  // A wall-clock time skipped by a DST jump.
  return localTs - Math.min(o2, o3) * 60_000;
}

function parse(local: Local, zone: string): DateTime {
  const m = LOCAL.exec(local);
  if (!m) throw new Error(`Not a local time: ${local}`);
  return DateTime.fromObject(
    {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6] ?? 0),
    },
    { zone },
  );
}

/** luxon's conversion, the reference the fast paths are tested against. */
export const reference = {
  toInstant: (local: Local, zone: string): Date => parse(local, zone).toJSDate(),
  toLocal: (instant: Date, zone: string): Local =>
    DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm"),
  addLocalMinutes: (local: Local, minutes: number): Local =>
    parse(local, 'UTC').plus({ minutes }).toFormat("yyyy-MM-dd'T'HH:mm"),
  localMinutes: (from: Local, to: Local): number =>
    Math.round(parse(to, 'UTC').diff(parse(from, 'UTC'), 'minutes').minutes),
  isLocal: (value: string): boolean => {
    if (!LOCAL.test(value)) return false;
    const d = parse(value, 'UTC');
    return d.isValid && d.toFormat("yyyy-MM-dd'T'HH:mm") === value.slice(0, 16);
  },
};

/**
 * The instant of a wall-clock time in a zone. A time skipped by a DST jump moves forward by the gap
 * (02:30 on the spring-forward day becomes 03:30), as RFC 5545 §3.3.5 asks. A time that occurs twice
 * (the hour after the fall-back) is resolved as luxon does: by the zone's offset at the current time.
 */
export function toInstant(local: Local, zone: string): Date {
  const localTs = localMs(local);
  if (Number.isNaN(localTs) || !isValidZone(zone)) return reference.toInstant(local, zone);
  return new Date(fixOffset(localTs, offsetAt(zone, Date.now()), zone));
}

/** The wall-clock time of an instant in a zone, to the minute. */
export function toLocal(instant: Date, zone: string): Local {
  const ts = instant.getTime();
  if (Number.isNaN(ts) || !isValidZone(zone)) return reference.toLocal(instant, zone);
  return formatMs(ts + offsetAt(zone, ts) * 60_000);
}

/** Adds minutes of wall-clock time (an event 19:00–21:00 stays 2 h on the clock). */
export function addLocalMinutes(local: Local, minutes: number): Local {
  const ms = localMs(local);
  if (Number.isNaN(ms)) return reference.addLocalMinutes(local, minutes);
  return formatMs(ms + minutes * 60_000);
}

/** Minutes between two wall-clock times. */
export function localMinutes(from: Local, to: Local): number {
  return Math.round((localMs(to) - localMs(from)) / 60_000);
}

/** A local time as a "floating" Date whose UTC fields are the wall-clock fields (for rrule). */
export function floating(local: Local): Date {
  return new Date(localMs(local));
}

export function fromFloating(d: Date): Local {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return DateTime.fromJSDate(d, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm");
  return formatMs(ms);
}

/** The calendar date (YYYY-MM-DD) of a local time. */
export function localDate(local: Local): string {
  return local.slice(0, 10);
}

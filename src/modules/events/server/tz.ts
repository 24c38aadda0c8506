import { DateTime, IANAZone } from 'luxon';

/**
 * Wall-clock times ("local") are strings `YYYY-MM-DDTHH:mm` (seconds optional) in an event's IANA
 * zone. Series are expanded in local time and converted here, so 19:00 stays 19:00 across DST.
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

export function isLocal(value: string): boolean {
  const m = LOCAL.exec(value);
  if (!m) return false;
  const d = DateTime.fromObject(parts(m), { zone: 'UTC' });
  return d.isValid && d.toFormat("yyyy-MM-dd'T'HH:mm") === value.slice(0, 16);
}

function parts(m: RegExpExecArray) {
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
  };
}

function parse(local: Local, zone: string): DateTime {
  const m = LOCAL.exec(local);
  if (!m) throw new Error(`Not a local time: ${local}`);
  return DateTime.fromObject(parts(m), { zone });
}

/**
 * The instant of a wall-clock time in a zone. A time skipped by a DST jump moves forward by the gap
 * (02:30 on the spring-forward day becomes 03:30), as RFC 5545 §3.3.5 asks.
 */
export function toInstant(local: Local, zone: string): Date {
  return parse(local, zone).toJSDate();
}

/** The wall-clock time of an instant in a zone, to the minute. */
export function toLocal(instant: Date, zone: string): Local {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** Adds minutes of wall-clock time (an event 19:00–21:00 stays 2 h on the clock). */
export function addLocalMinutes(local: Local, minutes: number): Local {
  return parse(local, 'UTC').plus({ minutes }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** Minutes between two wall-clock times. */
export function localMinutes(from: Local, to: Local): number {
  return Math.round(parse(to, 'UTC').diff(parse(from, 'UTC'), 'minutes').minutes);
}

/** A local time as a "floating" Date whose UTC fields are the wall-clock fields (for rrule). */
export function floating(local: Local): Date {
  return parse(local, 'UTC').toJSDate();
}

export function fromFloating(d: Date): Local {
  return DateTime.fromJSDate(d, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The calendar date (YYYY-MM-DD) of a local time. */
export function localDate(local: Local): string {
  return local.slice(0, 10);
}

/**
 * Calendar days and formatting for the members' calendar pages. A `Day` is a date `YYYY-MM-DD` in the
 * viewer's browser time zone (the calendar grid shows the viewer's days); programme breaks and focus days
 * are plain dates too. Everything here is zod-free and small: it ships in the page chunks.
 */
export type Day = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');

export function isDay(value: string | null | undefined): value is Day {
  if (!value) return false;
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dayOf(d) === value;
}

/** The viewer's calendar day of a moment. */
export function dayOf(date: Date): Day {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of a day (viewer's zone). */
export function dateOfDay(day: Day): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

export const today = (): Day => dayOf(new Date());

export function addDays(day: Day, n: number): Day {
  const d = dateOfDay(day);
  d.setDate(d.getDate() + n);
  return dayOf(d);
}

/** The first day of the month `n` months after `day`'s month. */
export function addMonths(day: Day, n: number): Day {
  const d = dateOfDay(day);
  return dayOf(new Date(d.getFullYear(), d.getMonth() + n, 1));
}

export const startOfMonth = (day: Day): Day => `${day.slice(0, 7)}-01`;

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: Day): number => dateOfDay(day).getDay();

/** The first day of the week containing `day`; `firstDay` 0 = Sunday, 1 = Monday. */
export function startOfWeek(day: Day, firstDay: number): Day {
  return addDays(day, -((weekdayOf(day) - firstDay + 7) % 7));
}

/** The ISO instant of a day's local midnight, for the API's `from`/`to`. */
export const instantOfDay = (day: Day): string => dateOfDay(day).toISOString();

/** The days of a month grid: whole weeks from the week of the 1st to the week of the last day. */
export function monthGrid(day: Day, firstDay: number): Day[][] {
  const first = startOfMonth(day);
  const last = addDays(addMonths(first, 1), -1);
  const weeks: Day[][] = [];
  let d = startOfWeek(first, firstDay);
  while (d <= last) {
    const week: Day[] = [];
    for (let i = 0; i < 7; i++) {
      week.push(d);
      d = addDays(d, 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/**
 * A BCP 47 tag for the UI language: the browser's own variant of that language when it has one
 * (en-US keeps Sunday weeks, en-GB Monday), else the usual one for Treffpunkt's languages.
 */
export function localeTag(lang: string): string {
  const base = lang.split('-')[0] ?? 'de';
  const nav = typeof navigator !== 'undefined' ? (navigator.languages ?? []) : [];
  const own = nav.find((l) => l.toLowerCase().split('-')[0] === base);
  if (own) return own;
  return ({ de: 'de-DE', en: 'en-GB', sv: 'sv-SE' } as Record<string, string>)[base] ?? lang;
}

interface WeekInfo {
  firstDay: number;
}

/** The first weekday of a locale's weeks: 0 = Sunday, 1 = Monday. */
export function firstDayOfWeek(tag: string): number {
  try {
    const loc = new Intl.Locale(tag) as Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };
    const info = loc.getWeekInfo?.() ?? loc.weekInfo;
    if (info?.firstDay) return info.firstDay % 7;
  } catch {
    // Older engines: fall through to the common rule.
  }
  return /^en-(US|CA)$|^en$/i.test(tag) ? 0 : 1;
}

/** The viewer's IANA zone, e.g. "Europe/Berlin". */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, options);
    cache.set(key, f);
  }
  return f;
}

/** A plain date (no zone shift), as `dateOfDay` would show it. */
const plain = (day: Day) => new Date(`${day}T12:00:00Z`);

/** "Juli 2027". */
export const monthLabel = (day: Day, tag: string) =>
  fmt(tag, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(plain(day));

/** "Dienstag, 12. Januar 2027" for a day. */
export const dayLong = (day: Day, tag: string) =>
  fmt(tag, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    plain(day),
  );

/** "Di., 12. Jan." for a day. */
export const dayShort = (day: Day, tag: string) =>
  fmt(tag, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(plain(day));

/** "12. Januar 2027" for a day. */
export const dateLong = (day: Day, tag: string) =>
  fmt(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(plain(day));

/** "1. Juli – 31. August 2027" for two days, without repeating what they share. */
export function dayRange(from: Day, to: Day, tag: string): string {
  if (from === to) return dateLong(from, tag);
  return fmt(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).formatRange(
    plain(from),
    plain(to),
  );
}

/** Weekday names for a grid header, starting at `firstDay`: [short, long][]. */
export function weekdayNames(tag: string, firstDay: number): [string, string][] {
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => {
    const d = new Date(Date.UTC(2023, 0, 1 + ((firstDay + i) % 7), 12));
    return [
      fmt(tag, { weekday: 'short', timeZone: 'UTC' }).format(d),
      fmt(tag, { weekday: 'long', timeZone: 'UTC' }).format(d),
    ];
  });
}

/** "19:00" for an instant, in the viewer's zone or in `zone`. */
export const timeOf = (iso: string, tag: string, zone?: string) =>
  fmt(tag, { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(new Date(iso));

/** "19:00–21:00" for two instants on the same day, with dates when they are not. */
export function timeRange(from: string, to: string, tag: string, zone?: string): string {
  const a = new Date(from);
  const b = new Date(to);
  const sameDay =
    fmt(tag, { dateStyle: 'short', timeZone: zone }).format(a) ===
    fmt(tag, { dateStyle: 'short', timeZone: zone }).format(b);
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit', timeZone: zone }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: zone };
  return fmt(tag, options).formatRange(a, b);
}

/** "Dienstag, 12. Januar 2027" for an instant in the viewer's zone or in `zone`. */
export const dateOfInstant = (iso: string, tag: string, zone?: string) =>
  fmt(tag, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }).format(
    new Date(iso),
  );

/** "12.01.2027, 19:00" for tables and deadlines. */
export const dateTime = (iso: string, tag: string) =>
  fmt(tag, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** "Di., 12. Jan., 19:00" — a compact moment for lists of dates. */
export const shortMoment = (iso: string, tag: string) =>
  fmt(tag, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );

/** Whether an instant reads the same on the clock in two zones (then one zone is enough to show). */
export function sameWallClock(iso: string, zoneA: string, zoneB: string): boolean {
  const o: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };
  const d = new Date(iso);
  return (
    fmt('en-GB', { ...o, timeZone: zoneA }).format(d) === fmt('en-GB', { ...o, timeZone: zoneB }).format(d)
  );
}

/** The viewer's day of a local wall-clock time `YYYY-MM-DDTHH:mm` (a key's date, not shifted). */
export const dayOfLocal = (local: string): Day => local.slice(0, 10);

/** "Di., 12. Jan., 19:00–21:00" for two instants, always with the date, in the viewer's zone or `zone`. */
export function momentRange(from: string, to: string, tag: string, zone?: string): string {
  return fmt(tag, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
  }).formatRange(new Date(from), new Date(to));
}

/** A wall-clock time `YYYY-MM-DDTHH:mm` as written, without any zone shift: "Di., 12. Jan. 2027, 19:00". */
export function localLabel(local: string, tag: string): string {
  return fmt(tag, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(`${local}:00Z`));
}

/**
 * The breaks that begin after the previous listed day (or today, for the first) and by this day:
 * in the list view they stand before this day, so a gap of weeks explains itself.
 */
export function breaksBefore<B extends { startsOn: Day }>(breaks: B[], previous: Day, day: Day): B[] {
  return breaks.filter((b) => b.startsOn > previous && b.startsOn <= day);
}

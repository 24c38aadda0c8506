import { IANAZone } from 'luxon';
import { isLocal, isValidZone, toInstant } from './tz.ts';

/**
 * A small RFC 5545 (iCalendar) writer for the programme calendar: feeds (PUBLISH) and iTIP mails
 * (REQUEST/CANCEL). Timed events keep their wall-clock time in an IANA zone (`DTSTART;TZID=…`), and
 * every zone used gets a VTIMEZONE derived from the runtime's IANA data, so "19:00 Berlin" stays
 * 19:00 across DST in every client.
 */

export interface IcsPerson {
  name: string;
  email: string;
}

export interface IcsAttendee extends IcsPerson {
  partstat?: 'ACCEPTED' | 'NEEDS-ACTION' | 'DECLINED' | 'TENTATIVE';
  rsvp?: boolean;
}

export interface IcsEvent {
  /** Stable, e.g. `<eventId>@<host>`; an override shares its series' UID. */
  uid: string;
  sequence: number;
  summary: string;
  /** Plain text; newlines, commas, semicolons and any Unicode are fine. */
  description?: string;
  url?: string;
  location?: string;
  categories?: string[];
  status?: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  /** TRANSP:TRANSPARENT (breaks, focus days). */
  transparent?: boolean;
  organizer?: IcsPerson;
  attendees?: IcsAttendee[];
  created?: Date;
  lastModified?: Date;
  /** Timed events: wall-clock `YYYY-MM-DDTHH:mm` in `timeZone` (IANA). */
  timeZone?: string;
  start?: string;
  end?: string;
  /** All-day events: `YYYY-MM-DD`, end exclusive. Takes precedence over start/end/timeZone. */
  allDay?: { start: string; end: string };
  /** `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU` (no `RRULE:` prefix). UNTIL may be UTC (`…Z`), local or a date. */
  rrule?: string;
  /** Original starts of skipped occurrences: wall-clock in `timeZone`, or `YYYY-MM-DD` for all-day series. */
  exdates?: string[];
  /** Original start of the occurrence this VEVENT overrides (same format as `exdates`). */
  recurrenceId?: string;
}

export interface IcsCalendar {
  name: string;
  description?: string;
  /** Defaults to PUBLISH (feeds). */
  method?: 'PUBLISH' | 'REQUEST' | 'CANCEL';
  events: IcsEvent[];
  /** DTSTAMP of every VEVENT; pass it for deterministic output. */
  now?: Date;
  /** Emits REFRESH-INTERVAL and X-PUBLISHED-TTL. */
  refreshMinutes?: number;
  prodId?: string;
}

const DEFAULT_PROD_ID = '-//Treffpunkt//Events//EN';
const CRLF = '\r\n';
/** Open-ended series get time zone rules for at least this many years past their start (or now). */
const OPEN_ENDED_YEARS = 5;

/** Builds a complete VCALENDAR (CRLF line endings, folded lines, trailing CRLF). */
export function buildCalendar(input: IcsCalendar): string {
  const method = input.method ?? 'PUBLISH';
  const now = input.now ?? new Date();
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(input.prodId ?? DEFAULT_PROD_ID)}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    // NAME/DESCRIPTION are RFC 7986; the X-WR-* twins are what Apple, Google and Outlook read.
    `NAME:${escapeText(input.name)}`,
    `X-WR-CALNAME:${escapeText(input.name)}`,
  ];
  if (input.description) {
    lines.push(
      `DESCRIPTION:${escapeText(input.description)}`,
      `X-WR-CALDESC:${escapeText(input.description)}`,
    );
  }
  if (input.refreshMinutes !== undefined) {
    if (!Number.isInteger(input.refreshMinutes) || input.refreshMinutes < 1) {
      throw new Error(`refreshMinutes must be a positive integer: ${input.refreshMinutes}`);
    }
    const duration = formatDuration(input.refreshMinutes);
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${duration}`, `X-PUBLISHED-TTL:${duration}`);
  }
  for (const [zone, years] of [...zoneSpans(input.events, now)].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(...vtimezone(zone, years.from, years.to));
  }
  for (const event of orderEvents(input.events)) lines.push(...vevent(event, method, now));
  lines.push('END:VCALENDAR');
  return lines.map(fold).join(CRLF) + CRLF;
}

// ---------------------------------------------------------------------------------------------------
// Content lines: escaping and folding

/** Removes what no iCalendar value may contain: controls other than tab, and lone surrogates. */
function clean(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  return value.toWellFormed().replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/** TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines are escaped. */
export function escapeText(value: string): string {
  return clean(value)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** URI and CAL-ADDRESS values are not escaped; they just must not break the line. */
function uriValue(value: string): string {
  return clean(value).replace(/\s+/g, '');
}

/**
 * Parameter values (§3.2) cannot be escaped: DQUOTE is not allowed at all (dropped), and values with
 * `:`, `;` or `,` must be quoted.
 */
function paramValue(value: string): string {
  const v = clean(value)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/"/g, '');
  return /[:;,]/.test(v) ? `"${v}"` : v;
}

function utf8Length(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * Folds a content line at 75 octets (§3.1). Continuation lines start with a space, which counts
 * towards their 75 octets. Splits only between code points, so no UTF-8 sequence is ever broken.
 */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const n = utf8Length(char);
    if (size + n > 75) {
      parts.push(current);
      current = ' ';
      size = 1;
    }
    current += char;
    size += n;
  }
  parts.push(current);
  return parts.join(CRLF);
}

function formatDuration(minutes: number): string {
  if (minutes % 1440 === 0) return `P${minutes / 1440}D`;
  if (minutes % 60 === 0) return `PT${minutes / 60}H`;
  return `PT${minutes}M`;
}

// ---------------------------------------------------------------------------------------------------
// Date values

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `20270112T180000Z` */
function utcStamp(date: Date | number): string {
  const d = new Date(date);
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  );
}

/** Wall-clock `2027-01-12T19:00` → `20270112T190000`. */
function localStamp(local: string, field: string): string {
  if (!isLocal(local)) throw new Error(`${field}: not a local date-time (YYYY-MM-DDTHH:mm): ${local}`);
  const [date, time] = local.split('T') as [string, string];
  const [h, m, s = '00'] = time.split(':');
  return `${date.replaceAll('-', '')}T${h}${m}${s}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1;
}

/** `2027-07-01` → `20270701`. A local date-time is cut to its date (exdates of all-day series). */
function dateStamp(value: string, field: string): string {
  const date = isLocal(value) ? value.slice(0, 10) : value;
  if (!isDate(date)) throw new Error(`${field}: not a date (YYYY-MM-DD): ${value}`);
  return date.replaceAll('-', '');
}

// ---------------------------------------------------------------------------------------------------
// VEVENT

/** Keeps the input order of series, but puts each master before its overrides (some clients need it). */
function orderEvents(events: IcsEvent[]): IcsEvent[] {
  const firstSeen = new Map<string, number>();
  events.forEach((e, i) => {
    if (!firstSeen.has(e.uid)) firstSeen.set(e.uid, i);
  });
  return events
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        firstSeen.get(a.event.uid)! - firstSeen.get(b.event.uid)! ||
        Number(a.event.recurrenceId !== undefined) - Number(b.event.recurrenceId !== undefined) ||
        (a.event.recurrenceId ?? '').localeCompare(b.event.recurrenceId ?? '') ||
        a.index - b.index,
    )
    .map(({ event }) => event);
}

function vevent(e: IcsEvent, method: NonNullable<IcsCalendar['method']>, now: Date): string[] {
  const where = `event ${e.uid}`;
  if (!Number.isInteger(e.sequence) || e.sequence < 0)
    throw new Error(`${where}: bad sequence ${e.sequence}`);
  const lines = ['BEGIN:VEVENT', `UID:${escapeText(e.uid)}`, `DTSTAMP:${utcStamp(now)}`];
  const override = e.recurrenceId !== undefined;

  if (e.allDay) {
    const start = dateStamp(e.allDay.start, `${where} allDay.start`);
    const end = dateStamp(e.allDay.end, `${where} allDay.end`);
    if (end <= start) throw new Error(`${where}: allDay.end must be after allDay.start (it is exclusive)`);
    lines.push(`DTSTART;VALUE=DATE:${start}`, `DTEND;VALUE=DATE:${end}`);
    if (override)
      lines.push(`RECURRENCE-ID;VALUE=DATE:${dateStamp(e.recurrenceId!, `${where} recurrenceId`)}`);
    else {
      if (e.rrule) lines.push(`RRULE:${normalizeRrule(e.rrule, where, null)}`);
      if (e.exdates?.length) {
        const values = e.exdates.map((x) => dateStamp(x, `${where} exdates`));
        lines.push(`EXDATE;VALUE=DATE:${[...new Set(values)].sort().join(',')}`);
      }
    }
  } else {
    const zone = timedZone(e);
    if (!e.start) throw new Error(`${where}: a timed event needs start (or allDay)`);
    const tzid = `TZID=${paramValue(zone)}`;
    const start = localStamp(e.start, `${where} start`);
    lines.push(`DTSTART;${tzid}:${start}`);
    if (e.end !== undefined) {
      const end = localStamp(e.end, `${where} end`);
      if (end <= start) throw new Error(`${where}: end must be after start`);
      lines.push(`DTEND;${tzid}:${end}`);
    }
    if (override) lines.push(`RECURRENCE-ID;${tzid}:${localStamp(e.recurrenceId!, `${where} recurrenceId`)}`);
    else {
      if (e.rrule) lines.push(`RRULE:${normalizeRrule(e.rrule, where, zone)}`);
      if (e.exdates?.length) {
        const values = e.exdates.map((x) => localStamp(x, `${where} exdates`));
        lines.push(`EXDATE;${tzid}:${[...new Set(values)].sort().join(',')}`);
      }
    }
  }
  // An override describes one occurrence, so a series' RRULE/EXDATE (e.g. copied over with a spread)
  // are deliberately not written for it above.

  lines.push(`SEQUENCE:${e.sequence}`, `SUMMARY:${escapeText(e.summary)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.url) lines.push(`URL:${uriValue(e.url)}`);
  if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
  // iTIP (RFC 5546 §3.2.5) requires STATUS:CANCELLED on a CANCEL; default it so callers cannot forget.
  const status = e.status ?? (method === 'CANCEL' ? 'CANCELLED' : undefined);
  if (status) lines.push(`STATUS:${status}`);
  if (e.transparent !== undefined) lines.push(`TRANSP:${e.transparent ? 'TRANSPARENT' : 'OPAQUE'}`);
  if (e.organizer) lines.push(`ORGANIZER;CN=${paramValue(e.organizer.name)}:${mailto(e.organizer.email)}`);
  for (const a of e.attendees ?? []) {
    let params = `;CN=${paramValue(a.name)}`;
    if (a.partstat) params += `;PARTSTAT=${a.partstat}`;
    if (a.rsvp) params += ';RSVP=TRUE';
    lines.push(`ATTENDEE${params}:${mailto(a.email)}`);
  }
  if (e.created) lines.push(`CREATED:${utcStamp(e.created)}`);
  if (e.lastModified) lines.push(`LAST-MODIFIED:${utcStamp(e.lastModified)}`);
  lines.push('END:VEVENT');
  return lines;
}

function mailto(email: string): string {
  return `mailto:${uriValue(email)}`;
}

function timedZone(e: IcsEvent): string {
  if (!e.timeZone || !isValidZone(e.timeZone)) {
    throw new Error(`event ${e.uid}: a timed event needs a valid IANA timeZone (got ${e.timeZone})`);
  }
  return e.timeZone;
}

/**
 * Upper-cases the rule and fixes UNTIL to the form §3.3.10 demands: UTC when DTSTART has a TZID (a
 * local or date-only UNTIL is read in the event's zone, a date as the end of that day), a DATE when
 * DTSTART is a date (`zone` null).
 */
function normalizeRrule(rule: string, where: string, zone: string | null): string {
  const body = rule
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  const parts = body.split(';');
  const wellFormed = parts.every((p) => /^[A-Z]+=[A-Z0-9,+-]+$/.test(p));
  if (!wellFormed || !parts.some((p) => p.startsWith('FREQ=')))
    throw new Error(`${where}: not an RRULE: ${rule}`);
  return parts
    .map((part) => {
      const [key, value = ''] = part.split('=') as [string, string?];
      if (key !== 'UNTIL') return part;
      const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
      if (!m) throw new Error(`${where}: bad UNTIL in ${rule}`);
      if (zone === null) return `UNTIL=${value.slice(0, 8)}`;
      if (m[7]) return part;
      const local = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '23'}:${m[5] ?? '59'}:${m[6] ?? '59'}`;
      return `UNTIL=${utcStamp(toInstant(local, zone))}`;
    })
    .join(';');
}

// ---------------------------------------------------------------------------------------------------
// VTIMEZONE

/** Per zone, the local years the events touch (start of the earliest to the last relevant date). */
function zoneSpans(events: IcsEvent[], now: Date): Map<string, { from: number; to: number }> {
  const spans = new Map<string, { from: number; to: number }>();
  for (const e of events) {
    if (e.allDay) continue;
    const zone = timedZone(e);
    const year = (local: string | undefined) => (local ? Number(local.slice(0, 4)) : Number.NaN);
    const years = [e.start, e.end, e.recurrenceId, ...(e.exdates ?? [])].map(year).filter(Number.isFinite);
    const until = /UNTIL=(\d{4})/i.exec(e.rrule ?? '');
    if (until) years.push(Number(until[1]));
    else if (e.rrule && e.recurrenceId === undefined) {
      // Open-ended or COUNT-bounded: cover a few years ahead; later years follow the open RRULEs.
      years.push(Math.max(year(e.start), now.getUTCFullYear()) + OPEN_ENDED_YEARS);
    }
    if (!years.length) continue;
    const span = spans.get(zone);
    const from = Math.min(...years, span?.from ?? Number.POSITIVE_INFINITY);
    const to = Math.max(...years, span?.to ?? Number.NEGATIVE_INFINITY);
    spans.set(zone, { from, to });
  }
  return spans;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const YEAR = 366 * DAY;

interface Transition {
  /** The instant (ms) the new offset starts. */
  at: number;
  /** Offsets in minutes east of UTC, before and after. */
  from: number;
  to: number;
}

/**
 * Offset changes of a zone in [start, end): probes once a day and bisects each change to the minute.
 * (Two changes within one day would be missed; the IANA data has none in modern times.)
 */
function transitions(zone: IANAZone, start: number, end: number): Transition[] {
  const found: Transition[] = [];
  let prev = start;
  let prevOffset = zone.offset(start);
  while (prev < end) {
    const next = Math.min(prev + DAY, end);
    const offset = zone.offset(next);
    if (offset === prevOffset) {
      prev = next;
      continue;
    }
    let lo = Math.floor(prev / MINUTE);
    let hi = Math.ceil(next / MINUTE);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zone.offset(mid * MINUTE) === prevOffset) lo = mid;
      else hi = mid;
    }
    const at = hi * MINUTE;
    const to = zone.offset(at);
    found.push({ at, from: prevOffset, to });
    prev = at;
    prevOffset = to;
  }
  return found;
}

interface Observance {
  daylight: boolean;
  from: number;
  to: number;
  name: string;
  /** Wall-clock start in the `from` offset, as `YYYYMMDDTHHMMSS`. */
  start: string;
  rrule?: string;
  /** Sort key. */
  at: number;
}

/** A transition with its wall-clock moment (in the old offset, as §3.6.5 wants) and yearly-rule guesses. */
interface Change extends Transition {
  daylight: boolean;
  name: string;
  year: number;
  month: number;
  local: string;
  rules: string[];
}

interface Run {
  items: Change[];
  /** Day rules every item fits, in order of preference. */
  rules: string[];
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
/** Shortest length of each month, so "weekday on or after day N" rules stay inside every year's month. */
const MIN_MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The yearly rules a transition on this wall-clock day fits, most conventional first: last weekday,
 * nth weekday, fixed day, weekday on or after a day (e.g. Israel's "Friday before the last Sunday").
 */
function ruleCandidates(wall: Date): string[] {
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth();
  const day = wall.getUTCDate();
  const weekday = WEEKDAYS[wall.getUTCDay()]!;
  const monthDays = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const rules: string[] = [];
  // "Last Sunday" is far more common in the IANA rules than "4th Sunday", so it wins when both fit.
  if (day + 7 > monthDays) rules.push(`BYDAY=-1${weekday}`);
  if (day <= 28) rules.push(`BYDAY=${Math.ceil(day / 7)}${weekday}`);
  rules.push(`BYMONTHDAY=${day}`);
  for (let first = Math.max(1, day - 6); first <= day && first + 6 <= MIN_MONTH_DAYS[month]!; first++) {
    const days = Array.from({ length: 7 }, (_, i) => first + i).join(',');
    rules.push(`BYMONTHDAY=${days};BYDAY=${weekday}`);
  }
  return rules;
}

/** Locales whose CLDR data has short names (CET, EST, AEST, IST, JST) for the zones they care about. */
const NAME_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'ja-JP'];
const nameFormats = new Map<string, Intl.DateTimeFormat>();

/** TZNAME: an abbreviation from CLDR if one exists, else the numeric form the IANA data uses (`+09`). */
function zoneName(zone: string, at: number, offset: number): string {
  for (const locale of NAME_LOCALES) {
    const key = `${locale}|${zone}`;
    let format = nameFormats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
      nameFormats.set(key, format);
    }
    const name = format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
    // Skip localized GMT formats ("GMT+1"); plain GMT/UTC only where they are true.
    if (/^[A-Z]{2,5}$/.test(name) && !(/^(GMT|UTC)$/.test(name) && offset !== 0)) return name;
  }
  const abs = Math.abs(Math.round(offset));
  const hhmm = abs % 60 ? `${pad(Math.floor(abs / 60))}${pad(abs % 60)}` : pad(Math.floor(abs / 60));
  return `${offset < 0 ? '-' : '+'}${hhmm}`;
}

/** `+0100`, `-0330`, with seconds only when there are any (§3.3.14). */
function formatOffset(minutes: number): string {
  const total = Math.round(Math.abs(minutes) * 60);
  const s = total % 60;
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(total / 3600))}${pad(Math.floor(total / 60) % 60)}${s ? pad(s) : ''}`;
}

function wallClock(at: number, offset: number): Date {
  return new Date(at + offset * MINUTE);
}

function wallStamp(wall: Date): string {
  return utcStamp(wall).slice(0, -1);
}

/**
 * The VTIMEZONE for `zone`, correct for local years `fromYear`..`toYear`. Transitions are found from
 * the runtime's IANA data; consecutive yearly ones that follow one rule become an RRULE observance
 * (open-ended if the rule is still in force at the end, so clients extrapolate it), the rest get an
 * observance each.
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string[] {
  if (!isValidZone(zone)) throw new Error(`Unknown time zone: ${zone}`);
  // Bound the scan (cost grows with the span): years outside are data errors or far enough away that
  // the open-ended RRULEs cover them.
  const from = Math.min(Math.max(fromYear, 1970), 2200);
  const to = Math.min(Math.max(toYear, from), from + 60);
  const key = `${zone}|${from}|${to}`;
  let lines = vtimezoneCache.get(key);
  if (!lines) {
    if (vtimezoneCache.size >= 200) vtimezoneCache.clear();
    lines = buildVtimezone(zone, from, to);
    vtimezoneCache.set(key, lines);
  }
  return [...lines];
}

/** Feeds are polled often and ask for the same zones and years; the IANA data does not change at runtime. */
const vtimezoneCache = new Map<string, readonly string[]>();

function buildVtimezone(zone: string, fromYear: number, toYear: number): string[] {
  const iana = IANAZone.create(zone);
  // One year before, so the observance in force at the first event is included; one year after,
  // only to tell DST from a permanent offset change.
  const scanStart = Date.UTC(fromYear - 1, 0, 1);
  const windowEnd = Date.UTC(toYear + 1, 0, 1);
  const all = transitions(iana, scanStart, Date.UTC(toYear + 2, 0, 1));

  const changes: Change[] = [];
  all.forEach((t, i) => {
    if (t.at >= windowEnd) return;
    // DST is a raise of the offset that is undone within a year (works for both hemispheres, and a
    // permanent change stays STANDARD).
    const daylight = t.to > t.from && all.slice(i + 1).some((u) => u.at - t.at <= YEAR && u.to < t.to);
    const wall = wallClock(t.at, t.from);
    changes.push({
      ...t,
      daylight,
      name: zoneName(zone, t.at, t.to),
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      local: wallStamp(wall),
      rules: ruleCandidates(wall),
    });
  });

  const observances: Observance[] = [];
  const firstEvent = Date.UTC(fromYear, 0, 1);
  if (!changes.length || changes[0]!.at > firstEvent) {
    // No change in the year before the events: one observance from the scan start covers them.
    const offset = iana.offset(scanStart);
    const daylight = changes.length > 0 && changes[0]!.to < offset && changes[0]!.at - scanStart <= YEAR;
    observances.push({
      daylight,
      from: offset,
      to: offset,
      name: zoneName(zone, scanStart, offset),
      start: wallStamp(wallClock(scanStart, offset)),
      at: scanStart,
    });
  }

  // Group yearly repetitions: same kind, offsets, name, month and time of day, consecutive years, and
  // at least one day rule they all fit. Irregular transitions (e.g. Ramadan in Morocco) stay alone.
  const open = new Map<string, Run>();
  const runs: Run[] = [];
  for (const c of changes) {
    const key = [c.daylight, c.from, c.to, c.name, c.month, c.local.slice(9)].join('|');
    const run = open.get(key);
    const shared = run ? run.rules.filter((r) => c.rules.includes(r)) : [];
    if (run && run.items.at(-1)!.year + 1 === c.year && shared.length) {
      run.items.push(c);
      run.rules = shared;
      continue;
    }
    if (run) runs.push(run);
    open.set(key, { items: [c], rules: c.rules });
  }
  runs.push(...open.values());

  for (const { items, rules } of runs) {
    const first = items[0]!;
    const last = items.at(-1)!;
    let rrule: string | undefined;
    if (items.length > 1) {
      rrule = `FREQ=YEARLY;BYMONTH=${first.month};${rules[0]}`;
      // A rule that stopped inside the window ends with its last transition (UNTIL in UTC, §3.8.5.3).
      if (last.year < toYear) rrule += `;UNTIL=${utcStamp(last.at)}`;
    }
    observances.push({
      daylight: first.daylight,
      from: first.from,
      to: first.to,
      name: first.name,
      start: first.local,
      rrule,
      at: first.at,
    });
  }

  observances.sort((a, b) => a.at - b.at || Number(a.daylight) - Number(b.daylight));
  const lines = ['BEGIN:VTIMEZONE', `TZID:${escapeText(zone)}`, `X-LIC-LOCATION:${escapeText(zone)}`];
  for (const o of observances) {
    const kind = o.daylight ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${o.start}`,
      `TZOFFSETFROM:${formatOffset(o.from)}`,
      `TZOFFSETTO:${formatOffset(o.to)}`,
      `TZNAME:${escapeText(o.name)}`,
    );
    if (o.rrule) lines.push(`RRULE:${o.rrule}`);
    lines.push(`END:${kind}`);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

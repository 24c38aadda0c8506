import type { TFunction } from 'i18next';
import { isApiError } from '../../../../web/api.ts';
import type { FieldErrors } from '../../../../web/errors.ts';
import type { Repeat } from '../../schema.ts';

/** Zones most communities pick; the current value and the browser's zone are added when missing. */
export const COMMON_ZONES = [
  'Europe/Berlin',
  'Europe/Vienna',
  'Europe/Zurich',
  'Europe/Stockholm',
  'Europe/Copenhagen',
  'Europe/Oslo',
  'Europe/Helsinki',
  'Europe/Amsterdam',
  'Europe/Brussels',
  'Europe/Luxembourg',
  'Europe/Paris',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Prague',
  'Europe/Warsaw',
  'Europe/Budapest',
  'Europe/Athens',
  'Europe/Istanbul',
  'UTC',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
];

/** The browser's IANA zone, or Europe/Berlin when it cannot tell. */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Berlin';
  } catch {
    return 'Europe/Berlin';
  }
}

/** Options for a time-zone select: "Berlin – Mitteleuropäische Zeit", sorted by that label. */
export function zoneOptions(
  locale: string,
  ...extra: (string | null | undefined)[]
): { value: string; label: string }[] {
  const zones = new Set(COMMON_ZONES);
  for (const z of extra) if (z) zones.add(z);
  return [...zones]
    .map((zone) => ({ value: zone, label: zoneLabel(zone, locale) }))
    .sort((a, b) =>
      a.value === 'UTC' ? 1 : b.value === 'UTC' ? -1 : a.label.localeCompare(b.label, locale),
    );
}

export function zoneLabel(zone: string, locale: string): string {
  if (zone === 'UTC') return 'UTC';
  const city = (zone.split('/').pop() ?? zone).replaceAll('_', ' ');
  try {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value;
    return name ? `${city} – ${name}` : city;
  } catch {
    return city;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a date in the browser's zone. */
export function ymd(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A `YYYY-MM-DD` day as a Date at local noon (safe from DST edges), for weekday maths. */
export function dayDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12);
}

/** 0 = Monday … 6 = Sunday, as the API counts weekdays. */
export function weekdayOf(day: string): number {
  return (dayDate(day).getDay() + 6) % 7;
}

/** The weekday's name in the reader's language (0 = Monday). */
export function weekdayName(i: number, locale: string, width: 'long' | 'short' = 'long'): string {
  // 1 January 2024 was a Monday.
  return new Intl.DateTimeFormat(locale, { weekday: width }).format(new Date(2024, 0, 1 + i, 12));
}

/** Which Tuesday of its month a day is (1…5), and whether it is the last one. */
export function positionInMonth(day: string): { nth: number; last: boolean } {
  const d = dayDate(day);
  const nth = Math.ceil(d.getDate() / 7);
  const daysInMonth = new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate();
  return { nth, last: d.getDate() + 7 > daysInMonth };
}

/** Formatters in the reader's language. */
export function formats(locale: string) {
  const numeric = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
  const withWeekday = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  const short = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit' });
  return {
    /** `2027-01-12` → "12.01.2027". */
    day: (d: string) => numeric.format(dayDate(d)),
    /** `2027-01-12` → "Di., 12.01.2027". */
    weekdayDay: (d: string) => withWeekday.format(dayDate(d)),
    /** `2027-07-01` → "01.07.". */
    dayShort: (d: string) => short.format(dayDate(d)),
    /** `2027-01-12T19:00` → "19:00" (wall-clock, no zone maths). */
    time: (local: string) => local.slice(11, 16),
    /** An ISO instant as the wall clock of `zone` shows it: "Di., 24.11., 19:00" (with the year when not this one). */
    instantIn: (iso: string, zone: string) => {
      const at = new Date(iso);
      const year = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: zone }).format(at);
      return new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        day: '2-digit',
        month: '2-digit',
        year: year === String(new Date().getFullYear()) ? undefined : 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: zone,
      }).format(at);
    },
    /** An ISO instant in the reader's zone. */
    instant: (iso: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
  };
}

/** A break's range: "01.07.–31.08.2027", or with both years when it crosses New Year. */
export function rangeText(from: string, to: string, locale: string): string {
  const f = formats(locale);
  if (from === to) return f.day(from);
  if (from.slice(0, 4) === to.slice(0, 4)) return `${f.dayShort(from)}–${f.day(to)}`;
  return `${f.day(from)}–${f.day(to)}`;
}

/** Plain-language repeat rule: "Alle 14 Tage am Dienstag, ab 12.01.2027, bis 30.06.2027". */
export function repeatSummary(r: Repeat, startDay: string, t: TFunction, locale: string): string {
  const k = 'events.host.repeat.summary';
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });
  let rule: string;
  if (r.freq === 'daily') {
    rule = t(`${k}.daily`, { count: r.interval });
  } else if (r.freq === 'weekly') {
    const days = (r.weekdays.length ? [...r.weekdays].sort() : [weekdayOf(startDay)]).map((i) =>
      weekdayName(i, locale),
    );
    const on = list.format(days);
    rule =
      r.interval === 2
        ? t(`${k}.fortnightly`, { days: on })
        : t(`${k}.weekly`, { count: r.interval, days: on });
  } else if (r.setPos === null) {
    rule = t(`${k}.monthlyDay`, { count: r.interval, day: dayDate(startDay).getDate() });
  } else {
    const weekday = weekdayName(r.weekdays[0] ?? weekdayOf(startDay), locale);
    const pos = r.setPos === -1 ? t(`${k}.posLast`) : t(`${k}.pos${r.setPos}`);
    rule = t(`${k}.monthlyWeekday`, { count: r.interval, pos, weekday });
  }
  const f = formats(locale);
  const parts = [rule, t(`${k}.from`, { date: f.day(startDay) })];
  if (r.until) parts.push(t(`${k}.until`, { date: f.day(r.until) }));
  else if (r.count) parts.push(t(`${k}.times`, { count: r.count }));
  return parts.join(', ');
}

/** A whole number from an input; '' → null. */
export function parseWhole(input: string): number | null | 'invalid' {
  const s = input.trim();
  if (s === '') return null;
  if (!/^\d+$/.test(s)) return 'invalid';
  return Number(s);
}

/** Hours as people type them ("2", "1,5", "0.5"); '' → null. */
export function parseHours(input: string): number | null | 'invalid' {
  const s = input.trim().replace(',', '.');
  if (s === '') return null;
  if (!/^\d+(\.\d+)?$/.test(s)) return 'invalid';
  return Number(s);
}

export const isHttpUrl = (u: string) => u === '' || /^https?:\/\/[^\s]+\.[^\s]+/i.test(u);

const GENERIC = new Set(['too_small', 'too_big', 'invalid_format', 'invalid_string', 'invalid_type']);
/** The events API's own issue codes, each with a sentence in `events.host.serverCodes`. */
const SERVER_CODES = new Set([
  'invalid_time_zone',
  'end_before_start',
  'too_long',
  'grants_required',
  'video_url_required',
  'until_before_start',
  'unknown_space',
  'unknown_host',
  'unknown_member',
  'no_addresses',
  'too_many',
]);

/**
 * The server's field issues keyed by path (`repeat.until` stays whole; `grants.2` → `grants`).
 * `messages` gives a field its own translated sentence: the server's English messages never show.
 */
export function serverFieldErrors(
  err: unknown,
  t: TFunction,
  messages: Record<string, string> = {},
): FieldErrors {
  if (!isApiError(err)) return {};
  const out: FieldErrors = {};
  for (const issue of err.issues) {
    const segs = issue.path.split('.');
    const key = segs[0] === 'repeat' && segs[1] ? `repeat.${segs[1]}` : (segs[0] ?? '');
    if (!key || out[key]) continue;
    out[key] =
      (SERVER_CODES.has(issue.code) ? t(`events.host.serverCodes.${issue.code}`) : undefined) ??
      messages[key] ??
      (GENERIC.has(issue.code) ? t(`errors.field.${issue.code}`) : t('errors.field.invalid_type'));
  }
  return out;
}

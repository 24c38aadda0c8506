import type { FocusDay } from '../schema.ts';
import { localToKey } from '../shared.ts';
import type { IcsEvent } from './ics.ts';
import { type BreakRow, breakOn, type EventRow, type Occ, type OverrideRow } from './occurrences.ts';
import { expandLocal } from './recurrence.ts';
import { type Local, localDate, toLocal } from './tz.ts';

const DAY = 86_400_000;

/**
 * Events as iCalendar entries: a series is its master (RRULE, EXDATEs for the dates in programme
 * breaks) plus one VEVENT per changed date (RECURRENCE-ID, its own SEQUENCE); breaks and focus days
 * are all-day, transparent entries. UIDs are stable: `<event id>@<host>`.
 */
export function createCalendarFiles(publicUrl: string) {
  const host = new URL(publicUrl).host;

  const uidOf = (eventId: string, key?: string) => (key ? `${eventId}-${key}@${host}` : `${eventId}@${host}`);
  const eventUrl = (eventId: string, key?: string) => `${publicUrl}/events/${eventId}${key ? `/${key}` : ''}`;

  function location(e: EventRow, o: OverrideRow | null): string {
    const name = o?.place_name ?? e.place_name;
    const address = o?.place_address ?? e.place_address;
    const place = [name, address].filter(Boolean).join(', ');
    if (e.format === 'onsite') return place;
    return place ? `${place} + Online` : 'Online';
  }

  function plain(e: EventRow, note: string, key?: string): string {
    return [note, e.description, eventUrl(e.id, key)].filter(Boolean).join('\n\n');
  }

  /** The dates of a series inside programme breaks, as EXDATEs (a date the host moved stays, as in the calendar). */
  function breakExdates(
    e: EventRow,
    overrides: Map<string, OverrideRow> | undefined,
    breaks: BreakRow[],
  ): Local[] {
    if (!e.repeat || !breaks.length) return [];
    // One expansion over the span of all breaks (rrule walks from the series' start each time).
    const first = breaks.reduce((m, b) => (b.starts_on < m ? b.starts_on : m), breaks[0]!.starts_on);
    const last = breaks.reduce((m, b) => (b.ends_on > m ? b.ends_on : m), breaks[0]!.ends_on);
    const out: Local[] = [];
    for (const original of expandLocal(e.repeat, e.starts_local, `${first}T00:00`, `${last}T23:59`)) {
      if (!breakOn(breaks, localDate(original))) continue;
      const o = overrides?.get(localToKey(original));
      if (!o || o.starts_local === original) out.push(original);
    }
    return [...new Set(out)].sort();
  }

  /** A series or single event as VEVENTs: the master (RRULE, EXDATEs for breaks) and one per changed date. */
  function icsEvents(
    e: EventRow,
    overrides: Map<string, OverrideRow> | undefined,
    breaks: BreakRow[],
  ): IcsEvent[] {
    const base = {
      uid: uidOf(e.id),
      summary: e.title,
      url: eventUrl(e.id),
      timeZone: e.time_zone,
      created: new Date(e.created_at),
      lastModified: new Date(e.updated_at),
      categories: e.repeat ? ['Treffpunkt', 'Serie'] : ['Treffpunkt'],
    };
    const exdates = breakExdates(e, overrides, breaks);
    const excluded = new Set(exdates);
    const out: IcsEvent[] = [
      {
        ...base,
        sequence: e.sequence,
        start: e.starts_local,
        end: e.ends_local,
        description: plain(e, ''),
        location: location(e, null),
        status: e.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        ...(e.rrule ? { rrule: e.rrule, exdates } : {}),
      },
    ];
    if (!e.repeat) return out;
    for (const o of overrides?.values() ?? []) {
      if (excluded.has(o.original_local)) continue;
      out.push({
        ...base,
        sequence: o.sequence,
        recurrenceId: o.original_local,
        start: o.starts_local,
        end: o.ends_local,
        description: plain(e, o.note, localToKey(o.original_local)),
        location: location(e, o),
        status: o.cancelled || e.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        lastModified: new Date(o.updated_at),
      });
    }
    return out;
  }

  /** One date of a series as a standalone entry (a per-date RSVP's invitation). */
  function icsOccurrence(occ: Occ, cancelled = occ.cancelled): IcsEvent {
    const e = occ.event;
    if (!e.repeat)
      return { ...icsEvents(e, undefined, [])[0]!, status: cancelled ? 'CANCELLED' : 'CONFIRMED' };
    return {
      uid: uidOf(e.id, occ.key),
      sequence: e.sequence + (occ.override?.sequence ?? 0),
      summary: e.title,
      url: eventUrl(e.id, occ.key),
      timeZone: e.time_zone,
      start: occ.startsLocal,
      end: occ.endsLocal,
      description: plain(e, occ.override?.note ?? '', occ.key),
      location: location(e, occ.override),
      status: cancelled ? 'CANCELLED' : 'CONFIRMED',
      lastModified: new Date(occ.override?.updated_at ?? e.updated_at),
    };
  }

  function breakEntries(breaks: BreakRow[]): IcsEvent[] {
    return breaks.map((b) => ({
      uid: `break-${b.id}@${host}`,
      sequence: 0,
      summary: b.title,
      description: b.message,
      allDay: {
        start: b.starts_on,
        end: localDate(toLocal(new Date(Date.parse(`${b.ends_on}T12:00:00Z`) + DAY), 'UTC')),
      },
      transparent: true,
      categories: ['Programmpause'],
    }));
  }

  function focusEntries(days: FocusDay[]): IcsEvent[] {
    return days.map((f) => ({
      uid: `focus-${f.id}@${host}`,
      sequence: 0,
      summary: f.theme,
      description: f.description,
      allDay: {
        start: f.day,
        end: localDate(toLocal(new Date(Date.parse(`${f.day}T12:00:00Z`) + DAY), 'UTC')),
      },
      transparent: true,
      categories: ['Fokustag'],
    }));
  }

  return { uidOf, eventUrl, location, icsEvents, icsOccurrence, breakEntries, focusEntries };
}

export type CalendarFiles = ReturnType<typeof createCalendarFiles>;

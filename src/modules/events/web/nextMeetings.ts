import type { Break, CalendarRange, Occurrence } from '../schema.ts';
import { addDays, type Day } from './calendar/dates.ts';

/** How many dates the home page's card lists. */
export const NEXT_LIMIT = 3;
/** A coming programme break is announced on the home page this many days ahead (the calendar: 60). */
export const BREAK_NOTICE_DAYS = 30;

/**
 * What the "Nächste Treffen" card shows: `list` (dates, maybe with a break banner), `break` (no dates
 * during a break: only its banner, "Sommerpause – keine Live-Treffen bis …"), `empty` (one muted line,
 * maybe with the coming break) or `hidden` (no dates and nothing in the programme at all: a community
 * that does not use the calendar gets no empty card on every member's home page).
 */
export interface NextMeetingsView {
  kind: 'list' | 'break' | 'empty' | 'hidden';
  items: Occurrence[];
  currentBreak: Break | null;
  nextBreak: Break | null;
}

const idOf = (o: Occurrence) => `${o.eventId}/${o.key}`;
export const isMine = (o: Occurrence) => o.myStatus === 'going' || o.myStatus === 'waitlisted';

/**
 * The card's content from the two answers of `GET /api/events/upcoming`: `mine` (the dates I am going to
 * or waiting for) and `all` (the next dates I can see). My own dates come first; free places in the list
 * are filled with the next other dates; the list is in time order. A break shows when it is current, or
 * when the next one begins within `BREAK_NOTICE_DAYS` of `today` (the viewer's day).
 */
export function nextMeetings(
  mine: readonly Occurrence[],
  all: CalendarRange,
  today: Day,
  limit = NEXT_LIMIT,
): NextMeetingsView {
  const items = mine.filter(isMine).slice(0, limit);
  const seen = new Set(items.map(idOf));
  for (const o of all.items) {
    if (items.length >= limit) break;
    if (seen.has(idOf(o))) continue;
    seen.add(idOf(o));
    items.push(o);
  }
  items.sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  const currentBreak = all.currentBreak;
  const soon = all.nextBreak && all.nextBreak.startsOn <= addDays(today, BREAK_NOTICE_DAYS);
  const nextBreak = !currentBreak && soon ? all.nextBreak : null;
  const kind =
    items.length > 0
      ? 'list'
      : currentBreak
        ? 'break'
        : nextBreak || all.breaks.length > 0 || all.focusDays.length > 0
          ? 'empty'
          : 'hidden';
  return { kind, items, currentBreak, nextBreak };
}

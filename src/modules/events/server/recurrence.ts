import rrule from 'rrule';
import type { Repeat } from '../schema.ts';
import { floating, fromFloating, type Local, toInstant } from './tz.ts';

const { RRule } = rrule;
const WEEKDAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
const ICS_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const FREQ = { daily: RRule.DAILY, weekly: RRule.WEEKLY, monthly: RRule.MONTHLY } as const;

/** Monday = 0 … Sunday = 6, of a local date. */
function weekdayOf(local: Local): number {
  return (floating(local).getUTCDay() + 6) % 7;
}

/** The weekdays a rule uses: the given ones, or the start's. */
function days(repeat: Repeat, startsLocal: Local): number[] {
  return repeat.weekdays.length ? [...new Set(repeat.weekdays)].sort() : [weekdayOf(startsLocal)];
}

/** The last local start a series may have: the end of its `until` day. */
function untilLocal(repeat: Repeat): Local | null {
  return repeat.until ? `${repeat.until}T23:59` : null;
}

/**
 * The RFC 5545 RRULE for a repeat rule (without "RRULE:"). UNTIL is in UTC, as §3.3.10 requires with a
 * DTSTART that has a TZID.
 */
export function toRrule(repeat: Repeat, startsLocal: Local, zone: string): string {
  const parts = [`FREQ=${repeat.freq.toUpperCase()}`];
  if (repeat.interval > 1) parts.push(`INTERVAL=${repeat.interval}`);
  if (repeat.freq === 'weekly')
    parts.push(
      `BYDAY=${days(repeat, startsLocal)
        .map((d) => ICS_DAYS[d])
        .join(',')}`,
    );
  if (repeat.freq === 'monthly' && repeat.setPos !== null) {
    parts.push(`BYDAY=${repeat.setPos}${ICS_DAYS[days(repeat, startsLocal)[0]!]}`);
  }
  const until = untilLocal(repeat);
  if (until)
    parts.push(
      `UNTIL=${toInstant(until, zone)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')}`,
    );
  else if (repeat.count) parts.push(`COUNT=${repeat.count}`);
  return parts.join(';');
}

/** The rrule object in "floating" time: its dates' UTC fields are the event's wall-clock fields. */
function floatingRule(repeat: Repeat, startsLocal: Local, dtstart: Date = floating(startsLocal)) {
  const until = untilLocal(repeat);
  return new RRule({
    freq: FREQ[repeat.freq],
    interval: repeat.interval,
    dtstart,
    byweekday:
      repeat.freq === 'weekly'
        ? days(repeat, startsLocal).map((d) => WEEKDAYS[d]!)
        : repeat.freq === 'monthly' && repeat.setPos !== null
          ? [WEEKDAYS[days(repeat, startsLocal)[0]!]!.nth(repeat.setPos)]
          : null,
    until: until ? floating(until) : null,
    count: until ? null : repeat.count,
  });
}

/**
 * The local starts of a series between two local bounds (inclusive). The first occurrence is always
 * the event's own start, even when it does not match the rule (RFC 5545 counts DTSTART as the first).
 */
export function expandLocal(repeat: Repeat, startsLocal: Local, from: Local, to: Local): Local[] {
  const rule = floatingRule(repeat, startsLocal, nearStart(repeat, startsLocal, from));
  const out = rule.between(floating(from), floating(to), true).map(fromFloating);
  if (startsLocal >= from && startsLocal <= to && out[0] !== startsLocal) out.unshift(startsLocal);
  return out;
}

const DAY_MS = 86_400_000;

/**
 * A start for the rule close before `from` that yields the same dates from there on: rrule walks from
 * DTSTART, so a two-year-old weekly series would otherwise be iterated from its first week on every
 * request. Whole periods are skipped (days/weeks × interval, months × interval); monthly rules by
 * weekday start on the 1st of that month. Counted series and month days past the 28th keep their start.
 */
function nearStart(repeat: Repeat, startsLocal: Local, from: Local): Date {
  const start = floating(startsLocal);
  const target = floating(from).getTime();
  if (repeat.count || target <= start.getTime()) return start;
  if (repeat.freq !== 'monthly') {
    const period = (repeat.freq === 'weekly' ? 7 : 1) * repeat.interval * DAY_MS;
    return new Date(start.getTime() + Math.floor((target - start.getTime()) / period) * period);
  }
  if (repeat.setPos === null && start.getUTCDate() > 28) return start;
  const months =
    (floating(from).getUTCFullYear() - start.getUTCFullYear()) * 12 +
    floating(from).getUTCMonth() -
    start.getUTCMonth();
  const steps = Math.floor((months - 1) / repeat.interval);
  if (steps <= 0) return start;
  const shifted = new Date(start);
  shifted.setUTCDate(1);
  shifted.setUTCMonth(shifted.getUTCMonth() + steps * repeat.interval);
  if (repeat.setPos === null) shifted.setUTCDate(start.getUTCDate());
  return shifted;
}

/** The last local start of a series, or null when it is open-ended. */
export function lastLocal(repeat: Repeat, startsLocal: Local): Local | null {
  if (!repeat.until && !repeat.count) return null;
  const all = floatingRule(repeat, startsLocal).all((_, i) => i < 2000);
  const last = all.length ? fromFloating(all[all.length - 1]!) : startsLocal;
  return last > startsLocal ? last : startsLocal;
}

/** Whether a local start is one of the series' own dates. */
export function isOccurrence(repeat: Repeat, startsLocal: Local, candidate: Local): boolean {
  if (candidate === startsLocal) return true;
  return expandLocal(repeat, startsLocal, candidate, candidate).includes(candidate);
}

import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import type { Repeat } from '../../schema.ts';
import { dateLong } from './dates.ts';

/** Weekday of a local date `YYYY-MM-DD…` as the API counts them: 0 = Monday … 6 = Sunday. */
function weekdayOfLocal(local: string): number {
  const d = new Date(`${local.slice(0, 10)}T12:00:00Z`).getUTCDay();
  return (d + 6) % 7;
}

/**
 * A series rule in words: "alle 14 Tage dienstags", "jeden zweiten Dienstag im Monat", "täglich", with
 * "bis 31. Dezember 2027" or "12 Termine" at the end. `startsLocal` supplies the defaults the rule leaves out.
 */
export function describeRepeat(t: TFunction, r: Repeat, startsLocal: string, tag: string): string {
  const p = 'events.calendar.repeat';
  const days = (r.weekdays.length ? [...r.weekdays].sort() : [weekdayOfLocal(startsLocal)]).map((d) =>
    t(`${p}.weekdaysPlural.${d}`),
  );
  const list = new Intl.ListFormat(tag, { type: 'conjunction' }).format(days);
  let text: string;
  if (r.freq === 'daily') {
    text = r.interval === 1 ? t(`${p}.daily`) : t(`${p}.everyNDays`, { count: r.interval });
  } else if (r.freq === 'weekly') {
    text =
      r.interval === 1
        ? t(`${p}.weekly`, { days: list })
        : r.interval === 2
          ? t(`${p}.biweekly`, { days: list })
          : t(`${p}.everyNWeeks`, { count: r.interval, days: list });
  } else if (r.setPos !== null) {
    const weekday = t(`${p}.weekdayNth.${r.weekdays[0] ?? weekdayOfLocal(startsLocal)}`);
    const nth = t(`${p}.nth.${r.setPos === -1 ? 'last' : r.setPos}`);
    text =
      r.interval === 1
        ? t(`${p}.monthlyNth`, { nth, weekday })
        : t(`${p}.everyNMonthsNth`, { count: r.interval, nth, weekday });
  } else {
    const day = Number(startsLocal.slice(8, 10));
    text = r.interval === 1 ? t(`${p}.monthly`, { day }) : t(`${p}.everyNMonths`, { count: r.interval, day });
  }
  if (r.until) return t(`${p}.until`, { rule: text, date: dateLong(r.until, tag) });
  if (r.count) return t(`${p}.count`, { rule: text, count: r.count });
  return text;
}

/** The current time, ticking every `ms` (and once exactly at `at`, when given, so a button opens on time). */
export function useNow(ms = 30_000, at?: string | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  useEffect(() => {
    if (!at) return;
    const wait = new Date(at).getTime() - Date.now();
    // setTimeout holds at most ~24.8 days; further ahead the interval above catches up anyway.
    if (wait <= 0 || wait > 2 ** 31 - 1) return;
    const id = window.setTimeout(() => setNow(Date.now()), wait + 50);
    return () => window.clearTimeout(id);
  }, [at]);
  return now;
}

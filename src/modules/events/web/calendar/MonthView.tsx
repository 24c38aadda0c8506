import { useTranslation } from 'react-i18next';
import { useMe } from '../../../../web/session.ts';
import type { Break, CalendarRange, Occurrence } from '../../schema.ts';
import {
  addDays,
  addMonths,
  type Day,
  dayLong,
  dayOf,
  dayRange,
  localeTag,
  monthGrid,
  monthLabel,
  startOfMonth,
  weekdayNames,
} from './dates.ts';
import { breaksOn, FocusMark, focusOn, OccurrenceChip, OccurrenceRow } from './parts.tsx';

/** Occurrences by the viewer's day of their start, in time order. */
export function byDay(items: Occurrence[]): Map<Day, Occurrence[]> {
  const out = new Map<Day, Occurrence[]>();
  for (const o of [...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const d = dayOf(new Date(o.startsAt));
    const list = out.get(d);
    if (list) list.push(o);
    else out.set(d, [o]);
  }
  return out;
}

/**
 * The month as a table (weekday columns, one row per week) with dates as chips, programme breaks as a
 * band across their days and focus days marked. On narrow screens CSS swaps it for a list of the days
 * that have something on.
 */
export function MonthView({
  anchor,
  data,
  firstDay,
  today,
  bannerBreaks = [],
}: {
  anchor: Day;
  data: CalendarRange;
  firstDay: number;
  today: Day;
  /** The breaks the banners above already announce (the small-screen list leaves them out). */
  bannerBreaks?: string[];
}) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const weeks = monthGrid(anchor, firstDay);
  const month = anchor.slice(0, 7);
  const days = byDay(data.items);
  const names = weekdayNames(tag, firstDay);

  return (
    <div className="ev-month">
      <table className="ev-grid" data-testid="calendar-month">
        <caption className="sr-only">{monthLabel(anchor, tag)}</caption>
        <thead>
          <tr>
            {names.map(([short, long]) => (
              <th key={long} scope="col">
                <abbr title={long}>{short}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((day, col) => {
                const outside = day.slice(0, 7) !== month;
                const isToday = day === today;
                const breaks = breaksOn(day, data.breaks);
                const focus = focusOn(day, data.focusDays);
                const items = days.get(day) ?? [];
                return (
                  <td
                    key={day}
                    className={`ev-cell${outside ? ' is-outside' : ''}${day < today ? ' is-past' : ''}${isToday ? ' is-today' : ''}${breaks.length ? ' is-break' : ''}`}
                    aria-current={isToday ? 'date' : undefined}
                  >
                    <p className="ev-daynum">
                      <span aria-hidden="true">{Number(day.slice(8))}</span>
                      <span className="sr-only">{dayLong(day, tag)}</span>
                      {isToday && <span className="ev-today-label">{t('events.calendar.today')}</span>}
                    </p>
                    {breaks.map((b) => (
                      <BandSegment key={b.id} b={b} day={day} startOfRow={col === 0} />
                    ))}
                    {focus.map((f) => (
                      <FocusMark key={f.id} f={f} />
                    ))}
                    {items.length > 0 && (
                      <ul className="ev-chips">
                        {items.map((o) => (
                          <li key={`${o.eventId}-${o.key}`}>
                            <OccurrenceChip o={o} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <Legend />
      <MonthAgenda anchor={anchor} data={data} days={days} today={today} bannerBreaks={bannerBreaks} />
    </div>
  );
}

/** What the marks in the grid mean. */
function Legend() {
  const { t } = useTranslation();
  const signedIn = Boolean(useMe().data);
  const L = 'events.calendar.legend';
  return (
    <ul className="ev-legend" aria-label={t(`${L}.label`)}>
      <li>
        <span className="ev-legend-mark ev-legend-break" aria-hidden="true" />
        {t('events.calendar.breaks.label')}
      </li>
      <li>
        <span className="ev-legend-mark ev-legend-focus" aria-hidden="true">
          ★
        </span>
        {t('events.calendar.focus.label')}
      </li>
      {signedIn && (
        <li>
          <span className="ev-legend-mark ev-legend-mine" aria-hidden="true">
            ✓
          </span>
          {t(`${L}.mine`)}
        </li>
      )}
      <li>
        <span className="ev-legend-mark ev-legend-cancelled" aria-hidden="true">
          <s>19:00</s>
        </span>
        {t('events.calendar.status.cancelled')}
      </li>
    </ul>
  );
}

/** A programme break's part of the band in one cell; the title shows where a stretch of band begins. */
function BandSegment({ b, day, startOfRow }: { b: Break; day: Day; startOfRow: boolean }) {
  const { t } = useTranslation();
  const begins = b.startsOn === day || startOfRow;
  const cls = `ev-band${b.startsOn === day ? ' is-start' : ''}${b.endsOn === day ? ' is-end' : ''}`;
  return (
    <p className={cls} data-testid="calendar-break">
      {begins ? (
        <span className="ev-band-title">
          <span className="sr-only">{t('events.calendar.breaks.label')}: </span>
          {b.title}
        </span>
      ) : (
        <span className="sr-only">
          {t('events.calendar.breaks.label')}: {b.title}
        </span>
      )}
    </p>
  );
}

/** The month for small screens: only the days with something on, as a list with headings. */
function MonthAgenda({
  anchor,
  data,
  days,
  today,
  bannerBreaks = [],
}: {
  anchor: Day;
  data: CalendarRange;
  days: Map<Day, Occurrence[]>;
  today: Day;
  bannerBreaks?: string[];
}) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const first = startOfMonth(anchor);
  const next = addMonths(first, 1);
  const month: Day[] = [];
  for (let d = first; d < next; d = addDays(d, 1)) month.push(d);
  const breaks = data.breaks.filter(
    (b) => b.startsOn < next && b.endsOn >= first && !bannerBreaks.includes(b.id),
  );
  const busy = month.filter((d) => days.has(d) || focusOn(d, data.focusDays).length > 0);

  return (
    <div className="ev-agenda" data-testid="calendar-agenda">
      {breaks.map((b) => (
        <p key={b.id} className="ev-band is-start is-end">
          <span className="ev-band-title">
            {b.title}: {dayRange(b.startsOn, b.endsOn, tag)}
          </span>
        </p>
      ))}
      {busy.length === 0 ? (
        <p className="muted">{t('events.calendar.emptyMonth')}</p>
      ) : (
        <ol className="ev-days">
          {busy.map((d) => (
            <li
              key={d}
              aria-current={d === today ? 'date' : undefined}
              className={d === today ? 'is-today' : ''}
            >
              <h3 className="ev-day-heading">
                {dayLong(d, tag)}
                {d === today && <span className="ev-today-label">{t('events.calendar.today')}</span>}
              </h3>
              {focusOn(d, data.focusDays).map((f) => (
                <FocusMark key={f.id} f={f} />
              ))}
              {days.has(d) && (
                <ul className="ev-rows">
                  {(days.get(d) ?? []).map((o) => (
                    <li key={`${o.eventId}-${o.key}`}>
                      <OccurrenceRow o={o} headingLevel={4} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

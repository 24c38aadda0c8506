import { useTranslation } from 'react-i18next';
import type { CalendarRange } from '../../schema.ts';
import { addDays, type Day, dayLong, dayShort, localeTag } from './dates.ts';
import { byDay } from './MonthView.tsx';
import { breaksOn, FocusMark, focusOn, OccurrenceRow } from './parts.tsx';

/** Seven days as columns (stacked on narrow screens), each with its dates and times. */
export function WeekView({ start, data, today }: { start: Day; data: CalendarRange; today: Day }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const days = byDay(data.items);
  const week = Array.from({ length: 7 }, (_, i) => addDays(start, i));
  return (
    <ol className="ev-week" data-testid="calendar-week">
      {week.map((d) => {
        const items = days.get(d) ?? [];
        const breaks = breaksOn(d, data.breaks);
        const focus = focusOn(d, data.focusDays);
        const isToday = d === today;
        return (
          <li
            key={d}
            className={`ev-weekday${isToday ? ' is-today' : ''}${breaks.length ? ' is-break' : ''}`}
            aria-current={isToday ? 'date' : undefined}
          >
            <h3 className="ev-day-heading">
              <span aria-hidden="true" className="ev-day-short">
                {dayShort(d, tag)}
              </span>
              <span className="sr-only">{dayLong(d, tag)}</span>
              {isToday && <span className="ev-today-label">{t('events.calendar.today')}</span>}
            </h3>
            {breaks.map((b) => (
              <p key={b.id} className="ev-band is-start is-end" data-testid="calendar-break">
                <span className="ev-band-title">
                  <span className="sr-only">{t('events.calendar.breaks.label')}: </span>
                  {b.title}
                </span>
              </p>
            ))}
            {focus.map((f) => (
              <FocusMark key={f.id} f={f} />
            ))}
            {items.length > 0 ? (
              <ul className="ev-rows">
                {items.map((o) => (
                  <li key={`${o.eventId}-${o.key}`}>
                    <OccurrenceRow o={o} headingLevel={4} />
                  </li>
                ))}
              </ul>
            ) : (
              breaks.length === 0 &&
              focus.length === 0 && <p className="ev-nothing">{t('events.calendar.nothing')}</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

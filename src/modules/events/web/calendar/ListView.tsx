import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../../web/ui/index.ts';
import type { Break, Occurrence } from '../../schema.ts';
import { breaksBefore, type Day, dayLong, dayRange, localeTag } from './dates.ts';
import { byDay } from './MonthView.tsx';
import { OccurrenceRow } from './parts.tsx';

/**
 * The next dates grouped by day, with "mehr laden" (focus moves to the first new date). A programme
 * break that falls between two listed days is shown there, so a gap of weeks explains itself.
 */
export function ListView({
  items,
  breaks = [],
  today,
  canLoadMore,
  loading,
  onMore,
}: {
  items: Occurrence[];
  breaks?: Break[];
  today: Day;
  canLoadMore: boolean;
  loading: boolean;
  onMore: () => void;
}) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const listRef = useRef<HTMLOListElement>(null);
  const focusFrom = useRef<number | null>(null);
  const days = [...byDay(items)];

  useEffect(() => {
    if (focusFrom.current === null || items.length <= focusFrom.current) return;
    const links = listRef.current?.querySelectorAll<HTMLAnchorElement>('.ev-row-title a');
    links?.[focusFrom.current]?.focus();
    focusFrom.current = null;
  }, [items]);

  return (
    <>
      <ol className="ev-days" data-testid="calendar-list" ref={listRef}>
        {days.map(([d, list], i) => [
          ...breaksBefore(breaks, i === 0 ? today : days[i - 1]![0], d).map((b) => (
            <li key={`break-${b.id}`} className="ev-list-break" data-testid="calendar-list-break">
              <p className="ev-banner-title">
                {t('events.calendar.breaks.during', {
                  title: b.title,
                  range: dayRange(b.startsOn, b.endsOn, tag),
                })}
              </p>
              {b.message && <p className="ev-banner-text">{b.message}</p>}
            </li>
          )),
          <li
            key={d}
            aria-current={d === today ? 'date' : undefined}
            className={d === today ? 'is-today' : ''}
          >
            <h3 className="ev-day-heading">
              {dayLong(d, tag)}
              {d === today && <span className="ev-today-label">{t('events.calendar.today')}</span>}
            </h3>
            <ul className="ev-rows">
              {list.map((o) => (
                <li key={`${o.eventId}-${o.key}`}>
                  <OccurrenceRow o={o} headingLevel={4} />
                </li>
              ))}
            </ul>
          </li>,
        ])}
      </ol>
      {canLoadMore && (
        <div className="ev-more">
          <Button
            variant="secondary"
            loading={loading}
            onClick={() => {
              focusFrom.current = items.length;
              onMore();
            }}
            data-testid="calendar-more"
          >
            {t('events.calendar.list.more')}
          </Button>
        </div>
      )}
    </>
  );
}

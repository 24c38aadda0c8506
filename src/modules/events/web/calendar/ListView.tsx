import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../../web/ui/index.ts';
import type { Occurrence } from '../../schema.ts';
import { type Day, dayLong, localeTag } from './dates.ts';
import { byDay } from './MonthView.tsx';
import { OccurrenceRow } from './parts.tsx';

/** The next dates grouped by day, with "mehr laden" (focus moves to the first new date). */
export function ListView({
  items,
  today,
  canLoadMore,
  loading,
  onMore,
}: {
  items: Occurrence[];
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
        {days.map(([d, list]) => (
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
          </li>
        ))}
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

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Break, FocusDay, Occurrence } from '../../schema.ts';
import { occurrencePath } from '../data.ts';
import { type Day, dayRange, localeTag, timeOf, timeRange } from './dates.ts';

/** Free places of a date, or null without a capacity. */
export const freePlaces = (o: Pick<Occurrence, 'capacity' | 'taken'>): number | null =>
  o.capacity === null ? null : Math.max(0, o.capacity - o.taken);

/** The small labels next to a date: cancelled, changed, my answer, full. */
export function OccurrenceBadges({ o, compact = false }: { o: Occurrence; compact?: boolean }) {
  const { t } = useTranslation();
  const free = freePlaces(o);
  return (
    <>
      {o.cancelled && <span className="badge badge-error">{t('events.calendar.status.cancelled')}</span>}
      {!o.cancelled && o.changed && !compact && (
        <span className="badge badge-warning">{t('events.calendar.status.changed')}</span>
      )}
      {!o.cancelled && o.myStatus === 'going' && (
        <span className="badge badge-success">{t('events.calendar.status.going')}</span>
      )}
      {!o.cancelled && o.myStatus === 'waitlisted' && (
        <span className="badge badge-info">{t('events.calendar.status.waitlisted')}</span>
      )}
      {!o.cancelled && !compact && free === 0 && o.myStatus !== 'going' && o.myStatus !== 'waitlisted' && (
        <span className="badge">{t('events.calendar.status.full')}</span>
      )}
    </>
  );
}

/** A date in a month cell: "19:00 Mastermind", struck through when cancelled, ticked when I go. */
export function OccurrenceChip({ o }: { o: Occurrence }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const mine = !o.cancelled && (o.myStatus === 'going' || o.myStatus === 'waitlisted');
  return (
    <Link
      to={occurrencePath(o.eventId, o.key)}
      className={`ev-chip${o.cancelled ? ' is-cancelled' : ''}${mine ? ' is-mine' : ''}`}
      data-testid="calendar-chip"
    >
      <span className="ev-chip-time">{timeOf(o.startsAt, tag)}</span>{' '}
      {o.cancelled ? (
        <s className="ev-chip-title">{o.title}</s>
      ) : (
        <span className="ev-chip-title">{o.title}</span>
      )}
      {o.cancelled && <span className="ev-chip-flag"> {t('events.calendar.status.cancelled')}</span>}
      {mine && (
        <span className="ev-chip-mine">
          <span aria-hidden="true"> ✓</span>
          <span className="sr-only">
            {', '}
            {t(o.myStatus === 'going' ? 'events.calendar.status.going' : 'events.calendar.status.waitlisted')}
          </span>
        </span>
      )}
    </Link>
  );
}

/** One date as a row in the week and list views: time, title, where, and its state. */
export function OccurrenceRow({ o, headingLevel = 3 }: { o: Occurrence; headingLevel?: 3 | 4 }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const H = headingLevel === 3 ? 'h3' : 'h4';
  const free = freePlaces(o);
  return (
    <article className={`ev-row${o.cancelled ? ' is-cancelled' : ''}`} data-testid="calendar-row">
      <p className="ev-row-time">{timeRange(o.startsAt, o.endsAt, tag)}</p>
      <div className="ev-row-main">
        <H className="ev-row-title">
          <Link to={occurrencePath(o.eventId, o.key)}>{o.cancelled ? <s>{o.title}</s> : o.title}</Link>
        </H>
        <p className="ev-row-meta">
          <span>{t(`events.calendar.format.${o.format}`)}</span>
          {o.placeName && <span>{o.placeName}</span>}
          {o.space && (
            <span>
              <span aria-hidden="true">{o.space.icon} </span>
              {o.space.name}
            </span>
          )}
          {!o.cancelled && free !== null && free > 0 && (
            <span>{t('events.calendar.places.free', { count: free, capacity: o.capacity })}</span>
          )}
        </p>
        {o.note && <p className="ev-row-note">{o.note}</p>}
        <p className="ev-badges">
          <OccurrenceBadges o={o} />
        </p>
      </div>
    </article>
  );
}

/** Programme breaks and focus days that touch a day. */
export function breaksOn(day: Day, breaks: Break[]): Break[] {
  return breaks.filter((b) => b.startsOn <= day && day <= b.endsOn);
}
export function focusOn(day: Day, focusDays: FocusDay[]): FocusDay[] {
  return focusDays.filter((f) => f.day === day);
}

/** Where a focus day's conversation happens: its thread, else its space. */
export function focusLink(f: FocusDay): string | null {
  if (f.postId) return `/posts/${encodeURIComponent(f.postId)}`;
  if (f.space) return `/spaces/${encodeURIComponent(f.space.slug)}`;
  return null;
}

export function FocusMark({ f }: { f: FocusDay }) {
  const { t } = useTranslation();
  const href = focusLink(f);
  const label = (
    <>
      <span aria-hidden="true">★ </span>
      <span className="sr-only">{t('events.calendar.focus.label')}: </span>
      {f.theme}
    </>
  );
  return (
    <p className="ev-focus" data-testid="calendar-focus">
      {href ? <Link to={href}>{label}</Link> : label}
    </p>
  );
}

/**
 * "Sommerpause – keine Live-Treffen bis 31. August" (now), and the next break ahead: during a long
 * break the following one (say, the winter break) is still announced.
 */
export function BreakBanner({ current, next }: { current: Break | null; next: Break | null }) {
  return (
    <>
      {current && <OneBreakBanner b={current} current />}
      {next && next.id !== current?.id && <OneBreakBanner b={next} current={false} />}
    </>
  );
}

function OneBreakBanner({ b, current }: { b: Break; current: boolean }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  return (
    <div className={`ev-banner${current ? ' is-current' : ''}`} data-testid="calendar-break-banner">
      <p className="ev-banner-title">
        {current
          ? t('events.calendar.breaks.current', { title: b.title, until: dayRange(b.endsOn, b.endsOn, tag) })
          : t('events.calendar.breaks.next', { title: b.title, range: dayRange(b.startsOn, b.endsOn, tag) })}
      </p>
      {b.message && <p className="ev-banner-text">{b.message}</p>}
    </div>
  );
}

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '../../../web/ui/index.ts';
import type { Occurrence } from '../schema.ts';
import { localeTag, momentRange, today } from './calendar/dates.ts';
import { BreakBanner, OccurrenceBadges } from './calendar/parts.tsx';
import { occurrencePath, upcomingItems, useUpcoming } from './data.ts';
import { NEXT_LIMIT, nextMeetings } from './nextMeetings.ts';
import './events.css';
import './strings.ts';

/** The card's frame while its code or its dates load (the home page's Suspense shows the same). */
export function NextMeetingsPlaceholder() {
  return (
    <div className="card ev-home" data-testid="next-meetings-loading">
      <Loading />
    </div>
  );
}

/**
 * "Nächste Treffen" on the members' home page: my next dates (filled up with the community's next
 * ones), a current or soon programme break, and a link to the calendar. Two requests at most, both
 * `useUpcoming` (their keys live under `events`, so an RSVP anywhere refreshes the card). Errors
 * render nothing: the home page stays usable without it.
 */
export default function NextMeetings() {
  const { t } = useTranslation();
  const headingId = useId();
  const mine = useUpcoming({ limit: NEXT_LIMIT, mine: true });
  const all = useUpcoming({ limit: NEXT_LIMIT });

  if (all.isError) return null;
  const allPage = all.data?.pages[0];
  if (!allPage || mine.isPending) return <NextMeetingsPlaceholder />;
  // Without my own dates (or when asking for them failed), the community's next dates are enough.
  const view = nextMeetings(mine.isError ? [] : upcomingItems(mine.data), allPage, today());
  if (view.kind === 'hidden') return null;

  return (
    <section className="card ev-home" aria-labelledby={headingId} data-testid="next-meetings">
      <div className="feed-toolbar ev-home-head">
        <h2 id={headingId} className="card-title">
          {t('events.home.title')}
        </h2>
        <Link to="/calendar">{t('events.home.toCalendar')}</Link>
      </div>
      {/* A break we are in explains the gap before the dates; a coming one follows them. */}
      {view.currentBreak && <BreakBanner current={view.currentBreak} next={null} />}
      {view.kind === 'list' ? (
        <ul className="ev-home-list">
          {view.items.map((o) => (
            <NextMeeting key={`${o.eventId}/${o.key}`} o={o} />
          ))}
        </ul>
      ) : view.kind === 'empty' ? (
        <p className="muted ev-home-empty" data-testid="next-meetings-empty">
          {t('events.home.empty')}
        </p>
      ) : null}
      {view.nextBreak && <BreakBanner current={null} next={view.nextBreak} />}
    </section>
  );
}

/** One date: when (in my zone and language), its title as the link to the date, format, my answer. */
function NextMeeting({ o }: { o: Occurrence }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const whenId = useId();
  return (
    <li className={`ev-home-row${o.cancelled ? ' is-cancelled' : ''}`} data-testid="next-meeting">
      <p className="ev-home-when" id={whenId}>
        <time dateTime={o.startsAt}>{momentRange(o.startsAt, o.endsAt, tag)}</time>
      </p>
      <p className="ev-home-title">
        {/* The date is the link's description, so three "Mastermind" links stay apart for screen readers. */}
        <Link to={occurrencePath(o.eventId, o.key)} aria-describedby={whenId}>
          {o.cancelled ? <s>{o.title}</s> : o.title}
        </Link>
      </p>
      <p className="ev-row-meta">
        <span>{t(`events.calendar.format.${o.format}`)}</span>
        {o.format !== 'online' && o.placeName && <span>{o.placeName}</span>}
      </p>
      <p className="ev-badges">
        <OccurrenceBadges o={o} compact />
      </p>
    </li>
  );
}

import { useMutation } from '@tanstack/react-query';
import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { isApiError, type Me } from '../../../web/api.ts';
import { Forbidden } from '../../../web/guards.tsx';
import { useMe, useTitle } from '../../../web/session.ts';
import { Alert, Avatar, Button, Card, Loading, SafeHtml, Select } from '../../../web/ui/index.ts';
import type { EventDetail, OccurrenceDetail, RsvpResult } from '../schema.ts';
import { keyToLocal, localToKey, SERIES } from '../shared.ts';
import {
  dateLong,
  dateOfInstant,
  dateTime,
  dayOf,
  dayOfLocal,
  localeTag,
  localLabel,
  momentRange,
  sameWallClock,
  shortMoment,
  timeOf,
  timeRange,
  viewerZone,
} from './calendar/dates.ts';
import { freePlaces, OccurrenceBadges } from './calendar/parts.tsx';
import { describeRepeat, useNow } from './calendar/repeat.ts';
import {
  eventError,
  joinRoom,
  occurrencePath,
  refreshEvents,
  rsvp,
  useEvent,
  useOccurrence,
  useOccurrences,
  useRecordings,
} from './data.ts';
import './events.css';
import './strings.ts';

// Hosts' tools for this date; members never download them.
const OccurrenceHostPanel = lazy(() =>
  import('./admin/OccurrenceHostPanel.tsx').then((m) => ({ default: m.OccurrenceHostPanel })),
);

const P = 'events.calendar.event';

/**
 * `/events/:id/:key?`: one date of an event with everything a member needs: when (in their zone and the
 * event's), the series, where, who hosts, the description, places, RSVP, the video room's join button,
 * recordings, calendar downloads and the series' next dates. Without a key it shows the next date.
 */
export default function EventPage() {
  const { id = '', key } = useParams();
  if (!key) return <NextOccurrence id={id} />;
  return <OccurrenceView id={id} occKey={key} />;
}

/** Finds the next date of an event (or its first, when all are past) and goes there. */
function NextOccurrence({ id }: { id: string }) {
  const { t } = useTranslation();
  useTitle(t(`${P}.title`));
  const next = useOccurrences(id, 1);
  const none = next.isSuccess && next.data.length === 0;
  const event = useEvent(id);
  if (next.isError) return <EventError error={next.error} />;
  const first = next.data?.[0];
  if (first) return <Navigate to={occurrencePath(id, first.key)} replace />;
  if (none) {
    if (event.isError) return <EventError error={event.error} />;
    if (event.data) return <Navigate to={occurrencePath(id, localToKey(event.data.startsLocal))} replace />;
  }
  return <Loading />;
}

/** Not found, sign in first, or no access — each said kindly, with a way back. */
function EventError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  const status = isApiError(error) ? error.status : 0;
  if (status === 403) return <Forbidden />;
  if (status === 404 || status === 401) {
    // Visitors get a 404 for members' events too: ask them to sign in rather than saying it is gone.
    const login = status === 401 || (me.isSuccess && !me.data);
    return (
      <div className="card ev-notfound" data-testid={login ? 'event-login' : 'event-not-found'}>
        <h1>{t(login ? `${P}.loginTitle` : `${P}.notFoundTitle`)}</h1>
        <p>{t(login ? `${P}.loginText` : `${P}.notFoundText`)}</p>
        <p className="form-actions">
          {login && (
            <Link className="btn btn-primary" to={`/login?next=${encodeURIComponent(location.pathname)}`}>
              {t(`${P}.login`)}
            </Link>
          )}
          <Link to="/calendar">{t(`${P}.toCalendar`)}</Link>
        </p>
      </div>
    );
  }
  return <Alert tone="error">{eventError(error, t)}</Alert>;
}

function OccurrenceView({ id, occKey }: { id: string; occKey: string }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const me = useMe().data ?? null;
  const q = useOccurrence(id, occKey);
  useTitle(q.data?.occurrence.title ?? t(`${P}.title`));
  const now = useNow(30_000, q.data?.occurrence.joinOpensAt);

  if (q.isPending) return <Loading />;
  if (q.isError) return <EventError error={q.error} />;
  const d = q.data;
  const { event: ev, occurrence: o } = d;
  const cancelled = o.cancelled || ev.status === 'cancelled';
  const ended = now >= new Date(o.endsAt).getTime();
  const moved = o.changed && localToKey(o.startsLocal) !== occKey;

  return (
    <article className="ev-detail" data-testid="event-page">
      <p className="breadcrumb">
        <Link to={`/calendar?date=${dayOf(new Date(o.startsAt))}`}>
          <span aria-hidden="true">← </span>
          {t(`${P}.back`)}
        </Link>
      </p>
      {ev.coverUrl && <img className="ev-cover" src={ev.coverUrl} alt="" />}
      <header className="ev-head">
        <h1>{cancelled ? <s>{o.title}</s> : o.title}</h1>
        <p className="ev-badges">
          <span className="badge">{t(`events.calendar.format.${o.format}`)}</span>
          {o.space && (
            <Link className="badge ev-space-badge" to={`/spaces/${encodeURIComponent(o.space.slug)}`}>
              <span aria-hidden="true">{o.space.icon} </span>
              {o.space.name}
            </Link>
          )}
          {o.audience === 'public' && <span className="badge">{t(`${P}.public`)}</span>}
          <OccurrenceBadges o={{ ...o, cancelled }} />
        </p>
      </header>

      <div className="stack ev-notes">
        {cancelled && (
          <Alert
            tone="error"
            announce={false}
            title={t(ev.status === 'cancelled' ? `${P}.eventCancelled` : `${P}.cancelled`)}
            testId="event-cancelled"
          >
            {o.note && <p>{o.note}</p>}
          </Alert>
        )}
        {!cancelled && o.changed && (
          <Alert tone="info" announce={false} title={t(`${P}.changed`)} testId="event-changed">
            {moved && (
              <p>{t(`${P}.movedFrom`, { when: localLabel(keyToLocal(occKey), tag), zone: o.timeZone })}</p>
            )}
            {o.note && <p>{o.note}</p>}
          </Alert>
        )}
        {o.inBreak && (
          <Alert tone="info" announce={false} title={t(`${P}.inBreak`, { title: o.inBreak.title })}>
            {o.inBreak.message && <p>{o.inBreak.message}</p>}
          </Alert>
        )}
      </div>

      <div className="ev-detail-grid">
        <div className="ev-detail-main">
          <WhenWhere d={d} />
          {ev.descriptionHtml.trim() && (
            <section className="ev-section ev-o-about" aria-labelledby="ev-about">
              <h2 id="ev-about">{t(`${P}.about`)}</h2>
              <SafeHtml html={ev.descriptionHtml} />
            </section>
          )}
          {me && o.hasVideo && ended && <Recordings id={id} occKey={occKey} />}
          {ev.repeat && <NextDates id={id} occKey={occKey} />}
          <PrevNext id={id} previous={d.previous} next={d.next} />
        </div>
        <div className="ev-detail-side">
          <Card title={t(`${P}.rsvp.title`)} className="ev-o-rsvp" data-testid="event-rsvp">
            {cancelled ? (
              <p className="muted" data-testid="event-rsvp-cancelled">
                {t(ev.status === 'cancelled' ? `${P}.eventCancelled` : `${P}.cancelled`)}
              </p>
            ) : (
              <Places d={d} />
            )}
            {cancelled ? null : me ? (
              <Rsvp d={d} now={now} />
            ) : (
              <div className="ev-login-prompt" data-testid="event-login-prompt">
                <p>{t(`${P}.rsvp.login`)}</p>
                <LoginButton />
              </div>
            )}
          </Card>
          {me && o.joinOpensAt && !cancelled && !ended && <Join d={d} now={now} />}
          <CalendarLinks ev={ev} occKey={occKey} me={me} />
        </div>
      </div>

      {ev.canManage && (
        <div className="ev-host">
          <Suspense fallback={<Loading />}>
            <OccurrenceHostPanel detail={d} />
          </Suspense>
        </div>
      )}
    </article>
  );
}

/** 0 … max, for the guests picker. */
const guestCounts = (max: number): number[] => Array.from({ length: max + 1 }, (_, n) => n);

function LoginButton() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Link className="btn btn-primary" to={`/login?next=${encodeURIComponent(location.pathname)}`}>
      {t(`${P}.login`)}
    </Link>
  );
}

/** When (viewer's zone and, if it reads differently, the event's), the series, where, hosts. */
function WhenWhere({ d }: { d: OccurrenceDetail }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const { event: ev, occurrence: o } = d;
  const mine = viewerZone();
  const otherZone = o.timeZone !== mine && !sameWallClock(o.startsAt, mine, o.timeZone);
  const mapUrl =
    ev.mapUrl ||
    (o.placeAddress
      ? `https://www.openstreetmap.org/search?query=${encodeURIComponent(o.placeAddress)}`
      : '');
  return (
    <section className="ev-section ev-o-facts" aria-labelledby="ev-when">
      <h2 id="ev-when" className="sr-only">
        {t(`${P}.whenWhere`)}
      </h2>
      <dl className="meta ev-facts">
        <dt>{t(`${P}.when`)}</dt>
        <dd data-testid="event-when">
          <span className="ev-when-date">{dateOfInstant(o.startsAt, tag)}</span>
          <br />
          <span className="ev-when-time">{timeRange(o.startsAt, o.endsAt, tag)}</span>
          {otherZone && (
            <>
              {' '}
              <span className="muted">({mine})</span>
              <br />
              <span className="muted" data-testid="event-when-zone">
                {t(`${P}.eventZone`, {
                  time: momentRange(o.startsAt, o.endsAt, tag, o.timeZone),
                  zone: o.timeZone,
                })}
              </span>
            </>
          )}
        </dd>
        {ev.repeat && (
          <>
            <dt>{t(`${P}.repeats`)}</dt>
            <dd data-testid="event-repeat">{describeRepeat(t, ev.repeat, ev.startsLocal, tag)}</dd>
          </>
        )}
        <dt>{t(`${P}.format`)}</dt>
        <dd>{t(`events.calendar.formatLong.${o.format}`)}</dd>
        {(o.placeName || o.placeAddress) && (
          <>
            <dt>{t(`${P}.place`)}</dt>
            <dd>
              {o.placeName && <span className="ev-place-name">{o.placeName}</span>}
              {o.placeAddress && <span className="ev-place-address">{o.placeAddress}</span>}
              {mapUrl && (
                <a href={mapUrl} target="_blank" rel="noopener noreferrer">
                  {t(`${P}.map`)}
                  <span className="sr-only"> {t('events.calendar.newTab')}</span>
                </a>
              )}
            </dd>
          </>
        )}
        {o.hosts.length > 0 && (
          <>
            <dt>{t(`${P}.hosts`, { count: o.hosts.length })}</dt>
            <dd>
              <ul className="ev-hosts">
                {o.hosts.map((h) => (
                  <li key={h.id}>
                    <Avatar name={h.name} src={h.image} size={28} />
                    <span>{h.name}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** "7 von 10 Plätzen frei", "Ausgebucht", the waitlist's length, and the deadline. */
function Places({ d }: { d: OccurrenceDetail }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const o = d.occurrence;
  const free = freePlaces(o);
  return (
    <div className="ev-places" data-testid="event-places">
      {o.capacity !== null ? (
        <>
          <p className="ev-places-line">
            {free === 0
              ? t(`${P}.places.full`, { capacity: o.capacity })
              : t('events.calendar.places.free', { count: free ?? 0, capacity: o.capacity })}
          </p>
          <meter
            className="ev-meter"
            min={0}
            max={o.capacity}
            value={Math.min(o.taken, o.capacity)}
            aria-hidden="true"
          />
        </>
      ) : (
        o.taken > 0 && <p className="ev-places-line">{t(`${P}.places.going`, { count: o.taken })}</p>
      )}
      {o.waitlisted > 0 && <p className="muted">{t(`${P}.places.waitlist`, { count: o.waitlisted })}</p>}
      {o.rsvpOpen && o.rsvpClosesAt && (
        <p className="muted">{t(`${P}.rsvp.deadline`, { when: dateTime(o.rsvpClosesAt, tag) })}</p>
      )}
    </div>
  );
}

/** My answer for this date (and the series): going with guests, waitlist place, or declined. */
function Rsvp({ d, now }: { d: OccurrenceDetail; now: number }) {
  const { t } = useTranslation();
  const { event: ev, occurrence: o } = d;
  const guestsId = useId();
  const [guests, setGuests] = useState(o.myGuests);
  const [done, setDone] = useState<{ result: RsvpResult; series: boolean } | null>(null);
  const send = useMutation({
    mutationFn: (v: { occurrence: string; status: 'going' | 'declined'; guests: number }) => rsvp(ev.id, v),
    onSuccess: (result, v) => {
      setDone({ result, series: v.occurrence === SERIES });
      void refreshEvents();
    },
  });
  const cancelled = o.cancelled || ev.status === 'cancelled';
  const past = now >= new Date(o.startsAt).getTime();
  const free = freePlaces(o);
  const going = o.myStatus === 'going';
  const waiting = o.myStatus === 'waitlisted';
  const full = free !== null && free - (going ? 0 : 1 + guests) < 0;
  const answer = (occurrence: string, status: 'going' | 'declined') => {
    setDone(null);
    send.mutate({ occurrence, status, guests: status === 'going' ? guests : 0 });
  };

  const guestPicker = ev.maxGuests > 0 && (
    <Select
      id={guestsId}
      label={t(`${P}.rsvp.guests`)}
      value={guests}
      onChange={(e) => setGuests(Number(e.target.value))}
      disabled={send.isPending}
      data-testid="event-guests"
    >
      {guestCounts(ev.maxGuests).map((n) => (
        <option key={n} value={n}>
          {n === 0 ? t(`${P}.rsvp.noGuests`) : t(`${P}.rsvp.guestCount`, { count: n })}
        </option>
      ))}
    </Select>
  );

  return (
    <div className="ev-rsvp">
      <p className="ev-rsvp-state" data-testid="event-my-status">
        {going
          ? o.myGuests > 0
            ? t(`${P}.rsvp.goingWithGuests`, { count: o.myGuests })
            : t(`${P}.rsvp.going`)
          : waiting
            ? o.myPosition
              ? t(`${P}.rsvp.waitingAt`, { position: o.myPosition })
              : t(`${P}.rsvp.waiting`)
            : o.myStatus === 'declined'
              ? t(`${P}.rsvp.declined`)
              : cancelled || past || !o.rsvpOpen
                ? ''
                : t(`${P}.rsvp.question`)}
      </p>
      {going && o.mySeries && <p className="muted">{t(`${P}.rsvp.viaSeries`)}</p>}

      {cancelled ? null : past ? (
        <p className="muted">{t(`${P}.rsvp.past`)}</p>
      ) : !o.rsvpOpen ? (
        <p className="muted" data-testid="event-rsvp-closed">
          {t(`${P}.rsvp.closed`)}
        </p>
      ) : (
        <div className="ev-rsvp-actions">
          {!waiting && guestPicker}
          <div className="form-actions">
            {!going && !waiting && (
              <Button
                onClick={() => answer(o.key, 'going')}
                loading={
                  send.isPending && send.variables?.status === 'going' && send.variables.occurrence !== SERIES
                }
                data-testid="event-rsvp-going"
              >
                {full ? t(`${P}.rsvp.joinWaitlist`) : t(`${P}.rsvp.yes`)}
              </Button>
            )}
            {going && ev.maxGuests > 0 && guests !== o.myGuests && (
              <Button
                onClick={() => answer(o.key, 'going')}
                loading={send.isPending}
                data-testid="event-rsvp-guests"
              >
                {t(`${P}.rsvp.updateGuests`)}
              </Button>
            )}
            {(going || waiting) && (
              <Button
                variant="secondary"
                onClick={() => answer(o.key, 'declined')}
                loading={
                  send.isPending &&
                  send.variables?.status === 'declined' &&
                  send.variables.occurrence !== SERIES
                }
                data-testid="event-rsvp-decline"
              >
                {waiting
                  ? t(`${P}.rsvp.leaveWaitlist`)
                  : o.mySeries
                    ? t(`${P}.rsvp.declineThis`)
                    : t(`${P}.rsvp.no`)}
              </Button>
            )}
            {!going && !waiting && o.myStatus !== 'declined' && (
              <Button
                variant="ghost"
                onClick={() => answer(o.key, 'declined')}
                disabled={send.isPending}
                data-testid="event-rsvp-no"
              >
                {t(`${P}.rsvp.cannot`)}
              </Button>
            )}
          </div>
        </div>
      )}

      {ev.seriesRsvp && ev.repeat && !cancelled && (
        <div className="ev-series-rsvp" data-testid="event-series-rsvp">
          {ev.mySeries === 'going' ? (
            <>
              {!(going && o.mySeries) && <p>{t(`${P}.rsvp.seriesGoing`)}</p>}
              <Button
                variant="secondary"
                size="sm"
                onClick={() => answer(SERIES, 'declined')}
                loading={send.isPending && send.variables?.occurrence === SERIES}
                data-testid="event-series-decline"
              >
                {t(`${P}.rsvp.seriesNo`)}
              </Button>
            </>
          ) : ev.seriesPlaces === 0 ? (
            <p className="muted" data-testid="event-series-full">
              {t(`${P}.rsvp.seriesFull`)}
            </p>
          ) : (
            <>
              {ev.seriesPlaces !== null && (
                <p className="muted" data-testid="event-series-places">
                  {t(`${P}.rsvp.seriesPlaces`, { count: ev.seriesPlaces })}
                </p>
              )}
              <Button
                variant="secondary"
                onClick={() => answer(SERIES, 'going')}
                loading={send.isPending && send.variables?.occurrence === SERIES}
                data-testid="event-series-going"
              >
                {t(`${P}.rsvp.seriesYes`)}
              </Button>
            </>
          )}
        </div>
      )}

      <div aria-live="polite" className="ev-rsvp-result">
        {done && (
          <Alert tone="success" announce={false} testId="event-rsvp-done">
            {done.result.status === 'going'
              ? done.series && done.result.waitlistedDates?.length
                ? t(`${P}.rsvp.doneSeriesWaiting`, { count: done.result.waitlistedDates.length })
                : t(done.series ? `${P}.rsvp.doneSeries` : `${P}.rsvp.doneGoing`)
              : done.result.status === 'waitlisted'
                ? done.result.position
                  ? t(`${P}.rsvp.doneWaitlistAt`, { position: done.result.position })
                  : t(`${P}.rsvp.doneWaitlist`)
                : t(done.series ? `${P}.rsvp.doneSeriesDeclined` : `${P}.rsvp.doneDeclined`)}
          </Alert>
        )}
      </div>
      {send.isError && (
        <Alert tone="error" testId="event-rsvp-error">
          {eventError(send.error, t)}
        </Alert>
      )}
    </div>
  );
}

/** The video room: "öffnet um …" before, "Jetzt teilnehmen" from `joinOpensAt` to the end. */
function Join({ d, now }: { d: OccurrenceDetail; now: number }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const o = d.occurrence;
  const opensAt = o.joinOpensAt ? new Date(o.joinOpensAt).getTime() : 0;
  const open = now >= opensAt;
  const join = useMutation({
    mutationFn: async () => {
      // Open the tab inside the click (popup blockers), then send it to the room once the server answers.
      const tab = window.open('', '_blank');
      try {
        const { url } = await joinRoom(d.event.id, o.key);
        if (tab) {
          tab.opener = null;
          tab.location.href = url;
        } else {
          window.location.href = url;
        }
      } catch (err) {
        tab?.close();
        throw err;
      }
    },
  });
  const sameDay = dayOf(new Date(opensAt)) === dayOf(new Date(now));
  return (
    <Card title={t(`${P}.join.title`)} className="ev-o-join" data-testid="event-join">
      {!open ? (
        <>
          <p>
            {sameDay
              ? t(`${P}.join.opensAt`, { time: timeOf(o.joinOpensAt!, tag) })
              : t(`${P}.join.opensOn`, { when: shortMoment(o.joinOpensAt!, tag) })}
          </p>
          {o.canJoin ? (
            <Button disabled data-testid="event-join-button">
              {t(`${P}.join.button`)}
            </Button>
          ) : (
            <p className="muted">{t(`${P}.join.notAllowed`)}</p>
          )}
        </>
      ) : o.canJoin ? (
        <>
          <p>{t(`${P}.join.open`)}</p>
          <Button onClick={() => join.mutate()} loading={join.isPending} data-testid="event-join-button">
            {t(`${P}.join.button`)}
            <span className="sr-only"> {t('events.calendar.newTab')}</span>
          </Button>
        </>
      ) : (
        <p data-testid="event-join-closed">{t(`${P}.join.notAllowed`)}</p>
      )}
      {join.isError && (
        <Alert tone="error" testId="event-join-error">
          {eventError(join.error, t)}
        </Alert>
      )}
    </Card>
  );
}

function Recordings({ id, occKey }: { id: string; occKey: string }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const q = useRecordings(id, occKey, true);
  if (!q.data?.length) return null;
  return (
    <section className="ev-section ev-o-rec" aria-labelledby="ev-recordings" data-testid="event-recordings">
      <h2 id="ev-recordings">{t(`${P}.recordings`)}</h2>
      <ul className="list">
        {q.data.map((r) => (
          <li key={r.id}>
            <div className="list-main">
              <p className="list-title">{r.name}</p>
              <p className="list-meta">{timeRange(r.startedAt, r.endedAt, tag)}</p>
            </div>
            <a
              className="btn btn-secondary btn-sm"
              href={r.playbackUrl}
              target="_blank"
              rel="noopener noreferrer"
            >
              {t(`${P}.watch`)}
              <span className="sr-only">
                {' '}
                {r.name} {t('events.calendar.newTab')}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The series' next dates with links; this date is marked. */
function NextDates({ id, occKey }: { id: string; occKey: string }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const q = useOccurrences(id, 12);
  if (!q.data?.length) return null;
  return (
    <section className="ev-section ev-o-dates" aria-labelledby="ev-next-dates" data-testid="event-next-dates">
      <h2 id="ev-next-dates">{t(`${P}.nextDates`)}</h2>
      <ul className="ev-dates">
        {q.data.map((o) => (
          <li key={o.key}>
            <Link to={occurrencePath(id, o.key)} aria-current={o.key === occKey ? 'page' : undefined}>
              {o.cancelled ? <s>{shortMoment(o.startsAt, tag)}</s> : shortMoment(o.startsAt, tag)}
            </Link>{' '}
            <OccurrenceBadges o={o} compact />
          </li>
        ))}
      </ul>
    </section>
  );
}

function PrevNext({ id, previous, next }: { id: string; previous: string | null; next: string | null }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  // The neighbours come as keys (their original dates); a moved date shows where it is now when the
  // series' next dates are loaded anyway.
  const known = useOccurrences(id, 12, Boolean(previous || next)).data ?? [];
  const label = (key: string) => {
    const o = known.find((x) => x.key === key);
    return o ? dateOfInstant(o.startsAt, tag) : dateLong(dayOfLocal(keyToLocal(key)), tag);
  };
  if (!previous && !next) return null;
  return (
    <nav className="ev-prevnext ev-o-prevnext" aria-label={t(`${P}.prevNext`)}>
      {previous ? (
        <Link to={occurrencePath(id, previous)} rel="prev" data-testid="event-prev">
          <span className="ev-prevnext-label">
            <span aria-hidden="true">← </span>
            {t(`${P}.previous`)}
          </span>
          <span className="ev-prevnext-date">{label(previous)}</span>
        </Link>
      ) : (
        <span />
      )}
      {next && (
        <Link to={occurrencePath(id, next)} rel="next" className="ev-prevnext-next" data-testid="event-next">
          <span className="ev-prevnext-label">
            {t(`${P}.next`)}
            <span aria-hidden="true"> →</span>
          </span>
          <span className="ev-prevnext-date">{label(next)}</span>
        </Link>
      )}
    </nav>
  );
}

/** ".ics" downloads for this date and the whole series, and the way to a subscription. */
function CalendarLinks({ ev, occKey, me }: { ev: EventDetail; occKey: string; me: Me | null }) {
  const { t } = useTranslation();
  const sep = ev.icsUrl.includes('?') ? '&' : '?';
  return (
    <Card title={t(`${P}.ics.title`)} className="ev-o-ics" data-testid="event-ics">
      <ul className="ev-ics">
        <li>
          <a
            href={`${ev.icsUrl}${sep}occurrence=${encodeURIComponent(occKey)}`}
            download
            data-testid="event-ics-one"
          >
            {ev.repeat ? t(`${P}.ics.one`) : t(`${P}.ics.single`)}
          </a>
        </li>
        {ev.repeat && (
          <li>
            <a href={ev.icsUrl} download data-testid="event-ics-series">
              {t(`${P}.ics.series`)}
            </a>
          </li>
        )}
      </ul>
      {me && (
        <p className="muted ev-ics-hint">
          <Link to="/settings/calendar">{t(`${P}.ics.subscribe`)}</Link>
        </p>
      )}
    </Card>
  );
}

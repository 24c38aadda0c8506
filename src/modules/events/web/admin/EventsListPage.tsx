import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { QueryError } from '../../../../web/guards.tsx';
import { useTitle } from '../../../../web/session.ts';
import { Alert, Card, Loading } from '../../../../web/ui/index.ts';
import { useGrantLabel } from '../../../spaces/web/GrantPicker.tsx';
import type { EventDetail } from '../../schema.ts';
import '../strings.ts';
import { type Scope, useManage } from './data.ts';
import type { ListFlash } from './EventEditPage.tsx';
import { browserZone, formats, repeatSummary, ymd, zoneLabel } from './format.ts';

const k = 'events.host.list';
const SCOPES: Scope[] = ['upcoming', 'past', 'all'];

/** `/admin/events`: every event and series, with where it happens, who may come, and its state. */
export default function EventsListPage() {
  const { t } = useTranslation();
  useTitle(t('events.host.layout.title'));
  const location = useLocation();
  const navigate = useNavigate();
  const [flash] = useState<ListFlash | null>(
    () => (location.state as { flash?: ListFlash } | null)?.flash ?? null,
  );
  useEffect(() => {
    // Shown once: a reload or "back" must not repeat it.
    if ((location.state as { flash?: unknown } | null)?.flash) navigate('.', { replace: true, state: null });
  }, [location.state, navigate]);
  const [scope, setScope] = useState<Scope>('upcoming');
  const list = useManage(scope);

  return (
    <div className="stack">
      {flash && (
        <Alert tone="success" testId="events-flash">
          {flash.message}{' '}
          {flash.eventId && (
            <Link to={`/events/${encodeURIComponent(flash.eventId)}`}>{t(`${k}.viewEvent`)}</Link>
          )}
        </Alert>
      )}
      <Card title={t(`${k}.title`)} description={t(`${k}.lead`)}>
        <div className="form-actions" style={{ justifyContent: 'space-between', marginBottom: '1rem' }}>
          <fieldset className="segmented su-filter">
            <legend className="sr-only">{t(`${k}.filter`)}</legend>
            {SCOPES.map((s) => (
              <button key={s} type="button" aria-pressed={scope === s} onClick={() => setScope(s)}>
                {t(`${k}.scope.${s}`)}
              </button>
            ))}
          </fieldset>
          <Link to="/admin/events/new" className="btn btn-primary" data-testid="new-event">
            {t(`${k}.create`)}
          </Link>
        </div>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <QueryError error={list.error} />
        ) : list.data.length === 0 ? (
          <p className="muted">{t(`${k}.empty.${scope}`)}</p>
        ) : (
          <ul className="list" aria-label={t(`${k}.scope.${scope}`)} aria-busy={list.isFetching || undefined}>
            {list.data.map((e) => (
              <EventRow key={e.id} event={e} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function EventRow({ event: e }: { event: EventDetail }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  const grantLabel = useGrantLabel();
  const f = formats(locale);
  const day = e.startsLocal.slice(0, 10);
  const endDay = e.endsLocal.slice(0, 10);
  const times = `${f.time(e.startsLocal)}–${endDay !== day ? `${f.day(endDay)}, ` : ''}${f.time(e.endsLocal)}`;
  const when = e.repeat
    ? `${repeatSummary(e.repeat, day, t, locale)} · ${times}`
    : `${f.weekdayDay(day)}, ${times}`;
  // A series is over once its last possible day has passed (an open-ended one never is).
  const ended = e.repeat
    ? Boolean(e.repeat.until && e.repeat.until < ymd(new Date()))
    : new Date(e.endsAt).getTime() < Date.now();
  const audience =
    e.audience === 'restricted' && e.grants.length
      ? `${t(`events.host.audience.${e.audience}`)}: ${e.grants.map(grantLabel).join(', ')}`
      : t(`events.host.audience.${e.audience}`);
  const where = [t(`events.host.format.${e.format}`), e.format !== 'online' ? e.placeName : ''].filter(
    Boolean,
  );
  return (
    <li data-testid="event-row">
      <div className="list-main">
        <p className="list-title">
          {e.title} {e.repeat && <span className="badge badge-info">{t(`${k}.badge.series`)}</span>}{' '}
          {e.status === 'cancelled' ? (
            <span className="badge badge-error">{t(`${k}.badge.cancelled`)}</span>
          ) : ended ? (
            <span className="badge">{t(`${k}.badge.past`)}</span>
          ) : (
            <span className="badge badge-success">{t(`${k}.badge.scheduled`)}</span>
          )}
        </p>
        <p className="list-meta">
          {when}
          {e.timeZone !== browserZone() && ` (${zoneLabel(e.timeZone, locale)})`}
          {e.repeat && e.next && (
            <>
              {' · '}
              <Link to={`/events/${encodeURIComponent(e.id)}/${encodeURIComponent(e.next.key)}`}>
                {t(`${k}.next`, { when: f.instantIn(e.next.startsAt, e.timeZone) })}
              </Link>
            </>
          )}
        </p>
        <p className="list-meta">
          {[
            e.space ? `${e.space.icon} ${e.space.name}` : t(`${k}.noSpace`),
            where.join(': '),
            audience,
            e.capacity ? t(`${k}.places`, { count: e.capacity }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </div>
      <div className="row-actions">
        <Link to={`/admin/events/${encodeURIComponent(e.id)}/edit`} className="btn btn-secondary btn-sm">
          {t(`${k}.edit`)}
          <span className="sr-only">: {e.title}</span>
        </Link>
        <Link to={`/events/${encodeURIComponent(e.id)}`} className="btn btn-ghost btn-sm">
          {t(`${k}.view`)}
          <span className="sr-only">: {e.title}</span>
        </Link>
      </div>
    </li>
  );
}

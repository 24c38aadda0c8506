import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../../web/api.ts';
import { QueryError } from '../../../web/guards.tsx';
import { isAdmin, useMe, useTitle } from '../../../web/session.ts';
import { Button, Checkbox, Loading, PageHeader, Select } from '../../../web/ui/index.ts';
import type { Space } from '../../spaces/schema.ts';
import type { CalendarRange, Format } from '../schema.ts';
import { FORMATS } from '../shared.ts';
import {
  addDays,
  addMonths,
  type Day,
  dayRange,
  firstDayOfWeek,
  instantOfDay,
  isDay,
  localeTag,
  monthGrid,
  monthLabel,
  startOfMonth,
  startOfWeek,
  today as todayDay,
  viewerZone,
} from './calendar/dates.ts';
import { ListView } from './calendar/ListView.tsx';
import { MonthView } from './calendar/MonthView.tsx';
import { BreakBanner } from './calendar/parts.tsx';
import { WeekView } from './calendar/WeekView.tsx';
import { upcomingItems, useCalendar, useUpcoming } from './data.ts';
import './events.css';
import './strings.ts';

const VIEWS = ['month', 'week', 'list'] as const;
type View = (typeof VIEWS)[number];
const LIST_STEP = 10;

/** The spaces a visitor may see, for the filter (same query and shape as the spaces pages use). */
function useSpaceOptions() {
  return useQuery({
    queryKey: ['spaces', 'list'],
    queryFn: ({ signal }) => api.get<{ items: Space[] }>('/api/spaces', signal).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

/**
 * `/calendar`: the community's programme as a month, a week or the next dates, with programme breaks
 * and focus days. View, date and filters live in the URL (`?view=week&date=2027-07-06&space=…&format=…`).
 */
export default function CalendarPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('events.calendar.title'));
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const tag = localeTag(i18n.language);
  const firstDay = firstDayOfWeek(tag);
  const today = todayDay();
  const periodId = useId();

  const view: View = (VIEWS as readonly string[]).includes(params.get('view') ?? '')
    ? (params.get('view') as View)
    : 'month';
  const rawDate = params.get('date');
  const date: Day = isDay(rawDate) ? rawDate : today;
  const space = params.get('space') || undefined;
  const rawFormat = params.get('format');
  const format = (FORMATS as readonly string[]).includes(rawFormat ?? '') ? (rawFormat as Format) : undefined;
  const mine = Boolean(me) && params.get('mine') === '1';

  const update = (change: Record<string, string | null>, replace = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace });
  };

  // The range the grid shows: whole weeks around the month, or one week.
  const weeks = monthGrid(date, firstDay);
  const weekStart = startOfWeek(date, firstDay);
  const [from, to] =
    view === 'week'
      ? [weekStart, addDays(weekStart, 7)]
      : [weeks[0]![0]!, addDays(weeks[weeks.length - 1]![6]!, 1)];
  const range = useCalendar(
    { from: instantOfDay(from), to: instantOfDay(to), space, format },
    view !== 'list',
  );
  const upcoming = useUpcoming({ limit: LIST_STEP, space, format, mine: mine || undefined }, view === 'list');
  const listItems = upcomingItems(upcoming.data);
  const q = view === 'list' ? upcoming : range;
  // The banner: the calendar range's, or the first page of the list's.
  const data = view === 'list' ? upcoming.data?.pages[0] : range.data;

  const step = (dir: 1 | -1) =>
    update({ date: view === 'week' ? addDays(date, 7 * dir) : addMonths(date, dir) });
  const period =
    view === 'month'
      ? monthLabel(date, tag)
      : view === 'week'
        ? dayRange(weekStart, addDays(weekStart, 6), tag)
        : !upcoming.data
          ? t('events.calendar.list.heading')
          : listItems.length === 0
            ? t(mine ? 'events.calendar.list.emptyMine' : 'events.calendar.list.empty')
            : t(mine ? 'events.calendar.list.titleMine' : 'events.calendar.list.title', {
                count: listItems.length,
              });
  return (
    <>
      <PageHeader
        title={t('events.calendar.title')}
        lead={t('events.calendar.lead')}
        actions={
          <>
            {me ? (
              <Link
                className="btn btn-secondary"
                to="/settings/calendar"
                data-testid="calendar-settings-link"
              >
                {t('events.calendar.subscribe')}
              </Link>
            ) : (
              <a className="btn btn-secondary" href="/api/calendar/public.ics">
                {t('events.calendar.publicFeed')}
              </a>
            )}
            {me && isAdmin(me.role) && (
              <Link className="btn btn-ghost" to="/admin/events">
                {t('events.calendar.manage')}
              </Link>
            )}
          </>
        }
      />

      <section className="ev-calendar" aria-labelledby={periodId}>
        <div className="ev-toolbar">
          <div className="ev-nav">
            {view !== 'list' && (
              <div className="ev-steps">
                <Button variant="secondary" size="sm" onClick={() => step(-1)} data-testid="calendar-prev">
                  <span aria-hidden="true">‹</span>
                  <span className="sr-only">{t(`events.calendar.prev.${view}`)}</span>
                </Button>
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => update({ date: null })}
                  data-testid="calendar-today"
                >
                  {t('events.calendar.today')}
                </Button>
                <Button variant="secondary" size="sm" onClick={() => step(1)} data-testid="calendar-next">
                  <span aria-hidden="true">›</span>
                  <span className="sr-only">{t(`events.calendar.next.${view}`)}</span>
                </Button>
              </div>
            )}
            <h2 id={periodId} className="ev-period" aria-live="polite" data-testid="calendar-period">
              {period}
            </h2>
          </div>
          <fieldset className="segmented ev-views">
            <legend className="sr-only">{t('events.calendar.views.label')}</legend>
            {VIEWS.map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={view === v}
                onClick={() => update({ view: v === 'month' ? null : v })}
                data-testid={`calendar-view-${v}`}
              >
                {t(`events.calendar.views.${v}`)}
              </button>
            ))}
          </fieldset>
        </div>

        <Filters
          space={space}
          format={format}
          mine={mine}
          showMine={Boolean(me) && view === 'list'}
          onChange={(c) => update(c, true)}
        />

        {data && <BreakBanner current={data.currentBreak} next={data.nextBreak} />}

        <div
          className="ev-view"
          aria-busy={q.isFetching || undefined}
          data-busy={q.isPlaceholderData || undefined}
        >
          {q.isError ? (
            <QueryError error={q.error} />
          ) : !data ? (
            <Loading />
          ) : view === 'month' ? (
            <>
              <MonthView
                anchor={date}
                data={data}
                firstDay={firstDay}
                today={today}
                bannerBreaks={[data.currentBreak?.id, data.nextBreak?.id].filter((id): id is string => !!id)}
              />
              {data.items.length === 0 && !q.isPlaceholderData && <EmptyMonth month={date} data={data} />}
            </>
          ) : view === 'week' ? (
            <WeekView start={weekStart} data={data} today={today} />
          ) : (
            <ListView
              items={listItems}
              breaks={data?.breaks}
              today={today}
              loading={upcoming.isFetchingNextPage}
              canLoadMore={upcoming.hasNextPage}
              onMore={() => void upcoming.fetchNextPage()}
            />
          )}
        </div>
        <p className="muted ev-zone-note">{t('events.calendar.zoneNote', { zone: viewerZone() })}</p>
      </section>
    </>
  );
}

/** "Keine Treffen" — or, when a programme break covers the month, that break. */
function EmptyMonth({ month, data }: { month: Day; data: CalendarRange }) {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const first = startOfMonth(month);
  const last = addDays(addMonths(first, 1), -1);
  const during = data.breaks.filter((b) => b.startsOn <= last && b.endsOn >= first);
  return (
    <p className="muted ev-empty-note" data-testid="calendar-empty">
      {during.length
        ? during
            .map((b) =>
              t('events.calendar.breaks.during', {
                title: b.title,
                range: dayRange(b.startsOn, b.endsOn, tag),
              }),
            )
            .join(' ')
        : t('events.calendar.emptyMonth')}
    </p>
  );
}

function Filters({
  space,
  format,
  mine,
  showMine,
  onChange,
}: {
  space?: string;
  format?: Format;
  mine: boolean;
  showMine: boolean;
  onChange: (change: Record<string, string | null>) => void;
}) {
  const { t } = useTranslation();
  const spaces = useSpaceOptions().data ?? [];
  return (
    <div className="ev-filters" data-testid="calendar-filters">
      {spaces.length > 0 && (
        <Select
          label={t('events.calendar.filters.space')}
          value={space ?? ''}
          onChange={(e) => onChange({ space: e.target.value || null })}
          data-testid="calendar-filter-space"
        >
          <option value="">{t('events.calendar.filters.allSpaces')}</option>
          {spaces.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      )}
      <Select
        label={t('events.calendar.filters.format')}
        value={format ?? ''}
        onChange={(e) => onChange({ format: e.target.value || null })}
        data-testid="calendar-filter-format"
      >
        <option value="">{t('events.calendar.filters.allFormats')}</option>
        {FORMATS.map((f) => (
          <option key={f} value={f}>
            {t(`events.calendar.format.${f}`)}
          </option>
        ))}
      </Select>
      {showMine && (
        <Checkbox
          className="ev-mine"
          label={t('events.calendar.filters.mine')}
          checked={mine}
          onChange={(e) => onChange({ mine: e.target.checked ? '1' : null })}
        />
      )}
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api.ts';
import { QueryError } from '../../../web/guards.tsx';
import { Button, Loading } from '../../../web/ui/index.ts';
import type { AttendanceEntry } from '../../events/schema.ts';

/** How many dates the panel lists before "show all". */
const FIRST = 10;

/** Under the `events` key so that the events module's refreshes (e.g. marking attendance) reach it too. */
const attendanceKey = (userId: string) => ['events', 'attendance', 'member', userId] as const;

/**
 * A member's attendance history (newest first), for the members list. Mounted only while the row's
 * disclosure is open, so the history loads on first use.
 */
export function MemberAttendance({ userId, name }: { userId: string; name: string }) {
  const { t, i18n } = useTranslation();
  const [all, setAll] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);
  // "Show all" disappears when used: keep the keyboard where the list goes on.
  useEffect(() => {
    if (all) listRef.current?.querySelectorAll('a')[FIRST]?.focus();
  }, [all]);
  const list = useQuery({
    queryKey: attendanceKey(userId),
    queryFn: ({ signal }) =>
      api
        .get<{ items: AttendanceEntry[] }>(
          `/api/events/attendance?${new URLSearchParams({ userId })}`,
          signal,
        )
        .then((r) => r.items),
  });

  if (list.isPending) return <Loading />;
  if (list.isError) return <QueryError error={list.error} />;
  if (list.data.length === 0) {
    return (
      <p className="muted" style={{ margin: 0 }}>
        {t('admin.members.attendance.empty')}
      </p>
    );
  }

  const date = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium' });
  const shown = all ? list.data : list.data.slice(0, FIRST);
  return (
    <>
      <p className="list-meta" style={{ margin: '0 0 0.4rem' }}>
        {t('admin.members.attendance.count', { count: list.data.length })}
      </p>
      <ul
        ref={listRef}
        aria-label={t('admin.members.attendance.label', { name })}
        style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: '0.35rem' }}
      >
        {shown.map((a) => (
          <li
            key={`${a.eventId}/${a.key}`}
            style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: '0.6rem' }}
          >
            <time dateTime={a.startsAt} className="list-meta" style={{ minWidth: '6.5rem' }}>
              {date.format(new Date(a.startsAt))}
            </time>
            <Link to={`/events/${encodeURIComponent(a.eventId)}/${encodeURIComponent(a.key)}`}>
              {a.title}
            </Link>
            {a.source === 'import' && <span className="badge">{t('admin.members.attendance.imported')}</span>}
          </li>
        ))}
      </ul>
      {!all && list.data.length > FIRST && (
        <Button variant="ghost" size="sm" style={{ marginTop: '0.4rem' }} onClick={() => setAll(true)}>
          {t('admin.members.attendance.showAll', { count: list.data.length })}
        </Button>
      )}
    </>
  );
}

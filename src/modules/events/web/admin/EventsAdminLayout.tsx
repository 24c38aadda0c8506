import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import '../strings.ts';

/** The hosts' events area inside /admin: a heading and its own row of tabs (they wrap, never scroll). */
export default function EventsAdminLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const section = pathname.startsWith('/admin/events/programme')
    ? 'programme'
    : pathname.startsWith('/admin/events/settings')
      ? 'settings'
      : 'events';
  const tabs = [
    ['/admin/events', 'events'],
    ['/admin/events/programme', 'programme'],
    ['/admin/events/settings', 'settings'],
  ] as const;
  return (
    <>
      <div className="page-header" style={{ marginBottom: '1rem' }}>
        <div>
          <h2 style={{ margin: 0 }}>{t('events.host.layout.title')}</h2>
          <p className="page-lead">{t('events.host.layout.lead')}</p>
        </div>
      </div>
      <nav className="tabs" aria-label={t('events.host.layout.sections')} style={{ overflowX: 'visible' }}>
        <ul style={{ flexWrap: 'wrap' }}>
          {tabs.map(([to, key]) => (
            <li key={key}>
              {/* The events tab stays marked on its sub-pages (new, edit). */}
              <Link to={to} aria-current={section === key ? 'page' : undefined}>
                {t(`events.host.layout.tabs.${key}`)}
              </Link>
            </li>
          ))}
          <li>
            <Link to="/calendar">{t('events.host.layout.tabs.calendar')}</Link>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import '../strings.ts';

/** The hosts' memberships area inside /admin: its own row of tabs. */
export default function MembershipsLayout() {
  const { t } = useTranslation();
  const tabs = [
    ['', 'dashboard'],
    ['members', 'members'],
    ['payments', 'payments'],
    ['tiers', 'tiers'],
    ['offers', 'offers'],
    ['enrolment', 'enrolment'],
    ['settings', 'settings'],
  ] as const;
  return (
    <>
      <nav className="tabs tabs-secondary" aria-label={t('memberships.common.tabs.sections')}>
        <ul>
          {tabs.map(([path, key]) => (
            <li key={key}>
              <NavLink to={`/admin/memberships${path ? `/${path}` : ''}`} end={path === ''}>
                {t(`memberships.common.tabs.${key}`)}
              </NavLink>
            </li>
          ))}
          <li>
            {/* A server-rendered page outside the SPA: a plain link. */}
            <a href="/join">{t('memberships.common.tabs.publicPage')}</a>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

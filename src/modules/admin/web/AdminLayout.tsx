import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { PageHeader } from '../../../web/ui/index.ts';

export default function AdminLayout() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('admin.title')} lead={t('admin.lead')} />
      <nav className="tabs" aria-label={t('admin.sections')}>
        <ul>
          <li>
            <NavLink to="/admin" end>
              {t('admin.tabs.community')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/admin/members">{t('admin.tabs.members')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/spaces">{t('admin.tabs.spaces')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/memberships">{t('admin.tabs.memberships')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/events">{t('admin.tabs.events')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/outbox">{t('admin.tabs.outbox')}</NavLink>
          </li>
          <li>
            {/* Its own area (/moderation), because moderators see it too; hosts reach it from here. */}
            <NavLink to="/moderation">{t('admin.tabs.moderation')}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { PageHeader } from '../../../web/ui/index.ts';
import { useQueue } from './data.ts';

/** `/moderation`: the moderators' area with the queue, the audit log and the settings as tabs. */
export default function ModerationLayout() {
  const { t } = useTranslation();
  const queue = useQueue();
  const open = queue.data
    ? new Set(queue.data.reports.map((r) => `${r.targetType}:${r.targetId}`)).size +
      queue.data.pendingPosts.length +
      queue.data.pendingComments.length
    : 0;
  return (
    <>
      <PageHeader title={t('moderation.title')} lead={t('moderation.lead')} />
      <nav className="tabs" aria-label={t('moderation.sections')}>
        <ul>
          <li>
            <NavLink to="/moderation" end>
              {t('moderation.tabs.queue')}
              {open > 0 && (
                <span className="tab-count">
                  {' '}
                  <span aria-hidden="true">{open}</span>
                  <span className="sr-only">{t('moderation.tabs.openCount', { count: open })}</span>
                </span>
              )}
            </NavLink>
          </li>
          <li>
            <NavLink to="/moderation/log">{t('moderation.tabs.log')}</NavLink>
          </li>
          <li>
            <NavLink to="/moderation/settings">{t('moderation.tabs.settings')}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api.ts';
import { QueryError } from '../../../web/guards.tsx';
import { useTitle } from '../../../web/session.ts';
import { Card, Loading } from '../../../web/ui/index.ts';
import { type LogEntry, modKeys } from './data.ts';

const KNOWN_ACTIONS = new Set([
  'post.hide',
  'post.publish',
  'post.lock',
  'post.unlock',
  'comment.hide',
  'comment.publish',
  'report.dismiss',
  'settings.approval_on',
  'settings.approval_off',
]);
const REASONS = new Set(['spam', 'harassment', 'off_topic', 'privacy', 'other']);

/** An audit log action in words ("Beitrag ausgeblendet"); unknown future actions show as they are. */
export function actionText(action: string, t: TFunction): string {
  return KNOWN_ACTIONS.has(action) ? t(`moderation.log.actions.${action.replace('.', '_')}`) : action;
}

function reasonText(reason: string | null, t: TFunction): string {
  if (!reason) return '–';
  if (REASONS.has(reason)) return t('moderation.log.reportReason', { reason: t(`moderation.reasons.${reason}`) });
  if (/^report [0-9a-f-]{36}$/.test(reason)) return t('moderation.log.fromReport');
  return reason;
}

function Target({ entry: e }: { entry: LogEntry }) {
  const { t } = useTranslation();
  if (e.targetType === 'post') return <Link to={`/posts/${e.targetId}`}>{t('moderation.target.post')}</Link>;
  if (e.targetType === 'comment') return <>{t('moderation.target.comment')}</>;
  if (e.targetType === 'community') return <Link to="/moderation/settings">{t('moderation.tabs.settings')}</Link>;
  return <>{e.targetType}</>;
}

/** `/moderation/log`: every moderator action, newest first. */
export default function LogPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('moderation.log.title'));
  const log = useQuery({
    queryKey: modKeys.log,
    queryFn: ({ signal }) => api.get<{ items: LogEntry[] }>('/api/moderation/log', signal).then((r) => r.items),
  });
  const fmt = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Card title={t('moderation.log.title')} description={t('moderation.log.lead')}>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <QueryError error={log.error} />
      ) : log.data.length === 0 ? (
        <p className="muted">{t('moderation.log.empty')}</p>
      ) : (
        // A focusable region, so keyboard users can scroll the table sideways on narrow screens.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable region must be reachable by keyboard
        <section className="table-wrap" aria-label={t('moderation.log.title')} tabIndex={0}>
          <table className="table" data-testid="moderation-log">
            <thead>
              <tr>
                <th scope="col">{t('moderation.log.when')}</th>
                <th scope="col">{t('moderation.log.who')}</th>
                <th scope="col">{t('moderation.log.action')}</th>
                <th scope="col">{t('moderation.log.target')}</th>
                <th scope="col">{t('moderation.log.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.createdAt}>{fmt.format(new Date(e.createdAt))}</time>
                  </td>
                  <td>{e.actor ?? t('spaces.post.deletedAuthor')}</td>
                  <td>{actionText(e.action, t)}</td>
                  <td>
                    <Target entry={e} />
                  </td>
                  <td>{reasonText(e.reason, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Card>
  );
}

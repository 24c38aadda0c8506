import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api.ts';
import { QueryError } from '../../../web/guards.tsx';
import { queryClient, useTitle } from '../../../web/session.ts';
import { Button, Card, FormError, Loading, PageHeader } from '../../../web/ui/index.ts';
import { ago, describe, type NotificationPage, notificationKeys, source, type UnreadCount } from './shared.ts';

/** `/notifications`: everything that concerned the member, newest first. */
export default function NotificationsPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('notifications.page.title'));
  const list = useInfiniteQuery({
    queryKey: notificationKeys.list,
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) =>
      api.get<NotificationPage>(`/api/notifications?limit=20${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const read = useMutation({
    mutationFn: (body: { ids?: string[]; all?: boolean }) => api.post<UnreadCount>('/api/notifications/read', body),
    onSuccess: (data) => {
      queryClient.setQueryData(notificationKeys.unread, data);
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
  const unread = list.data?.pages[0]?.unreadCount ?? 0;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title={t('notifications.page.title')}
        lead={t('notifications.page.lead')}
        actions={
          <>
            <Button variant="secondary" disabled={unread === 0} loading={read.isPending && read.variables?.all === true} onClick={() => read.mutate({ all: true })}>
              {t('notifications.markAllRead')}
            </Button>
            <Link className="btn btn-ghost" to="/settings/notifications">
              {t('notifications.page.settings')}
            </Link>
          </>
        }
      />
      <Card>
        <FormError error={read.error} />
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <QueryError error={list.error} />
        ) : items.length === 0 ? (
          <p className="muted">{t('notifications.empty')}</p>
        ) : (
          <ul className="list" data-testid="notification-list">
            {items.map((n) => (
              <li key={n.id} data-unread={!n.read || undefined}>
                <div className="list-main">
                  <p className="list-title">
                    {!n.read && <span className="badge badge-info">{t('notifications.unread')}</span>}{' '}
                    <Link to={n.url} onClick={() => !n.read && read.mutate({ ids: [n.id] })}>
                      {describe(t, n)}
                    </Link>
                  </p>
                  {n.snippet && !n.event && n.snippet !== n.post?.title && <p className="list-meta">{n.snippet}</p>}
                  <p className="list-meta">
                    <time dateTime={n.createdAt}>{ago(n.createdAt, i18n.resolvedLanguage)}</time> · {source(t, n)}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <div className="form-actions" style={{ marginTop: '1rem' }}>
            <Button variant="secondary" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('notifications.page.more')}
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}

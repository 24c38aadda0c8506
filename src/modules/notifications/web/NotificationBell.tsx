import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api.ts';
import { queryClient } from '../../../web/session.ts';
import { Loading } from '../../../web/ui/index.ts';
import { usePopover } from '../../../web/ui/usePopover.ts';
import { ago, describe, type NotificationPage, notificationKeys, source, type UnreadCount } from './shared.ts';

/** Until the socket is up (or if it never comes), the count still refreshes now and then. */
const FALLBACK_POLL_MS = 5 * 60_000;

/**
 * The bell in the header: unread count as a badge, the latest ten in a popover, live over the
 * WebSocket (`notification.created` on the member's own channel).
 */
export function NotificationBell({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const { open, setOpen, ref, buttonRef } = usePopover();
  const panelId = useId();

  const unread = useQuery({
    queryKey: notificationKeys.unread,
    queryFn: ({ signal }) => api.get<UnreadCount>('/api/notifications/unread-count', signal),
    refetchInterval: FALLBACK_POLL_MS,
    staleTime: 10_000,
  });
  const latest = useQuery({
    queryKey: notificationKeys.latest,
    queryFn: ({ signal }) => api.get<NotificationPage>('/api/notifications?limit=10', signal),
    enabled: open,
  });
  const markAll = useMutation({
    mutationFn: () => api.post<UnreadCount>('/api/notifications/read', { all: true }),
    onSuccess: (data) => {
      queryClient.setQueryData(notificationKeys.unread, data);
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });

  // Live updates; the realtime client is its own chunk, loaded only once a member is signed in.
  useEffect(() => {
    let off: (() => void) | null = null;
    let cancelled = false;
    void import('../../../web/realtime.ts').then(({ subscribe }) => {
      if (cancelled) return;
      off = subscribe(`user:${userId.toLowerCase()}`, (event) => {
        if (event.type !== 'notification.created') return;
        const data = event.data as { unreadCount?: unknown } | null;
        if (typeof data?.unreadCount === 'number') {
          queryClient.setQueryData<UnreadCount>(notificationKeys.unread, { unreadCount: data.unreadCount });
        }
        void queryClient.invalidateQueries({ queryKey: notificationKeys.latest });
        void queryClient.invalidateQueries({ queryKey: notificationKeys.list });
      });
    });
    return () => {
      cancelled = true;
      off?.();
    };
  }, [userId]);



  const count = unread.data?.unreadCount ?? 0;
  return (
    <div className="user-menu notification-bell" ref={ref}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('notifications.bell.label', { count })}
        data-testid="notification-bell"
        onClick={() => setOpen((o) => !o)}
      >
        {/* An SVG, not an emoji: it renders the same on every system and takes the text colour. */}
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {count > 0 && (
          <span className="badge badge-info" aria-hidden="true" data-testid="notification-count">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <div className="user-menu-list" id={panelId} style={{ width: 'min(24rem, 90vw)', padding: '0.5rem' }}>
          <p className="list-title" style={{ margin: '0.25rem 0.5rem' }}>
            {t('notifications.bell.title')}
          </p>
          {latest.isPending ? (
            <Loading />
          ) : latest.data && latest.data.items.length > 0 ? (
            <ul className="list" data-testid="notification-popover">
              {latest.data.items.map((n) => (
                <li key={n.id}>
                  <div className="list-main">
                    <Link to={n.url} className="list-title" onClick={() => void api.post('/api/notifications/read', { ids: [n.id] })}>
                      {!n.read && <span className="sr-only">{t('notifications.unread')} </span>}
                      {n.read ? describe(t, n) : <strong>{describe(t, n)}</strong>}
                    </Link>
                    <p className="list-meta">
                      {ago(n.createdAt, i18n.resolvedLanguage)}
                      {/* Event notices name no space; the calendar label says where they come from. */}
                      {n.event && ` · ${source(t, n)}`}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted" style={{ margin: '0.5rem' }}>
              {t('notifications.empty')}
            </p>
          )}
          <div className="form-actions" style={{ margin: '0.5rem' }}>
            <button type="button" className="btn btn-secondary btn-sm" disabled={count === 0 || markAll.isPending} onClick={() => markAll.mutate()}>
              {t('notifications.markAllRead')}
            </button>
            <Link className="btn btn-ghost btn-sm" to="/notifications">
              {t('notifications.showAll')}
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}

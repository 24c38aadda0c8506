import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api.ts';
import { QueryError } from '../../../web/guards.tsx';
import { queryClient, useTitle } from '../../../web/session.ts';
import { Alert, Card, Checkbox, FormError, Loading, PageHeader, Select } from '../../../web/ui/index.ts';
import { type EmailMode, type Follow, KINDS, MODES, type NotificationKind, notificationKeys, type Preferences } from './shared.ts';

/** `/settings/notifications`: per kind how to be told (mail instantly, as a digest, or not; in the app), and which spaces to follow. */
export default function NotificationSettingsPage() {
  const { t } = useTranslation();
  useTitle(t('notifications.settings.title'));
  const prefs = useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: ({ signal }) => api.get<Preferences>('/api/notifications/preferences', signal),
  });
  const follows = useQuery({
    queryKey: notificationKeys.follows,
    queryFn: ({ signal }) => api.get<{ items: Follow[] }>('/api/notifications/follows', signal),
  });
  const save = useMutation({
    mutationFn: (item: { kind: NotificationKind; email?: EmailMode; inApp?: boolean }) =>
      api.put<Preferences>('/api/notifications/preferences', { items: [{ ...item, spaceId: null }] }),
    onSuccess: (data) => queryClient.setQueryData(notificationKeys.preferences, data),
  });
  const follow = useMutation({
    mutationFn: (v: { spaceId: string; following: boolean }) =>
      api.put<Follow>(`/api/notifications/follows/${encodeURIComponent(v.spaceId)}`, { following: v.following }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.follows }),
  });

  return (
    <>
      <PageHeader title={t('notifications.settings.title')} lead={t('notifications.settings.lead')} />
      <div className="stack">
        <Card title={t('notifications.settings.kindsTitle')} description={t('notifications.settings.kindsLead')}>
          <FormError error={save.error} />
          {save.isSuccess && (
            <Alert tone="success" testId="notification-settings-saved">
              {t('notifications.settings.saved')}
            </Alert>
          )}
          {prefs.isPending ? (
            <Loading />
          ) : prefs.isError ? (
            <QueryError error={prefs.error} />
          ) : (
            <ul className="list" data-testid="notification-kinds">
              {KINDS.map((kind) => {
                const p = prefs.data.kinds.find((k) => k.kind === kind);
                if (!p) return null;
                return (
                  <li key={kind}>
                    <div className="list-main">
                      <p className="list-title">{t(`notifications.kinds.${kind}`)}</p>
                      <p className="list-meta">{t(`notifications.kindHints.${kind}`)}</p>
                    </div>
                    <Select
                      label={t('notifications.settings.email', { kind: t(`notifications.kinds.${kind}`) })}
                      value={p.email}
                      disabled={save.isPending}
                      onChange={(e) => save.mutate({ kind, email: e.target.value as EmailMode })}
                    >
                      {MODES.map((m) => (
                        <option key={m} value={m}>
                          {t(`notifications.modes.${m}`)}
                        </option>
                      ))}
                    </Select>
                    <Checkbox
                      label={t('notifications.settings.inApp', { kind: t(`notifications.kinds.${kind}`) })}
                      checked={p.inApp}
                      disabled={save.isPending}
                      onChange={(e) => save.mutate({ kind, inApp: e.target.checked })}
                    />
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
        <Card title={t('notifications.settings.followsTitle')} description={t('notifications.settings.followsLead')}>
          <FormError error={follow.error} />
          {follows.isPending ? (
            <Loading />
          ) : follows.isError ? (
            <QueryError error={follows.error} />
          ) : follows.data.items.length === 0 ? (
            <p className="muted">{t('notifications.settings.noSpaces')}</p>
          ) : (
            <ul className="list" data-testid="notification-follows">
              {follows.data.items.map((s) => (
                <li key={s.spaceId}>
                  <Checkbox
                    label={
                      <>
                        <span aria-hidden="true">{s.icon}</span> {t('notifications.settings.follow', { space: s.name })}
                      </>
                    }
                    checked={s.following}
                    disabled={follow.isPending && follow.variables?.spaceId === s.spaceId}
                    onChange={(e) => follow.mutate({ spaceId: s.spaceId, following: e.target.checked })}
                  />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

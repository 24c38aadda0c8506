import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, type Session } from '../../../../web/api.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { keys, queryClient } from '../../../../web/session.ts';
import { Button, Card, FormError, Loading } from '../../../../web/ui/index.ts';

/** A readable device name from a user agent, without a parsing library. */
export function describeAgent(ua: string | null): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : null;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return browser && os ? `${browser} · ${os}` : ua.slice(0, 80);
}

export function SessionsSection() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const sessions = useQuery({
    queryKey: keys.sessions,
    queryFn: ({ signal }) => api.get<{ sessions: Session[] }>('/api/me/sessions', signal),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api/me/sessions/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.sessions }),
  });
  const revokeAll = useMutation({
    mutationFn: () => api.post('/api/me/sessions/revoke-all', {}),
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'community' });
      queryClient.setQueryData(keys.me, null);
      navigate('/login', { state: { signedOut: true } });
    },
  });
  const date = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Card title={t('settings.sessions.title')} description={t('settings.sessions.lead')}>
      <FormError error={revoke.error ?? revokeAll.error} />
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <QueryError error={sessions.error} />
      ) : (
        <ul className="list" data-testid="session-list">
          {sessions.data.sessions.map((s) => (
            <li key={s.id}>
              <div className="list-main">
                <p className="list-title">
                  {describeAgent(s.userAgent) ?? t('settings.sessions.unknownDevice')}{' '}
                  {s.current && <span className="badge badge-info">{t('settings.sessions.current')}</span>}
                </p>
                <p className="list-meta">
                  {t('settings.sessions.since', { date: date.format(new Date(s.createdAt)) })}
                  {s.ipAddress && ` · ${t('settings.sessions.ip', { ip: s.ipAddress })}`}
                </p>
              </div>
              {!s.current && (
                <Button
                  variant="secondary"
                  size="sm"
                  loading={revoke.isPending && revoke.variables === s.id}
                  onClick={() => revoke.mutate(s.id)}
                  aria-label={t('settings.sessions.revokeOne', {
                    device: describeAgent(s.userAgent) ?? t('settings.sessions.unknownDevice'),
                  })}
                >
                  {t('settings.sessions.revoke')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions" style={{ marginTop: '1rem' }}>
        <Button variant="secondary" loading={revokeAll.isPending} onClick={() => revokeAll.mutate()}>
          {t('settings.sessions.revokeAll')}
        </Button>
        <span className="muted">{t('settings.sessions.revokeAllHint')}</span>
      </div>
    </Card>
  );
}

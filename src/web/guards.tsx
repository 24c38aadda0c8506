import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { isApiError } from './api.ts';
import { errorMessage } from './errors.ts';
import { isAdmin, isModerator, useMe, useTitle } from './session.ts';
import { Alert, Loading, PageHeader } from './ui/index.ts';

/** Pages for members only: visitors go to the login page and come back afterwards. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <QueryError error={me.error} />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

export function RequireAdmin() {
  const me = useMe();
  if (!me.data || !isAdmin(me.data.role)) return <Forbidden />;
  return <Outlet />;
}

/** The moderation area: moderators, admins and the owner. */
export function RequireModerator() {
  const me = useMe();
  if (!me.data || !isModerator(me.data.role)) return <Forbidden />;
  return <Outlet />;
}

export function Forbidden() {
  const { t } = useTranslation();
  useTitle(t('forbidden.title'));
  return (
    <div className="card" data-testid="forbidden">
      <PageHeader title={t('forbidden.title')} lead={t('forbidden.text')} />
      <Link to="/">{t('common.backHome')}</Link>
    </div>
  );
}

/** What a failed read shows: a login redirect, the no-access page or a translated message. */
export function QueryError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const location = useLocation();
  if (isApiError(error) && error.status === 401) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  }
  if (isApiError(error) && error.status === 403) return <Forbidden />;
  return <Alert tone="error">{errorMessage(error, t)}</Alert>;
}

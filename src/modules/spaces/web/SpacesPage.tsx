import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../../web/guards.tsx';
import { isAdmin, useMe, useTitle } from '../../../web/session.ts';
import { Loading, PageHeader } from '../../../web/ui/index.ts';
import { useSpaces } from './data.ts';
import { JoinButton } from './JoinButton.tsx';

/** `/spaces`: every space the reader can see, in the host's order. */
export default function SpacesPage() {
  const { t } = useTranslation();
  useTitle(t('spaces.title'));
  const me = useMe().data;
  const spaces = useSpaces();
  return (
    <>
      <PageHeader
        title={t('spaces.title')}
        lead={t('spaces.lead')}
        actions={
          me && isAdmin(me.role) ? (
            <Link className="btn btn-primary" to="/admin/spaces?new=1">
              {t('spaces.create')}
            </Link>
          ) : undefined
        }
      />
      {spaces.isPending ? (
        <Loading />
      ) : spaces.isError ? (
        <QueryError error={spaces.error} />
      ) : spaces.data.length === 0 ? (
        <p className="card muted">{me ? t('spaces.empty') : t('spaces.emptyGuest')}</p>
      ) : (
        <ul className="space-grid" data-testid="space-list">
          {spaces.data.map((s) => (
            <li key={s.id} className="card space-card">
              <div className="space-card-head">
                <span className="space-icon" aria-hidden="true">
                  {s.icon}
                </span>
                <h2 className="card-title">
                  <Link to={`/spaces/${s.slug}`}>{s.name}</Link>
                </h2>
              </div>
              {s.description && <p className="muted">{s.description}</p>}
              <p className="space-card-foot">
                {s.kind === 'announcement' && <span className="badge badge-info">{t('spaces.announcement')}</span>}
                {s.visibility !== 'members' && <span className="badge">{t(`spaces.visibility.${s.visibility}`)}</span>}
                {s.optional && me && s.joined && <span className="badge badge-success">{t('spaces.joined')}</span>}
                {s.optional && me && <JoinButton space={s} />}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

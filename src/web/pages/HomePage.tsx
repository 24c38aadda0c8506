import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCommunity, useMe, useTitle } from '../session.ts';
import { Alert, Avatar, Card, Loading } from '../ui/index.ts';

export default function HomePage() {
  const { t } = useTranslation();
  const community = useCommunity().data;
  const me = useMe();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash;
  const name = community?.name ?? 'Treffpunkt';
  useTitle(t('home.title'));

  if (me.isPending) return <Loading />;

  if (!me.data) {
    return (
      <>
        {flash === 'accountDeleted' && <Alert tone="success">{t('home.accountDeleted')}</Alert>}
        <section className="hero" aria-labelledby="hero-title">
          <h1 id="hero-title">{t('home.guestTitle', { name })}</h1>
          <p>{t('home.guestText')}</p>
          <div className="form-actions">
            <Link className="btn btn-primary" to="/signup">
              {t('home.join')}
            </Link>
            <Link className="btn btn-secondary" to="/login">
              {t('nav.login')}
            </Link>
          </div>
        </section>
        <div className="grid-2">
          <Card title={t('home.pitch1Title')}>
            <p>{t('home.pitch1Text')}</p>
          </Card>
          <Card title={t('home.pitch2Title')}>
            <p>{t('home.pitch2Text')}</p>
          </Card>
          <Card title={t('home.pitch3Title')}>
            <p>{t('home.pitch3Text')}</p>
          </Card>
        </div>
      </>
    );
  }

  const user = me.data;
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <div style={{ display: 'flex', gap: '1rem', alignItems: 'center', flexWrap: 'wrap' }}>
          <Avatar name={user.name} src={user.image} size={64} />
          <div>
            <h1 id="hero-title" data-testid="welcome">
              {t('home.memberTitle', { name: user.name })}
            </h1>
            <p style={{ margin: 0 }}>{t('home.memberText', { community: name })}</p>
          </div>
        </div>
      </section>
      {!user.bio && (
        <Alert tone="info" announce={false}>
          {t('home.completeProfile')} <Link to="/profile">{t('home.toProfile')}</Link>
        </Alert>
      )}
      <div className="grid-2" style={{ marginTop: '1.5rem' }}>
        <Card title={t('home.profileCardTitle')}>
          <p>{t('home.profileCardText')}</p>
          <Link to="/profile">{t('home.toProfile')}</Link>
        </Card>
        <Card title={t('home.settingsCardTitle')}>
          <p>{t('home.settingsCardText')}</p>
          <Link to="/settings">{t('home.toSettings')}</Link>
        </Card>
      </div>
    </>
  );
}

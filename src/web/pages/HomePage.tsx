import { useQuery } from '@tanstack/react-query';
import { Component, lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Feed } from '../../modules/spaces/web/Feed.tsx';
import { api } from '../api.ts';
import { useCommunity, useMe, useTitle } from '../session.ts';
import { Alert, Avatar, Card, Loading } from '../ui/index.ts';

// The members' "Nächste Treffen" card: the events code loads only when a member's home page shows it.
const NextMeetings = lazy(() => import('../../modules/events/web/NextMeetings.tsx'));

export default function HomePage() {
  const { t } = useTranslation();
  const community = useCommunity().data;
  const me = useMe();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash;
  const name = community?.name ?? 'Treffpunkt';
  useTitle(t('home.title'));
  // A community that sells memberships points visitors to its public page with the tiers.
  const offer = useQuery({
    queryKey: ['memberships', 'offer', ''],
    queryFn: ({ signal }) => api.get<{ tiers: unknown[] }>('/api/memberships/offer', signal),
    enabled: me.data === null,
  });

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
            {/* Server-rendered, outside the SPA: a plain link. */}
            {offer.data?.tiers.length ? (
              <a className="btn btn-secondary" href="/join">
                {t('home.becomeMember')}
              </a>
            ) : null}
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
      <div className="greeting">
        <Avatar name={user.name} src={user.image} size={48} />
        <div>
          <h1 id="hero-title" data-testid="welcome">
            {t('home.memberTitle', { name: user.name })}
          </h1>
          <p className="muted">{t('home.memberText', { community: name })}</p>
        </div>
      </div>
      {!user.bio && (
        <Alert tone="info" announce={false}>
          {t('home.completeProfile')} <Link to="/profile">{t('home.toProfile')}</Link>
        </Alert>
      )}
      <SinceLastVisit />
      <Optional>
        <Suspense
          fallback={
            <div className="card ev-home">
              <Loading />
            </div>
          }
        >
          <NextMeetings />
        </Suspense>
      </Optional>
      <section className="feed-section" aria-labelledby="home-feed-heading">
        <div className="feed-toolbar">
          <h2 id="home-feed-heading">{t('home.feedTitle')}</h2>
          <Link to="/spaces">{t('home.allSpaces')}</Link>
        </div>
        <Feed scope="home" sort="new" showSpace empty={t('home.feedEmpty')} />
      </section>
    </>
  );
}

/** A part of the page that may fail (its code did not load, it threw) without taking the page along. */
class Optional extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

/** "Since your last visit on Tuesday: 3 new posts, 5 new comments" above the home feed. */
function SinceLastVisit() {
  const { t, i18n } = useTranslation();
  const q = useQuery({
    queryKey: ['feed', 'since-last-visit'],
    queryFn: () =>
      api.get<{ since: string | null; newPosts: number; newComments: number }>('/api/feed/since-last-visit'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const d = q.data;
  if (!d?.since) return null;
  const date = new Intl.DateTimeFormat(i18n.language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(d.since));
  if (d.newPosts === 0 && d.newComments === 0) {
    return (
      <p className="muted since-last-visit" data-testid="since-last-visit">
        {t('home.sinceNothing', { date })}
      </p>
    );
  }
  return (
    <p className="since-last-visit" data-testid="since-last-visit">
      {t('home.since', { date })} <strong>{t('home.sincePosts', { count: d.newPosts })}</strong>
      {' · '}
      <strong>{t('home.sinceComments', { count: d.newComments })}</strong>
    </p>
  );
}

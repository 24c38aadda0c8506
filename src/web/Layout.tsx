import { type ChangeEvent, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { api, type Locale, type Me } from './api.ts';
import { hasStoredLocale, isLocale, LOCALES, setLocale } from './i18n/index.ts';
import { isAdmin, isModerator, keys, queryClient, useCommunity, useMe } from './session.ts';
import { Avatar, Loading } from './ui/index.ts';
import { usePopover } from './ui/usePopover.ts';
import { NotificationBell } from '../modules/notifications/web/NotificationBell.tsx';
import { SearchBox } from '../modules/search/web/SearchBox.tsx';

/** The frame around every page: header with community, navigation, language and user menu; footer. */
export function Layout() {
  const community = useCommunity();
  const me = useMe();
  const location = useLocation();
  useLocaleSync(me.data ?? null, community.data?.defaultLocale);

  if (community.data?.setupNeeded && location.pathname !== '/setup') return <Navigate to="/setup" replace />;

  return (
    <div className="app">
      <SkipLink />
      <Header me={me.data ?? null} />
      <main id="main" className="site-main" tabIndex={-1}>
        {community.isPending ? (
          <Loading />
        ) : (
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        )}
      </main>
      <Footer />
      <RouteFocus />
    </div>
  );
}

function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t('layout.skipToContent')}
    </a>
  );
}

/** After client-side navigation, move focus to the new page so screen readers start reading there. */
function RouteFocus() {
  const { pathname } = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose whenever the path changes
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: false });
  }, [pathname]);
  return null;
}

/** The member's saved language wins; then this device's choice; then the community default. */
function useLocaleSync(me: Me | null, communityDefault: Locale | undefined) {
  const memberLocale = me?.locale;
  useEffect(() => {
    if (isLocale(memberLocale)) void setLocale(memberLocale);
    else if (!hasStoredLocale() && communityDefault) void setLocale(communityDefault);
  }, [memberLocale, communityDefault]);
}

function Header({ me }: { me: Me | null }) {
  const { t } = useTranslation();
  const community = useCommunity().data;
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  const panelId = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: close the mobile menu whenever the page changes
  useEffect(() => setOpen(false), [pathname]);

  const name = community?.name ?? 'Treffpunkt';
  return (
    <header className="site-header">
      <div className="header-inner">
        <Link to="/" className="brand-link" data-testid="community-name">
          {community?.logoUrl ? (
            <img src={community.logoUrl} alt="" />
          ) : (
            <span className="brand-mark" aria-hidden="true">
              {name.slice(0, 1).toUpperCase()}
            </span>
          )}
          <span>{name}</span>
        </Link>
        <button
          type="button"
          className="btn btn-secondary btn-sm menu-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t('layout.closeMenu') : t('layout.menu')}
        </button>
        <div className="header-panel" id={panelId} data-open={open}>
          <nav className="main-nav" aria-label={t('layout.mainNav')}>
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('nav.home')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/spaces" data-testid="nav-spaces">
                  {t('nav.spaces')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/calendar" data-testid="nav-calendar">
                  {t('nav.calendar')}
                </NavLink>
              </li>
              {me && (
                <li>
                  <NavLink to="/profile">{t('nav.profile')}</NavLink>
                </li>
              )}
              {me && isModerator(me.role) && (
                <li>
                  <NavLink to="/moderation" data-testid="nav-moderation">
                    {t('nav.moderation')}
                  </NavLink>
                </li>
              )}
              {me && isAdmin(me.role) && (
                <li>
                  <NavLink to="/admin" data-testid="nav-admin">
                    {t('nav.admin')}
                  </NavLink>
                </li>
              )}
            </ul>
          </nav>
          <SearchBox />
          <LanguageSwitcher me={me} />
          {me && <NotificationBell userId={me.id} />}
          {me ? <UserMenu me={me} /> : <AuthLinks />}
        </div>
      </div>
    </header>
  );
}

function LanguageSwitcher({ me }: { me: Me | null }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const onChange = async (e: ChangeEvent<HTMLSelectElement>) => {
    const value = e.target.value;
    if (!isLocale(value)) return;
    await setLocale(value, true);
    // Members keep their language across devices; a failure here only loses that convenience.
    if (me) {
      api.patch<Me>('/api/me', { locale: value }).then(
        (data) => queryClient.setQueryData(keys.me, data),
        () => undefined,
      );
    }
  };
  return (
    <div className="lang-switch">
      <label htmlFor={id}>{t('layout.language')}</label>
      <select id={id} value={i18n.resolvedLanguage ?? 'de'} onChange={onChange}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function AuthLinks() {
  const { t } = useTranslation();
  return (
    <div className="auth-links">
      <Link className="btn btn-ghost btn-sm" to="/login">
        {t('nav.login')}
      </Link>
      <Link className="btn btn-primary btn-sm" to="/signup">
        {t('nav.signup')}
      </Link>
    </div>
  );
}

function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { open, setOpen, ref, buttonRef } = usePopover();
  const listId = useId();



  const [signingOut, setSigningOut] = useState(false);
  const signOut = async () => {
    setSigningOut(true);
    try {
      await api.post('/api/auth/sign-out', {});
    } catch {
      // Even if the server could not be reached, forget the member here.
    }
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'community' });
    queryClient.setQueryData(keys.me, null);
    setSigningOut(false);
    navigate('/login', { state: { signedOut: true } });
  };

  return (
    <div className="user-menu" ref={ref}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={listId}
        data-testid="user-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar name={me.name} src={me.image} size={34} />
        <span>{me.name}</span>
        <span className="sr-only">{t('layout.userMenu')}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul className="user-menu-list" id={listId}>
          <li className="user-menu-who">
            {t('layout.signedInAs')} <strong>{me.email}</strong>
          </li>
          <li>
            <Link to="/profile">{t('nav.profile')}</Link>
          </li>
          <li>
            <Link to="/membership">{t('nav.membership')}</Link>
          </li>
          <li>
            <Link to="/settings">{t('nav.settings')}</Link>
          </li>
          <li>
            <Link to="/settings/notifications">{t('nav.notificationSettings')}</Link>
          </li>
          <li>
            <Link to="/settings/mutes">{t('nav.mutes')}</Link>
          </li>
          {isModerator(me.role) && (
            <li>
              <Link to="/moderation">{t('nav.moderation')}</Link>
            </li>
          )}
          {isAdmin(me.role) && (
            <li>
              <Link to="/admin">{t('nav.admin')}</Link>
            </li>
          )}
          <li>
            <button type="button" onClick={signOut} disabled={signingOut}>
              {t('nav.logout')}
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}

function Footer() {
  const { t } = useTranslation();
  const name = useCommunity().data?.name ?? 'Treffpunkt';
  return (
    <footer className="site-footer">
      <div className="footer-inner">
        <p>
          © {new Date().getFullYear()} {name}
        </p>
        <p>{t('layout.poweredBy')}</p>
      </div>
    </footer>
  );
}

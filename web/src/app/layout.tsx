import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { useAuth, useUser } from '../auth/use-auth.ts';
import { Icon } from '../components/icon.tsx';
import { useT } from '../i18n/use-t.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { NAV_ITEMS } from './nav-items.ts';

export function Layout() {
  const t = useT();
  const user = useUser();
  const { logout } = useAuth();
  const location = useLocation();
  const [navOpen, setNavOpen] = useState(false);

  // A new page starts at its top with the menu closed; filter changes (query string only) keep the scroll.
  useEffect(() => {
    setNavOpen(false);
    window.scrollTo(0, 0);
  }, [location.pathname]);

  return (
    <div className={`shell${navOpen ? ' shell--nav-open' : ''}`}>
      <a className="skip-link" href="#main">
        {t('topbar.skip')}
      </a>
      <header className="topbar">
        <button
          type="button"
          className="topbar__menu"
          aria-expanded={navOpen}
          aria-controls="main-nav"
          onClick={() => setNavOpen((v) => !v)}
          data-testid="nav-toggle"
        >
          <Icon name="menu" size={24} />
          <span className="visually-hidden">{t('topbar.menu')}</span>
        </button>
        <span className="topbar__brand">
          <img src="/favicon.svg" alt="" width="26" height="26" />
          Vigil
        </span>
        <span className="topbar__spacer" />
        <span className="topbar__user" data-testid="current-user">
          <span className="topbar__user-name">{user.displayName || user.username}</span>
          <span className="topbar__user-role">{t(`role.${user.role}`)}</span>
        </span>
        <LanguageSwitch />
        <button type="button" className="btn btn--ghost topbar__logout" onClick={() => void logout()} data-testid="logout">
          {t('topbar.logout')}
        </button>
      </header>
      <nav id="main-nav" className="sidenav" aria-label={t('nav.label')}>
        <p className="sidenav__user">
          <strong>{user.displayName || user.username}</strong>
          <span className="muted small">{t(`role.${user.role}`)}</span>
        </p>
        <ul>
          {NAV_ITEMS.filter((i) => i.visible(user.role)).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} data-testid={`nav-${item.to.slice(1)}`}>
                <span className="sidenav__icon">
                  <Icon name={item.icon} />
                </span>
                {t(item.label)}
              </NavLink>
            </li>
          ))}
        </ul>
        {user.agencyName && (
          <p className="sidenav__scope">
            {t('nav.scope')}: <strong>{user.agencyName}</strong>
          </p>
        )}
      </nav>
      {navOpen && <div className="shell__backdrop" onClick={() => setNavOpen(false)} aria-hidden="true" />}
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
        <footer className="footer">
          <span>Vigil</span>
          <a href="/api/docs" target="_blank" rel="noopener noreferrer">
            {t('footer.apiDocs')}
          </a>
          <span className="muted">{t('footer.timezone')}</span>
        </footer>
      </main>
    </div>
  );
}

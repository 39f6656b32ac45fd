import { useUser } from '../../auth/use-auth.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useT } from '../../i18n/use-t.ts';
import { ApiTokensSection } from './api-tokens-section.tsx';
import { NotificationPreferencesSection } from './notification-preferences-section.tsx';
import { PasswordForm } from './password-form.tsx';
import { TotpSection } from './totp-section.tsx';

export function AccountPage() {
  const t = useT();
  const user = useUser();
  return (
    <section>
      <PageHeader title={t('account.title')} subtitle={`${user.displayName} · ${user.username}`} />
      <div className="card">
        <dl className="details">
          <dt>{t('user.role')}</dt>
          <dd>{t(`role.${user.role}`)}</dd>
          <dt>{t('user.agency')}</dt>
          <dd>{user.agencyName ?? t('user.wholeTreeShort')}</dd>
          <dt>{t('user.email')}</dt>
          <dd>{user.email ?? '—'}</dd>
          <dt>{t('user.lastLogin')}</dt>
          <dd>{formatDateTime(user.lastLoginAt)}</dd>
        </dl>
      </div>
      <div className="account-grid">
        <section className="card" aria-labelledby="acc-password">
          <h2 id="acc-password">{t('account.password')}</h2>
          <PasswordForm onChanged={() => undefined} />
        </section>
        <section className="card" aria-labelledby="acc-totp">
          <h2 id="acc-totp">{t('account.totp')}</h2>
          <TotpSection />
        </section>
      </div>
      <section className="card" aria-labelledby="acc-tokens">
        <h2 id="acc-tokens">{t('account.tokens')}</h2>
        <ApiTokensSection />
      </section>
      <NotificationPreferencesSection />
    </section>
  );
}

import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { ContactPoint, InformationSystem, Page } from '../../api/types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { CriticalBadge, LevelBadge } from '../../components/badges.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { TableHead } from '../../components/table-head.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useT } from '../../i18n/use-t.ts';
import { ContactCards } from '../contacts/contact-cards.tsx';

const LIMIT = 50;

/** The agency's own systems (not its sub-agencies'), with a link to the full filtered list. */
export function AgencySystemsSection({ agencyId }: { agencyId: string }) {
  const t = useT();
  const user = useUser();
  const { data, error, loading } = useAsync(
    (signal) => api.get<Page<InformationSystem>>('/systems', { agencyId, includeSubAgencies: false, pageSize: LIMIT, sort: 'name' }, signal),
    agencyId,
  );
  return (
    <>
      <SectionTitle
        title={t('nav.systems')}
        actions={
          <>
            <Link className="btn btn--small" to={`/systems?agencyId=${agencyId}`}>
              {t('agency.allSystems')}
            </Link>
            {can.editRegistry(user.role) && (
              <Link className="btn btn--small" to={`/systems/new?ownerAgencyId=${agencyId}`}>
                + {t('system.create')}
              </Link>
            )}
          </>
        }
      />
      <div className="card card--flush">
        <ErrorBanner error={error} />
        {loading && !data ? (
          <Loading />
        ) : data && data.items.length > 0 ? (
          <table className="table table--cards" data-testid="agency-systems">
            <TableHead columns={[t('system.name'), t('system.level'), t('system.critical')]} />
            <tbody>
              {data.items.map((s) => (
                <tr key={s.id}>
                  <td data-label={t('system.name')}>
                    <Link to={`/systems/${s.id}`}>{s.name}</Link>
                  </td>
                  <td data-label={t('system.level')}>
                    <LevelBadge level={s.securityLevel} />
                  </td>
                  <td data-label={t('system.critical')}>
                    <CriticalBadge critical={s.criticalNational} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted pad">{t('system.none')}</p>
        )}
        {data && data.total > data.items.length && <p className="muted pad">{t('common.showingFirst', { n: data.items.length, total: data.total })}</p>}
      </div>
    </>
  );
}

export function AgencyContactsSection({ agencyId }: { agencyId: string }) {
  const t = useT();
  const { data, error, loading } = useAsync(
    (signal) => api.get<Page<ContactPoint>>('/contacts', { agencyId, pageSize: LIMIT, sort: 'name' }, signal),
    agencyId,
  );
  return (
    <>
      <SectionTitle
        title={t('nav.contacts')}
        actions={
          <Link className="btn btn--small" to={`/contacts?agencyId=${agencyId}`}>
            {t('agency.allContacts')}
          </Link>
        }
      />
      <ErrorBanner error={error} />
      {loading && !data ? <Loading /> : data && data.items.length > 0 ? <ContactCards contacts={data.items} /> : <div className="card"><p className="muted">{t('contact.none')}</p></div>}
    </>
  );
}

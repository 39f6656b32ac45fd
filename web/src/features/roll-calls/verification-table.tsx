import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { AgencyVerification } from '../../api/alert-types.ts';
import { ListCard } from '../../components/list-card.tsx';
import { useI18n } from '../../i18n/use-t.ts';
import { daysSince, formatDate } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';

/** Per agency: how many contact points, how many ever answered, and when the last one did; never verified stands out. */
export function VerificationTable({ version }: { version: string }) {
  const { t } = useI18n();
  const { data, error, loading } = useAsync((signal) => api.get<{ items: AgencyVerification[] }>('/roll-calls/verification', undefined, signal), `rc-verification:${version}`);
  const items = data?.items;
  return (
    <ListCard
      data={items && { items, total: items.length, pageSize: items.length }}
      loading={loading}
      error={error}
      empty={t('rc.verify.none')}
      testId="verification-table"
      columns={[t('rc.verify.agency'), t('rc.verify.contacts'), t('rc.verify.verified'), t('rc.verify.last')]}
      row={(a) => {
        const never = !a.lastVerifiedAt;
        const days = daysSince(a.lastVerifiedAt);
        return (
          <tr key={a.id} data-testid="verification-row" data-agency={a.name} className={never && a.contacts > 0 ? 'row--failed' : undefined}>
            <td className="cell-title">
              <Link to={`/agencies/${a.id}`}>{a.name}</Link>
            </td>
            <td data-label={t('rc.verify.contacts')}>{a.contacts}</td>
            <td data-label={t('rc.verify.verified')}>
              <span className={a.contacts > 0 && a.verifiedContacts < a.contacts ? 'text-danger' : undefined}>
                {a.verifiedContacts}/{a.contacts}
              </span>
            </td>
            <td data-label={t('rc.verify.last')} data-testid="verification-last">
              {never ? (
                a.contacts === 0 ? (
                <span className="badge badge--warn">{t('rc.verify.noContacts')}</span>
              ) : (
                <span className="badge badge--danger">{t('rc.verify.never')}</span>
              )
              ) : (
                <>
                  {formatDate(a.lastVerifiedAt)}
                  {days !== null && <span className="cell-sub">{days === 0 ? t('rc.verify.today') : t('rc.verify.daysAgo', { n: days })}</span>}
                </>
              )}
            </td>
          </tr>
        );
      }}
    />
  );
}

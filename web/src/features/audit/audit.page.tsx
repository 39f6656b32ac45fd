import { api } from '../../api/api-client.ts';
import type { AuditEntry, Page, User } from '../../api/types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { DateField } from '../../components/date-field.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SelectField } from '../../components/form-fields.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { SearchBox } from '../../components/search-box.tsx';
import { Empty, Loading } from '../../components/status.tsx';
import { vnDayStart } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useSearchState } from '../../lib/use-search-state.ts';
import { useT } from '../../i18n/use-t.ts';
import { AuditRow } from './audit-row.tsx';
import { AuditVerify } from './audit-verify.tsx';

const PAGE_SIZE = 50;
const KEYS = ['entityType', 'action', 'actorId', 'from', 'to', 'q'] as const;
const ENTITY_TYPES = ['agency', 'system', 'contact', 'user', 'api_token', 'import'];
// Known actions for suggestions; the field accepts any text because the list grows with the server.
const ACTIONS = [
  'auth.login', 'auth.lockout', 'agency.create', 'agency.update', 'agency.delete', 'system.create', 'system.update', 'system.delete',
  'contact.create', 'contact.update', 'contact.delete', 'contact.verify', 'user.create', 'user.update', 'user.password_reset',
  'user.password_change', 'user.totp_enable', 'user.totp_disable', 'token.create', 'token.revoke',
];

export function AuditPage() {
  const t = useT();
  const me = useUser();
  const { values, page, set } = useSearchState(KEYS);
  // Dates are picked as Vietnamese calendar days; "to" includes the whole day.
  const query = {
    entityType: values.entityType,
    action: values.action,
    actorId: values.actorId,
    q: values.q,
    from: values.from ? vnDayStart(values.from) : undefined,
    to: values.to ? vnDayStart(values.to, 1) : undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const { data, error, loading } = useAsync((signal) => api.get<Page<AuditEntry>>('/audit', query, signal), JSON.stringify(query));
  const actors = useAsync((signal) => api.get<Page<User>>('/users', { pageSize: 500, sort: 'username' }, signal), 'actors');

  return (
    <section>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      {can.verifyAudit(me.role) && <AuditVerify />}
      <div className="filters">
        <SearchBox value={values.q} onSearch={(q) => set({ q })} label={t('common.search')} placeholder={t('audit.searchPlaceholder')} />
        <SelectField
          label={t('audit.entityType')}
          value={values.entityType}
          onValue={(entityType) => set({ entityType })}
          emptyLabel={t('common.all')}
          options={ENTITY_TYPES.map((e) => ({ value: e, label: e }))}
        />
        <SearchBox label={t('audit.action')} value={values.action} onSearch={(action) => set({ action })} list="audit-actions" wide={false} />
        <datalist id="audit-actions">
          {ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <SelectField
          label={t('audit.actor')}
          value={values.actorId}
          onValue={(actorId) => set({ actorId })}
          emptyLabel={t('common.all')}
          options={(actors.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.username} (${u.displayName})` }))}
        />
        <DateField label={t('audit.from')} value={values.from} onValue={(from) => set({ from })} />
        <DateField label={t('audit.to')} value={values.to} onValue={(to) => set({ to })} />
      </div>
      <ErrorBanner error={error} />
      <div className="card card--flush">
        {loading && !data ? (
          <Loading />
        ) : !data || data.items.length === 0 ? (
          <Empty />
        ) : (
          <table className="table table--cards" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.seq')}</th>
                <th scope="col">{t('audit.time')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.entity')}</th>
                <th scope="col">{t('audit.summary')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((e) => (
                <AuditRow key={e.seq} entry={e} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      {data && data.total > 0 && <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} onPage={(p) => set({ page: p })} />}
    </section>
  );
}

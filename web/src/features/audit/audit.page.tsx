import { api } from '../../api/api-client.ts';
import type { AuditEntry, Page, User } from '../../api/types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { DateField } from '../../components/date-field.tsx';
import { FilterSelect } from '../../components/filter-select.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SearchBox } from '../../components/search-box.tsx';
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
        <FilterSelect
          label={t('audit.entityType')}
          value={values.entityType}
          onValue={(entityType) => set({ entityType })}
          options={ENTITY_TYPES.map((e) => ({ value: e, label: e }))}
        />
        <SearchBox label={t('audit.action')} value={values.action} onSearch={(action) => set({ action })} list="audit-actions" wide={false} />
        <datalist id="audit-actions">
          {ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <FilterSelect
          label={t('audit.actor')}
          value={values.actorId}
          onValue={(actorId) => set({ actorId })}
          options={(actors.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.username} (${u.displayName})` }))}
        />
        <DateField label={t('audit.from')} value={values.from} onValue={(from) => set({ from })} />
        <DateField label={t('audit.to')} value={values.to} onValue={(to) => set({ to })} />
      </div>
      <ListCard
        data={data}
        loading={loading}
        error={error}
        testId="audit-table"
        columns={[t('audit.seq'), t('audit.time'), t('audit.actor'), t('audit.action'), t('audit.entity'), t('audit.summary')]}
        row={(e) => <AuditRow key={e.seq} entry={e} />}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => set({ page: p })}
      />
    </section>
  );
}

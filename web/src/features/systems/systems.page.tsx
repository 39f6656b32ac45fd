import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { SECURITY_LEVELS, type InformationSystem, type Page } from '../../api/types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { CriticalBadge, LevelBadge, Tags } from '../../components/badges.tsx';
import { ExportLink } from '../../components/export-link.tsx';
import { FilterSelect } from '../../components/filter-select.tsx';
import { CheckboxField } from '../../components/form-fields.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SearchBox } from '../../components/search-box.tsx';
import { SortHeader } from '../../components/sort-header.tsx';
import { safeHref } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useSearchState } from '../../lib/use-search-state.ts';
import { useT } from '../../i18n/use-t.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';

const PAGE_SIZE = 25;
const KEYS = ['q', 'agencyId', 'direct', 'securityLevel', 'criticalNational', 'tag', 'sort', 'order'] as const;

export function SystemsPage() {
  const t = useT();
  const user = useUser();
  const { values, page, set } = useSearchState(KEYS);
  const sort = values.sort || 'name';
  const order = values.order || 'asc';
  const query = {
    q: values.q,
    agencyId: values.agencyId,
    includeSubAgencies: values.agencyId ? values.direct !== '1' : undefined,
    securityLevel: values.securityLevel,
    criticalNational: values.criticalNational,
    tag: values.tag,
    sort,
    order,
    page,
    pageSize: PAGE_SIZE,
  };
  const { data, error, loading } = useAsync((signal) => api.get<Page<InformationSystem>>('/systems', query, signal), JSON.stringify(query));
  const onSort = (field: string, o: 'asc' | 'desc') => set({ sort: field, order: o });
  const filtered = KEYS.some((k) => k !== 'sort' && k !== 'order' && values[k]);

  return (
    <section>
      <PageHeader
        title={t('system.title')}
        subtitle={data ? t('system.count', { n: data.total }) : undefined}
        actions={
          <>
            <ExportLink path="/export/systems" />
            {can.editRegistry(user.role) && (
              <Link className="btn btn--primary" to="/systems/new" data-testid="system-create">
                + {t('system.create')}
              </Link>
            )}
          </>
        }
      />
      <div className="filters">
        <SearchBox value={values.q} onSearch={(q) => set({ q })} label={t('common.search')} placeholder={t('system.searchPlaceholder')} testId="system-search" />
        <div className="filters__group">
          <AgencySelect label={t('system.owner')} value={values.agencyId} onValue={(agencyId) => set({ agencyId })} emptyLabel={t('common.all')} testId="system-filter-agency" />
          {values.agencyId && <CheckboxField label={t('system.directOnly')} checked={values.direct === '1'} onChecked={(v) => set({ direct: v ? '1' : '' })} />}
        </div>
        <FilterSelect
          label={t('system.level')}
          value={values.securityLevel}
          onValue={(securityLevel) => set({ securityLevel })}
          options={SECURITY_LEVELS.map((l) => ({ value: String(l), label: t('system.levelTitle', { level: l }) }))}
          testId="system-filter-level"
        />
        <FilterSelect
          label={t('system.critical')}
          value={values.criticalNational}
          onValue={(criticalNational) => set({ criticalNational })}
          options={[
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ]}
        />
        <SearchBox label={t('system.tag')} value={values.tag} onSearch={(tag) => set({ tag })} wide={false} />
        {filtered && (
          <button type="button" className="btn btn--ghost filters__clear" onClick={() => set({ q: '', agencyId: '', direct: '', securityLevel: '', criticalNational: '', tag: '' })}>
            {t('common.clearFilters')}
          </button>
        )}
      </div>
      <ListCard
        data={data}
        loading={loading}
        error={error}
        empty={filtered ? t('common.noMatches') : t('system.none')}
        testId="systems-table"
        columns={[
          <SortHeader label={t('system.name')} field="name" sort={sort} order={order} onSort={onSort} />,
          t('system.owner'),
          <SortHeader label={t('system.level')} field="securityLevel" sort={sort} order={order} onSort={onSort} />,
          t('system.critical'),
          t('system.url'),
          t('system.tags'),
        ]}
        row={(s) => (
          <tr key={s.id} data-testid="system-row">
            <td data-label={t('system.name')} className="cell-title">
              <Link to={`/systems/${s.id}`}>{s.name}</Link>
            </td>
            <td data-label={t('system.owner')}>
              <Link to={`/agencies/${s.ownerAgencyId}`} className="link-quiet">
                {s.ownerAgencyName}
              </Link>
            </td>
            <td data-label={t('system.level')}>
              <LevelBadge level={s.securityLevel} />
            </td>
            <td data-label={t('system.critical')}>
              <CriticalBadge critical={s.criticalNational} />
            </td>
            <td data-label={t('system.url')} className="cell-url">
              <FirstUrl urls={s.urls} />
            </td>
            <td data-label={t('system.tags')}>
              <Tags tags={s.tags} />
            </td>
          </tr>
        )}
        dimWhileLoading
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => set({ page: p })}
      />
    </section>
  );
}

function FirstUrl({ urls }: { urls: readonly string[] }) {
  const t = useT();
  const first = urls[0];
  if (!first) return <span className="muted">—</span>;
  const href = safeHref(first);
  return (
    <>
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
          {first}
        </a>
      ) : (
        first
      )}
      {urls.length > 1 && <span className="muted small"> {t('system.moreUrls', { n: urls.length - 1 })}</span>}
    </>
  );
}

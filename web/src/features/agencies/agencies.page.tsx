import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { Agency, AgencyInput } from '../../api/types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { ExportLink } from '../../components/export-link.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Empty, Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { AgencyForm } from './agency-form.tsx';
import { useAgencyTree } from './agency-tree-context.tsx';
import { flatten, matchWithAncestors } from './agency-tree.ts';
import { AgencyTreeView } from './agency-tree-view.tsx';

export function AgenciesPage() {
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const { agencies, roots, loading, error, reload } = useAgencyTree();
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  // Start with the top two levels open: a province and its departments fit on one screen.
  const [expanded, setExpanded] = useState<Set<string> | null>(null);
  const openIds = useMemo(
    () => expanded ?? new Set(flatten(roots).filter((n) => n.level < 1).map((n) => n.agency.id)),
    [expanded, roots],
  );
  const visible = useMemo(() => matchWithAncestors(agencies, query), [agencies, query]);

  const toggle = (id: string) => {
    const next = new Set(openIds);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  };
  const setAll = (open: boolean) => setExpanded(open ? new Set(agencies.map((a) => a.id)) : new Set());

  const create = async (input: Partial<AgencyInput>) => {
    const created = await api.post<Agency>('/agencies', input);
    setCreating(false);
    reload();
    navigate(`/agencies/${created.id}`);
  };

  const editable = can.editAgencies(user.role);
  return (
    <section>
      <PageHeader
        title={t('agency.title')}
        subtitle={t('agency.count', { n: agencies.length })}
        actions={
          <>
            <ExportLink path="/export/agencies" />
            {editable && (
              <button type="button" className="btn btn--primary" onClick={() => setCreating(true)} data-testid="agency-create">
                + {t('agency.create')}
              </button>
            )}
          </>
        }
      />
      <div className="toolbar">
        <div className="field toolbar__search">
          <label htmlFor="agency-search">{t('common.search')}</label>
          <input
            id="agency-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('agency.searchPlaceholder')}
            data-testid="agency-search"
          />
        </div>
        <div className="toolbar__buttons">
          <button type="button" className="btn btn--small" onClick={() => setAll(true)} disabled={query !== ''}>
            {t('agency.expandAll')}
          </button>
          <button type="button" className="btn btn--small" onClick={() => setAll(false)} disabled={query !== ''}>
            {t('agency.collapseAll')}
          </button>
        </div>
      </div>
      <ErrorBanner error={error} />
      <div className="card">
        {loading && agencies.length === 0 ? (
          <Loading />
        ) : agencies.length === 0 ? (
          <Empty text={t('agency.none')} />
        ) : visible && visible.size === 0 ? (
          <Empty text={t('common.noMatches')} />
        ) : (
          <AgencyTreeView roots={roots} expanded={openIds} onToggle={toggle} visible={visible} />
        )}
      </div>
      {creating && (
        <Dialog title={t('agency.create')} onClose={() => setCreating(false)} wide>
          <AgencyForm allowRoot={can.seeWholeTree(user.role)} defaultParentId={can.seeWholeTree(user.role) ? '' : (roots[0]?.agency.id ?? '')} submitLabel={t('common.create')} onSubmit={create} onCancel={() => setCreating(false)} />
        </Dialog>
      )}
    </section>
  );
}

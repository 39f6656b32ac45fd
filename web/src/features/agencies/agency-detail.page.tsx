import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { Agency, AgencyInput } from '../../api/types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { AgencyForm } from './agency-form.tsx';
import { AgencyContactsSection, AgencySystemsSection } from './agency-related.tsx';
import { useAgencyTree } from './agency-tree-context.tsx';
import { findNode } from './agency-tree.ts';

export function AgencyDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const tree = useAgencyTree();
  const { data: agency, error, loading, reload } = useAsync((signal) => api.get<Agency>(`/agencies/${id}`, undefined, signal), id);
  const [editing, setEditing] = useState(false);
  const [addingChild, setAddingChild] = useState(false);
  const [deleting, setDeleting] = useState(false);

  if (loading && !agency) return <Loading />;
  if (error || !agency) return <ErrorBanner error={error} />;

  const node = findNode(tree.roots, agency.id);
  const ancestors: Agency[] = [];
  for (let p = agency.parentId ? tree.byId.get(agency.parentId) : undefined; p; p = p.parentId ? tree.byId.get(p.parentId) : undefined) ancestors.unshift(p);
  const editable = can.editAgencies(user.role);
  const allowRoot = can.seeWholeTree(user.role);
  const isOwnRoot = user.agencyId === agency.id && !allowRoot;

  const save = async (input: Partial<AgencyInput>) => {
    await api.patch<Agency>(`/agencies/${agency.id}`, input);
    setEditing(false);
    reload();
    tree.reload();
  };
  const createChild = async (input: Partial<AgencyInput>) => {
    const created = await api.post<Agency>('/agencies', input);
    setAddingChild(false);
    tree.reload();
    navigate(`/agencies/${created.id}`);
  };
  const remove = async () => {
    await api.del(`/agencies/${agency.id}`);
    tree.reload();
    navigate('/agencies');
  };

  return (
    <section data-testid="agency-detail">
      <Breadcrumb trail={[{ to: '/agencies', label: t('agency.title') }, ...ancestors.map((a) => ({ to: `/agencies/${a.id}`, label: a.name }))]} />
      <PageHeader
        title={agency.name}
        subtitle={
          <>
            <code>{agency.code}</code> · {t(`kind.${agency.kind}` as MessageKey)}
          </>
        }
        actions={
          editable && (
            <>
              <button type="button" className="btn" onClick={() => setAddingChild(true)} data-testid="agency-add-child">
                + {t('agency.addChild')}
              </button>
              <button type="button" className="btn" onClick={() => setEditing(true)} data-testid="agency-edit">
                {t('common.edit')}
              </button>
              {!isOwnRoot && (
                <button type="button" className="btn btn--danger" onClick={() => setDeleting(true)} data-testid="agency-delete">
                  {t('common.delete')}
                </button>
              )}
            </>
          )
        }
      />
      <div className="card">
        {editing ? (
          <AgencyForm initial={agency} allowRoot={allowRoot} submitLabel={t('common.save')} onSubmit={save} onCancel={() => setEditing(false)} />
        ) : (
          <dl className="details">
            <dt>{t('agency.parent')}</dt>
            <dd>{ancestors.length ? <Link to={`/agencies/${ancestors[ancestors.length - 1]!.id}`}>{ancestors[ancestors.length - 1]!.name}</Link> : '—'}</dd>
            <dt>{t('agency.address')}</dt>
            <dd>{agency.address || '—'}</dd>
            <dt>{t('agency.intakeEmail')}</dt>
            <dd>{agency.intakeEmail ? <a href={`mailto:${agency.intakeEmail}`}>{agency.intakeEmail}</a> : '—'}</dd>
            <dt>{t('agency.intakePhone')}</dt>
            <dd>{agency.intakePhone ? <a href={`tel:${agency.intakePhone.replace(/[^0-9+]/g, '')}`}>{agency.intakePhone}</a> : '—'}</dd>
            <dt>{t('common.updatedAt')}</dt>
            <dd>{formatDateTime(agency.updatedAt)}</dd>
          </dl>
        )}
      </div>

      <SectionTitle title={t('agency.children')} />
      <div className="card">
        {node && node.children.length > 0 ? (
          <ul className="link-list" data-testid="agency-children">
            {node.children.map((c) => (
              <li key={c.agency.id}>
                <Link to={`/agencies/${c.agency.id}`}>{c.agency.name}</Link> <code>{c.agency.code}</code>{' '}
                <span className="muted">{t(`kind.${c.agency.kind}` as MessageKey)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('agency.noChildren')}</p>
        )}
      </div>

      <AgencySystemsSection agencyId={agency.id} />
      <AgencyContactsSection agencyId={agency.id} />

      {addingChild && (
        <Dialog title={t('agency.addChild')} onClose={() => setAddingChild(false)} wide>
          <AgencyForm allowRoot={allowRoot} defaultParentId={agency.id} submitLabel={t('common.create')} onSubmit={createChild} onCancel={() => setAddingChild(false)} />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('agency.deleteTitle')}
          message={t('agency.deleteConfirm', { name: agency.name })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={remove}
          onClose={() => setDeleting(false)}
        />
      )}
    </section>
  );
}

import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { InformationSystem, SystemInput } from '../../api/types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { CriticalBadge, LevelBadge } from '../../components/badges.tsx';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Loading } from '../../components/status.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useT } from '../../i18n/use-t.ts';
import { SystemForm } from './system-form.tsx';
import { SystemView } from './system-view.tsx';
import { SystemVulnsSection } from '../vulns/system-vulns-section.tsx';

export function SystemDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const { data: system, error, loading, reload } = useAsync((signal) => api.get<InformationSystem>(`/systems/${id}`, undefined, signal), id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);

  if (loading && !system) return <Loading />;
  if (error || !system) return <ErrorBanner error={error} />;
  const editable = can.editRegistry(user.role);

  const save = async (input: SystemInput) => {
    await api.patch(`/systems/${system.id}`, input);
    setEditing(false);
    reload();
  };
  const remove = async () => {
    await api.del(`/systems/${system.id}`);
    navigate('/systems');
  };

  return (
    <section data-testid="system-detail">
      <Breadcrumb
        trail={[
          { to: '/systems', label: t('system.title') },
          { to: `/agencies/${system.ownerAgencyId}`, label: system.ownerAgencyName },
        ]}
      />
      <PageHeader
        title={system.name}
        subtitle={
          <>
            <LevelBadge level={system.securityLevel} /> {system.criticalNational && <CriticalBadge critical />}
            {system.internal && (
              <span className="badge badge--info" title={t('system.internalTitle')} data-testid="system-internal-badge">
                {t('system.internal')}
              </span>
            )}
          </>
        }
        actions={
          !editing && (
            <>
              <Link className="btn" to={`/monitors?systemId=${system.id}`} data-testid="system-monitors">
                {t('system.monitors')}
              </Link>
              {editable && (
                <>
                  <button type="button" className="btn" onClick={() => setEditing(true)} data-testid="system-edit">
                    {t('common.edit')}
                  </button>
                  <button type="button" className="btn btn--danger" onClick={() => setDeleting(true)} data-testid="system-delete">
                    {t('common.delete')}
                  </button>
                </>
              )}
            </>
          )
        }
      />
      <div className="card">
        {editing ? (
          <SystemForm initial={system} submitLabel={t('common.save')} onSubmit={save} onCancel={() => setEditing(false)} />
        ) : (
          <SystemView system={system} />
        )}
      </div>
      {!editing && <SystemVulnsSection systemId={system.id} />}
      {deleting && (
        <ConfirmDialog
          title={t('system.deleteTitle')}
          message={t('system.deleteConfirm', { name: system.name })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={remove}
          onClose={() => setDeleting(false)}
        />
      )}
    </section>
  );
}

import { useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { InformationSystem, SystemInput } from '../../api/types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useT } from '../../i18n/use-t.ts';
import { SystemForm } from './system-form.tsx';

export function SystemCreatePage() {
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const create = async (input: SystemInput) => {
    const created = await api.post<InformationSystem>('/systems', input);
    navigate(`/systems/${created.id}`, { replace: true });
  };
  return (
    <section>
      <PageHeader title={t('system.create')} />
      <div className="card">
        <SystemForm defaultOwnerId={params.get('ownerAgencyId') ?? user.agencyId ?? ''} submitLabel={t('common.create')} onSubmit={create} onCancel={() => navigate(-1)} />
      </div>
    </section>
  );
}

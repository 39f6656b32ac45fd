import { api } from '../../api/api-client.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useT } from '../../i18n/use-t.ts';
import { usePolled } from '../alerts/use-polled.ts';
import { AgencyBoardTable } from './warning-agency-board.tsx';
import type { WarningBoardRow } from './warning-types.ts';
import './warnings.css';

/** Per agency across every sent warning: who is behind, who has not even acknowledged. */
export function WarningBoardPage() {
  const t = useT();
  const { data, error, loading } = usePolled((signal) => api.get<{ items: WarningBoardRow[] }>('/warning-board', undefined, signal), 'warning-board', 30_000, true);
  return (
    <section data-testid="warning-board-page">
      <Breadcrumb trail={[{ to: '/warnings', label: t('warn.title') }]} />
      <PageHeader title={t('warn.board.title')} subtitle={t('warn.board.subtitle')} />
      <AgencyBoardTable rows={data?.items} loading={loading} error={error} empty={t('warn.board.none')} showWarnings testId="warning-board" />
    </section>
  );
}

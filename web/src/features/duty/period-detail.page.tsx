import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAgencyTree } from '../agencies/agency-tree-context.tsx';
import { CalendarLinkButton } from './calendar-link-button.tsx';
import { CoveragePanel } from './coverage-panel.tsx';
import type { AlertPeriod, AlertPeriodInput, DutyPerson, DutyRoster, DutyRosterInput } from './duty-types.ts';
import { localToVn } from './duty-time.ts';
import { OnDutyPanel } from './on-duty-panel.tsx';
import { PeriodForm } from './period-form.tsx';
import { PeriodStatus } from './period-status.tsx';
import { RosterForm } from './roster-form.tsx';
import './duty.css';

/** One alert period: who is on duty now, the coverage check, and its rosters. */
export function PeriodDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const { byId } = useAgencyTree();
  const { data, error, loading, reload } = useAsync((signal) => api.get<{ period: AlertPeriod; rosters: DutyRoster[] }>(`/duty/periods/${id}`, undefined, signal), `period:${id}`);
  const people = useAsync((signal) => api.get<{ items: DutyPerson[] }>('/duty/people', undefined, signal), 'duty-people:all');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState(false);
  const editable = can.editRegistry(user.role);

  if (!data) return loading ? <Loading /> : <ErrorBanner error={error} />;
  const { period, rosters } = data;
  const mayEditPeriod = editable && (period.agencyId !== null || can.seeWholeTree(user.role));
  // Any change to the rosters reruns the coverage check and the on-duty list.
  const version = rosters.map((r) => r.updatedAt).join('|');

  const createRoster = async (input: DutyRosterInput) => {
    const r = await api.post<DutyRoster>(`/duty/periods/${period.id}/rosters`, input);
    setCreating(false);
    navigate(`/duty/rosters/${r.id}`);
  };
  const savePeriod = async (input: AlertPeriodInput) => {
    await api.patch(`/duty/periods/${period.id}`, input);
    setEditing(false);
    reload();
  };

  return (
    <section data-testid="period-detail">
      <Breadcrumb trail={[{ to: '/duty', label: t('duty.periods.title') }]} />
      <PageHeader
        title={period.name}
        subtitle={
          <>
            <span className="nowrap">{localToVn(period.start)}</span> – <span className="nowrap">{localToVn(period.end)}</span>
            <span className="muted">({period.timeZone})</span> · {period.agencyId ? (byId.get(period.agencyId)?.name ?? '') : t('duty.period.scope.province')} <PeriodStatus period={period} />
          </>
        }
        actions={
          <>
            <Link className="btn" to={`/duty/periods/${period.id}/report`} data-testid="period-report-link">
              {t('duty.report.link')}
            </Link>
            {mayEditPeriod && (
              <button type="button" className="btn" onClick={() => setEditing(true)} data-testid="period-edit">
                {t('common.edit')}
              </button>
            )}
          </>
        }
      />
      <div className="duty-grid">
        <OnDutyPanel period={period} version={version} />
        <CoveragePanel periodId={period.id} rosters={rosters} people={people.data?.items ?? []} version={version} />
      </div>

      <SectionTitle
        title={t('duty.rosters.title')}
        actions={
          editable && (
            <button type="button" className="btn btn--primary btn--small" onClick={() => setCreating(true)} data-testid="roster-create">
              + {t('duty.rosters.create')}
            </button>
          )
        }
      />
      <ListCard
        data={{ items: rosters, total: rosters.length, pageSize: rosters.length }}
        loading={false}
        error={undefined}
        empty={t('duty.rosters.none')}
        testId="rosters-table"
        columns={[t('duty.roster.name'), t('duty.roster.agency'), t('duty.roster.members'), t('duty.roster.rotation')]}
        actions
        row={(r) => (
          <tr key={r.id} data-testid="roster-row">
            <td className="cell-title">
              <Link to={`/duty/rosters/${r.id}`}>{r.name}</Link>
            </td>
            <td data-label={t('duty.roster.agency')}>{r.agencyName}</td>
            <td data-label={t('duty.roster.members')}>{t('duty.roster.membersCount', { n: r.members.length })}</td>
            <td data-label={t('duty.roster.rotation')}>{t('duty.roster.rotationText', { h: r.rotation.shiftHours, time: r.rotation.handoverTime })}</td>
            <td className="cell-actions">
              <CalendarLinkButton path={`/duty/rosters/${r.id}/calendar-link`} label={t('duty.calendar.link')} testId="roster-calendar-link" />
            </td>
          </tr>
        )}
      />

      {creating && (
        <Dialog title={t('duty.rosters.create')} onClose={() => setCreating(false)} wide testId="roster-dialog">
          <RosterForm period={period} onSubmit={createRoster} onCancel={() => setCreating(false)} />
        </Dialog>
      )}
      {editing && (
        <Dialog title={t('duty.periods.edit')} onClose={() => setEditing(false)} wide testId="period-dialog">
          <PeriodForm period={period} onSubmit={savePeriod} onCancel={() => setEditing(false)} />
        </Dialog>
      )}
    </section>
  );
}

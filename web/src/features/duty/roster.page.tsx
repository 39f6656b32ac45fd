import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { CalendarLinkButton } from './calendar-link-button.tsx';
import type { DutyPerson, DutyRosterInput, Schedule } from './duty-types.ts';
import { HandoverNotes } from './handover-notes.tsx';
import { RosterForm } from './roster-form.tsx';
import { RosterSchedule } from './roster-schedule.tsx';
import './duty.css';

/** One roster: its shifts day by day, the hand-over notes, and the builder to change it. */
export function RosterPage() {
  const { id = '' } = useParams();
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useAsync((signal) => api.get<Schedule>(`/duty/rosters/${id}/schedule`, undefined, signal), `roster:${id}`);
  const people = useAsync((signal) => api.get<{ items: DutyPerson[] }>('/duty/people', undefined, signal), 'duty-people:all');
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const editable = can.editRegistry(user.role);

  if (!data) return loading ? <Loading /> : <ErrorBanner error={error} />;
  const { period, shifts, handoverNotes } = data;
  const roster = data.rosters[0]!;

  const save = async (input: DutyRosterInput) => {
    await api.patch(`/duty/rosters/${roster.id}`, input);
    setEditing(false);
    reload();
  };
  const remove = async () => {
    await api.del(`/duty/rosters/${roster.id}`);
    navigate(`/duty/periods/${period.id}`);
  };

  return (
    <section data-testid="roster-page">
      <Breadcrumb trail={[{ to: '/duty', label: t('duty.periods.title') }, { to: `/duty/periods/${period.id}`, label: period.name }]} />
      <PageHeader
        title={roster.name}
        subtitle={`${roster.agencyName} · ${t('duty.roster.rotationText', { h: roster.rotation.shiftHours, time: roster.rotation.handoverTime })} · ${t('duty.roster.membersCount', { n: roster.members.length })}`}
        actions={
          <>
            <CalendarLinkButton path={`/duty/rosters/${roster.id}/calendar-link`} label={t('duty.calendar.link')} testId="roster-calendar-link" />
            {editable && (
              <>
                <button type="button" className="btn btn--small" onClick={() => setEditing(true)} data-testid="roster-edit">
                  {t('common.edit')}
                </button>
                <button type="button" className="btn btn--small btn--danger" onClick={() => setDeleting(true)} data-testid="roster-delete">
                  {t('common.delete')}
                </button>
              </>
            )}
          </>
        }
      />
      <div className="duty-grid">
        <div className="card pad">
          <SectionTitle title={t('duty.schedule.title')} />
          <RosterSchedule shifts={shifts} timeZone={roster.timeZone} />
        </div>
        <div className="card pad">
          <SectionTitle title={t('duty.handover.title')} />
          <HandoverNotes rosterId={roster.id} notes={handoverNotes} shifts={shifts} people={people.data?.items ?? []} timeZone={roster.timeZone} editable={editable} onAdded={reload} />
        </div>
      </div>
      {editing && (
        <Dialog title={t('duty.roster.edit')} onClose={() => setEditing(false)} wide testId="roster-dialog">
          <RosterForm period={period} roster={roster} shifts={shifts} onSubmit={save} onCancel={() => setEditing(false)} />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('duty.roster.deleteTitle')}
          message={t('duty.roster.deleteConfirm', { name: roster.name })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={remove}
          onClose={() => setDeleting(false)}
        />
      )}
    </section>
  );
}

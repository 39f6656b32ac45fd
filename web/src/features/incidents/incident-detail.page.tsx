import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, apiUrl } from '../../api/api-client.ts';
import type { IncidentDetail } from '../../api/incident-types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { usePolled } from '../alerts/use-polled.ts';
import { IncidentClassificationPanel } from './incident-classification-panel.tsx';
import { IncidentDeadlines } from './incident-deadlines.tsx';
import { IncidentDetails } from './incident-details.tsx';
import { PdfLink } from './incident-pdf-link.tsx';
import { IncidentEvidenceSection } from './incident-evidence-section.tsx';
import { canCoordinateIncidents, canWorkIncidents, ConfidentialBadge, IncidentStatusBadge, PriorityBadge, SeriousBadge, TlpBadge, typeLabel } from './incident-labels.tsx';
import { IncidentTasks } from './incident-tasks.tsx';
import { IncidentComment, IncidentTimeline } from './incident-timeline.tsx';
import { IncidentWorkflowActions } from './incident-workflow-actions.tsx';
import '../alerts/alerts.css';
import './incidents.css';

/**
 * One incident: where it stands (status, phase, deadlines), what was reported (Mẫu 03), the
 * coordinating unit's classification, the response tasks, the workflow buttons and the
 * timeline. Follows the server every 10 s; an action's answer is shown at once.
 */
export function IncidentDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const user = useUser();
  const [fresh, setFresh] = useState<IncidentDetail | null>(null);
  const { data: polled, error, loading, reload } = usePolled((signal) => api.get<IncidentDetail>(`/incidents/${id}`, undefined, signal), `incident:${id}`, 10_000, true);
  // An action's answer is newer than the last poll until a poll that has seen it arrives.
  const version = (x: IncidentDetail) => x.events.at(-1)?.id ?? 0;
  const d = fresh && fresh.incident.id === id && (!polled || polled.incident.id !== id || version(fresh) > version(polled)) ? fresh : polled;
  if (loading && !d) return <Loading />;
  if (!d || d.incident.id !== id) return error ? <ErrorBanner error={error} /> : <Loading />;
  const i = d.incident;
  const onDone = (next: IncidentDetail) => {
    setFresh(next);
    reload();
  };
  const coordinator = canCoordinateIncidents(user.role);
  const works = canWorkIncidents(user.role);
  return (
    <section data-testid="incident-detail" data-status={i.status} data-phase={i.phase ?? ''}>
      <Breadcrumb trail={[{ to: '/incidents', label: t('inc.title') }]} />
      <PageHeader
        title={`${i.number} · ${i.title}`}
        subtitle={
          <span className="tags" data-testid="incident-badges">
            <IncidentStatusBadge incident={i} />
            <span className="badge badge--muted" data-testid="incident-type">
              {typeLabel(t, i.type)}
            </span>
            <SeriousBadge serious={i.serious} />
            <PriorityBadge priority={i.priority} />
            <TlpBadge tlp={i.tlp} />
            <ConfidentialBadge confidential={i.confidential} />
          </span>
        }
        actions={
          <span className="inc-docs" role="group" aria-label={t('inc.docs.title')}>
            <a className="btn btn--small" href={apiUrl(`/incidents/${i.id}/documents/mau03.docx`)} download data-testid="incident-doc-mau03">
              {t('inc.docs.mau03')}
            </a>
            <PdfLink path={`/incidents/${i.id}/documents/mau03.pdf`} label={t('inc.docs.mau03pdf')} testId="incident-doc-mau03-pdf" />
            {i.form04 && (
              <>
                <a className="btn btn--small" href={apiUrl(`/incidents/${i.id}/documents/mau04.docx`)} download data-testid="incident-doc-mau04">
                  {t('inc.docs.mau04')}
                </a>
                <PdfLink path={`/incidents/${i.id}/documents/mau04.pdf`} label={t('inc.docs.mau04pdf')} testId="incident-doc-mau04-pdf" />
              </>
            )}
          </span>
        }
      />
      {works && <IncidentWorkflowActions detail={d} onDone={onDone} />}

      <div className="inc-grid">
        <div className="inc-grid__main">
          <IncidentDetails detail={d} />
        </div>
        <div className="inc-grid__side">
          <SectionTitle title={t('inc.deadlines')} />
          <IncidentDeadlines detail={d} coordinator={coordinator} onDone={onDone} />
        </div>
      </div>

      {coordinator && (
        <>
          <SectionTitle title={t('inc.cls.title')} />
          <IncidentClassificationPanel key={i.id} detail={d} onDone={onDone} />
        </>
      )}

      <SectionTitle title={t('inc.tasks')} />
      <IncidentTasks detail={d} editable={works} onDone={onDone} />

      <IncidentEvidenceSection id={i.id} editable={works} version={version(d)} />

      <SectionTitle title={t('inc.timeline')} />
      <div className="card">
        <IncidentTimeline events={d.events} />
        {works && <IncidentComment id={i.id} onDone={onDone} />}
      </div>
    </section>
  );
}

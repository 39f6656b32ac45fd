import { Link } from 'react-router-dom';
import type { IncidentDetail } from '../../api/incident-types.ts';
import { CriticalBadge, LevelBadge } from '../../components/badges.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { causeLabel, typeLabel } from './incident-labels.tsx';

/** A `<dt>/<dd>` pair, left out when there is nothing to say. */
function Row({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId} className="pre-line">
        {value}
      </dd>
    </>
  );
}

/** What was reported (Mẫu 03), the affected systems, the classification as read, and the Mẫu 04 once filed. */
export function IncidentDetails({ detail }: { detail: IncidentDetail }) {
  const t = useT();
  const i = detail.incident;
  const f = i.form03 ?? {};
  const notified = [...i.alreadyNotified.map((p) => t(`inc.notified.${p}`)), f.alreadyNotifiedOther].filter(Boolean).join('; ');
  return (
    <>
      <div className="card" data-testid="incident-summary">
        <dl className="details">
          <Row label={t('inc.detail.agency')} value={<Link to={`/agencies/${i.agencyId}`}>{i.agencyName}</Link>} />
          <Row label={t('inc.detail.received')} value={formatDateTime(i.receivedAt, true)} testId="incident-received-at" />
          <Row label={t('inc.detail.reportedBy')} value={i.reportedBy} />
          <Row label={t('inc.detail.type')} value={typeLabel(t, i.type)} />
          <Row label={t('inc.detail.cause')} value={i.cause ? `${causeLabel(t, i.cause)}${i.causeDetail ? ` — ${i.causeDetail}` : ''}` : null} />
          <Row label={t('inc.detail.assignee')} value={i.assigneeName ?? <span className="muted">{t('inc.detail.unassigned')}</span>} testId="incident-assignee" />
          <Row label={t('inc.detail.team')} value={i.team} />
          {i.alertGroupId && <Row label={t('inc.detail.alert')} value={<Link to={`/alerts/${i.alertGroupId}`}>{t('inc.detail.alertLink')}</Link>} />}
          {i.confidential && <Row label={t('inc.detail.access')} value={detail.access.map((a) => a.name).join(', ') || '—'} />}
        </dl>
      </div>

      <h3 className="subsection-title">{t('inc.detail.systems')}</h3>
      <div className="card" data-testid="incident-systems">
        {detail.systems.length === 0 ? (
          <p className="muted">{t('inc.detail.noSystems')}</p>
        ) : (
          <ul className="plain-list inc-system-list">
            {detail.systems.map((s) => (
              <li key={s.id}>
                <Link to={`/systems/${s.id}`}>{s.name}</Link> <LevelBadge level={s.securityLevel} /> {s.criticalNational && <CriticalBadge critical />}
              </li>
            ))}
          </ul>
        )}
        {f.systemName && <p className="muted small">{t('inc.detail.systemFree', { name: f.systemName })}</p>}
      </div>

      <h3 className="subsection-title">{t('inc.detail.form03')}</h3>
      <div className="card" data-testid="incident-form03">
        <dl className="details">
          <Row label={t('inc.form.description')} value={i.description} testId="incident-description" />
          <Row label={t('inc.form.detectedAt')} value={formatDateTime(i.detectedAt)} testId="incident-detected-at" />
          <Row label={t('inc.form.method')} value={`${t(`inc.method.${i.detectionMethod}`)}${i.detectionDetail ? ` — ${i.detectionDetail}` : ''}`} />
          <Row label={t('inc.form.sec.status')} value={i.handled ? t('inc.handled.yes') : t('inc.handled.no')} />
          <Row label={t('inc.form.sec.notified')} value={notified || t('common.no')} />
          <Row label={t('inc.form.sec.reporter')} value={[f.agencyName, f.reporterAddress, f.reporterPhone, f.reporterEmail].filter(Boolean).join('\n')} />
          <Row label={t('inc.form.sec.contact')} value={[f.contactName, f.contactTitle, f.contactPhone, f.contactEmail].filter(Boolean).join('\n')} />
          <Row label={t('inc.form.operator')} value={f.operator} />
          <Row label={t('inc.form.owner')} value={f.owner} />
          <Row label={t('inc.form.os')} value={f.os} />
          <Row label={t('inc.form.services')} value={f.services} />
          <Row label={t('inc.form.measures')} value={f.measures} />
          <Row label={t('inc.form.publicIps')} value={f.publicIps} />
          <Row label={t('inc.form.domains')} value={f.domains} />
          <Row label={t('inc.form.support')} value={f.supportRequested} />
        </dl>
      </div>

      {i.form04 && (
        <>
          <h3 className="subsection-title">{t('inc.detail.form04')}</h3>
          <div className="card" data-testid="incident-form04">
            <p className="inc-citation" data-testid="incident-form04-citation">
              {t('inc.citation', { number: i.form04.initialReport.number, date: formatDateTime(i.form04.initialReport.date) })}
            </p>
            <dl className="details">
              <Row label={t('inc.close.title')} value={i.form04.title} />
              <Row label={t('inc.detail.responseEnded')} value={formatDateTime(i.form04.responseEndedAt)} />
              <Row label={t('inc.detail.result')} value={i.form04.result} />
              <Row label={t('inc.detail.lessons')} value={i.form04.lessons} />
              <Row label={t('inc.close.reporter')} value={i.form04.reporterName} />
            </dl>
          </div>
        </>
      )}
    </>
  );
}

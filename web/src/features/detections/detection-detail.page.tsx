import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { DetectionDetail, Evidence } from '../../api/detection-types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { TextAreaField } from '../../components/form-fields.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { useI18n } from '../../i18n/use-t.ts';
import { evidenceKey, KindBadge, ReviewBadge, SeverityBadge } from './detection-labels.tsx';
import { EvidenceViewer, fetchLabel } from './evidence-viewer.tsx';
import { ProfileDiffView } from './profile-diff.tsx';

type Decision = 'confirm' | 'dismiss';

/** One analysis: the verdict and why, the diff against the profile, the evidence shown safely, and the analyst's decision. */
export function DetectionDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const user = useUser();
  const { data: d, error, loading, reload } = useAsync((signal) => api.get<DetectionDetail>(`/detections/${id}`, undefined, signal), id);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  if (loading && !d) return <Loading />;
  if (!d) return <ErrorBanner error={error} />;
  const reviewable = d.alarm && d.review.status === 'new' && can.editMonitors(user.role);
  const evidence = d.detectors.filter((x) => x.evidence.length > 0).sort((a, b) => b.score - a.score);
  return (
    <section data-testid="detection-detail">
      <Breadcrumb
        trail={[
          { to: '/detections', label: t('detection.title') },
          { to: `/monitors/${d.monitorId}`, label: d.monitorName },
        ]}
      />
      <PageHeader
        title={d.alarm ? t(`detection.headline.${d.kind ?? 'defacement'}` as MessageKey) : t('detection.headline.legit')}
        subtitle={
          <>
            <span className="tags">
              <KindBadge kind={d.kind} alarm={d.alarm} />
              {d.alarm && <SeverityBadge severity={d.severity} />}
              {d.alarm && <ReviewBadge review={d.review.status} />}
            </span>
            <span>{formatDateTime(d.at, true)}</span>
          </>
        }
        actions={
          reviewable && (
            <>
              <button type="button" className="btn" onClick={() => setDeciding('dismiss')} data-testid="detection-dismiss">
                {t('detection.dismiss')}
              </button>
              <button type="button" className="btn btn--danger" onClick={() => setDeciding('confirm')} data-testid="detection-confirm">
                {t('detection.confirm')}
              </button>
            </>
          )
        }
      />
      <div className="card">
        <dl className="details">
          <dt>{t('detection.page')}</dt>
          <dd>
            <code>{d.url}</code>
          </dd>
          <dt>{t('monitor.systemAgency')}</dt>
          <dd>
            <Link to={`/systems/${d.systemId}`}>{d.systemName}</Link> · {d.agencyName}
          </dd>
          <dt>{t('detection.score')}</dt>
          <dd data-testid="detection-score">{d.score === null ? '—' : d.score.toFixed(2)}</dd>
          {d.error && (
            <>
              <dt>{t('detection.error')}</dt>
              <dd data-testid="detection-error">{d.error}</dd>
            </>
          )}
          {d.review.status !== 'new' && d.alarm && (
            <>
              <dt>{t('detection.reviewedBy')}</dt>
              <dd data-testid="detection-reviewed">
                {d.review.by?.name ?? '—'} · {formatDateTime(d.review.at)}
                {d.review.note && <span className="cell-sub">{d.review.note}</span>}
              </dd>
            </>
          )}
          {d.profile && (
            <>
              <dt>{t('detection.profile')}</dt>
              <dd>{d.profile.learning ? t('detection.profileLearning', { n: d.profile.samples }) : t('detection.profileSamples', { n: d.profile.samples })}</dd>
            </>
          )}
        </dl>
        {d.review.status === 'confirmed' && <p className="alert alert--info">{t('detection.confirmedNote')}</p>}
      </div>

      {d.reasons.length > 0 && (
        <>
          <SectionTitle title={t('detection.reasons')} />
          <div className="card">
            <EvidenceList items={d.reasons} testId="detection-reasons" />
          </div>
        </>
      )}

      {d.diff && (
        <>
          <SectionTitle title={t('detection.diff')} />
          <div className="card">
            <ProfileDiffView diff={d.diff} />
          </div>
        </>
      )}

      <SectionTitle title={t('detection.evidence')} />
      <div className="card">
        <EvidenceViewer analysisId={d.id} fetches={d.fetches} screenshotUrl={d.screenshotUrl} />
      </div>

      <SectionTitle title={t('detection.fetches')} />
      <div className="card card--flush">
        <table className="table table--cards" data-testid="detection-fetches">
          <thead>
            <tr>
              <th>{t('detection.fetch')}</th>
              <th>{t('detection.status')}</th>
              <th>{t('detection.bytes')}</th>
            </tr>
          </thead>
          <tbody>
            {d.fetches.map((f) => (
              <tr key={f.index}>
                <td data-label={t('detection.fetch')}>
                  {fetchLabel(t, f)}
                  {f.finalUrl && f.finalUrl !== f.url && <span className="cell-sub">→ {f.finalUrl}</span>}
                </td>
                <td data-label={t('detection.status')}>{f.error ?? (f.status || '—')}</td>
                <td data-label={t('detection.bytes')}>{f.bytes ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {evidence.length > 0 && (
        <>
          <SectionTitle title={t('detection.detectors')} />
          <div className="card">
            {evidence.map((x) => (
              <details key={x.detector} className="detector">
                <summary>
                  <strong>{x.detector}</strong> · {t('detection.score')} {x.score.toFixed(2)} · {x.ms.toFixed(1)} ms
                </summary>
                <EvidenceList items={x.evidence} />
              </details>
            ))}
          </div>
        </>
      )}
      {deciding && <DecisionDialog id={d.id} decision={deciding} onClose={() => setDeciding(null)} onDone={() => { setDeciding(null); reload(); }} />}
    </section>
  );
}

function EvidenceList({ items, testId }: { items: Evidence[]; testId?: string }) {
  const { t } = useI18n();
  return (
    <ul className="evidence-list" data-testid={testId}>
      {items.map((e, i) => {
        const key = evidenceKey(e.code);
        return (
          <li key={i} data-code={e.code}>
            <strong>{key ? t(key) : e.code}</strong>
            {e.variant && e.variant !== 'browser' && <span className="badge badge--muted">{t(`detection.variant.${e.variant}` as MessageKey)}</span>}
            <span className="cell-sub">{e.message}</span>
            {e.url && <code className="cell-sub">{e.url}</code>}
            {e.samples && e.samples.length > 0 && (
              <ul className="evidence-list__samples">
                {e.samples.map((s, j) => (
                  <li key={j}>
                    <code>{s}</code>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function DecisionDialog({ id, decision, onClose, onDone }: { id: string; decision: Decision; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const action = useAsyncAction();
  const submit = () =>
    void action.run(async () => {
      await api.post(`/detections/${id}/${decision}`, note.trim() ? { note: note.trim() } : {});
      onDone();
    });
  return (
    <Dialog
      title={t(`detection.${decision}Title` as MessageKey)}
      onClose={onClose}
      testId="detection-decision"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className={`btn ${decision === 'confirm' ? 'btn--danger' : 'btn--primary'}`} onClick={submit} disabled={action.busy} data-testid="detection-decision-submit">
            {action.busy ? t('common.working') : t(`detection.${decision}` as MessageKey)}
          </button>
        </>
      }
    >
      <p>{t(`detection.${decision}Explain` as MessageKey)}</p>
      <TextAreaField label={t('detection.note')} value={note} onValue={setNote} rows={3} testId="detection-note" />
      <ErrorBanner error={action.error} />
    </Dialog>
  );
}

import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, apiUrl } from '../../api/api-client.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SelectField } from '../../components/form-fields.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { usePolled } from '../alerts/use-polled.ts';
import { KevBadge, SeverityBadge } from '../vulns/vuln-labels.tsx';
import { AgencyBoardTable, BoardTiles } from './warning-agency-board.tsx';
import { WarningStatusBadge } from './warning-labels.tsx';
import { WarningPreviewView } from './warning-preview.tsx';
import { WarningTargets } from './warning-targets.tsx';
import { canComposeWarnings, canUpdateTargets, type WarningDetail, type WarningPreview } from './warning-types.ts';
import '../alerts/alerts.css';
import '../vulns/vulns.css';
import './warnings.css';

type Confirm = 'send' | 'close' | 'delete' | null;

/**
 * One warning: where it stands (status, deadline, totals), the CVEs it is about, the board per
 * agency, the documents, and the systems with their statuses. Agency users arrive here from the
 * e-mail and see only their own agencies and systems (the server scopes every answer).
 */
export function WarningDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [letterAgency, setLetterAgency] = useState<string | null>(null);
  const { data: w, error, loading, reload } = usePolled((signal) => api.get<WarningDetail>(`/warnings/${id}`, undefined, signal), `warning:${id}`, 30_000, true);
  if (loading && !w) return <Loading />;
  if (!w || w.id !== id) return error ? <ErrorBanner error={error} /> : <Loading />;
  const compose = canComposeWarnings(user.role);
  const draft = w.status === 'draft';
  // An agency user's letter is their own agency's; the coordinator chooses one, or the general letter.
  const agencyForLetter = letterAgency ?? (w.agencies.length === 1 ? w.agencies[0]!.agencyId : '');

  const act = async (what: Exclude<Confirm, null>) => {
    if (what === 'delete') {
      await api.del(`/warnings/${w.id}`);
      navigate('/warnings');
      return;
    }
    await api.post(`/warnings/${w.id}/${what}`);
    setConfirm(null);
    reload();
  };

  return (
    <section data-testid="warning-detail" data-status={w.status}>
      <Breadcrumb trail={[{ to: '/warnings', label: t('warn.title') }]} />
      <PageHeader
        title={`${w.number} · ${w.title}`}
        subtitle={
          <span className="tags warn-head">
            <WarningStatusBadge status={w.status} />
            <span data-testid="warning-deadline" className={w.totals.overdue > 0 ? 'text-danger' : undefined}>
              {t('warn.detail.deadline', { time: formatDateTime(w.deadline) })}
            </span>
            {w.sentAt && <span className="muted">{t('warn.detail.sentAt', { time: formatDateTime(w.sentAt) })}</span>}
            {w.closedAt && <span className="muted">{t('warn.detail.closedAt', { time: formatDateTime(w.closedAt) })}</span>}
          </span>
        }
        actions={
          compose && (
            <span className="warn-actions">
              {draft && (
                <>
                  <Link to={`/warnings/${w.id}/edit`} className="btn" data-testid="warning-edit">
                    {t('warn.edit')}
                  </Link>
                  <button type="button" className="btn btn--danger" onClick={() => setConfirm('delete')} data-testid="warning-delete">
                    {t('warn.delete')}
                  </button>
                  <button type="button" className="btn btn--primary" onClick={() => setConfirm('send')} data-testid="warning-send">
                    {t('warn.send')}
                  </button>
                </>
              )}
              {w.status === 'sent' && (
                <button type="button" className="btn" onClick={() => setConfirm('close')} data-testid="warning-close">
                  {t('warn.close')}
                </button>
              )}
            </span>
          )
        }
      />
      {draft && <p className="alert alert--info">{t('warn.draftNote')}</p>}
      {!draft && <BoardTiles totals={w.totals} />}
      {w.createdByName && <p className="muted small">{t('warn.detail.createdBy', { name: w.createdByName, time: formatDateTime(w.createdAt) })}</p>}
      {w.body && (
        <div className="card warn-body">
          <p className="pre-line break">{w.body}</p>
        </div>
      )}

      <SectionTitle title={`${t('warn.detail.cves')} (${w.cveCount})`} />
      <details className="card warn-cves" open={w.advisories.length <= 12}>
        <summary>{t('warn.cves', { n: w.cveCount })}</summary>
        <ul className="plain-list warn-cve-list" data-testid="warning-cves">
          {w.advisories.map((a) => (
            <li key={a.cve} data-testid="warning-cve" data-cve={a.cve}>
              <Link to={`/vulns/${encodeURIComponent(a.cve)}`} className="vuln-cve">
                {a.cve}
              </Link>{' '}
              <SeverityBadge severity={a.severity} score={a.cvssScore} /> <KevBadge exploited={a.exploited} /> <span className="break small">{a.title}</span>
              {a.kbs.length > 0 && <span className="cell-sub">KB: {a.kbs.slice(0, 6).join(', ')}</span>}
            </li>
          ))}
        </ul>
      </details>

      {draft ? (
        compose && <DraftPreview warning={w} />
      ) : (
        <>
          <SectionTitle title={t('warn.detail.agencies')} />
          <AgencyBoardTable rows={w.agencies} loading={false} error={undefined} empty={t('warn.detail.noAgencies')} testId="warning-agency-board" />
          <SectionTitle title={t('warn.detail.downloads')} />
          <div className="card warn-downloads" data-testid="warning-downloads">
            <a className="btn btn--small" href={apiUrl(`/warnings/${w.id}/board.xlsx`)} download data-testid="warning-board-xlsx">
              {t('warn.detail.boardXlsx')}
            </a>
            <a className="btn btn--small" href={apiUrl(`/warnings/${w.id}/board.docx`)} download data-testid="warning-board-docx">
              {t('warn.detail.boardDocx')}
            </a>
            <span className="warn-letter">
              {w.agencies.length > 1 && (
                <SelectField
                  label={t('warn.detail.letterFor')}
                  value={agencyForLetter}
                  onValue={setLetterAgency}
                  emptyLabel={t('warn.detail.letterGeneral')}
                  options={w.agencies.map((a) => ({ value: a.agencyId, label: a.agencyName }))}
                  testId="warning-letter-agency"
                />
              )}
              <a className="btn btn--small" href={apiUrl(`/warnings/${w.id}/letter.docx`, { agencyId: agencyForLetter })} download data-testid="warning-letter-docx">
                {t('warn.detail.letterDocx')}
              </a>
            </span>
          </div>

          <SectionTitle title={t('warn.detail.targets')} />
          <WarningTargets warning={w} editable={w.status === 'sent' && canUpdateTargets(user.role)} onChanged={reload} />
        </>
      )}

      {confirm && (
        <ConfirmDialog
          title={confirm === 'send' ? t('warn.sendTitle') : confirm === 'close' ? t('warn.close') : t('warn.delete')}
          message={t(confirm === 'send' ? 'warn.sendConfirm' : confirm === 'close' ? 'warn.closeConfirm' : 'warn.deleteConfirm', { title: w.title })}
          confirmLabel={confirm === 'send' ? t('warn.send') : confirm === 'close' ? t('warn.close') : t('common.delete')}
          danger={confirm === 'delete'}
          onConfirm={() => act(confirm)}
          onClose={() => setConfirm(null)}
        />
      )}
    </section>
  );
}

/** A draft has no targets yet (they are fixed when it is sent): show who it would reach now. */
function DraftPreview({ warning }: { warning: WarningDetail }) {
  const t = useT();
  const { data, error } = useAsync(() => api.post<WarningPreview>('/warnings/preview', { filter: warning.filter }), `draft:${warning.id}:${JSON.stringify(warning.filter)}`);
  return (
    <>
      <SectionTitle title={t('warn.detail.wouldReach')} />
      <ErrorBanner error={error} />
      {data ? (
        <div className="card">
          <WarningPreviewView preview={data} stale={false} />
        </div>
      ) : (
        !error && <Loading />
      )}
    </>
  );
}

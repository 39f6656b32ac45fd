import { Link } from 'react-router-dom';
import { useT } from '../../i18n/use-t.ts';
import { KevBadge, MatchStatusBadge, SeverityBadge } from '../vulns/vuln-labels.tsx';
import type { WarningPreview } from './warning-types.ts';

/** What a filter would send: the advisories (first 100) and, per agency, the systems it hits. */
export function WarningPreviewView({ preview, stale }: { preview: WarningPreview; stale: boolean }) {
  const t = useT();
  const { totals } = preview;
  return (
    <div className={`warn-preview${stale ? ' is-stale' : ''}`} data-testid="warning-preview" data-agencies={totals.agencies} data-systems={totals.systems} data-advisories={totals.advisories}>
      {stale && (
        <p className="alert alert--warning" role="status">
          {t('warn.compose.previewStale')}
        </p>
      )}
      <p className="warn-preview__totals" data-testid="warning-preview-totals">
        <strong>{t('warn.compose.totals', totals)}</strong>
      </p>
      {preview.agencies.length === 0 ? (
        <p className="muted">{t('warn.compose.noTargets')}</p>
      ) : (
        <ul className="warn-preview__agencies">
          {preview.agencies.map((a) => (
            <li key={a.agencyId} data-testid="warning-preview-agency" data-agency={a.agencyName}>
              <strong className="break">{a.agencyName}</strong> <span className="muted small">({t('warn.systemsN', { n: a.systems.length })})</span>
              <ul className="plain-list warn-preview__systems">
                {a.systems.map((s) => (
                  <li key={s.systemId} data-testid="warning-preview-system">
                    <MatchStatusBadge status={s.matchStatus} /> <span className="break">{s.systemName}</span>{' '}
                    <span className="cell-sub">
                      {s.cves.slice(0, 6).join(', ')}
                      {s.cves.length > 6 ? ` ${t('warn.tg.moreCves', { n: s.cves.length - 6 })}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {preview.advisories.items.length > 0 && (
        <details className="warn-preview__advisories">
          <summary>
            {t('warn.detail.cves')} ({preview.advisories.total})
          </summary>
          {preview.advisories.total > preview.advisories.items.length && <p className="muted small">{t('warn.compose.advisoriesShown', { n: preview.advisories.items.length, total: preview.advisories.total })}</p>}
          <ul className="plain-list warn-cve-list">
            {preview.advisories.items.map((a) => (
              <li key={a.cve}>
                <Link to={`/vulns/${encodeURIComponent(a.cve)}`} target="_blank" className="vuln-cve">
                  {a.cve}
                </Link>{' '}
                <SeverityBadge severity={a.severity} score={a.cvssScore} /> <KevBadge exploited={a.exploited} /> <span className="break small">{a.title}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { MatchItems } from './advisory-detail.page.tsx';
import { KevBadge, MatchStatusBadge, SeverityBadge } from './vuln-labels.tsx';
import type { SystemVulnerability } from './vuln-types.ts';
import './vulns.css';

/** On a system's page: the advisories its software inventory matches, worst first as the server orders them. */
export function SystemVulnsSection({ systemId }: { systemId: string }) {
  const t = useT();
  const { data, error } = useAsync(
    (signal) =>
      api.get<{ items: SystemVulnerability[] }>(`/systems/${systemId}/vulnerabilities`, undefined, signal),
    systemId,
  );
  return (
    <>
      <SectionTitle title={t('vuln.system.title')} />
      <ErrorBanner error={error} />
      {data &&
        (data.items.length === 0 ? (
          <p className="muted" data-testid="system-vulns-none">
            {t('vuln.system.none')}
          </p>
        ) : (
          <div className="card card--flush">
            <table className="table table--cards" data-testid="system-vulns">
              <thead>
                <tr>
                  <th scope="col">{t('vuln.col.cve')}</th>
                  <th scope="col">{t('vuln.col.cvss')}</th>
                  <th scope="col">{t('warn.tg.col.match')}</th>
                  <th scope="col">{t('vuln.detail.why')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((v) => (
                  <tr key={v.cve} data-testid="system-vuln" data-cve={v.cve}>
                    <td className="cell-title">
                      <span className="tags">
                        <Link to={`/vulns/${encodeURIComponent(v.cve)}`}>{v.cve}</Link>
                        <KevBadge exploited={v.exploited} />
                      </span>
                      {v.title && <span className="cell-sub">{v.title}</span>}
                    </td>
                    <td data-label={t('vuln.col.cvss')}>
                      <SeverityBadge severity={v.severity} score={v.cvssScore} />
                    </td>
                    <td data-label={t('warn.tg.col.match')}>
                      <MatchStatusBadge status={v.status} />
                    </td>
                    <td data-label={t('vuln.detail.why')}>
                      <MatchItems items={v.items} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}

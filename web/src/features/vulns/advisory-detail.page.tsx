import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { formatDate, safeHref } from '../../lib/format.ts';
import { formatMonth, KevBadge, MatchStatusBadge, SeverityBadge, sourceLabel } from './vuln-labels.tsx';
import type { AdvisoryDetail, MatchItem } from './vuln-types.ts';
import './vulns.css';

/**
 * One advisory: the facts from every source, the fix per product (KB numbers, fixed builds), the
 * references (only http/https made clickable, opened without referrer: they come from feeds), and
 * the registry's systems it hits with the matcher's reason for each inventory item.
 */
export function AdvisoryDetailPage() {
  const { cve = '' } = useParams();
  const t = useT();
  const { data: a, error, loading } = useAsync((signal) => api.get<AdvisoryDetail>(`/advisories/${encodeURIComponent(cve)}`, undefined, signal), cve);
  if (loading && !a) return <Loading />;
  if (!a || a.cve !== cve) return error ? <ErrorBanner error={error} /> : <Loading />;
  const fact = (label: string, value: React.ReactNode) =>
    value === null || value === undefined || value === '' ? null : (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    );
  return (
    <section data-testid="advisory-detail" data-cve={a.cve}>
      <Breadcrumb trail={[{ to: '/vulns', label: t('vuln.title') }]} />
      <PageHeader
        title={a.cve}
        subtitle={
          <span className="tags">
            <SeverityBadge severity={a.severity} score={a.cvssScore} />
            <KevBadge exploited={a.exploited} ransomware={a.knownRansomware} />
            {a.title && <span className="break">{a.title}</span>}
          </span>
        }
      />
      <div className="card">
        <dl className="details">
          {fact(t('vuln.col.product'), [a.vendor, a.product].filter(Boolean).join(' · '))}
          {fact(t('vuln.detail.description'), a.description && <span className="pre-line">{a.description}</span>)}
          {fact(t('vuln.detail.vector'), a.cvssVector && <code className="break">{a.cvssVector}</code>)}
          {fact(t('vuln.col.month'), formatMonth(a.month))}
          {fact(t('vuln.detail.published'), formatDate(a.publishedAt))}
          {fact(t('vuln.detail.modified'), formatDate(a.modifiedAt))}
          {fact(t('vuln.detail.kevAdded'), a.kevDateAdded && formatDate(a.kevDateAdded))}
          {fact(t('vuln.detail.kevDue'), a.kevDueDate && formatDate(a.kevDueDate))}
          {fact(t('vuln.col.kbs'), a.kbs.join(', '))}
          {fact(t('vuln.detail.cwes'), a.cwes.join(', '))}
          {fact(t('vuln.detail.sources'), a.sources.map((s) => sourceLabel(t, s)).join(', '))}
        </dl>
      </div>

      <SectionTitle title={t('vuln.detail.products')} />
      {a.products.length === 0 ? (
        <p className="muted">{t('vuln.detail.noProducts')}</p>
      ) : (
        <div className="card card--flush">
          <table className="table table--cards" data-testid="advisory-products">
            <thead>
              <tr>
                <th scope="col">{t('vuln.detail.product')}</th>
                <th scope="col">{t('vuln.col.kbs')}</th>
                <th scope="col">{t('vuln.detail.fixedBuild')}</th>
              </tr>
            </thead>
            <tbody>
              {a.products.map((p) => (
                <tr key={p.productId}>
                  <td className="cell-title">
                    {p.name}
                    {p.status === 'fixed' && <span className="cell-sub">{t('vuln.detail.fixedProduct')}</span>}
                  </td>
                  <td data-label={t('vuln.col.kbs')}>{p.kbs.length ? p.kbs.map((k) => (k.toUpperCase().startsWith('KB') ? k : `KB${k}`)).join(', ') : '—'}</td>
                  <td data-label={t('vuln.detail.fixedBuild')}>
                    <code className="break">{p.fixedBuild ?? '—'}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {a.references.length > 0 && (
        <>
          <SectionTitle title={t('vuln.detail.references')} />
          <ul className="card vuln-refs" data-testid="advisory-references">
            {a.references.map((r) => {
              const href = safeHref(r);
              return (
                <li key={r}>
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer">
                      {r}
                    </a>
                  ) : (
                    <span className="muted">{r}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}

      <SectionTitle title={t('vuln.detail.matches')} />
      {a.matches.length === 0 ? (
        <p className="muted" data-testid="advisory-no-matches">
          {t('vuln.detail.noMatches')}
        </p>
      ) : (
        <div className="card card--flush">
          <table className="table table--cards" data-testid="advisory-matches">
            <thead>
              <tr>
                <th scope="col">{t('vuln.detail.system')}</th>
                <th scope="col">{t('warn.tg.col.match')}</th>
                <th scope="col">{t('vuln.detail.why')}</th>
              </tr>
            </thead>
            <tbody>
              {a.matches.map((m) => (
                <tr key={m.systemId} data-testid="advisory-match" data-system={m.systemName}>
                  <td className="cell-title">
                    <Link to={`/systems/${m.systemId}`}>{m.systemName}</Link>
                    <span className="cell-sub">{m.agencyName}</span>
                  </td>
                  <td data-label={t('warn.tg.col.match')}>
                    <MatchStatusBadge status={m.status} />
                  </td>
                  <td data-label={t('vuln.detail.why')}>
                    <MatchItems items={m.items} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Each inventory item that matched and the matcher's own words for why. */
export function MatchItems({ items }: { items: readonly MatchItem[] }) {
  return (
    <ul className="plain-list vuln-items">
      {items.map((i, n) => (
        <li key={n}>
          <strong className="break">{[i.vendor, i.product, i.version].filter(Boolean).join(' ')}</strong>
          <span className="cell-sub break">{i.reason}</span>
        </li>
      ))}
    </ul>
  );
}

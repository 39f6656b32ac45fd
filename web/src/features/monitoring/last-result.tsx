import type { ReactNode } from 'react';
import { DNS_RECORD_TYPES } from '../../api/monitor-types.ts';
import { TableHead } from '../../components/table-head.tsx';
import { formatDateTime, formatMs, formatNumber, safeHref } from '../../lib/format.ts';
import { useI18n } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { StateBadge, TlsDays } from './monitor-cells.tsx';

/*
 * The last check's details come from the probe (and so, partly, from the monitored server):
 * every value is read defensively and shown as React text, never as markup.
 */
type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : []);

/** The probe's details, whether the server stores them bare or inside { status, reason, details }. */
export function resultDetails(lastResult: unknown): Rec | null {
  const r = rec(lastResult);
  if (!r) return null;
  return rec(r.details) ?? r;
}

/** Timings under either spelling the server may use ("dnsMs" from the probes, "dns" in the API brief). */
function timing(timings: Rec, key: string): number | null {
  return num(timings[`${key}Ms`]) ?? num(timings[key]);
}

/** Whether the record sets / certificate seen now differ from the accepted baseline. */
export function baselineDiffers(kind: string, lastResult: unknown, baseline: unknown): boolean {
  const d = resultDetails(lastResult);
  const b = rec(baseline);
  if (!d) return false;
  if (kind === 'dns') {
    if (strings(d.changes).length > 0) return true;
    const records = rec(d.records);
    if (!b || !records) return false;
    return Object.entries(records).some(([type, now]) => Array.isArray(b[type]) && [...strings(b[type])].sort().join('\n') !== [...strings(now)].sort().join('\n'));
  }
  if (kind === 'tls') {
    if (!b) return false;
    const issuer = text(b.issuer);
    const fp = text(b.fingerprint) ?? text(b.fingerprint256);
    return Boolean((issuer && text(d.issuer) && issuer !== text(d.issuer)) || (fp && text(d.fingerprint256) && fp !== text(d.fingerprint256)));
  }
  return false;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

const SEGMENTS = ['dns', 'connect', 'tls', 'firstByte', 'transfer'] as const;

/** Where the time of an HTTP check went, as one stacked bar and its legend. */
function TimingBar({ timings }: { timings: Rec }) {
  const { t, locale } = useI18n();
  const parts = SEGMENTS.map((k) => ({ k, v: timing(timings, k) })).filter((p): p is { k: (typeof SEGMENTS)[number]; v: number } => p.v !== null && p.v > 0);
  const total = timing(timings, 'total') ?? parts.reduce((a, p) => a + p.v, 0);
  if (!parts.length && total === null) return null;
  const sum = Math.max(total ?? 0, parts.reduce((a, p) => a + p.v, 0), 1);
  return (
    <div className="timing" data-testid="timing-bar">
      <div className="timing__bar" role="img" aria-label={parts.map((p) => `${t(`result.t.${p.k}` as MessageKey)} ${formatMs(p.v, locale)}`).join(', ')}>
        {parts.map((p) => (
          <span key={p.k} className={`timing__seg timing__seg--${p.k}`} style={{ width: `${(p.v / sum) * 100}%` }} />
        ))}
      </div>
      <ul className="timing__legend">
        {parts.map((p) => (
          <li key={p.k}>
            <span className={`timing__key timing__seg--${p.k}`} aria-hidden="true" />
            {t(`result.t.${p.k}` as MessageKey)}: <strong>{formatMs(p.v, locale)}</strong>
          </li>
        ))}
        <li>
          {t('result.t.total')}: <strong>{formatMs(total, locale)}</strong>
        </li>
      </ul>
    </div>
  );
}

function Link({ url }: { url: string }) {
  const href = safeHref(url);
  return href ? (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="break">
      {url}
    </a>
  ) : (
    <code>{url}</code>
  );
}

function HttpResult({ d }: { d: Rec }) {
  const { t, locale } = useI18n();
  const status = num(d.statusCode) ?? num(d.status);
  const redirects = Array.isArray(d.redirects) ? d.redirects.map(rec).filter((r): r is Rec => r !== null) : [];
  const tls = rec(d.tls);
  const err = rec(d.error);
  const timings = rec(d.timings);
  return (
    <>
      <dl className="details">
        <Row label={t('result.statusCode')}>{status !== null ? <strong>{status}</strong> : null}</Row>
        <Row label={t('result.finalUrl')}>{text(d.finalUrl) && text(d.finalUrl) !== text(d.url) ? <Link url={text(d.finalUrl)!} /> : null}</Row>
        <Row label={t('result.address')}>{text(d.address) ? <code>{text(d.address)}</code> : null}</Row>
        <Row label={t('result.contentType')}>{text(d.contentType)}</Row>
        <Row label={t('result.server')}>{text(d.server)}</Row>
        <Row label={t('result.body')}>
          {num(d.bodyBytes) !== null ? `${formatNumber(num(d.bodyBytes)!, locale)} B${d.bodyTruncated === true ? ` ${t('result.bodyTruncated')}` : ''}` : null}
        </Row>
        <Row label={t('result.keyword')}>{typeof d.keywordFound === 'boolean' ? (d.keywordFound ? t('result.keywordFound') : t('result.keywordMissing')) : null}</Row>
        <Row label={t('result.error')}>{err ? <code>{[text(err.kind), text(err.code), text(err.phase)].filter(Boolean).join(' · ')}</code> : null}</Row>
        <Row label={t('result.redirects')}>
          {redirects.length ? (
            <ol className="redirects">
              {redirects.map((r, i) => (
                <li key={i}>
                  <span className="badge badge--muted">{text(r.status) ?? '?'}</span> <Link url={text(r.url) ?? ''} />
                  {text(r.location) && <span className="muted"> → {text(r.location)}</span>}
                </li>
              ))}
            </ol>
          ) : (
            <span className="muted">{t('result.noRedirects')}</span>
          )}
        </Row>
        {tls && (
          <>
            <Row label={t('cert.protocol')}>{text(tls.protocol)}</Row>
            <Row label={t('cert.issuer')}>{text(tls.issuer)}</Row>
            <Row label={t('cert.validTo')}>{text(tls.validTo) ? formatDateTime(text(tls.validTo)) : null}</Row>
            <Row label={t('cert.daysLeft')}>{num(tls.daysLeft) !== null ? <TlsDays days={num(tls.daysLeft)} /> : null}</Row>
          </>
        )}
      </dl>
      {timings && (
        <>
          <h3 className="subsection-title">{t('result.timings')}</h3>
          <TimingBar timings={timings} />
        </>
      )}
    </>
  );
}

function TlsResult({ d }: { d: Rec }) {
  const { t } = useI18n();
  const yesNo = (v: unknown) => (typeof v === 'boolean' ? (v ? t('common.yes') : t('common.no')) : null);
  const chain = Array.isArray(d.chain) ? d.chain.map(rec).filter((c): c is Rec => c !== null) : [];
  return (
    <dl className="details" data-testid="certificate">
      <Row label={t('cert.subject')}>{text(d.subject)}</Row>
      <Row label={t('cert.issuer')}>{text(d.issuer)}</Row>
      <Row label={t('cert.validFrom')}>{text(d.validFrom) ? formatDateTime(text(d.validFrom)) : null}</Row>
      <Row label={t('cert.validTo')}>{text(d.validTo) ? formatDateTime(text(d.validTo)) : null}</Row>
      <Row label={t('cert.daysLeft')}>{num(d.daysLeft) !== null ? <TlsDays days={num(d.daysLeft)} /> : null}</Row>
      <Row label={t('cert.trusted')}>
        {typeof d.authorized === 'boolean' ? (
          <span className={d.authorized ? 'text-ok' : 'text-danger'}>
            {yesNo(d.authorized)}
            {text(d.authorizationError) && ` — ${text(d.authorizationError)}`}
          </span>
        ) : null}
      </Row>
      <Row label={t('cert.hostname')}>{typeof d.hostnameMatches === 'boolean' ? <span className={d.hostnameMatches ? 'text-ok' : 'text-danger'}>{yesNo(d.hostnameMatches)}</span> : null}</Row>
      <Row label={t('cert.selfSigned')}>{yesNo(d.selfSigned)}</Row>
      <Row label={t('cert.protocol')}>{[text(d.protocol), text(d.cipher)].filter(Boolean).join(' · ') || null}</Row>
      <Row label={t('cert.fingerprint')}>{text(d.fingerprint256) ?? text(d.fingerprint) ? <code className="fingerprint">{text(d.fingerprint256) ?? text(d.fingerprint)}</code> : null}</Row>
      <Row label={t('cert.serial')}>{text(d.serialNumber) ? <code>{text(d.serialNumber)}</code> : null}</Row>
      <Row label={t('cert.san')}>{strings(d.subjectAltNames).length ? <span className="tags">{strings(d.subjectAltNames).slice(0, 50).map((s) => <span key={s} className="tag">{s}</span>)}</span> : null}</Row>
      <Row label={t('cert.chain')}>
        {chain.length ? (
          <ol className="plain-list">
            {chain.slice(0, 10).map((c, i) => (
              <li key={i} className="small">
                {text(c.subject) ?? JSON.stringify(c)}
              </li>
            ))}
          </ol>
        ) : null}
      </Row>
      <Row label={t('result.address')}>{text(d.address) ? <code>{text(d.address)}</code> : null}</Row>
    </dl>
  );
}

function DnsResult({ d, baseline }: { d: Rec; baseline: unknown }) {
  const { t } = useI18n();
  const records = rec(d.records) ?? {};
  const b = rec(baseline);
  const types = [...DNS_RECORD_TYPES.filter((x) => x in records), ...Object.keys(records).filter((x) => !(DNS_RECORD_TYPES as readonly string[]).includes(x))];
  const privateAnswers = strings(d.privateAnswers);
  const cols = [t('dns.type'), t('dns.current'), ...(b ? [t('dns.baseline')] : [])];
  return (
    <>
      <dl className="details">
        <Row label={t('dns.resolverUsed')}>{text(d.resolver) === 'system' ? t('dns.systemResolver') : text(d.resolver)}</Row>
      </dl>
      {privateAnswers.length > 0 && (
        <div className="alert alert--error" role="alert">
          <strong>{t('dns.privateAnswers')}</strong>
          <ul>
            {privateAnswers.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <table className="table table--cards table--compact" data-testid="dns-records">
        <TableHead columns={cols} />
        <tbody>
          {types.map((type) => {
            const now = strings(records[type]);
            const before = b && Array.isArray(b[type]) ? strings(b[type]) : null;
            const changed = before !== null && [...before].sort().join('\n') !== [...now].sort().join('\n');
            return (
              <tr key={type} className={changed ? 'row--warn' : undefined}>
                <td data-label={t('dns.type')}>
                  <strong>{type}</strong> {changed && <span className="badge badge--warn">{t('dns.changed')}</span>}
                </td>
                <td data-label={t('dns.current')}>
                  <RecordList values={now} />
                </td>
                {b && (
                  <td data-label={t('dns.baseline')}>
                    {before ? <RecordList values={before} /> : <span className="muted">—</span>}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function RecordList({ values }: { values: string[] }) {
  const { t } = useI18n();
  if (!values.length) return <span className="muted">{t('dns.none')}</span>;
  return (
    <ul className="plain-list">
      {values.slice(0, 50).map((v, i) => (
        <li key={i}>
          <code>{v}</code>
        </li>
      ))}
    </ul>
  );
}

function TcpResult({ d }: { d: Rec }) {
  const { t } = useI18n();
  const timings = rec(d.timings);
  const open = d.open === true ? t('tcp.open') : d.open === false ? t('tcp.closed') : t('tcp.unknownState');
  return (
    <dl className="details">
      <Row label={t('monitor.target')}>{text(d.target) ? <code>{text(d.target)}</code> : null}</Row>
      <Row label={t('tcp.state')}>{open}</Row>
      <Row label={t('tcp.expect')}>{d.expect === 'closed' ? t('tcp.expectClosed') : d.expect === 'open' ? t('tcp.expectOpen') : null}</Row>
      <Row label={t('result.address')}>{text(d.address) ? <code>{text(d.address)}</code> : null}</Row>
      {timings && (
        <Row label={t('result.timings')}>
          <TimingBar timings={timings} />
        </Row>
      )}
    </dl>
  );
}

interface Props {
  kind: string;
  lastResult: unknown;
  baseline: unknown;
}

/** The last check, readable per kind, with the raw JSON (as text) for anything else. */
export function LastResultView({ kind, lastResult, baseline }: Props) {
  const { t } = useI18n();
  const { locale } = useI18n();
  const d = resultDetails(lastResult);
  if (!d) return <p className="muted">{t('monitor.noResult')}</p>;
  // The envelope the engine stores around the probe's details: verdict, reason, time.
  const r = rec(lastResult);
  const status = text(r?.status);
  const checkedAt = text(r?.checkedAt);
  return (
    <div className="last-result" data-testid="last-result">
      {r && r.details !== undefined && (status || checkedAt) && (
        <p className="last-result__head">
          {status && <StateBadge state={status} />} {text(r.reason) && <span className="break">{text(r.reason)}</span>}
          {checkedAt && (
            <span className="muted small">
              {' '}
              · {formatDateTime(checkedAt, true)}
              {num(r.latencyMs) !== null && ` · ${formatMs(num(r.latencyMs), locale)}`}
            </span>
          )}
        </p>
      )}
      {kind === 'http' && <HttpResult d={d} />}
      {kind === 'tls' && <TlsResult d={d} />}
      {kind === 'dns' && <DnsResult d={d} baseline={baseline} />}
      {kind === 'tcp' && <TcpResult d={d} />}
      <details className="raw">
        <summary>{t('result.raw')}</summary>
        <pre>{JSON.stringify(lastResult, null, 2)}</pre>
      </details>
    </div>
  );
}

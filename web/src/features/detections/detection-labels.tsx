import type { DetectionSummary, FindingKind, ReviewState, Severity } from '../../api/detection-types.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';

/** Evidence codes the UI has words for; any other code falls back to the server's English sentence. */
const KNOWN_CODES = new Set([
  'defacer-signature', 'defacement-phrase', 'spam-lexicon', 'gambling-lexicon', 'pharma-lexicon', 'hidden-links', 'new-domain-cluster',
  'new-outbound-domains', 'new-script', 'new-iframe', 'hidden-iframe', 'js-redirect', 'meta-refresh', 'obfuscated-script',
  'external-canonical', 'external-amphtml', 'spam-title', 'spam-meta', 'page-replaced', 'not-html', 'empty-page',
  'title-changed', 'language-changed', 'variant-differs', 'variant-spam', 'variant-redirect', 'variant-status', 'subpage-spam', 'rendered-only',
  'content-drift', 'referer-check', 'ua-check', 'variant-links', 'obfuscated-redirect', 'rendered-spam', 'rendered-links', 'rendered-redirect', 'interstitial', 'analysis-failed', 'detector-error',
]);

export const evidenceKey = (code: string): MessageKey | null => (KNOWN_CODES.has(code) ? (`detection.code.${code}` as MessageKey) : null);

export function KindBadge({ kind: k, alarm }: { kind: FindingKind | null; alarm: boolean }) {
  const t = useT();
  const kind = k ?? 'legit';
  const cls = !alarm ? 'badge--ok' : kind === 'defacement' ? 'badge--danger' : 'badge--warn';
  return <span className={`badge ${cls}`} data-testid="detection-kind">{t(`detection.kind.${alarm ? kind : 'legit'}` as MessageKey)}</span>;
}

export function SeverityBadge({ severity }: { severity: Severity | null }) {
  const t = useT();
  if (!severity) return null;
  const cls = severity === 'critical' ? 'badge--critical' : severity === 'high' ? 'badge--danger' : severity === 'medium' ? 'badge--warn' : 'badge--muted';
  return <span className={`badge ${cls}`}>{t(`detection.severity.${severity}` as MessageKey)}</span>;
}

export function ReviewBadge({ review }: { review: ReviewState }) {
  const t = useT();
  const cls = review === 'confirmed' ? 'badge--danger' : review === 'dismissed' ? 'badge--ok' : 'badge--info';
  return <span className={`badge ${cls}`} data-testid="detection-review">{t(`detection.review.${review}` as MessageKey)}</span>;
}

/** One line for lists: why it could not be analysed, or the strongest reason in the reader's language. */
export function ReasonLine({ d }: { d: Pick<DetectionSummary, 'error' | 'topReason'> }) {
  const t = useT();
  if (d.error) return <span className="cell-sub">{d.error}</span>;
  if (!d.topReason) return null;
  const key = evidenceKey(d.topReason.code);
  return (
    <span className="cell-sub">
      {key ? `${t(key)}: ` : ''}
      {d.topReason.message}
    </span>
  );
}

/** The verdict column of a detection row: kind and severity, then the strongest reason. */
export function VerdictCell({ d }: { d: DetectionSummary }) {
  const t = useT();
  return (
    <td data-label={t('detection.verdict')}>
      <span className="tags">
        <KindBadge kind={d.kind} alarm={d.alarm} />
        {d.alarm && <SeverityBadge severity={d.severity} />}
      </span>
      <ReasonLine d={d} />
    </td>
  );
}

/** The review column: only alarms are reviewed. */
export function ReviewCell({ d }: { d: DetectionSummary }) {
  const t = useT();
  return <td data-label={t('detection.review')}>{d.alarm ? <ReviewBadge review={d.review.status} /> : <span className="muted">—</span>}</td>;
}

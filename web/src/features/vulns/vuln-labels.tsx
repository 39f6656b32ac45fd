import type { TFunction } from '../../i18n/i18n-context.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { MatchStatus, Severity } from './vuln-types.ts';

/** Severity colours follow the incident priorities, so "critical" reads the same everywhere. */
const SEVERITY_CLASS: Record<Severity, string> = { none: 'badge--muted', low: 'badge--info', medium: 'badge--warn', high: 'badge--danger', critical: 'badge--critical' };

export const severityLabel = (t: TFunction, s: Severity | null) => (s ? t(`vuln.sev.${s}`) : t('vuln.sev.unknown'));

/** The CVSS score is printed next to the word: colour alone does not survive a black-and-white printout. */
export function SeverityBadge({ severity, score }: { severity: Severity | null; score?: number | null }) {
  const t = useT();
  return (
    <span className={`badge ${severity ? SEVERITY_CLASS[severity] : 'badge--muted'}`} data-testid="severity" data-severity={severity ?? ''}>
      {score !== undefined && score !== null ? `${score.toFixed(1)} · ` : ''}
      {severityLabel(t, severity)}
    </span>
  );
}

export function KevBadge({ exploited, ransomware }: { exploited: boolean; ransomware?: boolean }) {
  const t = useT();
  if (!exploited) return null;
  return (
    <>
      <span className="badge badge--critical vuln-kev" title={t('vuln.kevTitle')} data-testid="kev-badge">
        {t('vuln.kev')}
      </span>
      {ransomware && <span className="badge badge--danger">{t('vuln.ransomware')}</span>}
    </>
  );
}

export function MatchStatusBadge({ status }: { status: MatchStatus }) {
  const t = useT();
  return (
    <span className={`badge ${status === 'affected' ? 'badge--danger' : 'badge--warn'}`} data-testid="match-status" data-status={status}>
      {t(`vuln.match.${status}`)}
    </span>
  );
}

/** "2023-07" → "07/2023": months are read the Vietnamese way, like dates. */
export const formatMonth = (m: string | null) => (m && /^\d{4}-\d{2}$/.test(m) ? `${m.slice(5)}/${m.slice(0, 4)}` : (m ?? ''));

export const sourceLabel = (t: TFunction, s: string) => (['kev', 'nvd', 'msrc', 'csaf'].includes(s) ? t(`vuln.source.${s as 'kev'}`) : s);

import type { AlertGroup, AlertSeverity, GroupStatus } from '../../api/alert-types.ts';
import type { Role } from '../../api/types.ts';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime, formatTimeOfDay } from '../../lib/format.ts';

/** Who may act on alerts (acknowledge, assign, comment…): whoever edits the registry; viewers only read. */
export const canActOnAlerts = (role: Role) => role === 'admin' || role === 'coordinator' || role === 'agency_admin' || role === 'agency_member';

const SEVERITY_CLASS: Record<AlertSeverity, string> = {
  critical: 'badge--critical',
  high: 'badge--danger',
  medium: 'badge--warn',
  low: 'badge--info',
  info: 'badge--muted',
};

export function AlertSeverityBadge({ severity }: { severity: AlertSeverity | string }) {
  const t = useT();
  const cls = SEVERITY_CLASS[severity as AlertSeverity] ?? 'badge--muted';
  return (
    <span className={`badge ${cls}`} data-testid="alert-severity" data-severity={severity}>
      {t(`alert.severity.${severity}` as MessageKey)}
    </span>
  );
}

export function AlertStatusBadge({ group }: { group: Pick<AlertGroup, 'status' | 'snoozedUntil'> }) {
  const t = useT();
  const snoozed = group.status === 'triggered' && group.snoozedUntil && new Date(group.snoozedUntil).getTime() > Date.now();
  const cls = group.status === 'resolved' ? 'badge--ok' : group.status === 'acknowledged' ? 'badge--primary' : snoozed ? 'badge--muted' : 'badge--danger';
  return (
    <span className={`badge ${cls}`} data-testid="alert-status" data-status={group.status}>
      {snoozed ? t('alert.status.snoozed') : t(`alert.status.${group.status}` as GroupStatusKey)}
    </span>
  );
}
type GroupStatusKey = `alert.status.${GroupStatus}`;

const KNOWN_KINDS = new Set(['monitor.down', 'monitor.degraded', 'monitor.flapping', 'content.defacement', 'content.injection', 'content.cloaking', 'content.change']);

/** "Không truy cập được" for the kinds the UI knows; the raw kind (external.backup-failed) otherwise. */
export function kindLabel(t: TFunction, kind: string): string {
  return KNOWN_KINDS.has(kind) ? t(`alert.kind.${kind}` as MessageKey) : kind;
}

export function sourceLabel(t: TFunction, source: string): string {
  return ['monitoring', 'detection', 'external'].includes(source) ? t(`alert.source.${source}` as MessageKey) : source;
}

/** "10:35" today, "21/11/2026 10:35" on another day: escalation times are mostly minutes away. */
export function shortTime(iso: string, now = Date.now()): string {
  const sameDay = formatDateTime(iso).slice(0, 10) === formatDateTime(new Date(now).toISOString()).slice(0, 10);
  return sameDay ? formatTimeOfDay(iso) : formatDateTime(iso);
}

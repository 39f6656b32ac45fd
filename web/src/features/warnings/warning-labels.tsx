import { ApiError } from '../../api/api-error.ts';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useI18n, useT } from '../../i18n/use-t.ts';
import { numberLocale } from '../../lib/format.ts';
import type { TargetStatus, WarningStatus } from './warning-types.ts';

const WARNING_CLASS: Record<WarningStatus, string> = { draft: 'badge--muted', sent: 'badge--primary', closed: 'badge--ok' };

export function WarningStatusBadge({ status }: { status: WarningStatus }) {
  const t = useT();
  return (
    <span className={`badge ${WARNING_CLASS[status]}`} data-testid="warning-status" data-status={status}>
      {t(`warn.status.${status}`)}
    </span>
  );
}

/** Red while nothing is known, amber while being fixed, green once resolved one way or another. */
const TARGET_CLASS: Record<TargetStatus, string> = {
  received: 'badge--danger',
  acknowledged: 'badge--info',
  affected: 'badge--warn',
  not_affected: 'badge--muted',
  fixed: 'badge--ok',
  risk_accepted: 'badge--primary',
};

export const targetStatusLabel = (t: TFunction, s: TargetStatus) => t(`warn.ts.${s}`);

export function TargetStatusBadge({ status }: { status: TargetStatus }) {
  const t = useT();
  return (
    <span className={`badge ${TARGET_CLASS[status]}`} data-testid="target-status" data-status={status}>
      {targetStatusLabel(t, status)}
    </span>
  );
}

export function formatPct(p: number | null, locale: string): string {
  if (p === null || !Number.isFinite(p)) return '—';
  return `${new Intl.NumberFormat(numberLocale(locale), { maximumFractionDigits: 1 }).format(p)} %`;
}

/** A plain bar with the figure printed beside it; null (nothing to fix) shows a dash, not 0 %. */
export function PercentBar({ value, testId }: { value: number | null; testId?: string }) {
  const { locale } = useI18n();
  const width = value === null ? 0 : Math.max(0, Math.min(100, value));
  return (
    <span className="warn-bar" data-testid={testId} data-value={value ?? ''}>
      <span className="warn-bar__track" aria-hidden="true">
        <span className="warn-bar__fill" style={{ width: `${width}%` }} />
      </span>
      <span className="warn-bar__value">{formatPct(value, locale)}</span>
    </span>
  );
}

/** The server words target errors in English (target-status.ts); these are the ones an agency meets. */
const FIELD_MESSAGES: [RegExp, MessageKey][] = [
  [/^say why the system is not affected/, 'fieldMsg.warn.reason'],
  [/^give the KB installed or the version/, 'fieldMsg.warn.kbOrVersion'],
  [/^KB numbers look like/, 'fieldMsg.warn.kbForm'],
  [/^name who approved/, 'fieldMsg.warn.approver'],
  [/^give the date the acceptance ends/, 'fieldMsg.warn.expires'],
  [/^must be a date YYYY-MM-DD/, 'fieldMsg.warn.date'],
  [/^must be after today/, 'fieldMsg.warn.afterToday'],
  [/^at most \d+ days ahead/, 'fieldMsg.warn.maxDays'],
  [/^cannot go from/, 'fieldMsg.warn.transition'],
];

/** The error for one target field, in the reader's language ("kb" for "/kb"). */
export function targetFieldError(t: TFunction, err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const msg = err.fields[field] ?? Object.entries(err.fields).find(([k]) => k.endsWith(`/${field}`))?.[1];
  if (!msg) return undefined;
  const hit = FIELD_MESSAGES.find(([re]) => re.test(msg));
  return hit ? t(hit[1]) : msg;
}

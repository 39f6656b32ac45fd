/**
 * The status of one warning × system (issue 7): what the owning agency has done about a warning
 * for one of its systems. Pure rules, no I/O; the service stores and audits.
 *
 *   received → acknowledged → affected / not_affected (reason) → fixed (evidence) / risk_accepted
 *   (approver, expiry; back to affected when it expires)
 *
 * An agency may skip steps (a system patched the day the warning arrived goes straight to
 * fixed), and may correct itself (fixed → affected when the patch is rolled back). What each
 * status must carry is checked here, so the API, the bulk update and the UI agree.
 */
export const TARGET_STATUSES = ['received', 'acknowledged', 'affected', 'not_affected', 'fixed', 'risk_accepted'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** Statuses that still need action: they count as overdue after the deadline. */
export const OPEN_STATUSES: readonly TargetStatus[] = ['received', 'acknowledged', 'affected'];
export const isOpen = (s: TargetStatus): boolean => OPEN_STATUSES.includes(s);

export const STATUS_LABELS_VI: Readonly<Record<TargetStatus, string>> = {
  received: 'Đã gửi, chưa xác nhận',
  acknowledged: 'Đã tiếp nhận',
  affected: 'Bị ảnh hưởng, đang xử lý',
  not_affected: 'Không bị ảnh hưởng',
  fixed: 'Đã khắc phục',
  risk_accepted: 'Chấp nhận rủi ro',
};

/** Where each status may go. "received" is never a target: nobody un-receives a warning. */
const NEXT: Readonly<Record<TargetStatus, readonly TargetStatus[]>> = {
  received: ['acknowledged', 'affected', 'not_affected', 'fixed', 'risk_accepted'],
  acknowledged: ['affected', 'not_affected', 'fixed', 'risk_accepted'],
  affected: ['not_affected', 'fixed', 'risk_accepted'],
  not_affected: ['affected'],
  fixed: ['affected', 'not_affected'],
  risk_accepted: ['affected', 'fixed'],
};

export interface TargetUpdate {
  status: TargetStatus;
  /** Why it is not affected; also an optional note for any other change. */
  reason?: string | null;
  /** KB installed / version now running, for fixed (at least one of them). */
  kb?: string | null;
  version?: string | null;
  /** Who approved accepting the risk (name and title) and until when (YYYY-MM-DD). */
  riskApprover?: string | null;
  riskExpiresOn?: string | null;
  note?: string | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const MAX_RISK_DAYS = 366;
const KB_RE = /^(KB)?\d{6,8}$/i;

/** YYYY-MM-DD that names a real day: Date.parse accepts 2026-02-30 (as 2 March), the database does not. */
function isCalendarDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
}

const blank = (v: string | null | undefined): boolean => v === undefined || v === null || v.trim() === '';

/**
 * The problems with moving `from` to `u.status` on `today` (YYYY-MM-DD, the coordinator's time
 * zone); empty when the change is allowed. Same status again is allowed (to correct evidence).
 */
export function checkUpdate(from: TargetStatus, u: TargetUpdate, today: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!TARGET_STATUSES.includes(u.status)) return [{ field: '/status', message: `must be one of ${TARGET_STATUSES.join(', ')}` }];
  if (u.status !== from && !NEXT[from].includes(u.status)) {
    out.push({ field: '/status', message: `cannot go from "${from}" to "${u.status}"` });
    return out;
  }
  if (u.status === 'not_affected' && blank(u.reason)) out.push({ field: '/reason', message: 'say why the system is not affected' });
  if (u.status === 'fixed') {
    if (blank(u.kb) && blank(u.version)) out.push({ field: '/kb', message: 'give the KB installed or the version now running' });
    if (!blank(u.kb) && !u.kb!.split(/[\s,;]+/).filter(Boolean).every((k) => KB_RE.test(k))) out.push({ field: '/kb', message: 'KB numbers look like KB5028168' });
  }
  if (u.status === 'risk_accepted') {
    if (blank(u.riskApprover)) out.push({ field: '/riskApprover', message: 'name who approved accepting the risk' });
    if (blank(u.riskExpiresOn)) out.push({ field: '/riskExpiresOn', message: 'give the date the acceptance ends' });
    else if (!isCalendarDate(u.riskExpiresOn!)) {
      out.push({ field: '/riskExpiresOn', message: 'must be a date YYYY-MM-DD' });
    } else if (u.riskExpiresOn! <= today) out.push({ field: '/riskExpiresOn', message: 'must be after today' });
    else if (Date.parse(`${u.riskExpiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`) > MAX_RISK_DAYS * 86_400_000) {
      out.push({ field: '/riskExpiresOn', message: `at most ${MAX_RISK_DAYS} days ahead; accept again when it ends` });
    }
  }
  return out;
}

/** Normalised KB list ("kb5028168, 5028171" → ["KB5028168", "KB5028171"]). */
export function normaliseKbs(kb: string | null | undefined): string[] {
  if (blank(kb)) return [];
  return [...new Set(kb!.split(/[\s,;]+/).filter(Boolean).map((k) => `KB${k.replace(/^KB/i, '')}`))].slice(0, 20);
}

/** Board figures for a set of targets. */
export interface BoardFigures {
  systems: number;
  notAcknowledged: number;
  acknowledged: number;
  affected: number;
  notAffected: number;
  fixed: number;
  riskAccepted: number;
  open: number;
  overdue: number;
  /** fixed ÷ (systems − not affected), 0–100, one decimal; null when nothing is affected. */
  percentFixed: number | null;
  /** (fixed + not affected + risk accepted) ÷ systems. */
  percentResolved: number | null;
}

export function boardFigures(statuses: readonly TargetStatus[], overdue: boolean): BoardFigures {
  const c = (s: TargetStatus) => statuses.filter((x) => x === s).length;
  const systems = statuses.length;
  const fixed = c('fixed');
  const notAffected = c('not_affected');
  const riskAccepted = c('risk_accepted');
  const open = statuses.filter(isOpen).length;
  const pct = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);
  return {
    systems,
    notAcknowledged: c('received'),
    acknowledged: systems - c('received'),
    affected: c('affected'),
    notAffected,
    fixed,
    riskAccepted,
    open,
    overdue: overdue ? open : 0,
    percentFixed: pct(fixed, systems - notAffected),
    percentResolved: pct(fixed + notAffected + riskAccepted, systems),
  };
}

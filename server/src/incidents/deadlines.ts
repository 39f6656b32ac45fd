/**
 * Deadlines as data. A jurisdiction's rules say what is due how long after which moment:
 * "notice within 5 days of detection" (Circular 20/2017 art. 9; a province may set 3),
 * "closing report within 5 days after the response ends". Computed per incident when the
 * moment it counts from is known; a reminder goes out `remindBeforeHours` before, an
 * escalation after.
 */
export type DeadlineAnchor = 'detected_at' | 'received_at' | 'response_ended_at';
export const ANCHORS: readonly DeadlineAnchor[] = ['detected_at', 'received_at', 'response_ended_at'];

export interface DeadlineRule {
  key: string;
  label: string;
  from: DeadlineAnchor;
  /** Calendar days (the circular counts days, not working days). */
  days?: number;
  hours?: number;
  remindBeforeHours?: number;
}

export interface DeadlineDue {
  key: string;
  label: string;
  dueAt: Date;
}

export function computeDeadlines(rules: readonly DeadlineRule[], anchors: Partial<Record<DeadlineAnchor, Date | null>>): DeadlineDue[] {
  const out: DeadlineDue[] = [];
  for (const r of rules) {
    const from = anchors[r.from];
    if (!from) continue;
    const ms = ((r.days ?? 0) * 24 + (r.hours ?? 0)) * 3_600_000;
    out.push({ key: r.key, label: r.label, dueAt: new Date(from.getTime() + ms) });
  }
  return out;
}

export type DeadlineState = 'met' | 'met_late' | 'open' | 'due_soon' | 'overdue';

export function deadlineState(d: { dueAt: Date; metAt: Date | null }, now: Date, soonHours = 24): DeadlineState {
  if (d.metAt) return d.metAt <= d.dueAt ? 'met' : 'met_late';
  if (now >= d.dueAt) return 'overdue';
  return d.dueAt.getTime() - now.getTime() <= soonHours * 3_600_000 ? 'due_soon' : 'open';
}

export function rulesIssues(rules: unknown): { field: string; message: string }[] {
  if (!Array.isArray(rules) || rules.length > 20) return [{ field: '/rules', message: 'must be a list of at most 20 rules' }];
  const issues: { field: string; message: string }[] = [];
  const keys = new Set<string>();
  rules.forEach((r: Record<string, unknown>, i) => {
    const at = `/rules/${i}`;
    if (!r || typeof r !== 'object') return void issues.push({ field: at, message: 'must be a rule' });
    if (typeof r.key !== 'string' || !/^[a-z][a-z0-9_]{0,39}$/.test(r.key)) issues.push({ field: `${at}/key`, message: 'lowercase letters, digits and _ (a letter first)' });
    else if (keys.has(r.key)) issues.push({ field: `${at}/key`, message: 'used twice' });
    else keys.add(r.key);
    if (typeof r.label !== 'string' || !r.label.trim() || r.label.length > 200) issues.push({ field: `${at}/label`, message: 'must be 1 to 200 characters' });
    if (!ANCHORS.includes(r.from as DeadlineAnchor)) issues.push({ field: `${at}/from`, message: `must be one of ${ANCHORS.join(', ')}` });
    const days = r.days ?? 0;
    const hours = r.hours ?? 0;
    if (!Number.isInteger(days) || (days as number) < 0 || (days as number) > 365) issues.push({ field: `${at}/days`, message: 'must be 0 to 365' });
    if (!Number.isInteger(hours) || (hours as number) < 0 || (hours as number) > 8760) issues.push({ field: `${at}/hours`, message: 'must be 0 to 8760' });
    if ((days as number) === 0 && (hours as number) === 0) issues.push({ field: `${at}/days`, message: 'a deadline needs days or hours' });
    if (r.remindBeforeHours !== undefined && (!Number.isInteger(r.remindBeforeHours) || (r.remindBeforeHours as number) < 0 || (r.remindBeforeHours as number) > 720)) {
      issues.push({ field: `${at}/remindBeforeHours`, message: 'must be 0 to 720' });
    }
  });
  return issues;
}

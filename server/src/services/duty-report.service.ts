import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ValidationError } from '../domain/errors.ts';
import { formatLocal, naiveToInstant, parseLocalDateTime } from '../duty/local-time.ts';
import type { Clock } from '../io/clock.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { DutyReportRepository, ReportAlertGroupRow, ReportAlertRow } from '../repositories/duty-report.repository.ts';
import type { UserRepository } from '../repositories/user.repository.ts';
import type { AlertPeriodDto, ShiftView } from './duty-roster-dto.ts';
import type { DutyRosterService } from './duty-roster.service.ts';

/**
 * The daily duty report of an alert period ("Báo cáo tình hình trực ngày …"): for one local
 * day of the period, who was on duty, the hand-over notes, the alerts opened and resolved that
 * day and what was still open at its end. The day is read in the period's time zone and cut
 * to the period (the first day of Quốc khánh starts at 18:00). Scoping is the actor's, narrowed
 * to the period's agency subtree for an agency's period.
 */

/** Alert groups and ungrouped alerts, each listed once (an alert inside a listed group is the group's). */
export interface DutyReportItem {
  type: 'group' | 'alert';
  id: string;
  title: string;
  kind: string;
  severity: string;
  agencyName: string | null;
  systemName: string | null;
  alertCount: number;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** As it stood at the end of the report's window, whatever happened later. */
  statusAtEnd: 'open' | 'acknowledged' | 'resolved';
}

export interface DutyReportRoster {
  id: string;
  name: string;
  agencyName: string;
  /** Shifts overlapping the window, whole (a night shift shows its 20:00–08:00). */
  shifts: ShiftView[];
}

export interface DutyReportNote {
  id: string;
  rosterId: string;
  rosterName: string;
  at: string;
  authorName: string | null;
  text: string;
}

export interface DutyReport {
  period: AlertPeriodDto;
  date: string;
  timeZone: string;
  /** Who issues it: the period's agency, the reader's, or the province. */
  unitName: string;
  window: { start: string; end: string; startLocal: string; endLocal: string };
  rosters: DutyReportRoster[];
  handoverNotes: DutyReportNote[];
  opened: DutyReportItem[];
  resolved: DutyReportItem[];
  stillOpen: DutyReportItem[];
  /** Incidents received that day, closed that day, or open at its end (the status is as at the end). */
  incidents: DutyReportIncident[];
  summary: { opened: number; resolved: number; stillOpen: number; stillOpenCritical: number; incidentsReceived: number; incidentsOpen: number };
  /** More rows matched than a report holds; the lists are the first ones. */
  truncated: boolean;
  generatedAt: string;
}

export interface DutyReportIncident {
  id: string;
  number: string;
  title: string;
  type: string | null;
  serious: boolean;
  agencyName: string;
  receivedAt: string;
  closedAt: string | null;
  /** Received in the window, closed in it, or carried over open. */
  receivedToday: boolean;
  openAtEnd: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** Per kind (alerts, groups); a day with more is an outage the alert pages are for. */
const MAX_ROWS = 1000;
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

const iso = (d: Date | string) => new Date(d).toISOString();
const time = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

export class DutyReportService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { report: DutyReportRepository; users: UserRepository; agencies: AgencyRepository },
    private readonly duty: DutyRosterService,
    private readonly clock: Clock,
  ) {}

  /** The local day as instants, cut to the period; a 400 on /date when it is not a day of the period. */
  private window(period: AlertPeriodDto, date: string): { start: Date; end: Date } {
    const naive = DATE.test(date) ? parseLocalDateTime(`${date}T00:00`) : null;
    if (naive === null) throw new ValidationError('The report date is not valid', [{ field: '/date', message: 'must be a date YYYY-MM-DD' }]);
    const dayStart = naiveToInstant(naive, period.timeZone);
    const dayEnd = naiveToInstant(naive + DAY_MS, period.timeZone);
    const ps = new Date(period.startsAt);
    const pe = new Date(period.endsAt);
    if (dayEnd <= ps || dayStart >= pe) throw new ValidationError('The report date is not valid', [{ field: '/date', message: 'must be a day of the alert period' }]);
    return { start: dayStart < ps ? ps : dayStart, end: dayEnd > pe ? pe : dayEnd };
  }

  private async unitName(actor: Actor, period: AlertPeriodDto): Promise<string> {
    const ex = this.db;
    const own = period.agencyId ?? actor.agencyId;
    if (own) {
      const name = await this.repos.report.agencyName(ex, own);
      if (name) return name;
    }
    const roots = await this.repos.report.rootAgencyNames(ex);
    return roots.length === 1 ? roots[0]! : 'Vigil';
  }

  async daily(actor: Actor, periodId: string, date: string): Promise<DutyReport> {
    // The schedule checks the period is visible (404 otherwise) and scopes the rosters.
    const schedule = await this.duty.schedule(actor, { periodId });
    const period = schedule.period;
    const w = this.window(period, date);
    const from = w.start.getTime();
    const to = w.end.getTime();

    const rosterNames = new Map(schedule.rosters.map((r) => [r.id, r.name]));
    const rosters: DutyReportRoster[] = schedule.rosters.map((r) => ({
      id: r.id, name: r.name, agencyName: r.agencyName,
      shifts: schedule.shifts.filter((s) => s.rosterId === r.id && time(s.start)! < to && time(s.end)! > from),
    }));
    const notesInDay = schedule.handoverNotes.filter((n) => time(n.at)! >= from && time(n.at)! < to);
    const authors = new Map<string, string>();
    for (const id of new Set(notesInDay.map((n) => n.authorId).filter((x): x is string => !!x))) {
      const u = await this.repos.users.findById(this.db, id);
      if (u) authors.set(id, u.display_name);
    }
    const handoverNotes: DutyReportNote[] = notesInDay.map((n) => ({
      id: n.id, rosterId: n.rosterId, rosterName: rosterNames.get(n.rosterId) ?? n.rosterId, at: n.at,
      authorName: n.authorId ? (authors.get(n.authorId) ?? null) : null, text: n.text,
    }));

    let underPath: string | null = null;
    if (period.agencyId) underPath = (await this.repos.agencies.findById(this.db, period.agencyId))?.path ?? null;
    const q = { from: w.start, to: w.end, scope: readScope(actor), underPath, limit: MAX_ROWS };
    const groups = await this.repos.report.groupsTouching(this.db, q);
    const alerts = await this.repos.report.alertsTouching(this.db, q);
    const listedGroups = new Set(groups.map((g) => g.id));
    const items = [
      ...groups.map((g) => groupItem(g, to)),
      ...alerts.filter((a) => !a.group_id || !listedGroups.has(a.group_id)).map((a) => alertItem(a, to)),
    ].sort((a, b) => time(a.openedAt)! - time(b.openedAt)! || a.id.localeCompare(b.id));

    const incidents: DutyReportIncident[] = (await this.repos.report.incidentsTouching(this.db, { ...q, includeConfidential: actor.role === 'admin' })).map((i) => ({
      id: i.id, number: i.number, title: i.title, type: i.type, serious: i.serious, agencyName: i.agency_name, receivedAt: iso(i.received_at),
      closedAt: i.closed_at && time(i.closed_at)! < to ? iso(i.closed_at) : null,
      receivedToday: time(i.received_at)! >= from, openAtEnd: i.closed_at === null || time(i.closed_at)! >= to,
    }));

    const opened = items.filter((i) => time(i.openedAt)! >= from);
    const resolved = items.filter((i) => i.resolvedAt !== null && time(i.resolvedAt)! >= from && time(i.resolvedAt)! < to);
    // What the next shift inherits: the most severe first.
    const stillOpen = items
      .filter((i) => i.statusAtEnd !== 'resolved')
      .sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) || time(a.openedAt)! - time(b.openedAt)!);

    return {
      period,
      date,
      timeZone: period.timeZone,
      unitName: await this.unitName(actor, period),
      window: { start: w.start.toISOString(), end: w.end.toISOString(), startLocal: formatLocal(w.start, period.timeZone), endLocal: formatLocal(w.end, period.timeZone) },
      rosters,
      handoverNotes,
      opened,
      resolved,
      stillOpen,
      incidents,
      summary: {
        opened: opened.length, resolved: resolved.length, stillOpen: stillOpen.length, stillOpenCritical: stillOpen.filter((i) => i.severity === 'critical').length,
        incidentsReceived: incidents.filter((i) => i.receivedToday).length, incidentsOpen: incidents.filter((i) => i.openAtEnd).length,
      },
      truncated: groups.length >= MAX_ROWS || alerts.length >= MAX_ROWS,
      generatedAt: this.clock.now().toISOString(),
    };
  }
}

function groupItem(g: ReportAlertGroupRow, end: number): DutyReportItem {
  const resolved = g.resolved_at !== null && time(g.resolved_at)! < end;
  const acknowledged = g.acknowledged_at !== null && time(g.acknowledged_at)! < end;
  return {
    type: 'group', id: g.id, title: g.title, kind: g.kind, severity: g.severity, agencyName: g.agency_name, systemName: g.system_name,
    alertCount: Number(g.alert_count), openedAt: iso(g.opened_at), acknowledgedAt: g.acknowledged_at && iso(g.acknowledged_at), resolvedAt: g.resolved_at && iso(g.resolved_at),
    statusAtEnd: resolved ? 'resolved' : acknowledged ? 'acknowledged' : 'open',
  };
}

function alertItem(a: ReportAlertRow, end: number): DutyReportItem {
  const resolved = a.resolved_at !== null && time(a.resolved_at)! < end;
  return {
    type: 'alert', id: a.id, title: a.summary, kind: a.kind, severity: a.severity, agencyName: a.agency_name, systemName: a.system_name,
    alertCount: 1, openedAt: iso(a.opened_at), acknowledgedAt: null, resolvedAt: a.resolved_at && iso(a.resolved_at),
    statusAtEnd: resolved ? 'resolved' : 'open',
  };
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import { readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import { isCoordinator } from '../domain/incident-access.ts';
import type { Clock } from '../io/clock.ts';
import type { SystemVulnerabilityRepository } from '../repositories/system-vulnerability.repository.ts';
import type { AdvisoryRepository } from '../repositories/advisory.repository.ts';
import type { VulnWarningRepository, WarningRow } from '../repositories/vuln-warning.repository.ts';
import type { VulnWarningTargetRepository } from '../repositories/vuln-warning-target.repository.ts';
import { boardFigures, isOpen, type TargetStatus } from '../vulns/warnings/target-status.ts';
import { checkFilter, isEmptyFilter, normaliseFilter, type WarningFilter } from '../vulns/warnings/warning-filter.ts';
import type { AdvisoryCatalogueService } from './advisory-catalogue.service.ts';
import type { AdvisoryMatchService } from './advisory-match.service.ts';
import type { AuditService } from './audit.service.ts';
import { figuresByAgency, hitSystems, toWarning, type HitSystem } from './vuln-warning-dto.ts';

/** A warning may carry at most this many CVEs: a broader filter is a mistake, not a warning. */
export const MAX_WARNING_CVES = 2000;

export interface WarningInput {
  title: string;
  body?: string;
  filter: WarningFilter;
  deadline: string;
  remindBeforeHours?: number;
}

/**
 * Warning campaigns (issue 7): the coordinating unit composes a warning from a filter over the
 * catalogue, previews which agencies and systems it hits, and keeps it as a draft until it is
 * sent (WarningSendService). Agency people see the warnings that hit their systems, with the
 * figures of their own systems only.
 */
export class VulnWarningService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { warnings: VulnWarningRepository; targets: VulnWarningTargetRepository; advisories: AdvisoryRepository; vulns: SystemVulnerabilityRepository },
    private readonly catalogue: AdvisoryCatalogueService,
    private readonly matcher: AdvisoryMatchService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private assertCoordinator(actor: Actor): void {
    if (!isCoordinator(actor)) throw new ForbiddenError('Only the coordinating unit composes and sends warnings');
  }

  private checkFilterOrThrow(filter: WarningFilter): WarningFilter {
    const problems = checkFilter(filter);
    if (isEmptyFilter(filter)) problems.push({ field: '/filter', message: 'choose at least one criterion (vendor, severity, months, CVEs…)' });
    if (problems.length) throw new ValidationError('The filter is not valid', problems);
    return normaliseFilter(filter);
  }

  private async cvesFor(ex: Executor, filter: WarningFilter): Promise<string[]> {
    const cves = await this.repos.advisories.cvesFor(ex, filter, { all: true }, MAX_WARNING_CVES + 1);
    if (cves.length > MAX_WARNING_CVES) throw new ValidationError(`The filter selects more than ${MAX_WARNING_CVES} vulnerabilities; narrow it`, [{ field: '/filter', message: 'selects too many vulnerabilities' }]);
    return cves;
  }

  /**
   * The CVEs and systems a filter selects now (the whole registry: only coordinators call it).
   * The stored re-match finds the candidate systems; each is matched afresh against the
   * warning's CVEs, so what is sent carries the current reasons.
   */
  async hits(ex: Executor, filter: WarningFilter): Promise<{ cves: string[]; systems: HitSystem[] }> {
    const cves = await this.cvesFor(ex, filter);
    const candidates = await this.repos.vulns.systemsFor(ex, cves, { all: true });
    const data = await this.repos.advisories.findData(ex, cves);
    const explained = await this.matcher.explain(ex, [...data.values()].map((d) => d.data), candidates.map((c) => c.system_id));
    return { cves, systems: hitSystems(candidates, explained, filter.includePossiblyAffected !== false) };
  }

  async preview(actor: Actor, filterIn: WarningFilter) {
    this.assertCoordinator(actor);
    const filter = this.checkFilterOrThrow(filterIn);
    const { cves, systems } = await this.hits(this.db, filter);
    const summaries = await this.catalogue.summaries(this.db, await this.repos.advisories.summaries(this.db, cves.slice(0, 100), readScope(actor)), readScope(actor));
    const agencies = new Map<string, { agencyId: string; agencyName: string; systems: { systemId: string; systemName: string; matchStatus: string; cves: string[] }[] }>();
    for (const s of systems) {
      const a = agencies.get(s.agencyId) ?? { agencyId: s.agencyId, agencyName: s.agencyName, systems: [] };
      a.systems.push({ systemId: s.systemId, systemName: s.systemName, matchStatus: s.matchStatus, cves: s.cves });
      agencies.set(s.agencyId, a);
    }
    const affected = systems.filter((s) => s.matchStatus === 'affected').length;
    return {
      advisories: { total: cves.length, items: summaries },
      agencies: [...agencies.values()],
      totals: { advisories: cves.length, agencies: agencies.size, systems: systems.length, affected, possiblyAffected: systems.length - affected },
    };
  }

  private checkInput(input: Partial<WarningInput>, creating: boolean): FieldIssue[] {
    const out: FieldIssue[] = [];
    if (creating || input.title !== undefined) {
      const t = input.title?.trim() ?? '';
      if (t.length < 3 || t.length > 300) out.push({ field: '/title', message: 'must be 3 to 300 characters' });
    }
    if (input.body !== undefined && input.body.length > 10_000) out.push({ field: '/body', message: 'at most 10,000 characters' });
    if (creating || input.deadline !== undefined) {
      const d = new Date(input.deadline ?? '');
      if (Number.isNaN(d.getTime())) out.push({ field: '/deadline', message: 'must be a date and time' });
      else if (d <= this.clock.now()) out.push({ field: '/deadline', message: 'must be in the future' });
      else if (d.getTime() - this.clock.now().getTime() > 366 * 86_400_000) out.push({ field: '/deadline', message: 'at most a year ahead' });
    }
    if (input.remindBeforeHours !== undefined && !(Number.isInteger(input.remindBeforeHours) && input.remindBeforeHours >= 0 && input.remindBeforeHours <= 720)) {
      out.push({ field: '/remindBeforeHours', message: 'must be 0 to 720 hours' });
    }
    return out;
  }

  async create(actor: Actor, input: WarningInput) {
    this.assertCoordinator(actor);
    const problems = this.checkInput(input, true);
    if (problems.length) throw new ValidationError('The warning is not valid', problems);
    const filter = this.checkFilterOrThrow(input.filter);
    const now = this.clock.now();
    const row: WarningRow = {
      id: randomUUID(), number: null, title: input.title.trim(), body: input.body?.trim() ?? '', filter: filter as Record<string, unknown>,
      deadline: new Date(input.deadline), remind_before_hours: input.remindBeforeHours ?? 48, status: 'draft',
      created_by: actor.via === 'system' ? null : actor.userId, created_at: now, updated_at: now, sent_at: null, sent_by: null, closed_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await this.repos.warnings.insert(trx, row);
      await this.audit.record(trx, actor, { action: 'warning.create', entityType: 'vuln_warning', entityId: row.id, summary: row.title, after: { filter, deadline: input.deadline } });
    });
    return this.get(actor, row.id);
  }

  async update(actor: Actor, id: string, input: Partial<WarningInput>) {
    this.assertCoordinator(actor);
    const problems = this.checkInput(input, false);
    if (problems.length) throw new ValidationError('The warning is not valid', problems);
    const filter = input.filter ? this.checkFilterOrThrow(input.filter) : undefined;
    await this.db.transaction().execute(async (trx) => {
      const w = await this.repos.warnings.find(trx, id, true);
      if (!w) throw new NotFoundError('Warning');
      if (w.status !== 'draft') throw new ConflictError('A sent warning cannot be changed; close it and send a new one', [{ field: '/status', message: `is ${w.status}` }]);
      await this.repos.warnings.update(trx, id, {
        ...(input.title !== undefined ? { title: input.title.trim() } : {}),
        ...(input.body !== undefined ? { body: input.body.trim() } : {}),
        ...(filter ? { filter: filter as Record<string, unknown> } : {}),
        ...(input.deadline !== undefined ? { deadline: new Date(input.deadline) } : {}),
        ...(input.remindBeforeHours !== undefined ? { remind_before_hours: input.remindBeforeHours } : {}),
        updated_at: this.clock.now(),
      });
      await this.audit.record(trx, actor, { action: 'warning.update', entityType: 'vuln_warning', entityId: id, summary: w.title, after: input });
    });
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.assertCoordinator(actor);
    await this.db.transaction().execute(async (trx) => {
      const w = await this.repos.warnings.find(trx, id, true);
      if (!w) throw new NotFoundError('Warning');
      if (w.status !== 'draft') throw new ConflictError('Only a draft can be deleted; close a sent warning instead');
      await this.repos.warnings.delete(trx, id);
      await this.audit.record(trx, actor, { action: 'warning.delete', entityType: 'vuln_warning', entityId: id, summary: w.title });
    });
  }

  async close(actor: Actor, id: string) {
    await this.visible(actor, id);
    this.assertCoordinator(actor);
    await this.db.transaction().execute(async (trx) => {
      const w = await this.repos.warnings.find(trx, id, true);
      if (!w) throw new NotFoundError('Warning');
      if (w.status !== 'sent') throw new ConflictError(`Only a sent warning can be closed (this one is ${w.status})`);
      const now = this.clock.now();
      await this.repos.warnings.update(trx, id, { status: 'closed', closed_at: now, updated_at: now });
      await this.audit.record(trx, actor, { action: 'warning.close', entityType: 'vuln_warning', entityId: id, summary: w.title });
    });
    return this.get(actor, id);
  }

  /** The warning as the actor may see it, or 404. */
  async visible(actor: Actor, id: string) {
    const w = await this.repos.warnings.find(this.db, id);
    if (!w) throw new NotFoundError('Warning');
    if (!isCoordinator(actor)) {
      if (w.status === 'draft') throw new NotFoundError('Warning');
      const mine = await this.repos.targets.list(this.db, { warningId: id, scope: readScope(actor), limit: 1 });
      if (mine.length === 0) throw new NotFoundError('Warning');
    }
    return w;
  }

  async list(actor: Actor, q: { status?: string }) {
    const scope = readScope(actor);
    const rows = await this.repos.warnings.list(this.db, { scope, coordinator: isCoordinator(actor), status: q.status, limit: 500 });
    const ids = rows.map((r) => r.id);
    const counts = await this.repos.warnings.cveCounts(this.db, ids);
    const statuses = await this.repos.targets.statuses(this.db, ids, scope);
    const now = this.clock.now();
    return rows.map((w) => {
      const mine = statuses.filter((s) => s.warning_id === w.id).map((s) => s.status);
      return toWarning(w, counts.get(w.id) ?? 0, boardFigures(mine, w.status === 'sent' && w.deadline <= now));
    });
  }

  async get(actor: Actor, id: string) {
    const w = await this.visible(actor, id);
    const scope = readScope(actor);
    const cves = w.status === 'draft' ? await this.cvesFor(this.db, w.filter as WarningFilter) : await this.repos.warnings.advisoryCves(this.db, id);
    const advisories = await this.catalogue.summaries(this.db, await this.repos.advisories.summaries(this.db, cves, scope), scope);
    const statuses = await this.repos.targets.statuses(this.db, [id], scope);
    const board = figuresByAgency(statuses, w.status === 'sent' && w.deadline <= this.clock.now());
    const delivery = new Map((await this.repos.warnings.agencies(this.db, id)).map((a) => [a.agency_id, a]));
    return {
      ...toWarning(w, cves.length, board.totals),
      advisories,
      agencies: board.agencies.map((a) => ({
        ...a,
        notifiedAt: delivery.get(a.agencyId)?.notified_at?.toISOString() ?? null,
        acknowledgedAt: delivery.get(a.agencyId)?.acknowledged_at?.toISOString() ?? null,
      })),
    };
  }

  /** Per agency across the sent (running) warnings: how far each one is. */
  async agencyBoard(actor: Actor) {
    const scope = readScope(actor);
    const rows = await this.repos.warnings.list(this.db, { scope, coordinator: isCoordinator(actor), status: 'sent', limit: 500 });
    const now = this.clock.now();
    const overdueIds = new Set(rows.filter((w) => w.deadline <= now).map((w) => w.id));
    const statuses = await this.repos.targets.statuses(this.db, rows.map((w) => w.id), scope);
    const by = new Map<string, { agencyId: string; agencyName: string; warnings: Set<string>; all: TargetStatus[]; late: TargetStatus[] }>();
    for (const r of statuses) {
      const a = by.get(r.agency_id) ?? { agencyId: r.agency_id, agencyName: r.agency_name, warnings: new Set<string>(), all: [], late: [] };
      a.warnings.add(r.warning_id);
      a.all.push(r.status);
      if (overdueIds.has(r.warning_id)) a.late.push(r.status);
      by.set(r.agency_id, a);
    }
    return [...by.values()]
      .map((a) => ({ agencyId: a.agencyId, agencyName: a.agencyName, warnings: a.warnings.size, ...boardFigures(a.all, false), overdue: a.late.filter(isOpen).length }))
      .sort((x, y) => y.overdue - x.overdue || (x.percentFixed ?? 100) - (y.percentFixed ?? 100) || x.agencyName.localeCompare(y.agencyName, 'vi'));
  }
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import { assertCanEditRegistry, inScope, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import { toMaintenanceDto, validateTiming, type MaintenanceWindowDto, type MaintenanceWindowInput } from '../monitoring/maintenance-dto.ts';
import type { MonitorBus } from '../monitoring/monitor-bus.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { MaintenanceWindowRepository, MaintenanceWindowRow } from '../repositories/maintenance-window.repository.ts';
import type { MonitorRepository } from '../repositories/monitor.repository.ts';
import type { SystemRepository } from '../repositories/system.repository.ts';
import type { AuditService } from './audit.service.ts';

/**
 * Maintenance windows: while one covers a monitor (directly, through its system, or through
 * its agency and the agencies above it), state changes are still recorded but open no alert.
 * Scoped like the registry: a window is visible to whoever sees the agency it is attached to
 * (the covered agency, or the owner of the covered system or monitor), and changed by those
 * who may change that agency's registry entries.
 */
export class MaintenanceService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { windows: MaintenanceWindowRepository; monitors: MonitorRepository; systems: SystemRepository; agencies: AgencyRepository },
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly bus: MonitorBus,
  ) {}

  private async getVisible(ex: Executor, actor: Actor, id: string) {
    const w = await this.repos.windows.findById(ex, id);
    if (!w || !inScope(readScope(actor), w.agency_path)) throw new NotFoundError('Maintenance window');
    return w;
  }

  async get(actor: Actor, id: string): Promise<MaintenanceWindowDto> {
    return toMaintenanceDto(await this.getVisible(this.db, actor, id));
  }

  async list(actor: Actor, q: { monitorId?: string; systemId?: string; limit: number; offset: number }): Promise<{ items: MaintenanceWindowDto[]; total: number }> {
    const r = await this.repos.windows.list(this.db, { scope: readScope(actor), ...q });
    return { items: r.items.map(toMaintenanceDto), total: r.total };
  }

  /** Resolves what the window is attached to, checking the actor may change it. */
  private async target(ex: Executor, actor: Actor, i: MaintenanceWindowInput): Promise<Pick<MaintenanceWindowRow, 'scope' | 'monitor_id' | 'system_id' | 'agency_id'>> {
    assertCanEditRegistry(actor);
    const scope = readScope(actor);
    const notFound = (field: string, what: string) => new ValidationError(`${what} not found`, [{ field, message: `no such ${what.toLowerCase()}` }]);
    const mustOwn = (path: string) => {
      if (!inScope(scope, path)) throw new ForbiddenError('Only the owning agency can schedule maintenance for this');
    };
    switch (i.scope) {
      case 'monitor': {
        const m = i.monitorId ? await this.repos.monitors.findById(ex, i.monitorId) : undefined;
        if (!m || !(inScope(scope, m.owner_agency_path) || (m.operator_agency_path && inScope(scope, m.operator_agency_path)))) throw notFound('/monitorId', 'Monitor');
        mustOwn(m.owner_agency_path);
        return { scope: 'monitor', monitor_id: m.id, system_id: m.system_id, agency_id: m.agency_id };
      }
      case 'system': {
        const s = i.systemId ? await this.repos.systems.findById(ex, i.systemId) : undefined;
        if (!s || !(inScope(scope, s.owner_agency_path) || (s.operator_agency_path && inScope(scope, s.operator_agency_path)))) throw notFound('/systemId', 'System');
        mustOwn(s.owner_agency_path);
        return { scope: 'system', monitor_id: null, system_id: s.id, agency_id: s.owner_agency_id };
      }
      case 'agency': {
        const a = i.agencyId ? await this.repos.agencies.findById(ex, i.agencyId) : undefined;
        if (!a || !inScope(scope, a.path)) throw notFound('/agencyId', 'Agency');
        return { scope: 'agency', monitor_id: null, system_id: null, agency_id: a.id };
      }
      default:
        throw new ValidationError('Unknown scope', [{ field: '/scope', message: 'must be monitor, system or agency' }]);
    }
  }

  async create(actor: Actor, input: MaintenanceWindowInput): Promise<MaintenanceWindowDto> {
    const { issues, timing } = validateTiming(input);
    if (issues.length) throw new ValidationError('The maintenance window is not valid', issues);
    const dto = await this.db.transaction().execute(async (trx) => {
      const target = await this.target(trx, actor, input);
      const now = this.clock.now();
      const row: MaintenanceWindowRow = {
        id: randomUUID(), ...target, title: input.title.trim(), kind: input.kind, ...timing,
        created_by: actor.via === 'system' ? null : actor.userId, created_at: now, updated_at: now,
      };
      await this.repos.windows.insert(trx, row);
      const dto = toMaintenanceDto((await this.repos.windows.findById(trx, row.id))!);
      await this.audit.record(trx, actor, { action: 'maintenance.create', entityType: 'maintenance_window', entityId: row.id, agencyId: row.agency_id, summary: row.title, after: dto });
      return dto;
    });
    this.bus.emit('maintenance', { id: dto.id });
    return dto;
  }

  async update(actor: Actor, id: string, patch: Partial<MaintenanceWindowInput>): Promise<MaintenanceWindowDto> {
    const dto = await this.db.transaction().execute(async (trx) => {
      const before = await this.getVisible(trx, actor, id);
      const beforeDto = toMaintenanceDto(before);
      // The merged window is validated as a whole; fields of the other kind are dropped.
      const merged: MaintenanceWindowInput = { ...beforeDto, ...patch } as MaintenanceWindowInput;
      const { issues, timing } = validateTiming(merged);
      if (issues.length) throw new ValidationError('The maintenance window is not valid', issues);
      const target = await this.target(trx, actor, merged);
      await this.repos.windows.update(trx, id, { ...target, title: merged.title.trim(), kind: merged.kind, ...timing, updated_at: this.clock.now() });
      const after = toMaintenanceDto((await this.repos.windows.findById(trx, id))!);
      await this.audit.record(trx, actor, { action: 'maintenance.update', entityType: 'maintenance_window', entityId: id, agencyId: after.agencyId, summary: after.title, before: beforeDto, after });
      return after;
    });
    this.bus.emit('maintenance', { id });
    return dto;
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.getVisible(trx, actor, id);
      await this.target(trx, actor, toMaintenanceDto(before) as MaintenanceWindowInput);
      await this.repos.windows.delete(trx, id);
      await this.audit.record(trx, actor, { action: 'maintenance.delete', entityType: 'maintenance_window', entityId: id, agencyId: before.agency_id, summary: before.title, before: toMaintenanceDto(before) });
    });
    this.bus.emit('maintenance', { id });
  }
}

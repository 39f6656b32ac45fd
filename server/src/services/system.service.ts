import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { InformationSystem, SystemCreate, SystemListQuery, SystemUpdate } from '../contracts/system.schema.ts';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import { assertCanEditRegistry, inScope, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { SoftwareRow, SystemRepository, SystemRow, SystemWithNames } from '../repositories/system.repository.ts';
import type { AuditService } from './audit.service.ts';

export function toSystemDto(s: SystemWithNames, software: SoftwareRow[]): InformationSystem {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    ownerAgencyId: s.owner_agency_id,
    ownerAgencyName: s.owner_agency_name,
    operatorAgencyId: s.operator_agency_id,
    operatorAgencyName: s.operator_agency_name,
    securityLevel: s.security_level,
    criticalNational: s.critical_national,
    internal: s.internal ?? false,
    urls: s.urls,
    domains: s.domains,
    ipAddresses: s.ip_addresses,
    hostingProvider: s.hosting_provider,
    tags: s.tags,
    software: software.map((w) => ({ vendor: w.vendor, product: w.product, version: w.version, cpe: w.cpe })),
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
  };
}

const SORTS = { name: 'name', securityLevel: 'security_level', createdAt: 'created_at', updatedAt: 'updated_at' } as const;

/** Domains are compared and stored lower-case without a trailing dot. */
const normDomain = (d: string) => d.trim().toLowerCase().replace(/\.$/, '');

export class SystemService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: SystemRepository,
    private readonly agencies: AgencyRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private visible(actor: Actor, s: SystemWithNames | undefined): s is SystemWithNames {
    if (!s) return false;
    const scope = readScope(actor);
    return inScope(scope, s.owner_agency_path) || (s.operator_agency_path !== null && inScope(scope, s.operator_agency_path));
  }

  async getVisible(ex: Executor, actor: Actor, id: string): Promise<SystemWithNames> {
    const s = await this.repo.findById(ex, id);
    if (!this.visible(actor, s)) throw new NotFoundError('Information system');
    return s;
  }

  /** Changes need the owner in scope; an operator-only view is read-only. */
  private assertOwns(actor: Actor, s: SystemWithNames): void {
    assertCanEditRegistry(actor);
    if (!inScope(readScope(actor), s.owner_agency_path)) throw new ForbiddenError('Only the owning agency can change this system');
  }

  async get(actor: Actor, id: string): Promise<InformationSystem> {
    const s = await this.getVisible(this.db, actor, id);
    return toSystemDto(s, await this.repo.softwareFor(this.db, [id]));
  }

  async list(actor: Actor, q: SystemListQuery & { limit: number; offset: number }): Promise<{ items: InformationSystem[]; total: number }> {
    let agencyPath: string | undefined;
    let agencyId: string | undefined;
    if (q.agencyId) {
      const a = await this.agencies.findById(this.db, q.agencyId);
      // An agency filter outside the scope simply matches nothing.
      if (!a || !inScope(readScope(actor), a.path)) return { items: [], total: 0 };
      if (q.includeSubAgencies === false) agencyId = a.id;
      else agencyPath = a.path;
    }
    const { items, total } = await this.repo.list(this.db, {
      scope: readScope(actor),
      q: q.q,
      agencyPath,
      agencyId,
      securityLevel: q.securityLevel,
      minSecurityLevel: q.minSecurityLevel,
      criticalNational: q.criticalNational,
      tag: q.tag,
      sort: SORTS[q.sort ?? 'name'],
      order: q.order ?? 'asc',
      limit: q.limit,
      offset: q.offset,
    });
    const software = await this.repo.softwareFor(this.db, items.map((s) => s.id));
    return { items: items.map((s) => toSystemDto(s, software.filter((w) => w.system_id === s.id))), total };
  }

  private async checkAgencies(ex: Executor, actor: Actor, owner: string | undefined, operator: string | null | undefined): Promise<void> {
    const scope = readScope(actor);
    if (owner !== undefined) {
      const a = await this.agencies.findById(ex, owner);
      if (!a || !inScope(scope, a.path)) throw new ValidationError('Owner agency not found', [{ field: '/ownerAgencyId', message: 'no such agency' }]);
    }
    // The operator may be outside the actor's subtree (e.g. the provincial data centre), but must exist.
    if (operator) {
      const a = await this.agencies.findById(ex, operator);
      if (!a) throw new ValidationError('Operating agency not found', [{ field: '/operatorAgencyId', message: 'no such agency' }]);
    }
  }

  private softwareRows(systemId: string, sw: SystemCreate['software']): SoftwareRow[] {
    return (sw ?? []).map((w, i) => ({
      id: randomUUID(), system_id: systemId, vendor: w.vendor.trim(), product: w.product.trim(),
      version: w.version?.trim() || null, cpe: w.cpe ?? null, position: i,
    }));
  }

  /** Marking a system internal lets its monitors reach private networks: administrators only. */
  private assertCanSetInternal(actor: Actor, wanted: boolean | undefined, current: boolean): void {
    if (wanted !== undefined && wanted !== current && actor.role !== 'admin') {
      throw new ForbiddenError('Only administrators can mark a system as internal');
    }
  }

  async create(actor: Actor, input: SystemCreate, ex?: Executor): Promise<InformationSystem> {
    assertCanEditRegistry(actor);
    this.assertCanSetInternal(actor, input.internal, false);
    const run = async (trx: Executor) => {
      await this.checkAgencies(trx, actor, input.ownerAgencyId, input.operatorAgencyId);
      if (await this.repo.findByOwnerAndName(trx, input.ownerAgencyId, input.name.trim())) {
        throw new ConflictError('This agency already has a system with this name', [{ field: '/name', message: 'already exists for this owner' }]);
      }
      const now = this.clock.now();
      const id = randomUUID();
      const row: SystemRow = {
        id,
        name: input.name.trim(),
        description: input.description ?? null,
        owner_agency_id: input.ownerAgencyId,
        operator_agency_id: input.operatorAgencyId ?? null,
        security_level: input.securityLevel,
        critical_national: input.criticalNational ?? false,
        internal: input.internal ?? false,
        urls: input.urls ?? [],
        domains: [...new Set((input.domains ?? []).map(normDomain))],
        ip_addresses: input.ipAddresses ?? [],
        hosting_provider: input.hostingProvider ?? null,
        tags: input.tags ?? [],
        created_at: now,
        updated_at: now,
      };
      await this.repo.insert(trx, row);
      const software = this.softwareRows(id, input.software);
      await this.repo.replaceSoftware(trx, id, software);
      const dto = toSystemDto((await this.repo.findById(trx, id))!, software);
      await this.audit.record(trx, actor, {
        action: 'system.create', entityType: 'system', entityId: id, agencyId: row.owner_agency_id, summary: row.name, after: dto,
      });
      return dto;
    };
    return ex ? run(ex) : this.db.transaction().execute(run);
  }

  async update(actor: Actor, id: string, patch: SystemUpdate, ex?: Executor): Promise<InformationSystem> {
    const run = async (trx: Executor) => {
      const before = await this.getVisible(trx, actor, id);
      this.assertOwns(actor, before);
      this.assertCanSetInternal(actor, patch.internal, before.internal ?? false);
      await this.checkAgencies(trx, actor, patch.ownerAgencyId, patch.operatorAgencyId);
      const owner = patch.ownerAgencyId ?? before.owner_agency_id;
      const name = patch.name?.trim() ?? before.name;
      if ((patch.name !== undefined || patch.ownerAgencyId !== undefined)) {
        const clash = await this.repo.findByOwnerAndName(trx, owner, name);
        if (clash && clash.id !== id) throw new ConflictError('This agency already has a system with this name', [{ field: '/name', message: 'already exists for this owner' }]);
      }
      const beforeSoftware = await this.repo.softwareFor(trx, [id]);
      await this.repo.update(trx, id, {
        ...(patch.name !== undefined && { name }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.ownerAgencyId !== undefined && { owner_agency_id: patch.ownerAgencyId }),
        ...(patch.operatorAgencyId !== undefined && { operator_agency_id: patch.operatorAgencyId }),
        ...(patch.securityLevel !== undefined && { security_level: patch.securityLevel }),
        ...(patch.criticalNational !== undefined && { critical_national: patch.criticalNational }),
        ...(patch.internal !== undefined && { internal: patch.internal }),
        ...(patch.urls !== undefined && { urls: patch.urls }),
        ...(patch.domains !== undefined && { domains: [...new Set(patch.domains.map(normDomain))] }),
        ...(patch.ipAddresses !== undefined && { ip_addresses: patch.ipAddresses }),
        ...(patch.hostingProvider !== undefined && { hosting_provider: patch.hostingProvider }),
        ...(patch.tags !== undefined && { tags: patch.tags }),
        updated_at: this.clock.now(),
      });
      const software = patch.software !== undefined ? this.softwareRows(id, patch.software) : beforeSoftware;
      if (patch.software !== undefined) await this.repo.replaceSoftware(trx, id, software);
      const after = toSystemDto((await this.repo.findById(trx, id))!, software);
      await this.audit.record(trx, actor, {
        action: 'system.update', entityType: 'system', entityId: id, agencyId: after.ownerAgencyId, summary: after.name,
        before: toSystemDto(before, beforeSoftware), after,
      });
      return after;
    };
    return ex ? run(ex) : this.db.transaction().execute(run);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.getVisible(trx, actor, id);
      this.assertOwns(actor, before);
      const software = await this.repo.softwareFor(trx, [id]);
      await this.repo.delete(trx, id);
      await this.audit.record(trx, actor, {
        action: 'system.delete', entityType: 'system', entityId: id, agencyId: before.owner_agency_id, summary: before.name,
        before: toSystemDto(before, software),
      });
    });
  }

  /** For imports: the id of the system an (owner, name) pair already names, if any. */
  async findIdByOwnerAndName(ex: Executor, ownerAgencyId: string, name: string): Promise<string | null> {
    return (await this.repo.findByOwnerAndName(ex, ownerAgencyId, name))?.id ?? null;
  }
}

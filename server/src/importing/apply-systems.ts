import type { SystemCreate, SystemUpdate } from '../contracts/system.schema.ts';
import { inScope } from '../domain/access-policy.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { SystemRepository, SystemWithNames } from '../repositories/system.repository.ts';
import type { SystemService } from '../services/system.service.ts';
import { findAgency, patchIfChanged, unknownAgency, type ApplyContext, type ApplyOutcome, type RowApplier } from './apply-common.ts';
import type { SystemDraft } from './system-table.ts';

/**
 * Systems are matched by (owner agency, name), case-insensitively, as the database's unique
 * index does. The owner must be in the actor's subtree.
 *
 * The system service lets the operator be any agency (the provincial data centre runs systems
 * for everyone). By id that is safe; by code it would let an agency user probe which codes
 * exist elsewhere. So an operator outside the actor's subtree is accepted only if the actor
 * already sees it on one of their systems, which is also all their own export can contain.
 */
export class SystemApplier implements RowApplier<SystemDraft> {
  /** Lower-cased operator code → id, or null when unknown to the actor. */
  private readonly operators = new Map<string, string | null>();

  constructor(
    private readonly ctx: ApplyContext,
    private readonly service: SystemService,
    private readonly repo: SystemRepository,
  ) {}

  private async operatorId(d: SystemDraft): Promise<string | null | undefined> {
    if (d.operatorCode === undefined || d.operatorCode === null) return d.operatorCode;
    const key = d.operatorCode.toLowerCase();
    if (!this.operators.has(key)) this.operators.set(key, await this.knownAgencyId(d.operatorCode));
    const id = this.operators.get(key);
    if (!id) throw unknownAgency('operatorCode', d.operatorCode);
    return id;
  }

  private async knownAgencyId(code: string): Promise<string | null> {
    const a = await findAgency(this.ctx, code);
    if (!a) return null;
    if (inScope(this.ctx.scope, a.path)) return a.id;
    // Visible systems owned or operated by this agency: the actor already sees its name on them.
    const seen = await this.repo.list(this.ctx.trx, { scope: this.ctx.scope, agencyId: a.id, sort: 'name', order: 'asc', limit: 1, offset: 0 });
    return seen.total > 0 ? a.id : null;
  }

  /** The system the actor can see under this owner and name, if any. */
  private async visibleExisting(ownerId: string, name: string): Promise<SystemWithNames | null> {
    const id = await this.service.findIdByOwnerAndName(this.ctx.trx, ownerId, name);
    if (!id) return null;
    try {
      return await this.service.getVisible(this.ctx.trx, this.ctx.actor, id);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  async apply(d: SystemDraft): Promise<ApplyOutcome> {
    const { actor, scope, trx } = this.ctx;
    const name = d.name.trim();
    const owner = await findAgency(this.ctx, d.ownerCode);
    const operatorAgencyId = await this.operatorId(d);
    // A system the actor sees only as its operator is exported with its real owner's code.
    // Reading such a row back is fine while it is unchanged; otherwise the owner code is
    // "unknown", exactly as for an agency that does not exist.
    const existing = owner ? await this.visibleExisting(owner.id, name) : null;
    if (!owner || (!inScope(scope, owner.path) && !existing)) throw unknownAgency('ownerCode', d.ownerCode);

    if (!existing) {
      const input: SystemCreate = {
        name,
        ownerAgencyId: owner.id,
        securityLevel: d.securityLevel!,
        ...(d.description !== undefined && { description: d.description }),
        ...(operatorAgencyId !== undefined && { operatorAgencyId }),
        ...(d.criticalNational !== undefined && { criticalNational: d.criticalNational }),
        ...(d.urls !== undefined && { urls: d.urls }),
        ...(d.domains !== undefined && { domains: d.domains }),
        ...(d.ipAddresses !== undefined && { ipAddresses: d.ipAddresses }),
        ...(d.hostingProvider !== undefined && { hostingProvider: d.hostingProvider }),
        ...(d.tags !== undefined && { tags: d.tags }),
        ...(d.software !== undefined && { software: d.software }),
      };
      await this.service.create(actor, input, trx);
      return 'created';
    }

    const software = (await this.repo.softwareFor(trx, [existing.id])).map((w) => ({
      vendor: w.vendor, product: w.product, version: w.version, cpe: w.cpe,
    }));
    const patch: SystemUpdate = {};
    patchIfChanged(patch, 'name', name, existing.name);
    patchIfChanged(patch, 'description', d.description, existing.description);
    patchIfChanged(patch, 'operatorAgencyId', operatorAgencyId, existing.operator_agency_id);
    patchIfChanged(patch, 'securityLevel', d.securityLevel, existing.security_level);
    patchIfChanged(patch, 'criticalNational', d.criticalNational, existing.critical_national);
    patchIfChanged(patch, 'urls', d.urls, existing.urls);
    patchIfChanged(patch, 'domains', d.domains, existing.domains);
    patchIfChanged(patch, 'ipAddresses', d.ipAddresses, existing.ip_addresses);
    patchIfChanged(patch, 'hostingProvider', d.hostingProvider, existing.hosting_provider);
    patchIfChanged(patch, 'tags', d.tags, existing.tags);
    patchIfChanged(patch, 'software', d.software, software);
    if (Object.keys(patch).length === 0) return 'unchanged';
    // For an operator-only view the service refuses with "Only the owning agency can change this system".
    await this.service.update(actor, existing.id, patch, trx);
    return 'updated';
  }
}

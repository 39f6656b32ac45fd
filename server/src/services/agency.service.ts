import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AgencyCreate, AgencyUpdate, Agency } from '../contracts/agency.schema.ts';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import { assertCanEditAgencies, inScope, isOwnRoot, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import type { AgencyRepository, AgencyRow, AgencyListQuery } from '../repositories/agency.repository.ts';
import type { AuditService } from './audit.service.ts';

export function toAgencyDto(r: AgencyRow, visibleParent = true): Agency {
  return {
    id: r.id,
    parentId: visibleParent ? r.parent_id : null,
    code: r.code,
    name: r.name,
    kind: r.kind,
    address: r.address,
    intakeEmail: r.intake_email,
    intakePhone: r.intake_phone,
    depth: r.depth,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export class AgencyService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: AgencyRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The agency if the actor may see it; otherwise NotFound, whether or not it exists. */
  async getVisible(ex: Executor, actor: Actor, id: string): Promise<AgencyRow> {
    const row = await this.repo.findById(ex, id);
    if (!row || !inScope(readScope(actor), row.path)) throw new NotFoundError('Agency');
    return row;
  }

  async get(actor: Actor, id: string): Promise<Agency> {
    const row = await this.getVisible(this.db, actor, id);
    return this.dto(actor, row);
  }

  async list(actor: Actor, q: Omit<AgencyListQuery, 'scope'>): Promise<{ items: Agency[]; total: number }> {
    const { items, total } = await this.repo.list(this.db, { ...q, scope: readScope(actor) });
    return { items: items.map((r) => this.dto(actor, r)), total };
  }

  async tree(actor: Actor): Promise<Agency[]> {
    const rows = await this.repo.listAll(this.db, readScope(actor));
    return rows.map((r) => this.dto(actor, r));
  }

  async create(actor: Actor, input: AgencyCreate, ex?: Executor): Promise<Agency> {
    assertCanEditAgencies(actor);
    const run = async (trx: Executor) => {
      let parent: AgencyRow | null = null;
      if (input.parentId) {
        parent = (await this.repo.findById(trx, input.parentId)) ?? null;
        if (!parent || !inScope(readScope(actor), parent.path)) {
          throw new ValidationError('Parent agency not found', [{ field: '/parentId', message: 'no such agency' }]);
        }
      } else if (!readScope(actor).all) {
        throw new ValidationError('A parent agency is required', [{ field: '/parentId', message: 'choose the parent agency' }]);
      }
      await this.assertCodeFree(trx, input.code);
      const id = randomUUID();
      const now = this.clock.now();
      const row: AgencyRow = {
        id,
        parent_id: parent?.id ?? null,
        path: `${parent?.path ?? '/'}${id}/`,
        depth: (parent?.depth ?? -1) + 1,
        code: input.code.trim(),
        name: input.name.trim(),
        kind: input.kind,
        address: input.address ?? null,
        intake_email: input.intakeEmail ?? null,
        intake_phone: input.intakePhone ?? null,
        created_at: now,
        updated_at: now,
      };
      await this.repo.insert(trx, row);
      await this.audit.record(trx, actor, {
        action: 'agency.create', entityType: 'agency', entityId: id, agencyId: id,
        summary: `${row.code} ${row.name}`, after: toAgencyDto(row),
      });
      return this.dto(actor, row);
    };
    return ex ? run(ex) : this.db.transaction().execute(run);
  }

  async update(actor: Actor, id: string, patch: AgencyUpdate, ex?: Executor): Promise<Agency> {
    const run = async (trx: Executor) => {
      const before = await this.getVisible(trx, actor, id);
      assertCanEditAgencies(actor);
      const next: Partial<AgencyRow> = { updated_at: this.clock.now() };
      if (patch.code !== undefined && patch.code.toLowerCase() !== before.code.toLowerCase()) {
        await this.assertCodeFree(trx, patch.code);
      }
      if (patch.code !== undefined) next.code = patch.code.trim();
      if (patch.name !== undefined) next.name = patch.name.trim();
      if (patch.kind !== undefined) next.kind = patch.kind;
      if (patch.address !== undefined) next.address = patch.address;
      if (patch.intakeEmail !== undefined) next.intake_email = patch.intakeEmail;
      if (patch.intakePhone !== undefined) next.intake_phone = patch.intakePhone;
      if (patch.parentId !== undefined && patch.parentId !== before.parent_id) {
        await this.move(trx, actor, before, patch.parentId);
      }
      await this.repo.update(trx, id, next);
      const after = (await this.repo.findById(trx, id))!;
      await this.audit.record(trx, actor, {
        action: 'agency.update', entityType: 'agency', entityId: id, agencyId: id,
        summary: `${after.code} ${after.name}`, before: toAgencyDto(before), after: toAgencyDto(after),
      });
      return this.dto(actor, after);
    };
    return ex ? run(ex) : this.db.transaction().execute(run);
  }

  private async move(trx: Executor, actor: Actor, agency: AgencyRow, newParentId: string | null): Promise<void> {
    if (isOwnRoot(actor, agency.id)) throw new ForbiddenError('You cannot move your own agency');
    let newPrefix: string;
    let newDepth: number;
    if (newParentId === null) {
      if (!readScope(actor).all) {
        throw new ValidationError('A parent agency is required', [{ field: '/parentId', message: 'choose the parent agency' }]);
      }
      newPrefix = `/${agency.id}/`;
      newDepth = 0;
    } else {
      const parent = await this.repo.findById(trx, newParentId);
      if (!parent || !inScope(readScope(actor), parent.path)) {
        throw new ValidationError('Parent agency not found', [{ field: '/parentId', message: 'no such agency' }]);
      }
      if (parent.path.startsWith(agency.path)) {
        throw new ValidationError('An agency cannot be moved under itself', [{ field: '/parentId', message: 'would create a cycle' }]);
      }
      newPrefix = `${parent.path}${agency.id}/`;
      newDepth = parent.depth + 1;
    }
    await this.repo.update(trx, agency.id, { parent_id: newParentId });
    await this.repo.movePaths(trx, agency.path, newPrefix, newDepth - agency.depth);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.getVisible(trx, actor, id);
      assertCanEditAgencies(actor);
      if (isOwnRoot(actor, id)) throw new ForbiddenError('You cannot delete your own agency');
      const deps = await this.repo.countDependents(trx, id);
      const blocking = Object.entries(deps).filter(([, n]) => n > 0);
      if (blocking.length) {
        throw new ConflictError(`The agency still has ${blocking.map(([k, n]) => `${n} ${k}`).join(', ')}; move or delete them first`);
      }
      await this.repo.delete(trx, id);
      await this.audit.record(trx, actor, {
        action: 'agency.delete', entityType: 'agency', entityId: id, agencyId: before.parent_id,
        summary: `${before.code} ${before.name}`, before: toAgencyDto(before),
      });
    });
  }

  private async assertCodeFree(ex: Executor, code: string): Promise<void> {
    if (await this.repo.findByCode(ex, code.trim())) {
      throw new ConflictError('An agency with this code already exists', [{ field: '/code', message: 'already in use' }]);
    }
  }

  /** The scope root's parent is outside the actor's view: do not reveal its id. */
  private dto(actor: Actor, r: AgencyRow): Agency {
    const scope = readScope(actor);
    const parentVisible = scope.all || (r.path !== scope.pathPrefix);
    return toAgencyDto(r, parentVisible);
  }
}

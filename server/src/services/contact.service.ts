import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ContactCreate, ContactListQuery, ContactPoint, ContactUpdate } from '../contracts/contact.schema.ts';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import { assertCanEditRegistry, inScope, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { ContactRepository, ContactRow, ContactWithAgency } from '../repositories/contact.repository.ts';
import type { AuditService } from './audit.service.ts';

export function toContactDto(c: ContactWithAgency): ContactPoint {
  return {
    id: c.id,
    agencyId: c.agency_id,
    agencyName: c.agency_name,
    priority: c.priority,
    availability: c.availability,
    name: c.name,
    title: c.title,
    phone: c.phone,
    mobile: c.mobile,
    email: c.email,
    messaging: c.messaging ?? {},
    lastVerifiedAt: c.last_verified_at?.toISOString() ?? null,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
  };
}

/** The history keeps the contact's own fields only (not derived agency names). */
function historyView(c: ContactWithAgency) {
  const { agencyName: _n, createdAt: _c, updatedAt: _u, ...rest } = toContactDto(c);
  return rest;
}

const SORTS = { name: 'name', agency: 'agency', lastVerifiedAt: 'last_verified_at', updatedAt: 'updated_at' } as const;

/**
 * 24/7 contact points (đầu mối). The rules require changes to be notified within 24 h, so every
 * change is kept in the contact's own history as well as the audit log.
 */
export class ContactService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: ContactRepository,
    private readonly agencies: AgencyRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async getVisible(ex: Executor, actor: Actor, id: string): Promise<ContactWithAgency> {
    const c = await this.repo.findById(ex, id);
    if (!c || !inScope(readScope(actor), c.agency_path)) throw new NotFoundError('Contact point');
    return c;
  }

  async get(actor: Actor, id: string): Promise<ContactPoint> {
    return toContactDto(await this.getVisible(this.db, actor, id));
  }

  async list(actor: Actor, q: ContactListQuery & { limit: number; offset: number }): Promise<{ items: ContactPoint[]; total: number }> {
    let agencyPath: string | undefined;
    if (q.agencyId) {
      const a = await this.agencies.findById(this.db, q.agencyId);
      if (!a || !inScope(readScope(actor), a.path)) return { items: [], total: 0 };
      agencyPath = a.path;
    }
    const r = await this.repo.list(this.db, {
      scope: readScope(actor), q: q.q, agencyPath, priority: q.priority, availability: q.availability,
      sort: SORTS[q.sort ?? 'name'], order: q.order ?? 'asc', limit: q.limit, offset: q.offset,
    });
    return { items: r.items.map(toContactDto), total: r.total };
  }

  async history(actor: Actor, id: string) {
    await this.getVisible(this.db, actor, id);
    const rows = await this.repo.history(this.db, id);
    return rows.map((h) => ({
      id: h.id, action: h.action, changedAt: h.changed_at.toISOString(), changedBy: h.changed_by,
      changedByLabel: h.changed_by_label, before: h.before, after: h.after,
    }));
  }

  private async checkAgency(ex: Executor, actor: Actor, agencyId: string): Promise<void> {
    const a = await this.agencies.findById(ex, agencyId);
    if (!a || !inScope(readScope(actor), a.path)) throw new ValidationError('Agency not found', [{ field: '/agencyId', message: 'no such agency' }]);
  }

  private async record(trx: Executor, actor: Actor, action: 'create' | 'update' | 'delete' | 'verify', before: ContactWithAgency | null, after: ContactWithAgency | null) {
    const subject = (after ?? before)!;
    const now = this.clock.now();
    await this.repo.addHistory(trx, {
      contact_point_id: subject.id, agency_id: subject.agency_id, action, changed_at: now,
      changed_by: actor.via === 'system' ? null : actor.userId, changed_by_label: actor.username,
      before: before ? historyView(before) : null, after: after ? historyView(after) : null,
    });
    await this.audit.record(trx, actor, {
      action: `contact.${action}`, entityType: 'contact', entityId: subject.id, agencyId: subject.agency_id,
      summary: `${subject.name} (${subject.agency_name})`,
      before: before ? historyView(before) : undefined, after: after ? historyView(after) : undefined,
    });
  }

  async create(actor: Actor, input: ContactCreate, ex?: Executor): Promise<ContactPoint> {
    assertCanEditRegistry(actor);
    const run = async (trx: Executor) => {
      await this.checkAgency(trx, actor, input.agencyId);
      const now = this.clock.now();
      const row: ContactRow = {
        id: randomUUID(), agency_id: input.agencyId, priority: input.priority, availability: input.availability,
        name: input.name.trim(), title: input.title ?? null, phone: input.phone ?? null, mobile: input.mobile ?? null,
        email: input.email ?? null, messaging: input.messaging ?? {},
        last_verified_at: input.lastVerifiedAt ? new Date(input.lastVerifiedAt) : null, created_at: now, updated_at: now,
      };
      await this.repo.insert(trx, row);
      const after = (await this.repo.findById(trx, row.id))!;
      await this.record(trx, actor, 'create', null, after);
      return toContactDto(after);
    };
    return ex ? run(ex) : this.db.transaction().execute(run);
  }

  async update(actor: Actor, id: string, patch: ContactUpdate, ex?: Executor): Promise<ContactPoint> {
    const run = async (trx: Executor) => {
      const before = await this.getVisible(trx, actor, id);
      assertCanEditRegistry(actor);
      if (patch.agencyId !== undefined) await this.checkAgency(trx, actor, patch.agencyId);
      const { lastVerifiedAt, agencyId, ...rest } = patch;
      await this.repo.update(trx, id, {
        ...(agencyId !== undefined && { agency_id: agencyId }),
        ...(rest.priority !== undefined && { priority: rest.priority }),
        ...(rest.availability !== undefined && { availability: rest.availability }),
        ...(rest.name !== undefined && { name: rest.name.trim() }),
        ...(rest.title !== undefined && { title: rest.title }),
        ...(rest.phone !== undefined && { phone: rest.phone }),
        ...(rest.mobile !== undefined && { mobile: rest.mobile }),
        ...(rest.email !== undefined && { email: rest.email }),
        ...(rest.messaging !== undefined && { messaging: rest.messaging }),
        ...(lastVerifiedAt !== undefined && { last_verified_at: lastVerifiedAt ? new Date(lastVerifiedAt) : null }),
        updated_at: this.clock.now(),
      });
      const after = (await this.repo.findById(trx, id))!;
      await this.record(trx, actor, 'update', before, after);
      return toContactDto(after);
    };
    return ex ? run(ex) : this.db.transaction().execute(run);
  }

  /** Someone confirmed the contact answers: stamp it now. */
  async verify(actor: Actor, id: string): Promise<ContactPoint> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.getVisible(trx, actor, id);
      assertCanEditRegistry(actor);
      const now = this.clock.now();
      await this.repo.update(trx, id, { last_verified_at: now, updated_at: now });
      const after = (await this.repo.findById(trx, id))!;
      await this.record(trx, actor, 'verify', before, after);
      return toContactDto(after);
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.getVisible(trx, actor, id);
      assertCanEditRegistry(actor);
      await this.repo.delete(trx, id);
      await this.record(trx, actor, 'delete', before, null);
    });
  }

  findIdByNaturalKey(ex: Executor, agencyId: string, name: string, availability: string) {
    return this.repo.findByNaturalKey(ex, agencyId, name, availability);
  }
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { assertCanCoordinate } from '../domain/incident-access.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import { rulesIssues, type DeadlineRule } from '../incidents/deadlines.ts';
import { INCIDENT_TYPES, type IncidentType } from '../incidents/incident-types.ts';
import { defaultPlaybook, isIncidentType, playbookIssues, type Playbook } from '../incidents/playbook.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { IncidentDeadlineRepository } from '../repositories/incident-deadline.repository.ts';
import type { PlaybookRepository } from '../repositories/playbook.repository.ts';
import type { AuditService } from './audit.service.ts';

/**
 * The incident rules that are data: playbooks per type (the built-in one until an administrator
 * saves their own; deleting reverts) and jurisdictions' deadline rules (the national default is
 * edited, never deleted; a province adds its own, e.g. a 3-day notice). Coordinators read, only
 * administrators write. Changes apply to incidents classified or reported afterwards.
 */
export class IncidentConfigService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { playbooks: PlaybookRepository; deadlines: IncidentDeadlineRepository; agencies: AgencyRepository },
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private assertAdmin(actor: Actor) {
    if (actor.role !== 'admin') throw new ForbiddenError('Only administrators change playbooks and deadline rules');
  }

  async playbooks(actor: Actor) {
    assertCanCoordinate(actor);
    const stored = new Map((await this.repos.playbooks.list(this.db)).map((p) => [p.incident_type, p]));
    return INCIDENT_TYPES.map((type) => {
      const s = stored.get(type);
      const p: Playbook = s ? { name: s.name, phases: s.phases as Playbook['phases'] } : defaultPlaybook(type);
      return { type, custom: !!s, updatedAt: s?.updated_at.toISOString() ?? null, ...p };
    });
  }

  async savePlaybook(actor: Actor, type: string, input: Playbook) {
    this.assertAdmin(actor);
    if (!isIncidentType(type)) throw new NotFoundError('Incident type');
    const issues = playbookIssues(input);
    if (issues.length) throw new ValidationError('The playbook is not valid', issues);
    await this.db.transaction().execute(async (trx) => {
      await this.repos.playbooks.upsert(trx, { id: randomUUID(), incident_type: type, name: input.name.trim(), phases: input.phases, updated_at: this.clock.now() });
      await this.audit.record(trx, actor, { action: 'playbook.save', entityType: 'playbook', entityId: null, summary: `${type}: ${input.name}`, after: input });
    });
    return (await this.playbooks(actor)).find((p) => p.type === type)!;
  }

  async resetPlaybook(actor: Actor, type: string) {
    this.assertAdmin(actor);
    if (!isIncidentType(type)) throw new NotFoundError('Incident type');
    await this.db.transaction().execute(async (trx) => {
      if (await this.repos.playbooks.remove(trx, type)) await this.audit.record(trx, actor, { action: 'playbook.reset', entityType: 'playbook', entityId: null, summary: type });
    });
    return (await this.playbooks(actor)).find((p) => p.type === (type as IncidentType))!;
  }

  async jurisdictions(actor: Actor) {
    assertCanCoordinate(actor);
    return (await this.repos.deadlines.listJurisdictions(this.db)).map((j) => ({ id: j.id, name: j.name, agencyId: j.agency_id, agencyName: j.agency_name, rules: j.rules as DeadlineRule[], updatedAt: j.updated_at.toISOString() }));
  }

  /** Creates (no id) or replaces a jurisdiction's rules; the default's agency cannot change. */
  async saveJurisdiction(actor: Actor, input: { id?: string; name: string; agencyId: string | null; rules: DeadlineRule[] }) {
    this.assertAdmin(actor);
    const issues = rulesIssues(input.rules);
    if (!input.name?.trim() || input.name.length > 200) issues.push({ field: '/name', message: 'must be 1 to 200 characters' });
    const existing = input.id ? await this.repos.deadlines.findJurisdiction(this.db, input.id) : undefined;
    if (input.id && !existing) throw new NotFoundError('Jurisdiction');
    if (existing && existing.agency_id !== input.agencyId) issues.push({ field: '/agencyId', message: 'a jurisdiction keeps its agency; create another one' });
    if (!existing && !input.agencyId) issues.push({ field: '/agencyId', message: 'the national default exists already; name the province or agency' });
    if (!existing && input.agencyId) {
      if (!(await this.repos.agencies.findById(this.db, input.agencyId))) issues.push({ field: '/agencyId', message: 'no such agency' });
      else if ((await this.repos.deadlines.listJurisdictions(this.db)).some((j) => j.agency_id === input.agencyId)) issues.push({ field: '/agencyId', message: 'this agency has its rules already' });
    }
    if (issues.length) throw new ValidationError('The deadline rules are not valid', issues);
    const id = input.id ?? randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await this.repos.deadlines.upsertJurisdiction(trx, { id, name: input.name.trim(), agency_id: input.agencyId, rules: input.rules, now: this.clock.now() });
      await this.audit.record(trx, actor, { action: 'jurisdiction.save', entityType: 'jurisdiction', entityId: id, agencyId: input.agencyId, summary: input.name, after: input });
    });
    return (await this.jurisdictions(actor)).find((j) => j.id === id)!;
  }

  async deleteJurisdiction(actor: Actor, id: string) {
    this.assertAdmin(actor);
    const j = await this.repos.deadlines.findJurisdiction(this.db, id);
    if (!j) throw new NotFoundError('Jurisdiction');
    if (!j.agency_id) throw new ValidationError('The national default cannot be deleted', [{ field: '/id', message: 'edit its rules instead' }]);
    await this.db.transaction().execute(async (trx) => {
      await this.repos.deadlines.deleteJurisdiction(trx, id);
      await this.audit.record(trx, actor, { action: 'jurisdiction.delete', entityType: 'jurisdiction', entityId: id, agencyId: j.agency_id, summary: j.name });
    });
  }
}

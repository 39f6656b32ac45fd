import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import { assertCanEditRegistry, inScope, readScope } from '../domain/access-policy.ts';
import { SYSTEM_ACTOR, type Actor } from '../domain/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import type { AlertGroupStatus } from '../db/schema.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { AlertGroupFilter, AlertGroupRepository, AlertGroupWithNames } from '../repositories/alert-group.repository.ts';
import type { UserRepository } from '../repositories/user.repository.ts';
import { toDeliveryDto, toEventDto, toGroupDto, toMemberDto } from './alert-group-dto.ts';
import type { AuditService } from './audit.service.ts';

/**
 * The alert-group lifecycle as people drive it: acknowledge (stops escalation), unacknowledge
 * (restarts it), resolve, assign, comment, snooze (pauses escalation; it restarts when the
 * snooze ends unless someone acknowledged). Every change is a timeline event and an audit entry.
 * Agency users act on groups that hold an alert of their subtree; viewers only read.
 */
export const MAX_COMMENT = 4000;
export const MAX_SNOOZE_MINUTES = 7 * 24 * 60;

export interface AlertGroupListQuery {
  status?: AlertGroupStatus | 'active';
  severity?: string;
  agencyId?: string;
  assigneeId?: string;
  monitorId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

export class AlertGroupService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { groups: AlertGroupRepository; agencies: AgencyRepository; users: UserRepository },
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, q: AlertGroupListQuery) {
    const f: AlertGroupFilter = { scope: readScope(actor), limit: Math.min(q.limit ?? 50, 200), offset: q.offset ?? 0 };
    if (q.agencyId) {
      const a = await this.repos.agencies.findById(this.db, q.agencyId);
      if (!a || !inScope(f.scope, a.path)) return { items: [], total: 0 };
      f.agencyPath = a.path;
    }
    Object.assign(f, { status: q.status, severity: q.severity, assigneeId: q.assigneeId, monitorId: q.monitorId, from: q.from, to: q.to });
    const r = await this.repos.groups.list(this.db, f);
    return { items: r.items.map(toGroupDto), total: r.total };
  }

  private async visible(ex: Executor, actor: Actor, id: string): Promise<AlertGroupWithNames> {
    const g = await this.repos.groups.findById(ex, id);
    if (!g || !(await this.repos.groups.visible(ex, id, readScope(actor)))) throw new NotFoundError('Alert');
    return g;
  }

  async get(actor: Actor, id: string) {
    const g = await this.visible(this.db, actor, id);
    const [members, events, deliveries] = await Promise.all([
      this.repos.groups.listMembers(this.db, id),
      this.repos.groups.listEvents(this.db, id),
      this.repos.groups.deliveries(this.db, id),
    ]);
    return { group: toGroupDto(g), members: members.map(toMemberDto), events: events.map(toEventDto), deliveries: deliveries.map(toDeliveryDto) };
  }

  /** Acknowledges: escalation stops. Idempotent for the same state; a resolved group cannot be. */
  async acknowledge(actor: Actor, id: string, via: 'ui' | 'api' | 'link' = 'ui', label?: string) {
    return this.act(actor, id, 'acknowledge', async (trx, g, now) => {
      if (g.status === 'acknowledged') return false;
      if (g.status === 'resolved') throw new ConflictError('This alert is already resolved');
      await this.repos.groups.update(trx, id, { status: 'acknowledged', acknowledged_at: now, acknowledged_by: realUser(actor), next_escalation_at: null, snoozed_until: null });
      await this.event(trx, id, now, actor, 'acknowledged', null, { via, ...(label ? { by: label } : {}) });
      return true;
    });
  }

  /** Back to triggered: the escalation starts again from its first step. */
  async unacknowledge(actor: Actor, id: string) {
    return this.act(actor, id, 'unacknowledge', async (trx, g, now) => {
      if (g.status !== 'acknowledged') throw new ConflictError('Only an acknowledged alert can be un-acknowledged');
      await this.repos.groups.update(trx, id, { status: 'triggered', acknowledged_at: null, acknowledged_by: null, escalation_step: 0, escalation_round: 0, next_escalation_at: now });
      await this.event(trx, id, now, actor, 'unacknowledged', null);
      return true;
    });
  }

  async resolve(actor: Actor, id: string, note?: string | null) {
    const text = note?.trim() ? checkText(note, '/note') : null;
    return this.act(actor, id, 'resolve', async (trx, g, now) => {
      if (g.status === 'resolved') return false;
      await this.repos.groups.update(trx, id, { status: 'resolved', resolved_at: now, resolved_by: realUser(actor), next_escalation_at: null, snoozed_until: null });
      await this.event(trx, id, now, actor, 'resolved', text, { auto: false });
      return true;
    });
  }

  async assign(actor: Actor, id: string, userId: string | null) {
    return this.act(actor, id, 'assign', async (trx, g, now) => {
      let name: string | null = null;
      if (userId) {
        const u = await this.repos.users.findById(trx, userId);
        // Only someone who can see the alert can own it.
        const visibleToThem = u && !u.disabled && u.role !== 'viewer' && (await this.repos.groups.visible(trx, id, readScope(actorOf(u))));
        if (!u || !visibleToThem) throw new ValidationError('Cannot assign to this user', [{ field: '/userId', message: 'no such active user who can see this alert' }]);
        name = u.display_name;
      }
      if (g.assignee_id === userId) return false;
      await this.repos.groups.update(trx, id, { assignee_id: userId });
      await this.event(trx, id, now, actor, 'assigned', name, { userId });
      return true;
    });
  }

  async comment(actor: Actor, id: string, text: string) {
    const body = checkText(text, '/text');
    return this.act(actor, id, 'comment', async (trx, _g, now) => {
      await this.event(trx, id, now, actor, 'comment', body);
      return true;
    });
  }

  async snooze(actor: Actor, id: string, minutes: number) {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_SNOOZE_MINUTES) {
      throw new ValidationError('Invalid snooze', [{ field: '/minutes', message: `must be a whole number of minutes from 1 to ${MAX_SNOOZE_MINUTES}` }]);
    }
    return this.act(actor, id, 'snooze', async (trx, g, now) => {
      if (g.status !== 'triggered') throw new ConflictError('Only a triggered alert can be snoozed');
      const until = new Date(now.getTime() + minutes * 60_000);
      await this.repos.groups.update(trx, id, { snoozed_until: until, next_escalation_at: until, escalation_step: 0, escalation_round: 0 });
      await this.event(trx, id, now, actor, 'snoozed', null, { until: until.toISOString(), minutes });
      return true;
    });
  }

  async unsnooze(actor: Actor, id: string) {
    return this.act(actor, id, 'unsnooze', async (trx, g, now) => {
      if (!g.snoozed_until) return false;
      await this.repos.groups.update(trx, id, { snoozed_until: null, next_escalation_at: g.status === 'triggered' ? now : null });
      await this.event(trx, id, now, actor, 'unsnoozed', null);
      return true;
    });
  }

  private async act(actor: Actor, id: string, action: string, fn: (trx: Executor, g: AlertGroupWithNames, now: Date) => Promise<boolean>) {
    await this.db.transaction().execute(async (trx) => {
      // Not found before forbidden: an agency user must not learn that another's alert exists.
      const g = await this.visible(trx, actor, id);
      if (actor.via !== 'system') assertCanEditRegistry(actor);
      const now = this.clock.now();
      if (await fn(trx, g, now)) {
        await this.audit.record(trx, actor, { action: `alert.${action}`, entityType: 'alert_group', entityId: id, agencyId: g.agency_id, summary: g.title.slice(0, 200) });
      }
    });
    return this.get(actor, id);
  }

  private event(trx: Executor, groupId: string, at: Date, actor: Actor, type: string, text: string | null, data: Record<string, unknown> = {}) {
    return this.repos.groups.addEvents(trx, [{ group_id: groupId, at, type, actor_id: realUser(actor), actor_label: actor.username, text, data }]);
  }
}

/** The system actor is nobody in the users table (a link acting for a user is somebody). */
function realUser(actor: Actor): string | null {
  return actor.userId === SYSTEM_ACTOR.userId ? null : actor.userId;
}

function actorOf(u: { id: string; username: string; role: string; agency_id: string | null; agency_path: string | null }): Actor {
  return { userId: u.id, username: u.username, role: u.role as Actor['role'], agencyId: u.agency_id, agencyPath: u.agency_path, via: 'session' };
}

function checkText(text: string, field: string): string {
  const t = typeof text === 'string' ? text.trim() : '';
  if (!t) throw new ValidationError('Text is required', [{ field, message: 'must not be empty' }]);
  if (t.length > MAX_COMMENT) throw new ValidationError('Text is too long', [{ field, message: `at most ${MAX_COMMENT} characters` }]);
  return t;
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { inScope, readScope } from '../domain/access-policy.ts';
import { SYSTEM_ACTOR, type Actor } from '../domain/actor.ts';
import { ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import { contactTargets, type Target } from '../alerting/recipient-plan.ts';
import { signAckToken, verifyAckToken, type AckVerifyError } from '../notifications/ack-link.ts';
import { outboundFor, renderMessage } from '../notifications/templates/render-message.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { AlertRecipientRepository } from '../repositories/alert-recipient.repository.ts';
import type { RollCallBoardRow, RollCallRepository } from '../repositories/roll-call.repository.ts';
import type { AuditService } from './audit.service.ts';
import type { ContactService } from './contact.service.ts';
import type { TemplateLookup } from './alert-escalation.service.ts';
import type { NotificationOutboxService } from './notification-outbox.service.ts';
import type { SigningKeys } from './signing-keys.service.ts';

/**
 * Contact-point roll calls: a test message to every registered 24/7 contact of the chosen
 * agencies, each with its own signed answer link. The board is live from the database: who
 * answered, whose message bounced or failed, who had no usable address, who is still silent
 * after the deadline. An answer stamps the contact point as verified (its "last verified").
 */
export type TargetState = 'answered' | 'waiting' | 'no_answer' | 'bounced' | 'failed' | 'unreachable';

export interface RollCallInput {
  title: string;
  message?: string | null;
  /** Agencies whose subtrees are called; all the caller can see when absent. */
  agencyIds?: string[];
  deadlineMinutes: number;
}

/** The roll-call answer link (its page is http/routes/ack.routes.ts). */
export function answerUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/answer/${encodeURIComponent(token)}`;
}

export function targetState(t: RollCallBoardRow, deadline: Date, now: Date): TargetState {
  if (t.answered_at) return 'answered';
  if (!t.delivery_status) return 'unreachable';
  // A bounce or a refused address is permanent: the dispatcher marks it dead at once.
  if (t.delivery_status === 'dead') return t.delivery_code === 'bounced' || t.delivery_code === 'bad-address' ? 'bounced' : 'failed';
  return now >= deadline ? 'no_answer' : 'waiting';
}

export class RollCallService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { rollCalls: RollCallRepository; recipients: AlertRecipientRepository; agencies: AgencyRepository },
    private readonly outbox: NotificationOutboxService,
    private readonly contacts: ContactService,
    private readonly keys: SigningKeys,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly settings: { publicUrl: string; organization?: string },
    private readonly templates: TemplateLookup = async () => undefined,
  ) {}

  async start(actor: Actor, input: RollCallInput) {
    if (!['admin', 'coordinator', 'agency_admin'].includes(actor.role)) throw new ForbiddenError('Only administrators and coordinators may run a roll call');
    const issues: FieldIssue[] = [];
    const title = typeof input.title === 'string' ? input.title.trim() : '';
    if (!title || title.length > 200) issues.push({ field: '/title', message: 'must be 1 to 200 characters' });
    if (!Number.isInteger(input.deadlineMinutes) || input.deadlineMinutes < 5 || input.deadlineMinutes > 7 * 24 * 60) issues.push({ field: '/deadlineMinutes', message: 'must be 5 minutes to 7 days' });
    if (input.message && input.message.length > 1000) issues.push({ field: '/message', message: 'at most 1000 characters' });
    const scope = readScope(actor);
    let paths: string[] | null = scope.all ? null : [scope.pathPrefix];
    if (input.agencyIds?.length) {
      paths = [];
      for (const [i, id] of input.agencyIds.entries()) {
        const a = await this.repos.agencies.findById(this.db, id);
        if (!a || !inScope(scope, a.path)) issues.push({ field: `/agencyIds/${i}`, message: 'no such agency' });
        else paths.push(a.path);
      }
    }
    if (issues.length) throw new ValidationError('The roll call is not valid', issues);
    const key = await this.keys.key('rollcall');
    const id = await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const deadline = new Date(now.getTime() + input.deadlineMinutes * 60_000);
      const agencies = await this.repos.rollCalls.agenciesUnder(trx, paths);
      const rollCallId = randomUUID();
      await this.repos.rollCalls.insert(trx, {
        id: rollCallId, title, message: input.message?.trim() || null, started_by: actor.via === 'system' ? null : actor.userId,
        started_at: now, deadline_at: deadline, closed_at: null, agency_ids: JSON.stringify(agencies.map((a) => a.id)),
      });
      const defaults = await this.repos.recipients.defaultChannels(trx);
      const contacts = await this.repos.recipients.contacts(trx, agencies.map((a) => a.id));
      const custom = await this.templates(trx, 'rollcall.test', 'vi');
      const rows = [];
      for (const c of contacts) {
        const targets: Target[] = contactTargets(c, defaults);
        if (targets.length === 0) {
          rows.push({ id: randomUUID(), roll_call_id: rollCallId, agency_id: c.agency_id, contact_point_id: c.id, contact_name: c.name, channel_kind: 'none', address: '', outbox_id: null, answered_at: null, answered_via: null });
          continue;
        }
        for (const t of targets) {
          const targetId = randomUUID();
          const deliveryId = randomUUID();
          const link = answerUrl(this.settings.publicUrl, signAckToken({ deliveryId: targetId, recipientId: c.id, expiresAt: new Date(deadline.getTime() + 7 * 86_400_000) }, key));
          const r = renderMessage({ key: 'rollcall.test', locale: 'vi', severity: 'info', custom, data: { recipientName: c.name, organization: this.settings.organization ?? 'Vigil', rollCallName: title, sentAt: now, respondBy: deadline, ackLink: link } });
          const msg = outboundFor(t.channelKind, r, { id: deliveryId, to: t.address, severity: 'info', links: { ack: link }, meta: { rollCallId } });
          const { id: _i, to: _t, ...payload } = msg;
          await this.outbox.enqueueNotifications(trx, { alertId: null, deliveries: [{ id: deliveryId, channelId: t.channelId, recipient: t.address, template: 'rollcall.test', payload }] });
          rows.push({ id: targetId, roll_call_id: rollCallId, agency_id: c.agency_id, contact_point_id: c.id, contact_name: c.name, channel_kind: t.channelKind, address: t.address, outbox_id: deliveryId, answered_at: null, answered_via: null });
        }
      }
      await this.repos.rollCalls.insertTargets(trx, rows);
      await this.audit.record(trx, actor, { action: 'rollcall.start', entityType: 'roll_call', entityId: rollCallId, summary: `${title}: ${contacts.length} contact points in ${agencies.length} agencies` });
      return rollCallId;
    });
    return this.board(actor, id);
  }

  async list(actor: Actor) {
    const rows = await this.repos.rollCalls.list(this.db, readScope(actor), 100);
    return rows.map((r) => ({ id: r.id, title: r.title, startedAt: r.started_at.toISOString(), deadlineAt: r.deadline_at.toISOString(), closedAt: r.closed_at?.toISOString() ?? null, startedBy: r.started_by_name, targets: Number(r.targets), answered: Number(r.answered), agencies: Number(r.agencies) }));
  }

  async board(actor: Actor, id: string) {
    const rc = await this.repos.rollCalls.findById(this.db, id);
    const scope = readScope(actor);
    const rows = rc ? await this.repos.rollCalls.board(this.db, id, scope) : [];
    if (!rc || (!scope.all && rows.length === 0)) throw new NotFoundError('Roll call');
    const now = this.clock.now();
    const targets = rows.map((t) => ({
      id: t.id, agencyId: t.agency_id, agencyName: t.agency_name, contactPointId: t.contact_point_id, contactName: t.contact_name, channel: t.channel_kind, address: t.address,
      state: targetState(t, rc.deadline_at, now), answeredAt: t.answered_at?.toISOString() ?? null, answeredVia: t.answered_via, sentAt: t.sent_at?.toISOString() ?? null,
      deliveryStatus: t.delivery_status, error: t.delivery_error,
    }));
    const counts: Record<string, number> = { answered: 0, waiting: 0, no_answer: 0, bounced: 0, failed: 0, unreachable: 0 };
    for (const t of targets) counts[t.state]! += 1;
    return { id: rc.id, title: rc.title, message: rc.message, startedAt: rc.started_at.toISOString(), deadlineAt: rc.deadline_at.toISOString(), closedAt: rc.closed_at?.toISOString() ?? null, now: now.toISOString(), counts, targets };
  }

  async close(actor: Actor, id: string) {
    const b = await this.board(actor, id);
    if (!['admin', 'coordinator', 'agency_admin'].includes(actor.role)) throw new ForbiddenError();
    await this.db.transaction().execute(async (trx) => {
      await this.repos.rollCalls.close(trx, id, this.clock.now());
      await this.audit.record(trx, actor, { action: 'rollcall.close', entityType: 'roll_call', entityId: id, summary: `${b.title}: ${b.counts.answered}/${b.targets.length} answered` });
    });
    return this.board(actor, id);
  }

  agencyStatus(actor: Actor) {
    return this.repos.rollCalls.agencyStatus(this.db, readScope(actor));
  }

  /** The answer link: what it is about (GET) and the answer itself (POST). */
  async inspectAnswer(token: string): Promise<{ ok: true; title: string; contactName: string; answeredAt: Date | null; deadline: Date } | { ok: false; error: AckVerifyError | 'not-found' }> {
    const v = verifyAckToken(token, await this.keys.key('rollcall'), this.clock.now());
    if (!v.ok) return v;
    if (!v.payload.deliveryId) return { ok: false, error: 'malformed' };
    const t = await this.repos.rollCalls.findTarget(this.db, v.payload.deliveryId);
    const rc = t && (await this.repos.rollCalls.findById(this.db, t.roll_call_id));
    if (!t || !rc || t.contact_point_id !== v.payload.recipientId) return { ok: false, error: 'not-found' };
    return { ok: true, title: rc.title, contactName: t.contact_name, answeredAt: t.answered_at, deadline: rc.deadline_at };
  }

  async answer(token: string) {
    const view = await this.inspectAnswer(token);
    if (!view.ok || view.answeredAt) return view;
    const v = verifyAckToken(token, await this.keys.key('rollcall'), this.clock.now());
    const t = v.ok && (await this.repos.rollCalls.findTarget(this.db, v.payload.deliveryId!));
    if (!t) return view;
    const at = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await this.repos.rollCalls.answer(trx, { rollCallId: t.roll_call_id, targetId: t.id, contactPointId: t.contact_point_id, at, via: t.channel_kind });
    });
    // The answer proves the contact works: stamp it, with its own history and audit entry.
    if (t.contact_point_id) await this.contacts.verify({ ...SYSTEM_ACTOR, username: `roll-call:${t.contact_name}` }, t.contact_point_id).catch(() => undefined);
    return this.inspectAnswer(token);
  }
}

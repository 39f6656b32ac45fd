import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { assertCanEditRegistry, inScope, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { TooManyRequestsError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import { RateLimiter } from '../domain/rate-limiter.ts';
import type { Clock } from '../io/clock.ts';
import type { Severity } from '../notifications/channel.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { AlertRepository } from '../repositories/alert.repository.ts';
import type { SystemRepository } from '../repositories/system.repository.ts';
import type { AlertIntakeService } from './alert-intake.service.ts';
import type { AuditService } from './audit.service.ts';

/**
 * The HTTP intake for sources outside Vigil (a SIEM, a WAF, another monitoring tool): the same
 * intake as monitoring, with the caller's scope enforced (an agency's token raises alerts for
 * its own subtree only) and a rate limit per caller, since a looping sender must not drown the
 * duty officer or the database. Keys are namespaced per caller, so one source cannot resolve
 * another's alert.
 */
export interface ExternalAlertInput {
  key?: string;
  title: string;
  severity: Severity;
  kind?: string;
  status?: 'firing' | 'resolved';
  agencyId?: string;
  systemId?: string;
  summary?: string;
  details?: Record<string, unknown>;
}

export type ExternalAlertResult =
  | { status: 'created' | 'repeated'; alertId: string; groupId: string | null }
  | { status: 'resolved' | 'not_open'; alertId: string | null; groupId: string | null };

export const EXTERNAL_PER_MINUTE = 300;
const MAX_DETAILS_BYTES = 16_384;

export class ExternalAlertService {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { alerts: AlertRepository; agencies: AgencyRepository; systems: SystemRepository },
    private readonly intake: AlertIntakeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    perMinute = EXTERNAL_PER_MINUTE,
  ) {
    this.limiter = new RateLimiter(perMinute, 60_000, clock);
  }

  async ingest(actor: Actor, input: ExternalAlertInput): Promise<ExternalAlertResult> {
    assertCanEditRegistry(actor);
    const wait = this.limiter.hit(actor.userId);
    if (wait > 0) throw new TooManyRequestsError('Too many alerts from this sender; slow down', wait);
    const issues: FieldIssue[] = [];
    if (input.details && Buffer.byteLength(JSON.stringify(input.details)) > MAX_DETAILS_BYTES) issues.push({ field: '/details', message: `at most ${MAX_DETAILS_BYTES} bytes of JSON` });
    const scope = readScope(actor);
    let agencyId = input.agencyId ?? null;
    let systemId: string | null = null;
    if (input.systemId) {
      const s = await this.repos.systems.findById(this.db, input.systemId);
      if (!s || !inScope(scope, s.owner_agency_path)) issues.push({ field: '/systemId', message: 'no such system' });
      else {
        systemId = s.id;
        agencyId ??= s.owner_agency_id;
      }
    }
    if (agencyId) {
      const a = await this.repos.agencies.findById(this.db, agencyId);
      if (!a || !inScope(scope, a.path)) issues.push({ field: '/agencyId', message: 'no such agency' });
    } else if (!scope.all) {
      agencyId = actor.agencyId;
    }
    if (issues.length) throw new ValidationError('The alert is not valid', issues);

    const sourceKey = input.key?.trim() || createHash('sha256').update(`${input.title}\u0000${agencyId ?? ''}\u0000${systemId ?? ''}`).digest('hex').slice(0, 32);
    const dedupKey = `ext:${actor.userId}:${sourceKey}`;
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      if (input.status === 'resolved') {
        const open = await this.repos.alerts.findOpenByKey(trx, dedupKey);
        if (!open) return { status: 'not_open' as const, alertId: null, groupId: null };
        await this.intake.resolveKeys(trx, [{ key: dedupKey, at: now }]);
        return { status: 'resolved' as const, alertId: open.id, groupId: open.group_id };
      }
      const id = randomUUID();
      const created = await this.intake.openMany(trx, [{
        id, dedup_key: dedupKey, monitor_id: null, system_id: systemId, agency_id: agencyId, kind: `external.${input.kind ?? 'alert'}`,
        severity: input.severity, status: 'open', opened_at: now, resolved_at: null, summary: input.title.trim(), source: 'external',
        details: { ...(input.details ?? {}), ...(input.summary ? { summary: input.summary } : {}), sender: actor.username },
      }]);
      const open = (await this.repos.alerts.findOpenByKey(trx, dedupKey))!;
      if (created) await this.audit.record(trx, actor, { action: 'alert.intake', entityType: 'alert', entityId: id, agencyId, summary: input.title.slice(0, 200) });
      return { status: created ? ('created' as const) : ('repeated' as const), alertId: open.id, groupId: open.group_id };
    });
  }
}

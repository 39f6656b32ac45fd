import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import type { IncidentStatsRepository } from '../repositories/incident-stats.repository.ts';

/** The incident dashboard's figures over a period (default: the last 12 months), in the actor's scope. */
export class IncidentStatsService {
  constructor(private readonly db: Kysely<DB>, private readonly repo: IncidentStatsRepository, private readonly clock: Clock) {}

  async stats(actor: Actor, q: { from?: string; to?: string }) {
    const now = this.clock.now();
    const to = q.to ? new Date(q.to) : new Date(now.getTime() + 1000); // 'to' is exclusive: include what arrived just now
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 365 * 86_400_000);
    if (!(from < to)) throw new ValidationError('The period is empty', [{ field: '/from', message: 'must be before to' }]);
    if (to.getTime() - from.getTime() > 10 * 366 * 86_400_000) throw new ValidationError('The period is too long', [{ field: '/from', message: 'at most 10 years' }]);
    const r = await this.repo.compute(this.db, { scope: readScope(actor), from, to, now });
    const round = (x: number | null) => (x === null || x === undefined ? null : Math.round(Number(x) * 10) / 10);
    return {
      from: from.toISOString(), to: to.toISOString(),
      total: r.byStatus.reduce((s, x) => s + x.n, 0),
      serious: r.times.serious,
      byType: r.byType.map((x) => ({ type: x.type ?? 'unclassified', count: x.n })),
      byAgency: r.byAgency.map((x) => ({ agencyId: x.id, agencyName: x.name, count: x.n })),
      byMonth: r.byMonth.map((x) => ({ month: x.month, count: x.n })),
      byStatus: Object.fromEntries(r.byStatus.map((x) => [x.status, x.n])),
      timeToTakeUpMinutes: { p50: round(r.times.ack_p50), p90: round(r.times.ack_p90) },
      timeToCloseHours: { p50: round(r.times.close_p50), p90: round(r.times.close_p90) },
      overdue: { incidents: r.overdue.incidents, deadlines: r.overdue.deadlines },
    };
  }
}

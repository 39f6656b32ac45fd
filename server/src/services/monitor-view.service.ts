import type { Kysely } from 'kysely';
import type { Monitor } from '../contracts/monitor.schema.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import type { MonitorDto } from '../monitoring/monitor-dto.ts';
import type { MonitorSampleRepository } from '../repositories/monitor-sample.repository.ts';
import type { MonitorListQuery, MonitorService } from './monitor.service.ts';

const SPARK_POINTS = 30;

const pct = (u: number | null | undefined) => (u === null || u === undefined ? null : Math.round(u * 10000) / 100);

/**
 * What the monitors list and page show: the monitor plus its uptime over 24 h / 7 d / 30 d and
 * a sparkline of its latest latencies. Kept apart from MonitorService (the rules) because it
 * only reads and shapes.
 */
export class MonitorViewService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly monitors: MonitorService,
    private readonly samples: MonitorSampleRepository,
    private readonly now: () => Date,
  ) {}

  async list(actor: Actor, q: MonitorListQuery): Promise<{ items: Monitor[]; total: number }> {
    const r = await this.monitors.list(actor, q);
    return { items: await this.decorate(actor, r.items), total: r.total };
  }

  async get(actor: Actor, id: string): Promise<Monitor & { lastResult: unknown; baseline: unknown }> {
    const m = await this.monitors.get(actor, id);
    const [view] = await this.decorate(actor, [m]);
    return { ...view!, lastResult: m.lastResult, baseline: m.baseline };
  }

  async decorate(actor: Actor, items: MonitorDto[]): Promise<Monitor[]> {
    if (items.length === 0) return [];
    const ids = items.map((m) => m.id);
    const uptime = await this.monitors.uptime(actor, ids);
    // The sparkline covers the last 30 checks of the slowest-checked monitor on the page.
    const longest = Math.max(...items.map((m) => m.intervalSeconds));
    const to = this.now();
    const from = new Date(to.getTime() - SPARK_POINTS * longest * 1000);
    const rows = await this.samples.listForMonitors(this.db, ids, from, new Date(to.getTime() + 1));
    const byMonitor = new Map<string, (number | null)[]>();
    for (const r of rows) {
      const list = byMonitor.get(r.monitor_id) ?? [];
      list.push(r.status === 2 ? null : r.latency_ms);
      byMonitor.set(r.monitor_id, list);
    }
    return items.map((m) => ({
      id: m.id,
      systemId: m.systemId,
      systemName: m.systemName,
      agencyId: m.agencyId,
      agencyName: m.agencyName,
      kind: m.kind,
      name: m.name,
      target: m.target,
      settings: m.settings,
      intervalSeconds: m.intervalSeconds,
      timeoutMs: m.timeoutMs,
      failureThreshold: m.failureThreshold,
      paused: m.paused,
      state: m.state,
      stateReason: m.stateReason,
      stateSince: m.stateSince,
      lastCheckedAt: m.lastCheckedAt,
      lastLatencyMs: m.lastLatencyMs,
      tlsDaysLeft: m.tlsDaysLeft,
      flapping: m.flapping,
      uptime: { h24: pct(uptime[m.id]?.['24h']?.uptime), d7: pct(uptime[m.id]?.['7d']?.uptime), d30: pct(uptime[m.id]?.['30d']?.uptime) },
      sparkline: (byMonitor.get(m.id) ?? []).slice(-SPARK_POINTS),
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    }));
  }
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB, MonitorState } from '../db/schema.ts';
import { assertCanEditRegistry, inScope, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import { MonitorHistoryReader, UPTIME_WINDOWS, type RetentionWindows, type UptimeWindow } from '../monitoring/monitor-history.ts';
import { toMonitorDto, toMonitorEventDto, type MonitorDto, type MonitorEventDto } from '../monitoring/monitor-dto.ts';
import { defaultIntervalSeconds, defaultName, defaultTimeoutMs, probeFor, validateMonitor } from '../monitoring/monitor-validation.ts';
import type { MonitorKind } from '../monitoring/probe.ts';
import { planRegistryMonitors } from '../monitoring/registry-monitors.ts';
import { initialDue } from '../monitoring/schedule.ts';
import type { Resolution, SeriesPoint, Summary } from '../monitoring/series.ts';
import type { ProbeMap } from '../monitoring/types.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { AlertRepository } from '../repositories/alert.repository.ts';
import type { MonitorEventRepository } from '../repositories/monitor-event.repository.ts';
import type { MonitorRollupRepository } from '../repositories/monitor-rollup.repository.ts';
import type { MonitorSampleRepository } from '../repositories/monitor-sample.repository.ts';
import type { MonitorListFilter, MonitorRepository, MonitorRow, MonitorWithSystem } from '../repositories/monitor.repository.ts';
import type { SystemRepository, SystemWithNames } from '../repositories/system.repository.ts';
import type { AuditService } from './audit.service.ts';

export interface MonitorCreate {
  systemId: string;
  kind: MonitorKind;
  target: string;
  name?: string;
  settings?: Record<string, unknown>;
  intervalSeconds?: number;
  timeoutMs?: number;
  failureThreshold?: number;
  paused?: boolean;
}
export type MonitorUpdate = Partial<Omit<MonitorCreate, 'systemId' | 'paused'>>;

export interface MonitorListQuery {
  systemId?: string;
  agencyId?: string;
  state?: MonitorState;
  kind?: MonitorKind;
  paused?: boolean;
  q?: string;
  sort?: MonitorListFilter['sort'];
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface MonitorRepos {
  monitors: MonitorRepository;
  systems: SystemRepository;
  agencies: AgencyRepository;
  events: MonitorEventRepository;
  samples: MonitorSampleRepository;
  rollups: MonitorRollupRepository;
  alerts: AlertRepository;
}

export interface MonitorServiceSettings {
  minIntervalSeconds: number;
  retention: RetentionWindows;
}

/**
 * Monitors: scoped like the registry (visible when the system's owner or operator is in the
 * actor's subtree, 404 otherwise; changes need the owner in scope), validated against the
 * probe's own schema, and every change audited in its transaction.
 */
export class MonitorService {
  private readonly reader: MonitorHistoryReader;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: MonitorRepos,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly probes: ProbeMap,
    private readonly settings: MonitorServiceSettings,
  ) {
    this.reader = new MonitorHistoryReader(db, repos.samples, repos.rollups, settings.retention);
  }

  private visible(actor: Actor, m: { owner_agency_path: string; operator_agency_path: string | null }): boolean {
    const scope = readScope(actor);
    return inScope(scope, m.owner_agency_path) || (m.operator_agency_path !== null && inScope(scope, m.operator_agency_path));
  }

  private async getVisible(ex: Executor, actor: Actor, id: string): Promise<MonitorWithSystem> {
    const m = await this.repos.monitors.findById(ex, id);
    if (!m || !this.visible(actor, m)) throw new NotFoundError('Monitor');
    return m;
  }

  private assertOwns(actor: Actor, ownerPath: string): void {
    assertCanEditRegistry(actor);
    if (!inScope(readScope(actor), ownerPath)) throw new ForbiddenError('Only the owning agency can change this monitor');
  }

  private async reload(ex: Executor, id: string): Promise<MonitorDto> {
    return toMonitorDto((await this.repos.monitors.findById(ex, id))!);
  }

  async get(actor: Actor, id: string): Promise<MonitorDto> {
    return toMonitorDto(await this.getVisible(this.db, actor, id));
  }

  async list(actor: Actor, q: MonitorListQuery): Promise<{ items: MonitorDto[]; total: number }> {
    let agencyPath: string | undefined;
    if (q.agencyId) {
      const a = await this.repos.agencies.findById(this.db, q.agencyId);
      if (!a || !inScope(readScope(actor), a.path)) return { items: [], total: 0 };
      agencyPath = a.path;
    }
    const { items, total } = await this.repos.monitors.list(this.db, {
      scope: readScope(actor), agencyPath, systemId: q.systemId, state: q.state, kind: q.kind, paused: q.paused, q: q.q,
      sort: q.sort ?? 'name', order: q.order ?? 'asc', limit: q.limit, offset: q.offset,
    });
    return { items: items.map(toMonitorDto), total };
  }

  /** Counts per state over everything the actor can see (list page header). */
  countByState(actor: Actor): Promise<Record<string, number>> {
    return this.repos.monitors.countByState(this.db, readScope(actor));
  }

  private validate(m: { kind: string; target: string; name: string; settings: Record<string, unknown>; intervalSeconds: number; timeoutMs: number; failureThreshold: number }): void {
    const issues = validateMonitor(this.probes, m, { minIntervalSeconds: this.settings.minIntervalSeconds });
    if (issues.length) throw new ValidationError('The monitor definition is not valid', issues);
  }

  private async systemForChange(ex: Executor, actor: Actor, systemId: string): Promise<SystemWithNames> {
    const s = await this.repos.systems.findById(ex, systemId);
    const scope = readScope(actor);
    if (!s || !(inScope(scope, s.owner_agency_path) || (s.operator_agency_path !== null && inScope(scope, s.operator_agency_path)))) {
      throw new ValidationError('Information system not found', [{ field: '/systemId', message: 'no such system' }]);
    }
    this.assertOwns(actor, s.owner_agency_path);
    return s;
  }

  private newRow(system: SystemWithNames, def: Required<Omit<MonitorCreate, 'systemId'>>, now: Date): MonitorRow {
    return {
      id: randomUUID(), system_id: system.id, agency_id: system.owner_agency_id, kind: def.kind, name: def.name.trim(),
      target: def.target.trim(), settings: def.settings, interval_seconds: def.intervalSeconds, timeout_ms: def.timeoutMs,
      failure_threshold: def.failureThreshold, paused: def.paused, next_due_at: initialDue(now, def.intervalSeconds),
      lease_owner: null, lease_until: null, state: 'unknown', state_reason: def.paused ? 'paused' : 'not checked yet', state_since: now,
      consecutive_failures: 0, flapping: false, recent_transitions: [], alert_kinds: [], last_checked_at: null,
      last_latency_ms: null, tls_days_left: null, last_result: null, baseline: null, created_at: now, updated_at: now,
    };
  }

  async create(actor: Actor, input: MonitorCreate): Promise<MonitorDto> {
    assertCanEditRegistry(actor);
    const probe = probeFor(this.probes, input.kind);
    const intervalSeconds = input.intervalSeconds ?? defaultIntervalSeconds(probe);
    const def = {
      kind: input.kind, target: (input.target ?? '').trim(), name: input.name ?? defaultName(input.kind, (input.target ?? '').trim()),
      settings: input.settings ?? {}, intervalSeconds, timeoutMs: input.timeoutMs ?? defaultTimeoutMs(intervalSeconds, probe),
      failureThreshold: input.failureThreshold ?? 2, paused: input.paused ?? false,
    };
    this.validate(def);
    return this.db.transaction().execute(async (trx) => {
      const system = await this.systemForChange(trx, actor, input.systemId);
      if (await this.repos.monitors.findByKey(trx, system.id, def.kind, def.target)) {
        throw new ConflictError('This system already has such a monitor', [{ field: '/target', message: `already monitored (${def.kind})` }]);
      }
      const row = this.newRow(system, def, this.clock.now());
      await this.repos.monitors.insertMany(trx, [row]);
      const dto = await this.reload(trx, row.id);
      await this.audit.record(trx, actor, { action: 'monitor.create', entityType: 'monitor', entityId: row.id, agencyId: row.agency_id, summary: row.name, after: dto });
      return dto;
    });
  }

  async update(actor: Actor, id: string, patch: MonitorUpdate): Promise<MonitorDto> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.getVisible(trx, actor, id);
      this.assertOwns(actor, before.owner_agency_path);
      const intervalSeconds = patch.intervalSeconds ?? before.interval_seconds;
      const def = {
        kind: patch.kind ?? before.kind, target: (patch.target ?? before.target).trim(), name: patch.name ?? before.name,
        settings: patch.settings ?? before.settings, intervalSeconds, timeoutMs: patch.timeoutMs ?? before.timeout_ms,
        failureThreshold: patch.failureThreshold ?? before.failure_threshold,
      };
      this.validate(def);
      const retargeted = def.kind !== before.kind || def.target !== before.target;
      if (retargeted) {
        const clash = await this.repos.monitors.findByKey(trx, before.system_id, def.kind, def.target);
        if (clash && clash.id !== id) throw new ConflictError('This system already has such a monitor', [{ field: '/target', message: `already monitored (${def.kind})` }]);
      }
      const now = this.clock.now();
      const rescheduled = retargeted || JSON.stringify(def.settings) !== JSON.stringify(before.settings) ||
        def.intervalSeconds !== before.interval_seconds || def.timeoutMs !== before.timeout_ms;
      const changes: Partial<MonitorRow> = {
        kind: def.kind, target: def.target, name: def.name.trim(), settings: def.settings, interval_seconds: def.intervalSeconds,
        timeout_ms: def.timeoutMs, failure_threshold: def.failureThreshold, updated_at: now,
      };
      // A changed definition is checked soon; a result still in flight for the old one is refused (its due time moved).
      if (rescheduled) Object.assign(changes, { next_due_at: initialDue(now, Math.min(def.intervalSeconds, 10)), lease_owner: null, lease_until: null });
      // A different target is a different thing to watch: its history of states and alerts does not carry over.
      if (retargeted) {
        Object.assign(changes, { baseline: null, consecutive_failures: 0, flapping: false, recent_transitions: [], alert_kinds: [], tls_days_left: null });
        await this.resetState(trx, before, 'monitor target changed', now, changes);
      }
      await this.repos.monitors.update(trx, id, changes);
      const after = await this.reload(trx, id);
      await this.audit.record(trx, actor, { action: 'monitor.update', entityType: 'monitor', entityId: id, agencyId: before.agency_id, summary: after.name, before: toMonitorDto(before), after });
      return after;
    });
  }

  /** Moves a monitor to unknown (paused, retargeted), resolving its alerts; records the change. */
  private async resetState(trx: Executor, m: MonitorWithSystem, reason: string, now: Date, changes: Partial<MonitorRow>): Promise<void> {
    Object.assign(changes, { state: 'unknown', state_reason: reason, state_since: now, alert_kinds: [], consecutive_failures: 0, flapping: false, recent_transitions: [] });
    await this.repos.alerts.resolveForMonitor(trx, m.id, now);
    if (m.state !== 'unknown') {
      await this.repos.events.insertMany(trx, [{
        monitor_id: m.id, system_id: m.system_id, agency_id: m.agency_id, at: now, from_state: m.state, to_state: 'unknown',
        reason, flapping: false, suppressed: false, details: null,
      }]);
    }
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.getVisible(trx, actor, id);
      this.assertOwns(actor, before.owner_agency_path);
      // Open alerts would otherwise stay open forever, pointing at nothing.
      await this.repos.alerts.resolveForMonitor(trx, id, this.clock.now());
      await this.repos.monitors.delete(trx, id);
      await this.audit.record(trx, actor, { action: 'monitor.delete', entityType: 'monitor', entityId: id, agencyId: before.agency_id, summary: before.name, before: toMonitorDto(before) });
    });
  }

  async pause(actor: Actor, id: string): Promise<MonitorDto> {
    return this.setPaused(actor, id, true);
  }

  async resume(actor: Actor, id: string): Promise<MonitorDto> {
    return this.setPaused(actor, id, false);
  }

  private async setPaused(actor: Actor, id: string, paused: boolean): Promise<MonitorDto> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.getVisible(trx, actor, id);
      this.assertOwns(actor, before.owner_agency_path);
      if (before.paused === paused) return toMonitorDto(before);
      const now = this.clock.now();
      const changes: Partial<MonitorRow> = { paused, lease_owner: null, lease_until: null, updated_at: now };
      if (paused) await this.resetState(trx, before, 'paused', now, changes);
      else Object.assign(changes, { next_due_at: initialDue(now, before.interval_seconds), state_reason: 'not checked since resumed', state_since: now });
      await this.repos.monitors.update(trx, id, changes);
      const after = await this.reload(trx, id);
      await this.audit.record(trx, actor, {
        action: paused ? 'monitor.pause' : 'monitor.resume', entityType: 'monitor', entityId: id, agencyId: before.agency_id,
        summary: before.name, before: { paused: before.paused }, after: { paused },
      });
      return after;
    });
  }

  /**
   * Runs the check as soon as a worker is free (after a clean-up, an analyst wants to know now,
   * not in ten minutes). A check already running is left alone; the schedule then continues
   * from this check. Not audited: it changes no setting and no state.
   */
  async checkNow(actor: Actor, id: string): Promise<MonitorDto> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.getVisible(trx, actor, id);
      this.assertOwns(actor, before.owner_agency_path);
      if (before.paused) throw new ConflictError('The monitor is paused: resume it first');
      await this.repos.monitors.requestCheck(trx, id, this.clock.now());
      return this.reload(trx, id);
    });
  }

  /** Adopts the last observed DNS record sets / TLS identity as normal (after an analyst checked the change). */
  async acceptBaseline(actor: Actor, id: string): Promise<MonitorDto> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.getVisible(trx, actor, id);
      this.assertOwns(actor, before.owner_agency_path);
      const observed = (before.last_result?.observed as Record<string, unknown> | undefined) ?? null;
      if (!observed) throw new ValidationError('Nothing observed yet to accept', [{ field: '/baseline', message: 'the monitor has not reported observed values yet' }]);
      // Checked again soon, so the state reflects the new baseline without waiting an interval.
      await this.repos.monitors.update(trx, id, { baseline: observed, updated_at: this.clock.now(), next_due_at: this.clock.now(), lease_owner: null, lease_until: null });
      const after = await this.reload(trx, id);
      await this.audit.record(trx, actor, {
        action: 'monitor.accept_baseline', entityType: 'monitor', entityId: id, agencyId: before.agency_id, summary: before.name,
        before: { baseline: before.baseline }, after: { baseline: observed },
      });
      return after;
    });
  }

  /**
   * Creates the monitors the registry implies (HTTP per URL, TLS per https host, DNS per
   * domain) for every system the actor may change, optionally under one agency. Idempotent:
   * existing (system, kind, target) monitors are left alone. One transaction per system, so
   * a province-wide run does not hold the embedded database for long.
   */
  async createFromRegistry(actor: Actor, opts: { agencyId?: string } = {}): Promise<{ created: number; skipped: number; systems: number; monitors: MonitorDto[] }> {
    assertCanEditRegistry(actor);
    const scope = readScope(actor);
    let prefix: string | null = null;
    if (opts.agencyId) {
      const a = await this.repos.agencies.findById(this.db, opts.agencyId);
      if (!a || !inScope(scope, a.path)) throw new ValidationError('Agency not found', [{ field: '/agencyId', message: 'no such agency' }]);
      prefix = a.path;
    }
    const systems = (await this.repos.systems.listAll(this.db, scope)).filter(
      (s) => inScope(scope, s.owner_agency_path) && (!prefix || s.owner_agency_path.startsWith(prefix)),
    );
    let created = 0;
    let skipped = 0;
    const monitors: MonitorDto[] = [];
    for (const system of systems) {
      const plan = planRegistryMonitors(system, this.probes);
      if (plan.length === 0) continue;
      await this.db.transaction().execute(async (trx) => {
        const existing = new Set((await this.repos.monitors.keysForSystems(trx, [system.id])).map((k) => `${k.kind} ${k.target}`));
        const now = this.clock.now();
        const rows = plan.filter((p) => !existing.has(`${p.kind} ${p.target}`)).map((p) =>
          this.newRow(system, { kind: p.kind, target: p.target, name: p.name, settings: {}, intervalSeconds: 60, timeoutMs: defaultTimeoutMs(60), failureThreshold: 2, paused: false }, now),
        );
        skipped += plan.length - rows.length;
        if (rows.length === 0) return;
        await this.repos.monitors.insertMany(trx, rows);
        for (const row of rows) {
          const dto = await this.reload(trx, row.id);
          monitors.push(dto);
          await this.audit.record(trx, actor, { action: 'monitor.create', entityType: 'monitor', entityId: row.id, agencyId: row.agency_id, summary: `${row.name} (from the registry)`, after: dto });
        }
        created += rows.length;
      });
    }
    return { created, skipped, systems: systems.length, monitors };
  }

  async history(actor: Actor, id: string, range: { from: Date; to: Date; resolution?: Resolution }): Promise<{ resolution: Resolution; points: SeriesPoint[] }> {
    await this.getVisible(this.db, actor, id);
    if (!(range.from < range.to)) throw new ValidationError('The range is empty', [{ field: '/from', message: 'must be before to' }]);
    return this.reader.series(id, range.from, range.to, this.clock.now(), range.resolution);
  }

  /** Uptime per monitor over 24 h / 7 d / 30 d; monitors the actor cannot see are left out. */
  async uptime(actor: Actor, monitorIds: string[], windows: readonly UptimeWindow[] = Object.keys(UPTIME_WINDOWS) as UptimeWindow[]): Promise<Record<string, Record<UptimeWindow, Summary>>> {
    const rows = await this.repos.monitors.findByIds(this.db, [...new Set(monitorIds)]);
    const ids = rows.filter((m) => this.visible(actor, m)).map((m) => m.id);
    return Object.fromEntries(await this.reader.uptime(ids, windows, this.clock.now()));
  }

  async events(actor: Actor, id: string, opts: { limit?: number; before?: Date } = {}): Promise<MonitorEventDto[]> {
    await this.getVisible(this.db, actor, id);
    const rows = await this.repos.events.listForMonitor(this.db, id, { limit: Math.min(opts.limit ?? 100, 1000), before: opts.before });
    return rows.map(toMonitorEventDto);
  }
}

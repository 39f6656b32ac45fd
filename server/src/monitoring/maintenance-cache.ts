import type { CoverTarget, MaintenanceWindowSpec } from './maintenance-schedule.ts';
import { inMaintenance } from './maintenance-schedule.ts';
import type { MaintenanceWindowWithPath } from '../repositories/maintenance-window.repository.ts';

/**
 * The maintenance windows the engine consults for every state change, held in memory and
 * reloaded every few seconds: there are few windows and many checks. If a reload fails the
 * previous list stays in use.
 */
export function toWindowSpec(w: MaintenanceWindowWithPath): MaintenanceWindowSpec {
  return {
    id: w.id,
    scope: w.scope as MaintenanceWindowSpec['scope'],
    monitorId: w.monitor_id,
    systemId: w.system_id,
    agencyPath: w.agency_path,
    kind: w.kind as MaintenanceWindowSpec['kind'],
    startsAt: w.starts_at ? new Date(w.starts_at) : null,
    endsAt: w.ends_at ? new Date(w.ends_at) : null,
    weekdays: w.weekdays,
    startTime: w.start_time,
    durationMinutes: w.duration_minutes,
    timeZone: w.time_zone,
  };
}

export class MaintenanceCache {
  private windows: MaintenanceWindowSpec[] = [];
  private loadedAt = 0;

  constructor(
    private readonly load: () => Promise<MaintenanceWindowWithPath[]>,
    private readonly refreshMs = 10_000,
  ) {}

  get stale(): boolean {
    return Date.now() - this.loadedAt >= this.refreshMs;
  }

  async refresh(): Promise<void> {
    this.windows = (await this.load()).map(toWindowSpec);
    this.loadedAt = Date.now();
  }

  covers(target: CoverTarget, at: Date): boolean {
    return this.windows.length > 0 && inMaintenance(this.windows, target, at);
  }
}

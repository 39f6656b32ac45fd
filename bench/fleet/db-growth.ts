import type { Config } from '../../server/src/config/config.ts';

/**
 * Database growth for the monitored fleet, extrapolated from measured row sizes and the rates
 * seen in the window (the header of bench/monitor.bench.ts explains the model): what stays
 * (monitors, raw samples within their retention, minute rollups) and what accrues per day.
 */
export interface GrowthInput {
  config: Pick<Config, 'monitorRawRetentionMinutes' | 'monitorMinuteRetentionHours'>;
  marginal: Record<'samples' | 'events' | 'alerts', { bytes: number }>;
  rows: { eventsInWindow: number; alertsInWindow: number };
  windowS: number;
  checksPerS: number;
  monitors: number;
  /** Bytes of one full rollup row per level: 1 minute slots, 2 hour slots, 3 day slots. */
  rollupBytes: Record<1 | 2 | 3, number>;
  monitorsTableBytes: number;
}

export function databaseGrowth(g: GrowthInput) {
  const bytesPerSample = g.marginal.samples.bytes;
  const bytesPerEvent = g.marginal.events.bytes;
  const bytesPerAlert = g.marginal.alerts.bytes;
  const eventsPerDay = (g.rows.eventsInWindow / g.windowS) * 86_400;
  const alertsPerDay = (g.rows.alertsInWindow / g.windowS) * 86_400;
  const n = g.monitors;
  const perDay = {
    hourRollups: n * g.rollupBytes[2],
    dayRollups: (n * g.rollupBytes[3]) / 30.44,
    events: eventsPerDay * bytesPerEvent,
    alerts: alertsPerDay * bytesPerAlert,
  };
  const steady = {
    monitors: g.monitorsTableBytes,
    samples: bytesPerSample * g.checksPerS * g.config.monitorRawRetentionMinutes * 60,
    minuteRollups: n * (g.config.monitorMinuteRetentionHours + 1) * g.rollupBytes[1],
  };
  return {
    bytesPerSample, bytesPerEvent, bytesPerAlert, eventsPerDay, alertsPerDay, perDay, steady,
    dbBytesPerDay: perDay.hourRollups + perDay.dayRollups + perDay.events + perDay.alerts,
    dbBytesPerDayAfter: perDay.dayRollups + perDay.events + perDay.alerts,
    dbSteady: steady.monitors + steady.samples + steady.minuteRollups,
  };
}

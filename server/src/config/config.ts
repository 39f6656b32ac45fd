import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * All settings in one place. Each has an environment variable and a key in the optional
 * JSON file (VIGIL_CONFIG, or ./vigil.config.json when present); the environment wins so a
 * container can override a shipped file.
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  publicUrl: string;
  secureCookies: boolean;
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginLockoutMinutes: number;
  loginRateLimitPerMinute: number;
  uploadMaxBytes: number;
  bodyMaxBytes: number;
  /** Vulnerability feed files and offline bundles (VIGIL_FEED_MAX_BYTES): a year of NVD pages is far larger than a registry sheet. */
  feedMaxBytes: number;
  /** Monitoring engine (VIGIL_MONITOR_*): see server/src/monitoring/README.md. */
  monitorConcurrency: number;
  monitorPerHostConcurrency: number;
  monitorClaimBatch: number;
  monitorPollMs: number;
  monitorFlushMs: number;
  monitorLeaseMarginSeconds: number;
  monitorMinIntervalSeconds: number;
  monitorRetrySeconds: number;
  monitorFlapTransitions: number;
  monitorFlapWindowMinutes: number;
  monitorRawRetentionMinutes: number;
  monitorMinuteRetentionHours: number;
  monitorHourRetentionDays: number;
  monitorAllowLoopback: boolean;
  /** Content analyses without an alarm are deleted after this many days (alarms are kept). */
  contentRetentionDays: number;
  /** Pages rendered at once by headless Chromium for content monitors with `render: true`; 0 turns the rendered check off. */
  renderConcurrency: number;
  chromiumPath: string;
  /** Notification dispatcher (VIGIL_NOTIFY_*): see server/src/notifications/README.md. */
  notifyConcurrency: number;
  notifyPerChannelConcurrency: number;
  notifyMaxAttempts: number;
  notifyPollMs: number;
  notifyTimeoutMs: number;
  /** Master secret for signed links (acknowledgement, calendar feeds); empty: generated and kept in the database. */
  signingSecret: string;
  /** How long an acknowledgement link in a message stays valid. */
  ackLinkTtlHours: number;
  /** How often the escalation loop looks for due alert groups. */
  escalationPollMs: number;
  /** The coordinating unit's name, as messages and documents print it. */
  organizationName: string;
}

interface Setting {
  key: keyof Config;
  env: string;
  kind: 'int' | 'string' | 'bool' | 'url' | 'enum';
  default: unknown;
  min?: number;
  max?: number;
  values?: readonly string[];
}

const SETTINGS: Setting[] = [
  { key: 'port', env: 'PORT', kind: 'int', default: 8080, min: 0, max: 65535 },
  { key: 'host', env: 'HOST', kind: 'string', default: '0.0.0.0' },
  { key: 'dataDir', env: 'VIGIL_DATA_DIR', kind: 'string', default: './data' },
  { key: 'databaseUrl', env: 'DATABASE_URL', kind: 'url', default: null },
  {
    key: 'logLevel', env: 'LOG_LEVEL', kind: 'enum', default: 'info',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
  },
  { key: 'publicUrl', env: 'VIGIL_PUBLIC_URL', kind: 'url', default: '' },
  { key: 'secureCookies', env: 'VIGIL_SECURE_COOKIES', kind: 'bool', default: null },
  { key: 'sessionTtlHours', env: 'VIGIL_SESSION_TTL_HOURS', kind: 'int', default: 12, min: 1, max: 24 * 30 },
  { key: 'loginMaxFailures', env: 'VIGIL_LOGIN_MAX_FAILURES', kind: 'int', default: 5, min: 1, max: 100 },
  { key: 'loginLockoutMinutes', env: 'VIGIL_LOGIN_LOCKOUT_MINUTES', kind: 'int', default: 15, min: 1, max: 24 * 60 },
  { key: 'loginRateLimitPerMinute', env: 'VIGIL_LOGIN_RATE_LIMIT', kind: 'int', default: 20, min: 1, max: 10000 },
  { key: 'uploadMaxBytes', env: 'VIGIL_UPLOAD_MAX_BYTES', kind: 'int', default: 10 * 1024 * 1024, min: 1024, max: 1024 ** 3 },
  { key: 'bodyMaxBytes', env: 'VIGIL_BODY_MAX_BYTES', kind: 'int', default: 1024 * 1024, min: 1024, max: 64 * 1024 ** 2 },
  { key: 'feedMaxBytes', env: 'VIGIL_FEED_MAX_BYTES', kind: 'int', default: 128 * 1024 * 1024, min: 1024, max: 1024 ** 3 },
  // Monitoring engine. Checks in flight per worker process, and per target host (so 50 sites
  // on one hosting server are not hit at once).
  { key: 'monitorConcurrency', env: 'VIGIL_MONITOR_CONCURRENCY', kind: 'int', default: 256, min: 1, max: 10000 },
  { key: 'monitorPerHostConcurrency', env: 'VIGIL_MONITOR_PER_HOST', kind: 'int', default: 4, min: 1, max: 10000 },
  { key: 'monitorClaimBatch', env: 'VIGIL_MONITOR_CLAIM_BATCH', kind: 'int', default: 500, min: 1, max: 10000 },
  { key: 'monitorPollMs', env: 'VIGIL_MONITOR_POLL_MS', kind: 'int', default: 500, min: 20, max: 60000 },
  { key: 'monitorFlushMs', env: 'VIGIL_MONITOR_FLUSH_MS', kind: 'int', default: 1000, min: 20, max: 60000 },
  // A lease lasts the check's timeout plus this margin; a dead worker's monitors come back after it.
  { key: 'monitorLeaseMarginSeconds', env: 'VIGIL_MONITOR_LEASE_MARGIN_SECONDS', kind: 'int', default: 5, min: 1, max: 600 },
  // 10 s for real monitors; tests and benchmarks may lower it.
  { key: 'monitorMinIntervalSeconds', env: 'VIGIL_MONITOR_MIN_INTERVAL_SECONDS', kind: 'int', default: 10, min: 1, max: 3600 },
  { key: 'monitorRetrySeconds', env: 'VIGIL_MONITOR_RETRY_SECONDS', kind: 'int', default: 20, min: 1, max: 3600 },
  { key: 'monitorFlapTransitions', env: 'VIGIL_MONITOR_FLAP_TRANSITIONS', kind: 'int', default: 5, min: 2, max: 100 },
  { key: 'monitorFlapWindowMinutes', env: 'VIGIL_MONITOR_FLAP_WINDOW_MINUTES', kind: 'int', default: 30, min: 1, max: 24 * 60 },
  // Raw samples must outlive the hour being rolled up, hence at least 70 minutes.
  { key: 'monitorRawRetentionMinutes', env: 'VIGIL_MONITOR_RAW_RETENTION_MINUTES', kind: 'int', default: 120, min: 70, max: 7 * 24 * 60 },
  { key: 'monitorMinuteRetentionHours', env: 'VIGIL_MONITOR_MINUTE_RETENTION_HOURS', kind: 'int', default: 48, min: 26, max: 24 * 90 },
  { key: 'monitorHourRetentionDays', env: 'VIGIL_MONITOR_HOUR_RETENTION_DAYS', kind: 'int', default: 90, min: 32, max: 3660 },
  // Lets monitors reach 127.0.0.0/8 and ::1 (tests, benchmarks on loopback). Never in production.
  { key: 'monitorAllowLoopback', env: 'VIGIL_MONITOR_ALLOW_LOOPBACK', kind: 'bool', default: false },
  // Page snapshots of analyses without an alarm; alarms and their evidence are kept until deleted with the monitor.
  { key: 'contentRetentionDays', env: 'VIGIL_CONTENT_RETENTION_DAYS', kind: 'int', default: 30, min: 1, max: 3650 },
  // Off by default: Chromium is a large, separately updated dependency and each render costs ~100 MB.
  { key: 'renderConcurrency', env: 'VIGIL_RENDER_CONCURRENCY', kind: 'int', default: 0, min: 0, max: 16 },
  { key: 'chromiumPath', env: 'VIGIL_CHROMIUM_PATH', kind: 'string', default: '/usr/bin/chromium' },
  { key: 'signingSecret', env: 'VIGIL_SIGNING_SECRET', kind: 'string', default: '' },
  { key: 'ackLinkTtlHours', env: 'VIGIL_ACK_LINK_TTL_HOURS', kind: 'int', default: 72, min: 1, max: 24 * 30 },
  { key: 'organizationName', env: 'VIGIL_ORGANIZATION_NAME', kind: 'string', default: 'Đơn vị chuyên trách ứng cứu sự cố' },
  { key: 'escalationPollMs', env: 'VIGIL_ESCALATION_POLL_MS', kind: 'int', default: 5000, min: 50, max: 60_000 },
  // Notification dispatcher: sends in flight per process, and per channel (so one slow SMTP
  // relay or gateway cannot take every slot and hold up the other channels).
  { key: 'notifyConcurrency', env: 'VIGIL_NOTIFY_CONCURRENCY', kind: 'int', default: 16, min: 1, max: 1000 },
  { key: 'notifyPerChannelConcurrency', env: 'VIGIL_NOTIFY_PER_CHANNEL', kind: 'int', default: 4, min: 1, max: 1000 },
  // Attempts before a retryable failure becomes 'dead' (backoff 10 s × 2^n, capped at 1 h: 8 ≈ 21 min in all).
  { key: 'notifyMaxAttempts', env: 'VIGIL_NOTIFY_MAX_ATTEMPTS', kind: 'int', default: 8, min: 1, max: 100 },
  { key: 'notifyPollMs', env: 'VIGIL_NOTIFY_POLL_MS', kind: 'int', default: 1000, min: 20, max: 60000 },
  // One send, connect to last byte; the lease is this plus a margin.
  { key: 'notifyTimeoutMs', env: 'VIGIL_NOTIFY_TIMEOUT_MS', kind: 'int', default: 15000, min: 100, max: 300000 },
];

export class ConfigError extends Error {
  constructor(readonly setting: string, reason: string) {
    super(`Invalid setting ${setting}: ${reason}`);
    this.name = 'ConfigError';
  }
}

function parseValue(s: Setting, raw: unknown, source: string): unknown {
  const name = `${s.env} (${source})`;
  if (raw === undefined || raw === null || raw === '') return s.default;
  switch (s.kind) {
    case 'int': {
      const n = typeof raw === 'number' ? raw : /^-?\d+$/.test(String(raw).trim()) ? Number(String(raw).trim()) : NaN;
      if (!Number.isInteger(n)) throw new ConfigError(name, `expected a whole number, got ${JSON.stringify(raw)}`);
      if (s.min !== undefined && n < s.min) throw new ConfigError(name, `must be at least ${s.min}, got ${n}`);
      if (s.max !== undefined && n > s.max) throw new ConfigError(name, `must be at most ${s.max}, got ${n}`);
      return n;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      const v = String(raw).toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      throw new ConfigError(name, `expected true or false, got ${JSON.stringify(raw)}`);
    }
    case 'url': {
      try {
        new URL(String(raw));
      } catch {
        throw new ConfigError(name, `expected a URL, got ${JSON.stringify(raw)}`);
      }
      return String(raw);
    }
    case 'enum':
      if (!s.values!.includes(String(raw))) {
        throw new ConfigError(name, `expected one of ${s.values!.join(', ')}, got ${JSON.stringify(raw)}`);
      }
      return String(raw);
    default:
      if (typeof raw !== 'string') throw new ConfigError(name, 'expected text');
      return raw;
  }
}

function readFileSettings(env: NodeJS.ProcessEnv): { values: Record<string, unknown>; path: string | null } {
  const path = env.VIGIL_CONFIG ? resolve(env.VIGIL_CONFIG) : existsSync('vigil.config.json') ? resolve('vigil.config.json') : null;
  if (!path) return { values: {}, path: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`VIGIL_CONFIG (${path})`, `cannot read JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`VIGIL_CONFIG (${path})`, 'the file must hold one JSON object');
  }
  const known = new Set(SETTINGS.map((s) => s.key as string));
  for (const k of Object.keys(parsed)) {
    if (!known.has(k)) throw new ConfigError(`${k} (${path})`, `unknown setting; known: ${[...known].join(', ')}`);
  }
  return { values: parsed as Record<string, unknown>, path };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const file = readFileSettings(env);
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const fromEnv = env[s.env];
    out[s.key] = fromEnv !== undefined && fromEnv !== ''
      ? parseValue(s, fromEnv, 'environment')
      : parseValue(s, file.values[s.key], file.path ?? 'default');
  }
  const config = { ...out, ...overrides } as Config;
  config.dataDir = resolve(config.dataDir);
  if (!config.publicUrl) config.publicUrl = `http://localhost:${config.port}`;
  if ((config.secureCookies as unknown) === null) config.secureCookies = config.publicUrl.startsWith('https:');
  return config;
}

export function describeSettings(): string {
  return SETTINGS.map((s) => `  ${s.env.padEnd(28)} ${String(s.key).padEnd(24)} default ${JSON.stringify(s.default)}`).join('\n');
}

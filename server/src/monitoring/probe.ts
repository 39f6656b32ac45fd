import type { TSchema } from 'typebox';
import type { ContentArtifacts } from './content/content-artifacts.ts';

/**
 * The contract between the monitoring engine and each probe. One probe per file in
 * `probes/`, registered in `probe-registry.ts`. A probe checks one target once, from the
 * outside, and never throws for a target's misbehaviour: timeouts, resets, bad certificates,
 * hostile answers all come back as a failed ProbeResult with a readable reason.
 */
export type MonitorKind = 'http' | 'tls' | 'dns' | 'tcp' | 'content';

export interface AddressPolicy {
  /**
   * Called with every address a probe is about to connect to (after DNS resolution, at
   * connect time). Returns null when allowed, or the reason it is refused.
   */
  check(address: string, family: 4 | 6): string | null;
}

export interface ProbeContext {
  /** Aborted when the engine gives up on the check (timeout or shutdown). */
  signal: AbortSignal;
  timeoutMs: number;
  addressPolicy: AddressPolicy;
  /** Values the probe reported as `observed` last time they were accepted as normal (DNS sets, TLS identity). */
  baseline: Record<string, unknown> | null;
  now(): Date;
}

export type ProbeStatus = 'up' | 'degraded' | 'down';

export interface ProbeResult {
  status: ProbeStatus;
  /** One readable line: "HTTP 503", "timed out after 10 s", "certificate expires in 5 days", "A records changed". */
  reason: string;
  /** Total time of the check in ms, null when nothing answered. */
  latencyMs: number | null;
  /** Probe-specific facts for the UI and the event history (status code, timings, redirect chain, certificate, records…). */
  details: Record<string, unknown>;
  /** What the engine stores as the new baseline when an analyst accepts a change (or on the first successful check). */
  observed?: Record<string, unknown>;
  /** Days until the TLS certificate expires, when the probe saw one. */
  tlsDaysLeft?: number | null;
  /**
   * Replaces the monitor's baseline when the result is written. For baselines learned
   * continuously (the content profile after every clean check), unlike `observed`, which
   * becomes the baseline only the first time or when an analyst accepts it.
   */
  learned?: Record<string, unknown>;
  /** How to describe the down alert this result opens, when "monitor.down" says too little (content.injection…). */
  alert?: ProbeAlert;
  /** Evidence too large for `details`: written by the worker's evidence writer, then dropped (never buffered). */
  artifacts?: ContentArtifacts;
}

export type AlertSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export interface ProbeAlert {
  /** The alert's kind, e.g. "content.defacement". */
  kind: string;
  severity: AlertSeverity;
  /** Merged into the alert's details (e.g. the analysis id). */
  details?: Record<string, unknown>;
}

/** Scheduling defaults and limits of a probe whose checks are heavier than a ping. */
export interface ProbeSchedule {
  defaultIntervalSeconds: number;
  defaultTimeoutMs: number;
  /** Checks more often than this are refused at validation (on top of the global minimum). */
  minIntervalSeconds: number;
}

export interface Probe<S = Record<string, unknown>> {
  kind: MonitorKind;
  /** TypeBox schema of this probe's settings (validated at monitor creation; field-level errors). */
  settingsSchema: TSchema;
  /** Settings used when a monitor gives none. */
  defaults: S;
  /** Human description of the target format, for errors ("an http(s) URL", "host:port"…). */
  targetHelp: string;
  /** Returns an error message when the target is not valid for this probe. */
  validateTarget(target: string): string | null;
  /** The host name or address the target points at, for per-host concurrency caps. */
  hostOf(target: string): string;
  /** Defaults and limits for interval and timeout when they differ from a quick check's. */
  schedule?: ProbeSchedule;
  run(target: string, settings: S, ctx: ProbeContext): Promise<ProbeResult>;
}

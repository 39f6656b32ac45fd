import type { SendResult } from './channel.ts';

/**
 * What the dispatcher does with a send's result: pure, so the policy is tested without a
 * database or a clock. Retryable failures back off exponentially with jitter (so a receiver
 * that comes back is not hit by every queued message in the same second), never sooner than
 * the receiver asked (Retry-After); non-retryable ones and the last allowed attempt are dead.
 */
export interface RetrySettings {
  /** Delay after the first failure; doubled after each further one. */
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetrySettings = { baseMs: 10_000, capMs: 60 * 60_000, maxAttempts: 8 };

/** A receiver's Retry-After is honoured up to a day; beyond that it is not a retry any more. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

export type Decision =
  | { action: 'sent'; providerId: string | null }
  | { action: 'retry'; inMs: number; code: string; error: string }
  | { action: 'dead'; code: string; error: string };

/** Exponential backoff with "equal jitter": between half and all of base × 2^(attempt−1), capped. */
export function backoffMs(attempt: number, s: Pick<RetrySettings, 'baseMs' | 'capMs'>, random: () => number = Math.random): number {
  const full = Math.min(s.capMs, s.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(full / 2 + random() * (full / 2));
}

/** `attempts` counts this one. */
export function decide(result: SendResult, attempts: number, s: RetrySettings, random: () => number = Math.random): Decision {
  if (result.ok) return { action: 'sent', providerId: result.providerId ?? null };
  if (!result.retryable) return { action: 'dead', code: result.code, error: result.error };
  if (attempts >= s.maxAttempts) return { action: 'dead', code: result.code, error: `gave up after ${attempts} attempts: ${result.error}` };
  let inMs = backoffMs(attempts, s, random);
  if (result.retryAfterMs !== undefined) inMs = Math.max(inMs, Math.min(result.retryAfterMs, MAX_RETRY_AFTER_MS));
  return { action: 'retry', inMs, code: result.code, error: result.error };
}

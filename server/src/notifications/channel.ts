import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import type { AddressPolicy } from '../monitoring/probe.ts';

/**
 * The contract between the (future) notification outbox/dispatcher and each delivery channel.
 * One channel per file in `channels/`, registered in `channel-registry.ts`.
 *
 * A channel delivers one message to one address once. It never throws: every failure comes back
 * as a SendResult whose `retryable` tells the dispatcher whether trying again later can help, so
 * the retry policy lives in one place (the dispatcher) and the channel only judges the answer.
 */
export type ChannelKind = 'email' | 'telegram' | 'webhook' | 'slack' | 'teams' | 'sms';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'telegram', 'webhook', 'slack', 'teams', 'sms'];

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export interface OutboundMessage {
  /** Idempotency key, stable across retries of the same delivery (the outbox row id). */
  id: string;
  /** The address in the channel's terms: an e-mail address, a Telegram chat id, a phone number; ignored by URL-addressed channels (webhook, Slack, Teams). */
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Telegram-HTML rendering of the body, when the template produced one. */
  telegramHtml?: string;
  severity: Severity;
  links?: { ack?: string; view?: string };
  meta?: Record<string, string>;
  /**
   * Files sent with the message (the official letter of a vulnerability warning). Base64 so the
   * message stays plain JSON in the outbox payload. Only e-mail carries them; other channels
   * ignore them, so the text must stand on its own without the file.
   */
  attachments?: OutboundAttachment[];
}

export interface OutboundAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/**
 * Why a send failed, machine-readable. 'bounced' is kept distinct so a roll call can show
 * "this contact's address does not exist" instead of a generic failure.
 */
export type SendErrorCode =
  | 'timeout'
  | 'network'
  | 'rate-limited'
  | 'server-error'
  | 'rejected'
  | 'auth'
  | 'bounced'
  | 'bad-address'
  | 'bad-config'
  | 'policy'
  | 'aborted'
  | 'internal';

export type SendResult =
  | { ok: true; providerId?: string }
  | { ok: false; retryable: boolean; code: SendErrorCode; error: string; retryAfterMs?: number };

export interface SendContext {
  /** Aborted when the dispatcher gives up (shutdown or its own deadline). */
  signal: AbortSignal;
  /** Budget for the whole send, connect to last byte. */
  timeoutMs: number;
  /**
   * Optional SSRF guard for HTTP channels: every address the URL's host resolves to is checked at
   * connect time (see monitoring/address-policy.ts). Without it only the scheme is checked,
   * because channel URLs are set by administrators, not agency users.
   */
  addressPolicy?: AddressPolicy;
  /** Clock for signatures and timestamps (tests pass a fixed one). */
  now?: () => Date;
}

export interface Channel<C = unknown> {
  kind: ChannelKind;
  /** TypeBox schema of the channel's configuration (validated when an administrator saves it). */
  configSchema: TSchema;
  /** Human description of the address format, for errors. */
  addressHelp: string;
  /** Returns an error message when `to` is not a valid address for this channel, else null. */
  validateAddress(to: string): string | null;
  send(msg: OutboundMessage, config: C, ctx: SendContext): Promise<SendResult>;
}

export function sent(providerId?: string | null): SendResult {
  return providerId ? { ok: true, providerId } : { ok: true };
}

export function failed(code: SendErrorCode, error: string, retryable: boolean, retryAfterMs?: number): SendResult {
  const r: SendResult = { ok: false, retryable, code, error: error.slice(0, 500) };
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) r.retryAfterMs = Math.round(retryAfterMs);
  return r;
}

/** Field-level problems in a channel configuration ([] when valid). */
export function configIssues(schema: TSchema, config: unknown): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const e of Value.Errors(schema, config) as unknown as { instancePath?: string; path?: string; message: string }[]) {
    out.push({ field: (e.instancePath ?? e.path ?? '').replace(/^\//, '').replace(/\//g, '.') || '(config)', message: e.message });
    if (out.length >= 20) break;
  }
  return out;
}

/**
 * The safety net that makes "sends never throw" true even for a bug in a channel: anything
 * thrown becomes a retryable internal failure (a bug fixed later should not lose the message).
 */
export async function guardSend(fn: () => Promise<SendResult>, signal: AbortSignal): Promise<SendResult> {
  try {
    return await fn();
  } catch (e) {
    if (signal.aborted) return failed('aborted', 'send aborted', true);
    return failed('internal', e instanceof Error ? e.message : String(e), true);
  }
}

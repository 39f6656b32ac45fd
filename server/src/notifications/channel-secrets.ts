import type { ChannelKind } from './channel.ts';

/**
 * Which configuration fields of each channel kind are credentials. They are write-only: the
 * API answers with the rest of the configuration and the names of the secrets that are set,
 * and an update that leaves a secret out keeps the stored one. Slack and Teams incoming-webhook
 * URLs are secrets too: whoever knows the URL can post into the channel.
 */
export const SECRET_FIELDS: Readonly<Record<ChannelKind, readonly string[]>> = {
  email: ['pass'],
  telegram: ['botToken'],
  webhook: ['secret', 'headers'],
  slack: ['url'],
  teams: ['url'],
  sms: ['authHeader'],
};

export function secretFields(kind: string): readonly string[] {
  return Object.hasOwn(SECRET_FIELDS, kind) ? SECRET_FIELDS[kind as ChannelKind] : [];
}

/** The configuration without its secrets, and which secrets are set. */
export function redactConfig(kind: string, config: Record<string, unknown>): { config: Record<string, unknown>; secretsSet: string[] } {
  const secrets = secretFields(kind);
  const out: Record<string, unknown> = {};
  const set: string[] = [];
  for (const [k, v] of Object.entries(config)) {
    if (secrets.includes(k)) {
      if (v !== undefined && v !== null && v !== '') set.push(k);
    } else out[k] = v;
  }
  return { config: out, secretsSet: set };
}

/**
 * The configuration to store after an update: the new non-secret fields as given, each secret
 * from the update when present, null to clear it, and otherwise the stored value.
 */
export function mergeConfig(kind: string, stored: Record<string, unknown>, update: Record<string, unknown>): Record<string, unknown> {
  const secrets = secretFields(kind);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(update)) if (v !== null && k !== '__proto__') out[k] = v;
  for (const k of secrets) {
    if (Object.hasOwn(update, k)) continue;
    if (Object.hasOwn(stored, k)) out[k] = stored[k];
  }
  return out;
}

/** Nulls mean "not set" in a new configuration. */
export function dropNulls(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) if (v !== null && k !== '__proto__') out[k] = v;
  return out;
}

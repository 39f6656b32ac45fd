import { channelFor } from './channel-registry.ts';

/**
 * Which channel kinds deliver to a per-person address. Webhook, Slack and Teams channels post
 * to the URL in their configuration, so a person cannot have "their" address there.
 */
const ADDRESSED = new Set(['email', 'telegram', 'sms']);

export function takesAddress(kind: string): boolean {
  return ADDRESSED.has(kind);
}

/** Why `address` cannot be used with a channel of this kind, or null. */
export function addressIssue(kind: string, address: string): string | null {
  const channel = channelFor(kind);
  if (!channel) return `unknown channel kind ${kind}`;
  if (!takesAddress(kind)) return address.trim() ? `a ${kind} channel posts to its configured URL and takes no personal address; leave it empty` : null;
  if (!address.trim()) return `is required: ${channel.addressHelp}`;
  const bad = channel.validateAddress(address);
  return bad ? `${bad} (${channel.addressHelp})` : null;
}

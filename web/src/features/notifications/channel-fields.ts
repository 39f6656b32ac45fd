import type { ChannelKind } from './notification-types.ts';

/**
 * The form fields of each channel kind, mirroring the server's config schemas
 * (server/src/notifications/channels/*.channel.ts). Secret fields are write-only: the form
 * shows whether they are set and offers to replace them. Keys not listed here are kept as
 * they are when a channel is edited.
 */
export type FieldType = 'text' | 'number' | 'bool' | 'select' | 'json' | 'secret' | 'secret-json' | 'secret-header';

export interface FieldSpec {
  key: string;
  type: FieldType;
  required?: boolean;
  options?: readonly string[];
  placeholder?: string;
  /** For bool: the value when the key is absent (what the channel does by default). */
  defaultBool?: boolean;
}

export const CHANNEL_FIELDS: Readonly<Record<ChannelKind, readonly FieldSpec[]>> = {
  email: [
    { key: 'host', type: 'text', required: true, placeholder: 'smtp.tinh.gov.vn' },
    { key: 'port', type: 'number', required: true, placeholder: '587' },
    { key: 'from', type: 'text', required: true, placeholder: 'Vigil <canhbao@tinh.gov.vn>' },
    { key: 'starttls', type: 'select', options: ['required', 'opportunistic', 'never'] },
    { key: 'secure', type: 'bool', defaultBool: false },
    { key: 'rejectUnauthorized', type: 'bool', defaultBool: true },
    { key: 'user', type: 'text' },
    { key: 'pass', type: 'secret' },
  ],
  telegram: [
    { key: 'botToken', type: 'secret', required: true, placeholder: '123456789:AA…' },
    { key: 'apiBase', type: 'text', placeholder: 'https://api.telegram.org' },
    { key: 'parseMode', type: 'select', options: ['HTML', 'plain'] },
    { key: 'silentBelowMedium', type: 'bool', defaultBool: false },
  ],
  webhook: [
    { key: 'url', type: 'text', required: true, placeholder: 'https://soc.tinh.gov.vn/vigil' },
    { key: 'secret', type: 'secret', required: true },
    { key: 'headers', type: 'secret-json', placeholder: '{"X-Api-Key": "…"}' },
  ],
  slack: [{ key: 'url', type: 'secret', required: true, placeholder: 'https://hooks.slack.com/services/…' }],
  teams: [{ key: 'url', type: 'secret', required: true, placeholder: 'https://….webhook.office.com/…' }],
  sms: [
    { key: 'url', type: 'text', required: true, placeholder: 'https://sms.nhamang.vn/api/send' },
    { key: 'format', type: 'select', required: true, options: ['json', 'form', 'query'] },
    { key: 'method', type: 'select', options: ['POST', 'GET', 'PUT'] },
    { key: 'fields', type: 'json', required: true, placeholder: '{"phone": "{to}", "message": "{text}", "ref": "{id}"}' },
    { key: 'authHeader', type: 'secret-header', placeholder: 'Authorization: Bearer …' },
    { key: 'maxParts', type: 'number', placeholder: '3' },
    { key: 'stripDiacritics', type: 'bool', defaultBool: false },
  ],
};

export const isSecret = (f: FieldSpec) => f.type.startsWith('secret');

/** "Name: value" → {name, value}; null when there is no colon. */
export function parseHeader(s: string): { name: string; value: string } | null {
  const i = s.indexOf(':');
  if (i <= 0) return null;
  return { name: s.slice(0, i).trim(), value: s.slice(i + 1).trim() };
}

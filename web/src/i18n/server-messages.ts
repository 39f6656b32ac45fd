import type { TParams } from './i18n-context.tsx';
import type { MessageKey } from './vi.ts';

/**
 * The server words field errors in English. The common ones are mapped to catalogue entries so
 * a Vietnamese form reads in Vietnamese; anything not listed is shown as the server wrote it.
 */
export const SERVER_FIELD_MESSAGES: Record<string, MessageKey> = {
  'is required': 'fieldMsg.required',
  'has characters or a form that is not allowed': 'fieldMsg.pattern',
  'already in use': 'fieldMsg.taken',
  'no such agency': 'fieldMsg.noAgency',
  'choose the parent agency': 'fieldMsg.chooseParent',
  'choose the agency this user belongs to': 'fieldMsg.chooseAgency',
  'must be empty for this role': 'fieldMsg.noAgencyForRole',
  'wrong password': 'fieldMsg.wrongPassword',
  'must differ from the current password': 'fieldMsg.samePassword',
  'wrong or expired code': 'fieldMsg.wrongCode',
  'would create a cycle': 'fieldMsg.cycle',
  'must match format "email"': 'fieldMsg.email',
  'must match format "uri"': 'fieldMsg.url',
  'must match format "ipv4"': 'fieldMsg.ip',
  'must NOT have fewer than 10 characters': 'fieldMsg.password10',
  'must NOT have duplicate items': 'fieldMsg.duplicates',
  'does not match any allowed value': 'fieldMsg.notAllowed',
};

/** Schema bounds, worded by the validator with the number in them. */
const SERVER_FIELD_PATTERNS: [RegExp, MessageKey][] = [
  [/^must be >= (-?\d+(?:\.\d+)?)$/, 'fieldMsg.min'],
  [/^must be <= (-?\d+(?:\.\d+)?)$/, 'fieldMsg.max'],
];

/** Translates a server field message, keeping any "what: " prefix (an item, a row) in front of it. */
export function translateServerMessage(t: (key: MessageKey, params?: TParams) => string, message: string): string {
  const direct = SERVER_FIELD_MESSAGES[message];
  if (direct) return t(direct);
  for (const [re, key] of SERVER_FIELD_PATTERNS) {
    const m = re.exec(message);
    if (m) return t(key, { n: m[1]! });
  }
  for (const [english, key] of Object.entries(SERVER_FIELD_MESSAGES)) {
    if (message.endsWith(`: ${english}`)) return `${message.slice(0, -english.length)}${t(key)}`;
  }
  return message;
}

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
  // Escalation policies, routing rules, alerts and roll calls (server/src/alerting, services/escalation-policy.service.ts…).
  'must be 1 to 200 characters': 'fieldMsg.esc.name',
  'must be a whole number from 0 to 10': 'fieldMsg.esc.repeatRange',
  'add at least one step': 'fieldMsg.esc.noSteps',
  'at most 20 steps': 'fieldMsg.esc.tooManySteps',
  'a policy must notify someone': 'fieldMsg.esc.mustNotify',
  'a repeating policy needs a wait step, or it would notify without pause': 'fieldMsg.esc.repeatNeedsWait',
  'must be a whole number of minutes from 1 to 1440': 'fieldMsg.esc.minutes',
  'must be an id': 'fieldMsg.esc.chooseItem',
  'name 1 to 50 users': 'fieldMsg.esc.users',
  'no such roster': 'fieldMsg.esc.noRoster',
  'no such channel': 'fieldMsg.esc.noChannel',
  'no such user': 'fieldMsg.esc.noUser',
  'no such escalation policy': 'fieldMsg.esc.noPolicy',
  'another policy has this name': 'fieldMsg.esc.nameTaken',
  'must be 0 to 86400 seconds': 'fieldMsg.esc.window',
  'must be a list of kind prefixes (letters, digits, . _ -)': 'fieldMsg.esc.kinds',
  'no such active user who can see this alert': 'fieldMsg.alert.assignee',
  'must be 5 minutes to 7 days': 'fieldMsg.rc.deadline',
  // Incidents (services/incident-report.service.ts, incident-workflow.service.ts).
  'say who notified you': 'fieldMsg.inc.whoNotified',
  'describe how it was detected': 'fieldMsg.inc.howDetected',
  'is in the future': 'fieldMsg.inc.future',
  'is more than 5 years ago': 'fieldMsg.inc.tooOld',
  'no such system': 'fieldMsg.inc.noSystem',
  'required to close an incident': 'fieldMsg.inc.closingRequired',
  'must be between detection and now': 'fieldMsg.inc.endedRange',
  'must not be empty': 'fieldMsg.inc.notEmpty',
  'no such active user': 'fieldMsg.inc.noActiveUser',
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

/**
 * What each message template may mention. The whitelist is the whole security model of custom
 * templates: a placeholder is a bare field name from this list, nothing else is ever looked up.
 */
export type TemplateKey = 'alert.triggered' | 'alert.escalated' | 'alert.resolved' | 'rollcall.test' | 'duty.reminder' | 'incident.received' | 'incident.deadline'
  | 'warning.issued' | 'warning.reminder';
export const TEMPLATE_KEYS: readonly TemplateKey[] = ['alert.triggered', 'alert.escalated', 'alert.resolved', 'rollcall.test', 'duty.reminder', 'incident.received', 'incident.deadline',
  'warning.issued', 'warning.reminder',
];

export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];

/** A template is data: three strings with {{field}} placeholders. Lines whose fields are all empty are dropped. */
export interface MessageTemplate {
  /** One line; control characters and line breaks in values become spaces. */
  subject: string;
  /** Plain text body; also the source of the HTML and Telegram renderings (escaped per target). */
  body: string;
  /** Short text for SMS (Vietnamese needs UCS-2: 70 characters per part). */
  sms: string;
}

const COMMON = ['recipientName', 'organization'] as const;
const WARNING = ['warningNumber', 'title', 'agencyName', 'deadline', 'viewLink'] as const;
const ALERT = ['alertId', 'title', 'systemName', 'agencyName', 'severityLabel', 'summary', 'occurredAt', 'ackLink', 'viewLink'] as const;

export const TEMPLATE_FIELDS: Readonly<Record<TemplateKey, readonly string[]>> = {
  'alert.triggered': [...COMMON, ...ALERT],
  'alert.escalated': [...COMMON, ...ALERT, 'step', 'unackedMinutes', 'previousRecipients'],
  'alert.resolved': [...COMMON, ...ALERT, 'resolvedAt', 'duration'],
  'rollcall.test': [...COMMON, 'rollCallName', 'sentAt', 'respondBy', 'ackLink'],
  'duty.reminder': [...COMMON, 'rosterName', 'shiftName', 'shiftStart', 'shiftEnd', 'viewLink'],
  'incident.received': [...COMMON, 'incidentNumber', 'title', 'agencyName', 'detectedAt', 'receivedAt', 'viewLink'],
  'incident.deadline': [...COMMON, 'incidentNumber', 'title', 'deadlineLabel', 'dueAt', 'viewLink'],
  'warning.issued': [...COMMON, ...WARNING, 'cveCount', 'systemCount', 'ackLink'],
  'warning.reminder': [...COMMON, ...WARNING, 'openCount', 'systemCount'],
};

/** Fields rendered as clickable links in HTML and Telegram (only when they are http(s) URLs). */
export const LINK_FIELDS: ReadonlySet<string> = new Set(['ackLink', 'viewLink']);

/** Bounds: a template an administrator saves, and each substituted value. */
export const LIMITS = {
  subjectTemplate: 300,
  bodyTemplate: 4000,
  smsTemplate: 600,
  value: 2000,
  subject: 250,
  text: 8000,
  html: 40_000,
  telegram: 4000,
  sms: 1000,
} as const;

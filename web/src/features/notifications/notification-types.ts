import type { Role } from '../../api/types.ts';

/** The notification API's shapes (server/src/contracts/notification-*.schema.ts). */

export type ChannelKind = 'email' | 'telegram' | 'webhook' | 'slack' | 'teams' | 'sms';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'telegram', 'webhook', 'slack', 'teams', 'sms'];
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export interface NotificationChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  /** Without secrets. */
  config: Record<string, unknown>;
  secretFields: string[];
  secretsSet: string[];
  addressHelp: string;
  deliveries: number;
  dead: number;
  createdAt: string;
  updatedAt: string;
}

export interface ChannelBrief {
  id: string;
  name: string;
  kind: ChannelKind;
  takesAddress: boolean;
  addressHelp: string;
}

export interface SendOutcome {
  ok: boolean;
  code?: string;
  error?: string;
  retryable?: boolean;
  providerId?: string;
  durationMs: number;
}

export interface Delivery {
  id: string;
  alertId: string | null;
  channelId: string;
  channelName: string;
  channelKind: string;
  recipient: string;
  template: string;
  subject: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastCode: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface QuietHours {
  start: string;
  end: string;
  days?: number[];
  mode?: 'defer' | 'skip';
  bypassFrom?: Severity;
}

export interface PreferenceRule {
  channelId: string;
  channelName?: string;
  channelKind?: string;
  channelEnabled?: boolean;
  address: string;
  minSeverity: Severity | null;
  enabled: boolean;
}

export interface Preferences {
  timeZone: string;
  quietHours: QuietHours | null;
  phone: string | null;
  rules: PreferenceRule[];
}

export interface TemplateTexts {
  subject: string;
  body: string;
  sms: string;
}

export interface TemplateEntry {
  key: string;
  locale: 'vi' | 'en';
  fields: string[];
  default: TemplateTexts;
  override: TemplateTexts | null;
  updatedAt: string | null;
}

export interface TemplatePreview {
  subject: string;
  text: string;
  html: string;
  telegramHtml: string;
  sms: string;
  smsParts: number;
}

/** Channels, templates and the delivery log are for administrators (the server enforces it). */
export const canAdministerNotifications = (role: Role | undefined) => role === 'admin';

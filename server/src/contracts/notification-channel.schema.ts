import Type, { type Static } from 'typebox';
import { CHANNEL_KINDS, SEVERITIES } from '../notifications/channel.ts';
import { DateTime, LiteralUnion, Name, Nullable, PageQuery, Text, Uuid } from './common.schema.ts';

/**
 * Notification channels (administrators), the delivery log and dead letters. A channel's
 * `config` is checked against the channel kind's own schema by the service (field errors are
 * reported as `config.<field>`); secret fields are write-only and come back only as names in
 * `secretsSet`.
 */

export const ChannelKindSchema = LiteralUnion(CHANNEL_KINDS as readonly ['email', 'telegram', 'webhook', 'slack', 'teams', 'sms']);
export const SeveritySchema = LiteralUnion(SEVERITIES as readonly ['info', 'low', 'medium', 'high', 'critical']);

const Config = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 40, description: 'the channel kind\'s configuration; secrets are write-only (omit to keep, null to clear)' });

export const ChannelCreate = Type.Object(
  {
    name: Name(200),
    kind: ChannelKindSchema,
    config: Config,
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ChannelCreate = Static<typeof ChannelCreate>;

export const ChannelUpdate = Type.Object(
  {
    name: Type.Optional(Name(200)),
    config: Type.Optional(Config),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ChannelUpdate = Static<typeof ChannelUpdate>;

export const Channel = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.String(),
  enabled: Type.Boolean(),
  /** Without secrets. */
  config: Type.Record(Type.String(), Type.Unknown()),
  /** The secret fields this kind has, and which of them are set. */
  secretFields: Type.Array(Type.String()),
  secretsSet: Type.Array(Type.String()),
  addressHelp: Type.String(),
  deliveries: Type.Integer(),
  dead: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type ChannelDto = Static<typeof Channel>;

export const ChannelBrief = Type.Object({ id: Uuid, name: Type.String(), kind: Type.String(), takesAddress: Type.Boolean(), addressHelp: Type.String() });

export const ChannelTestBody = Type.Object(
  {
    /** The address in the channel's terms; not used by webhook, Slack and Teams channels. */
    to: Type.Optional(Text(320)),
    locale: Type.Optional(LiteralUnion(['vi', 'en'] as const)),
  },
  { additionalProperties: false },
);
export type ChannelTestBody = Static<typeof ChannelTestBody>;

/** The classified outcome of one synchronous send (never an HTTP error for the channel's failure). */
export const SendOutcome = Type.Object({
  ok: Type.Boolean(),
  code: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
  retryable: Type.Optional(Type.Boolean()),
  providerId: Type.Optional(Type.String()),
  durationMs: Type.Integer(),
});
export type SendOutcome = Static<typeof SendOutcome>;

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead'] as const;

export const DeliveryQuery = Type.Object(
  {
    page: PageQuery.page,
    pageSize: PageQuery.pageSize,
    status: Type.Optional(LiteralUnion(NOTIFICATION_STATUSES)),
    channelId: Type.Optional(Uuid),
    alertId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const Delivery = Type.Object({
  id: Uuid,
  alertId: Nullable(Type.String()),
  channelId: Uuid,
  channelName: Type.String(),
  channelKind: Type.String(),
  recipient: Type.String(),
  recipientUserId: Nullable(Type.String()),
  template: Type.String(),
  subject: Nullable(Type.String()),
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: DateTime,
  lastError: Nullable(Type.String()),
  lastCode: Nullable(Type.String()),
  createdAt: DateTime,
  sentAt: Nullable(DateTime),
  providerId: Nullable(Type.String()),
});

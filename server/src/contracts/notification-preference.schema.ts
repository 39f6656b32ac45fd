import Type, { type Static } from 'typebox';
import { Nullable, Text, Uuid } from './common.schema.ts';
import { SeveritySchema, SendOutcome } from './notification-channel.schema.ts';

/**
 * A user's own notification preferences: channels in order of preference, quiet hours in
 * their time zone, and a phone number. Semantic checks (the channel exists and is enabled, the
 * address fits the channel, the zone exists, the window is valid) are the service's.
 */

const HhMm = Type.String({ maxLength: 5, description: 'HH:mm, local time' });

export const QuietHoursSchema = Type.Object(
  {
    start: HhMm,
    end: HhMm,
    days: Type.Optional(Type.Array(Type.Integer(), { maxItems: 7, description: 'ISO weekdays (1 = Monday) on which the window starts' })),
    mode: Type.Optional(Type.Union([Type.Literal('defer'), Type.Literal('skip')])),
    bypassFrom: Type.Optional(SeveritySchema),
  },
  { additionalProperties: false },
);

export const PreferenceRule = Type.Object(
  {
    channelId: Uuid,
    address: Text(320),
    minSeverity: Type.Optional(Nullable(SeveritySchema)),
    enabled: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const PreferencesBody = Type.Object(
  {
    timeZone: Text(64, { minLength: 1 }),
    quietHours: Nullable(QuietHoursSchema),
    phone: Type.Optional(Nullable(Text(40))),
    rules: Type.Array(PreferenceRule, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type PreferencesBody = Static<typeof PreferencesBody>;

export const Preferences = Type.Object({
  timeZone: Type.String(),
  quietHours: Nullable(QuietHoursSchema),
  phone: Nullable(Type.String()),
  rules: Type.Array(
    Type.Object({
      channelId: Uuid,
      channelName: Type.String(),
      channelKind: Type.String(),
      channelEnabled: Type.Boolean(),
      address: Type.String(),
      minSeverity: Nullable(Type.String()),
      enabled: Type.Boolean(),
    }),
  ),
});

export const PreferenceTestResult = Type.Object({
  results: Type.Array(Type.Intersect([Type.Object({ channelId: Uuid, channelName: Type.String(), address: Type.String() }), SendOutcome])),
});

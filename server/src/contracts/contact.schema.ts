import Type, { type Static } from 'typebox';
import { DateTime, Email, Name, Nullable, PageQuery, Phone, Text, Uuid, LiteralUnion } from './common.schema.ts';

export const CONTACT_PRIORITIES = ['primary', 'backup'] as const;
export const CONTACT_AVAILABILITIES = ['office_hours', 'out_of_hours', 'leadership'] as const;

export const ContactPriority = LiteralUnion(CONTACT_PRIORITIES);
export const ContactAvailability = LiteralUnion(CONTACT_AVAILABILITIES);

/** Messaging handles by network, e.g. {"zalo": "0903…", "telegram": "@duty_dn"}. */
export const Messaging = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,29}$' }), Text(200), { maxProperties: 10 });

export const ContactCreate = Type.Object(
  {
    agencyId: Uuid,
    priority: ContactPriority,
    availability: ContactAvailability,
    name: Name(200),
    title: Type.Optional(Nullable(Text(200))),
    phone: Type.Optional(Nullable(Phone)),
    mobile: Type.Optional(Nullable(Phone)),
    email: Type.Optional(Nullable(Email)),
    messaging: Type.Optional(Messaging),
    lastVerifiedAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  },
  { additionalProperties: false },
);
export type ContactCreate = Static<typeof ContactCreate>;

export const ContactUpdate = Type.Partial(ContactCreate, { additionalProperties: false, minProperties: 1 });
export type ContactUpdate = Static<typeof ContactUpdate>;

export const ContactPoint = Type.Object({
  id: Uuid,
  agencyId: Uuid,
  agencyName: Type.String(),
  priority: Type.String(),
  availability: Type.String(),
  name: Type.String(),
  title: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  mobile: Nullable(Type.String()),
  email: Nullable(Type.String()),
  messaging: Type.Record(Type.String(), Type.String()),
  lastVerifiedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type ContactPoint = Static<typeof ContactPoint>;

export const ContactHistoryEntry = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  changedAt: DateTime,
  changedBy: Nullable(Uuid),
  changedByLabel: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

export const ContactListQuery = Type.Object(
  {
    ...PageQuery,
    agencyId: Type.Optional(Uuid),
    priority: Type.Optional(ContactPriority),
    availability: Type.Optional(ContactAvailability),
    sort: Type.Optional(LiteralUnion(['name', 'agency', 'lastVerifiedAt', 'updatedAt'], { default: 'name' })),
  },
  { additionalProperties: false },
);
export type ContactListQuery = Static<typeof ContactListQuery>;

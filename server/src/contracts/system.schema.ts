import Type, { type Static } from 'typebox';
import { DateTime, Name, Nullable, PageQuery, Text, Uuid, LiteralUnion } from './common.schema.ts';

export const SecurityLevel = Type.Integer({ minimum: 1, maximum: 5, description: 'Decree 85/2016 level 1–5' });

export const Hostname = Type.String({
  minLength: 1, maxLength: 253,
  pattern: '^(?=.{1,253}$)(\\*\\.)?([A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?\\.?$',
});
export const HttpUrl = Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://[^\\s\\u0000-\\u001F]+$', format: 'uri' });
export const IpAddress = Type.Union([Type.String({ format: 'ipv4' }), Type.String({ format: 'ipv6' })]);
export const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^\\u0000-\\u001F,;]+$' });
// CPE 2.3 formatted string: 13 colon-separated parts; escaped colons allowed inside parts.
export const Cpe23 = Type.String({ maxLength: 500, pattern: '^cpe:2\\.3:[aho\\*\\-](:(?:[^:\\\\]|\\\\.)*){10}$' });

export const Software = Type.Object(
  {
    vendor: Name(200),
    product: Name(200),
    version: Type.Optional(Nullable(Text(100))),
    cpe: Type.Optional(Nullable(Cpe23)),
  },
  { additionalProperties: false },
);
export type Software = Static<typeof Software>;

const systemFields = {
  name: Name(300),
  description: Type.Optional(Nullable(Text(5000))),
  ownerAgencyId: Uuid,
  operatorAgencyId: Type.Optional(Nullable(Uuid)),
  securityLevel: SecurityLevel,
  criticalNational: Type.Optional(Type.Boolean()),
  internal: Type.Optional(Type.Boolean({ description: 'On an internal network: its monitors may reach private addresses. Administrators only.' })),
  urls: Type.Optional(Type.Array(HttpUrl, { maxItems: 100, uniqueItems: true })),
  domains: Type.Optional(Type.Array(Hostname, { maxItems: 200, uniqueItems: true })),
  ipAddresses: Type.Optional(Type.Array(IpAddress, { maxItems: 200, uniqueItems: true })),
  hostingProvider: Type.Optional(Nullable(Text(300))),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 50, uniqueItems: true })),
  software: Type.Optional(Type.Array(Software, { maxItems: 500 })),
};

export const SystemCreate = Type.Object(systemFields, { additionalProperties: false });
export type SystemCreate = Static<typeof SystemCreate>;

export const SystemUpdate = Type.Partial(SystemCreate, { additionalProperties: false, minProperties: 1 });
export type SystemUpdate = Static<typeof SystemUpdate>;

export const InformationSystem = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Nullable(Type.String()),
  ownerAgencyId: Uuid,
  ownerAgencyName: Type.String(),
  operatorAgencyId: Nullable(Uuid),
  operatorAgencyName: Nullable(Type.String()),
  securityLevel: Type.Integer(),
  criticalNational: Type.Boolean(),
  internal: Type.Boolean(),
  urls: Type.Array(Type.String()),
  domains: Type.Array(Type.String()),
  ipAddresses: Type.Array(Type.String()),
  hostingProvider: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  software: Type.Array(Type.Object({ vendor: Type.String(), product: Type.String(), version: Nullable(Type.String()), cpe: Nullable(Type.String()) })),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type InformationSystem = Static<typeof InformationSystem>;

export const SystemListQuery = Type.Object(
  {
    ...PageQuery,
    agencyId: Type.Optional(Uuid),
    includeSubAgencies: Type.Optional(Type.Boolean({ default: true })),
    securityLevel: Type.Optional(SecurityLevel),
    minSecurityLevel: Type.Optional(SecurityLevel),
    criticalNational: Type.Optional(Type.Boolean()),
    tag: Type.Optional(Tag),
    sort: Type.Optional(LiteralUnion(['name', 'securityLevel', 'createdAt', 'updatedAt'], { default: 'name' })),
  },
  { additionalProperties: false },
);
export type SystemListQuery = Static<typeof SystemListQuery>;

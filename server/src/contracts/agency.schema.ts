import Type, { type Static } from 'typebox';
import { DateTime, Email, Name, Nullable, PageQuery, Phone, Text, Uuid, LiteralUnion } from './common.schema.ts';

export const AGENCY_KINDS = ['province', 'ministry', 'department', 'district', 'unit', 'enterprise', 'other'] as const;
export const AgencyKind = LiteralUnion(AGENCY_KINDS);

export const AgencyCode = Type.String({ minLength: 1, maxLength: 50, pattern: '^[A-Za-z0-9][A-Za-z0-9._\\-]*$', description: 'Short unique code, e.g. STTTT-DNA' });

export const AgencyCreate = Type.Object(
  {
    parentId: Nullable(Uuid),
    code: AgencyCode,
    name: Name(300),
    kind: AgencyKind,
    address: Type.Optional(Nullable(Text(500))),
    intakeEmail: Type.Optional(Nullable(Email)),
    intakePhone: Type.Optional(Nullable(Phone)),
  },
  { additionalProperties: false },
);
export type AgencyCreate = Static<typeof AgencyCreate>;

export const AgencyUpdate = Type.Partial(AgencyCreate, { additionalProperties: false, minProperties: 1 });
export type AgencyUpdate = Static<typeof AgencyUpdate>;

export const Agency = Type.Object({
  id: Uuid,
  parentId: Nullable(Uuid),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  address: Nullable(Type.String()),
  intakeEmail: Nullable(Type.String()),
  intakePhone: Nullable(Type.String()),
  depth: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Agency = Static<typeof Agency>;

export const AgencyListQuery = Type.Object(
  {
    ...PageQuery,
    parentId: Type.Optional(Uuid),
    kind: Type.Optional(AgencyKind),
    sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('code'), Type.Literal('createdAt')], { default: 'name' })),
  },
  { additionalProperties: false },
);
export type AgencyListQuery = Static<typeof AgencyListQuery>;

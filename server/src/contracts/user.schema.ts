import Type, { type Static } from 'typebox';
import { DateTime, Email, Name, Nullable, PageQuery, Text, Uuid, LiteralUnion } from './common.schema.ts';

export const RoleSchema = LiteralUnion(
  ['admin', 'coordinator', 'agency_admin', 'agency_member', 'viewer'],
  { description: 'admin | coordinator (whole tree) | agency_admin, agency_member (their agency subtree) | viewer (read-only)' },
);

export const Username = Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._@\\-]*$' });
export const Password = Type.String({ minLength: 10, maxLength: 200 });
export const Locale = Type.Union([Type.Literal('vi'), Type.Literal('en')]);

export const User = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  role: Type.String(),
  agencyId: Nullable(Uuid),
  agencyName: Nullable(Type.String()),
  disabled: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  locale: Type.String(),
  lockedUntil: Nullable(DateTime),
  lastLoginAt: Nullable(DateTime),
  createdAt: DateTime,
});
export type User = Static<typeof User>;

export const UserCreate = Type.Object(
  {
    username: Username,
    displayName: Name(200),
    email: Type.Optional(Nullable(Email)),
    role: RoleSchema,
    agencyId: Type.Optional(Nullable(Uuid)),
    password: Type.Optional(Password),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const UserUpdate = Type.Object(
  {
    displayName: Type.Optional(Name(200)),
    email: Type.Optional(Nullable(Email)),
    role: Type.Optional(RoleSchema),
    agencyId: Type.Optional(Nullable(Uuid)),
    disabled: Type.Optional(Type.Boolean()),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserUpdate = Static<typeof UserUpdate>;

export const UserCreated = Type.Object({ user: User, oneTimePassword: Nullable(Type.String()) });

export const UserListQuery = Type.Object(
  {
    ...PageQuery,
    role: Type.Optional(RoleSchema),
    agencyId: Type.Optional(Uuid),
    sort: Type.Optional(LiteralUnion(['username', 'displayName', 'createdAt', 'lastLoginAt'], { default: 'username' })),
  },
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;

export const PasswordReset = Type.Object({ oneTimePassword: Type.String() });

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const Me = Type.Object({ user: User, csrfToken: Nullable(Type.String()) });

export const PasswordChange = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password },
  { additionalProperties: false },
);

export const TotpSetup = Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qrSvg: Type.String() });
export const TotpCode = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });

export const ApiToken = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  expiresAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});
export const ApiTokenCreate = Type.Object(
  { name: Name(100), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) },
  { additionalProperties: false },
);
export type ApiTokenCreate = Static<typeof ApiTokenCreate>;
export const ApiTokenCreated = Type.Object({ token: Type.String({ description: 'Shown once; only its hash is stored' }), apiToken: ApiToken });

export { Text };

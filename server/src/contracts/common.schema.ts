import Type, { type TLiteral, type TSchema, type TUnion } from 'typebox';

/**
 * Building blocks of the transport contract. Every request and response schema is built from
 * these, so the same rules (no control characters, bounded lengths) hold everywhere, and
 * OpenAPI is generated from them.
 */

// No C0 control characters except tab/newline: they break CSV/XLSX exports and jsonb rejects NUL.
const NO_CONTROL = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';

export const Text = (maxLength: number, opts: { minLength?: number; description?: string } = {}) =>
  Type.String({ minLength: opts.minLength ?? 0, maxLength, pattern: NO_CONTROL, ...(opts.description ? { description: opts.description } : {}) });

export const Name = (maxLength = 300) => Type.String({ minLength: 1, maxLength, pattern: '^(?!\\s*$)[^\\u0000-\\u001F\\u007F]*$' });

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Phone = Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9+().\\-\\s/]*[0-9][0-9+().\\-\\s/]*$' });
export const DateTime = Type.String({ format: 'date-time' });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' })),
  q: Type.Optional(Text(200)),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { description: 'RFC 9457 problem details' },
);

export const Ok = Type.Object({ ok: Type.Boolean() });

export function pageArgs(q: { page?: number; pageSize?: number }): { limit: number; offset: number; page: number; pageSize: number } {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  return { limit: pageSize, offset: (page - 1) * pageSize, page, pageSize };
}

/** A union of string literals that keeps its precise static type. */
export function LiteralUnion<const T extends readonly string[]>(
  values: T,
  opts: { default?: T[number]; description?: string } = {},
): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(values.map((v) => Type.Literal(v)), opts) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;
}

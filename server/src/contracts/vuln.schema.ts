import Type from 'typebox';
import { LiteralUnion, Nullable, Text } from './common.schema.ts';

/** The transport contract of the advisory catalogue, imports and warning campaigns (issue 7). */

export const SeverityLiteral = LiteralUnion(['none', 'low', 'medium', 'high', 'critical']);
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const Cve = Type.String({ pattern: '^[Cc][Vv][Ee]-\\d{4}-\\d{4,}$', maxLength: 30 });

/** Query string of GET /advisories: lists are comma-separated. */
export const AdvisoryQuery = Type.Object(
  {
    q: Type.Optional(Text(200)),
    vendor: Type.Optional(Text(1000, { description: 'comma-separated vendors' })),
    severity: Type.Optional(Type.String({ pattern: '^(none|low|medium|high|critical)(,(none|low|medium|high|critical))*$' })),
    exploited: Type.Optional(Type.Boolean()),
    monthFrom: Type.Optional(Month),
    monthTo: Type.Optional(Month),
    source: Type.Optional(Type.String({ pattern: '^(kev|nvd|msrc|csaf)(,(kev|nvd|msrc|csaf))*$' })),
    minCvss: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
    matched: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

export const CveParams = Type.Object({ cve: Cve }, { additionalProperties: false });

export const ImportModeLiteral = LiteralUnion(['rest', 'all_or_nothing']);
export const ImportQuery = Type.Object({ mode: Type.Optional(ImportModeLiteral) }, { additionalProperties: false });
export const ImportUrlBody = Type.Object(
  { url: Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' }), mode: Type.Optional(ImportModeLiteral) },
  { additionalProperties: false },
);
export const VulnSettingsBody = Type.Object({ importMode: ImportModeLiteral }, { additionalProperties: false });

export const WarningFilterSchema = Type.Object(
  {
    q: Type.Optional(Text(200)),
    vendors: Type.Optional(Type.Array(Text(200), { maxItems: 50 })),
    severities: Type.Optional(Type.Array(SeverityLiteral, { maxItems: 5 })),
    exploited: Type.Optional(Type.Boolean()),
    monthFrom: Type.Optional(Month),
    monthTo: Type.Optional(Month),
    cves: Type.Optional(Type.Array(Cve, { maxItems: 2000 })),
    minCvss: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
    sources: Type.Optional(Type.Array(LiteralUnion(['kev', 'nvd', 'msrc', 'csaf']), { maxItems: 4 })),
    includePossiblyAffected: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PreviewBody = Type.Object({ filter: WarningFilterSchema }, { additionalProperties: false });

const WarningFields = {
  title: Text(300, { minLength: 1 }),
  body: Type.Optional(Text(10_000)),
  filter: WarningFilterSchema,
  deadline: Type.String({ format: 'date-time' }),
  remindBeforeHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720 })),
};
export const WarningBody = Type.Object(WarningFields, { additionalProperties: false });
export const WarningPatch = Type.Partial(Type.Object(WarningFields, { additionalProperties: false }), { additionalProperties: false });

export const WarningListQuery = Type.Object({ status: Type.Optional(LiteralUnion(['draft', 'sent', 'closed'])) }, { additionalProperties: false });

export const TargetStatusLiteral = LiteralUnion(['received', 'acknowledged', 'affected', 'not_affected', 'fixed', 'risk_accepted']);
export const TargetParams = Type.Object({ id: Type.String({ format: 'uuid' }), targetId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export const TargetQuery = Type.Object(
  { agencyId: Type.Optional(Type.String({ format: 'uuid' })), status: Type.Optional(TargetStatusLiteral) },
  { additionalProperties: false },
);

const UpdateFields = {
  status: TargetStatusLiteral,
  reason: Type.Optional(Nullable(Text(2000))),
  kb: Type.Optional(Nullable(Text(300))),
  version: Type.Optional(Nullable(Text(200))),
  riskApprover: Type.Optional(Nullable(Text(300))),
  riskExpiresOn: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  note: Type.Optional(Nullable(Text(2000))),
};
export const TargetUpdateBody = Type.Object(UpdateFields, { additionalProperties: false });
export const BulkUpdateBody = Type.Object(
  { targetIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 500 }), ...UpdateFields },
  { additionalProperties: false },
);
export const LetterQuery = Type.Object({ agencyId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false });

import Type, { type Static } from 'typebox';
import { DateTime, LiteralUnion, Nullable, PageQuery, Text, Uuid } from './common.schema.ts';

/**
 * Content-integrity detections (routes in http/routes/detections.routes.ts): stored analyses of
 * content monitors, their evidence, and their review by analysts. Snapshots themselves are
 * served by the sandboxed evidence view (http/routes/evidence.routes.ts), never as HTML here.
 */

export const FINDING_KINDS = ['defacement', 'injection', 'cloaking', 'legit'] as const;
export const REVIEW_STATUSES = ['new', 'confirmed', 'dismissed'] as const;
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const FETCH_ROLES = ['browser', 'googlebot', 'referer', 'mobile', 'subpage', 'sitemap', 'rendered'] as const;

export const DetectionListQuery = Type.Object(
  {
    page: PageQuery.page,
    pageSize: PageQuery.pageSize,
    monitorId: Type.Optional(Uuid),
    systemId: Type.Optional(Uuid),
    agencyId: Type.Optional(Uuid),
    alarm: Type.Optional(Type.Boolean()),
    review: Type.Optional(LiteralUnion(REVIEW_STATUSES)),
    kind: Type.Optional(LiteralUnion(FINDING_KINDS)),
  },
  { additionalProperties: false },
);
export type DetectionListQuery = Static<typeof DetectionListQuery>;

export const Evidence = Type.Object({
  code: Type.String(),
  message: Type.String(),
  variant: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  samples: Type.Optional(Type.Array(Type.String(), { description: 'short excerpts of page text: render escaped' })),
  weight: Type.Number(),
});

export const Review = Type.Object({
  status: LiteralUnion(REVIEW_STATUSES),
  by: Nullable(Type.Object({ id: Uuid, name: Nullable(Type.String()) })),
  at: Nullable(DateTime),
  note: Nullable(Type.String()),
});

export const DetectionSummary = Type.Object({
  id: Uuid,
  at: DateTime,
  url: Type.String(),
  title: Nullable(Type.String({ description: 'the page title as fetched: render escaped' })),
  monitorId: Uuid,
  monitorName: Type.String(),
  systemId: Uuid,
  systemName: Type.String(),
  agencyId: Uuid,
  agencyName: Type.String(),
  alarm: Type.Boolean(),
  kind: Nullable(LiteralUnion(FINDING_KINDS)),
  score: Nullable(Type.Number()),
  severity: Nullable(LiteralUnion(SEVERITIES)),
  /** The strongest reason, for lists. */
  topReason: Nullable(Evidence),
  error: Nullable(Type.String({ description: 'why the page could not be analysed' })),
  review: Review,
  alertId: Nullable(Uuid),
  hasScreenshot: Type.Boolean(),
});
export type DetectionSummary = Static<typeof DetectionSummary>;

export const Fetch = Type.Object({
  index: Type.Integer({ description: 'use as ?fetch= in the source and evidence views' }),
  variant: LiteralUnion(FETCH_ROLES),
  url: Type.String(),
  finalUrl: Type.String(),
  status: Type.Integer({ description: '0 when nothing answered' }),
  redirects: Type.Array(Type.String()),
  sha256: Nullable(Type.String()),
  bytes: Type.Integer(),
  truncated: Type.Boolean(),
  contentType: Nullable(Type.String()),
  error: Nullable(Type.String()),
  /** The body is stored and can be viewed. */
  stored: Type.Boolean(),
});

export const DetectorResult = Type.Object({
  detector: Type.String(),
  score: Type.Number(),
  kind: Type.String(),
  evidence: Type.Array(Evidence),
  ms: Type.Number(),
});

export const DetectionDetail = Type.Intersect([
  DetectionSummary,
  Type.Object({
    monitorTarget: Type.String(),
    reasons: Type.Array(Evidence),
    detectors: Type.Array(DetectorResult),
    diff: Type.Unknown({ description: 'ProfileDiff (server/src/detection/types.ts): added/removed blocks, title before/after, new link/script/iframe domains, similarities; null without a profile' }),
    fetches: Type.Array(Fetch),
    snapshotSha256: Nullable(Type.String()),
    screenshotSha256: Nullable(Type.String()),
    analysisMs: Nullable(Type.Integer()),
    profile: Nullable(Type.Object({ samples: Type.Integer(), learning: Type.Boolean() })),
    /** Paths of the sandboxed views (same origin; for <iframe sandbox src> and <img src>). */
    evidenceUrl: Nullable(Type.String()),
    screenshotUrl: Nullable(Type.String()),
    /** The incident a confirmation made of it (type defacement, evidence attached). */
    incident: Type.Optional(Nullable(Type.Object({ id: Type.String(), number: Type.String() }))),
  }),
]);
export type DetectionDetail = Static<typeof DetectionDetail>;

export const SourceQuery = Type.Object(
  { fetch: Type.Optional(Type.String({ pattern: '^([0-9]{1,3}|browser|googlebot|referer|mobile|subpage|sitemap|rendered)$', default: 'browser', description: 'a fetch index, or a variant name (its first fetch)' })) },
  { additionalProperties: false },
);

export const Source = Type.Object({
  index: Type.Integer(),
  variant: Type.String(),
  url: Type.String(),
  sha256: Type.String(),
  contentType: Nullable(Type.String()),
  bytes: Type.Integer(),
  charset: Type.String(),
  /** The snapshot as text, decoded with its charset: show it escaped, never as HTML. */
  text: Type.String(),
  truncated: Type.Boolean(),
});

export const ReviewBody = Type.Object({ note: Type.Optional(Text(2000)) }, { additionalProperties: false });
export type ReviewBody = Static<typeof ReviewBody>;

export const DetectionParams = Type.Object({ id: Uuid }, { additionalProperties: false });

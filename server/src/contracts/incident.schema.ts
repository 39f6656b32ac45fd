import Type, { type Static } from 'typebox';
import { DateTime, Email, LiteralUnion, Name, Nullable, Phone, Text, Uuid } from './common.schema.ts';

/**
 * Incidents (routes in http/routes/incidents.routes.ts). The report body is Mẫu 03 of Circular
 * 20/2017 (appendix I); fields marked * there are required here. Shapes only: scope, systems and
 * times are checked by the service with field pointers into this body.
 */
export const IncidentTypeValue = LiteralUnion(['dos', 'spoofing', 'malware', 'intrusion', 'defacement', 'encryption', 'destruction', 'espionage', 'combined', 'other'] as const);
export const TlpValue = LiteralUnion(['clear', 'green', 'amber', 'red'] as const);
const Short = (n = 300) => Text(n);

export const IncidentReport = Type.Object(
  {
    agencyId: Uuid,
    title: Name(300),
    reporterAddress: Type.Optional(Short(500)),
    reporterPhone: Type.Optional(Phone),
    reporterEmail: Email,
    contactName: Name(200),
    contactTitle: Type.Optional(Short(200)),
    contactPhone: Phone,
    contactEmail: Type.Optional(Email),
    operator: Name(300),
    owner: Type.Optional(Short(300)),
    systemIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
    systemName: Type.Optional(Short(300)),
    description: Text(20_000, { minLength: 1 }),
    detectedAt: DateTime,
    handled: Type.Boolean(),
    detectionMethod: LiteralUnion(['ids', 'log_review', 'notified', 'other'] as const),
    detectionDetail: Type.Optional(Short(500)),
    alreadyNotified: Type.Array(LiteralUnion(['member', 'isp', 'vncert'] as const), { maxItems: 3, uniqueItems: true }),
    alreadyNotifiedOther: Type.Optional(Short(500)),
    os: Type.Optional(Short(500)),
    services: Type.Optional(Short(1000)),
    measures: Type.Optional(Short(2000)),
    publicIps: Type.Optional(Short(2000)),
    domains: Type.Optional(Short(2000)),
    confidential: Type.Optional(Type.Boolean()),
    supportRequested: Type.Optional(Short(2000)),
    type: Type.Optional(IncidentTypeValue),
  },
  { additionalProperties: false },
);
export type IncidentReport = Static<typeof IncidentReport>;

export const IncidentClassify = Type.Object(
  {
    type: Type.Optional(IncidentTypeValue),
    cause: Type.Optional(LiteralUnion(['attack', 'fault', 'operator_error', 'natural_disaster', 'unknown'] as const)),
    causeDetail: Type.Optional(Nullable(Short(500))),
    priority: Type.Optional(LiteralUnion(['low', 'medium', 'high', 'critical'] as const)),
    tlp: Type.Optional(TlpValue),
    seriousChecklist: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.Boolean(), { maxProperties: 10 })),
    systemIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
    confidential: Type.Optional(Type.Boolean()),
    accessUserIds: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
    assigneeId: Type.Optional(Nullable(Uuid)),
    team: Type.Optional(Nullable(Short(200))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ClosingReport = Type.Object(
  {
    title: Type.Optional(Short(300)),
    result: Text(20_000, { minLength: 1 }),
    lessons: Type.Optional(Text(20_000)),
    responseEndedAt: DateTime,
    reporterName: Type.Optional(Short(300)),
    /** For the six-monthly summary (Mẫu 05): who resolved it, and the estimated damage. */
    handledBy: Type.Optional(LiteralUnion(['in_house', 'domestic_help', 'foreign_help', 'referred_national'] as const)),
    estimatedDamageVnd: Type.Optional(Type.Integer({ minimum: 0, maximum: 1e15 })),
  },
  { additionalProperties: false },
);
export type ClosingReport = Static<typeof ClosingReport>;

export const Transition = Type.Object(
  {
    transition: LiteralUnion(['verify', 'handle', 'phase', 'close', 'reopen'] as const),
    phase: Type.Optional(LiteralUnion(['contain', 'eradicate', 'recover', 'check'] as const)),
    note: Type.Optional(Text(4000)),
    closingReport: Type.Optional(ClosingReport),
  },
  { additionalProperties: false },
);

export const IncidentQuery = Type.Object(
  {
    status: Type.Optional(LiteralUnion(['open', 'received', 'verifying', 'handling', 'closed'] as const)),
    type: Type.Optional(IncidentTypeValue),
    agencyId: Type.Optional(Uuid),
    overdue: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const CommentBody = Type.Object({ text: Text(10_000, { minLength: 1 }) }, { additionalProperties: false });
export const TaskUpdate = Type.Object(
  { done: Type.Optional(Type.Boolean()), assigneeId: Type.Optional(Nullable(Uuid)), dueAt: Type.Optional(Nullable(DateTime)) },
  { additionalProperties: false, minProperties: 1 },
);
export const TaskParams = Type.Object({ id: Uuid, taskId: Uuid }, { additionalProperties: false });

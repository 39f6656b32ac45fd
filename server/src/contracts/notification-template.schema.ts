import Type, { type Static } from 'typebox';
import { DateTime, LiteralUnion, Nullable } from './common.schema.ts';
import { LOCALES, TEMPLATE_KEYS, type TemplateKey } from '../notifications/templates/template-fields.ts';

/**
 * Message template overrides. The lengths here only bound the request; the template's own
 * limits, the field whitelist and the placeholder syntax are checked by validateTemplate and
 * reported per field.
 */

export const TemplateParams = Type.Object(
  {
    key: LiteralUnion(TEMPLATE_KEYS as readonly TemplateKey[] as readonly [TemplateKey, ...TemplateKey[]]),
    locale: LiteralUnion(LOCALES as readonly ['vi', 'en']),
  },
  { additionalProperties: false },
);

export const TemplateBody = Type.Object(
  {
    subject: Type.String({ maxLength: 20_000 }),
    body: Type.String({ maxLength: 20_000 }),
    sms: Type.String({ maxLength: 20_000 }),
  },
  { additionalProperties: false },
);
export type TemplateBody = Static<typeof TemplateBody>;

const TemplateTexts = Type.Object({ subject: Type.String(), body: Type.String(), sms: Type.String() });

export const TemplateEntry = Type.Object({
  key: Type.String(),
  locale: Type.String(),
  fields: Type.Array(Type.String()),
  default: TemplateTexts,
  override: Nullable(TemplateTexts),
  updatedAt: Nullable(DateTime),
});

export const TemplatePreviewBody = Type.Object(
  { template: Type.Optional(TemplateBody), severity: Type.Optional(LiteralUnion(['info', 'low', 'medium', 'high', 'critical'] as const)) },
  { additionalProperties: false },
);

export const TemplatePreview = Type.Object({
  subject: Type.String(),
  text: Type.String(),
  html: Type.String(),
  telegramHtml: Type.String(),
  sms: Type.String(),
  smsParts: Type.Integer(),
});

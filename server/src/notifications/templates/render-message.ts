import type { ChannelKind, OutboundMessage, Severity } from '../channel.ts';
import { DEFAULT_TIME_ZONE, zonedParts } from '../../monitoring/zoned-time.ts';
import { DEFAULT_TEMPLATES } from './default-templates.ts';
import { TEMPLATE_FIELDS, type Locale, type MessageTemplate, type TemplateKey } from './template-fields.ts';
import { renderTemplate, type RenderedTemplate } from './template-renderer.ts';

/**
 * From domain data to rendered texts: dates become "dd/MM/yyyy HH:mm" in Asia/Ho_Chi_Minh,
 * severities become their label in the recipient's language, and only whitelisted fields of
 * the template are copied (into a null-prototype map) before rendering.
 */

export type TemplateValue = string | number | Date | null | undefined;

export const SEVERITY_LABELS: Readonly<Record<Locale, Record<Severity, string>>> = {
  vi: { info: 'THÔNG TIN', low: 'THẤP', medium: 'TRUNG BÌNH', high: 'CAO', critical: 'NGHIÊM TRỌNG' },
  en: { info: 'INFO', low: 'LOW', medium: 'MEDIUM', high: 'HIGH', critical: 'CRITICAL' },
};

const pad = (n: number) => String(n).padStart(2, '0');

/** dd/MM/yyyy HH:mm in the zone (the format Vietnamese official documents use). */
export function formatDateTime(t: Date, timeZone = DEFAULT_TIME_ZONE): string {
  if (Number.isNaN(t.getTime())) return '';
  const p = zonedParts(t, timeZone);
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

export interface RenderRequest {
  key: TemplateKey;
  locale: Locale;
  severity: Severity;
  data: Readonly<Record<string, TemplateValue>>;
  /** An administrator's template (already validated with validateTemplate); defaults otherwise. */
  custom?: MessageTemplate;
  timeZone?: string;
}

export function templateValues(req: RenderRequest): Record<string, string> {
  const values = Object.create(null) as Record<string, string>;
  const tz = req.timeZone ?? DEFAULT_TIME_ZONE;
  for (const name of TEMPLATE_FIELDS[req.key]) {
    if (!Object.hasOwn(req.data, name)) continue;
    const v = req.data[name];
    if (v instanceof Date) values[name] = formatDateTime(v, tz);
    else if (typeof v === 'number' && Number.isFinite(v)) values[name] = String(v);
    else if (typeof v === 'string') values[name] = v;
  }
  if (TEMPLATE_FIELDS[req.key].includes('severityLabel')) values.severityLabel = SEVERITY_LABELS[req.locale][req.severity];
  return values;
}

export function renderMessage(req: RenderRequest): RenderedTemplate {
  const template = req.custom ?? DEFAULT_TEMPLATES[req.locale][req.key];
  return renderTemplate(req.key, template, templateValues(req));
}

/** The OutboundMessage for one channel: SMS gets the short text, e-mail the HTML, Telegram its HTML. */
export function outboundFor(
  kind: ChannelKind,
  r: RenderedTemplate,
  base: { id: string; to: string; severity: Severity; links?: OutboundMessage['links']; meta?: Record<string, string> },
): OutboundMessage {
  const msg: OutboundMessage = { ...base, subject: r.subject, text: kind === 'sms' ? r.sms : r.text };
  if (kind === 'email') msg.html = r.html;
  if (kind === 'telegram') msg.telegramHtml = r.telegramHtml;
  return msg;
}

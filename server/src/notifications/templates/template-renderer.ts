import { escapeHtml, escapeTelegramHtml, isHttpUrl, singleLine, stripControl, truncate } from '../text-safety.ts';
import { LINK_FIELDS, LIMITS, TEMPLATE_FIELDS, type MessageTemplate, type TemplateKey } from './template-fields.ts';

/**
 * The whole template language: `{{fieldName}}`, where fieldName is one of the template's
 * whitelisted fields. No expressions, no paths, no helpers, no code: the lookup is a whitelist
 * check plus Object.hasOwn on a null-prototype map, so `{{constructor}}` or `{{__proto__}}`
 * can only ever render as empty. Escaping is applied per target at substitution time, and the
 * template's literal text is escaped as well (an administrator's template is not trusted HTML).
 *
 * One presentation rule: a line that mentions fields, all of which are empty, is dropped (so
 * "Xác nhận đã nhận: {{ackLink}}" disappears when there is no link).
 */

export type RenderTarget = 'subject' | 'text' | 'html' | 'telegram' | 'sms';

export interface FieldIssue {
  field: string;
  message: string;
}

const TOKEN = /\{\{([^{}]*)\}\}/g;
const NAME = /^\s*([A-Za-z][A-Za-z0-9_]{0,39})\s*$/;

/** Field-level problems of one template string ([] when valid). */
export function templateStringIssues(source: string, allowed: readonly string[], field: string, maxLength: number): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (source.length > maxLength) issues.push({ field, message: `is longer than ${maxLength} characters` });
  const seen = new Set<string>();
  for (const m of source.matchAll(TOKEN)) {
    const inner = m[1] ?? '';
    const name = NAME.exec(inner)?.[1];
    const shown = truncate(singleLine(inner), 60);
    if (!name) {
      issues.push({ field, message: `placeholder {{${shown}}} is not a field name: only {{field}} is allowed, no expressions` });
    } else if (!allowed.includes(name)) {
      if (!seen.has(name)) issues.push({ field, message: `unknown field {{${name}}}; allowed: ${allowed.join(', ')}` });
      seen.add(name);
    }
    if (issues.length >= 10) return issues;
  }
  // A stray "{{" or "}}" left after removing valid tokens is a typo the admin should see now.
  if (/\{\{\{|\}\}\}/.test(source)) issues.push({ field, message: 'triple braces are not supported: values are always escaped, use {{field}}' });
  const rest = source.replace(TOKEN, '');
  if (rest.includes('{{') || rest.includes('}}')) issues.push({ field, message: 'has an unclosed or nested {{ }} placeholder' });
  return issues;
}

/** Validation of a custom template an administrator saves. */
export function validateTemplate(key: TemplateKey, t: Partial<MessageTemplate>): FieldIssue[] {
  const allowed = TEMPLATE_FIELDS[key];
  const issues: FieldIssue[] = [];
  if (typeof t.subject !== 'string' || !t.subject.trim()) issues.push({ field: 'subject', message: 'is required' });
  else {
    issues.push(...templateStringIssues(t.subject, allowed, 'subject', LIMITS.subjectTemplate));
    if (/[\r\n]/.test(t.subject)) issues.push({ field: 'subject', message: 'must be one line' });
  }
  if (typeof t.body !== 'string' || !t.body.trim()) issues.push({ field: 'body', message: 'is required' });
  else issues.push(...templateStringIssues(t.body, allowed, 'body', LIMITS.bodyTemplate));
  if (typeof t.sms !== 'string' || !t.sms.trim()) issues.push({ field: 'sms', message: 'is required' });
  else issues.push(...templateStringIssues(t.sms, allowed, 'sms', LIMITS.smsTemplate));
  return issues;
}

function escapeFor(target: RenderTarget, s: string): string {
  if (target === 'html') return escapeHtml(s);
  if (target === 'telegram') return escapeTelegramHtml(s);
  return s;
}

function renderValue(name: string, raw: string, target: RenderTarget): string {
  let v = truncate(stripControl(raw), LIMITS.value);
  if (target === 'subject' || target === 'sms') v = singleLine(v);
  if (LINK_FIELDS.has(name) && isHttpUrl(v) && (target === 'html' || target === 'telegram')) {
    const e = target === 'html' ? escapeHtml(v) : escapeTelegramHtml(v).replace(/"/g, '&quot;');
    return `<a href="${e}">${e}</a>`;
  }
  const escaped = escapeFor(target, v);
  return target === 'html' ? escaped.replace(/\n/g, '<br>') : escaped;
}

/**
 * Renders one template string. `values` is read only for whitelisted names and only as own
 * properties; anything else renders empty. Output lines are joined with "\n" (the caller turns
 * them into <br> for HTML).
 */
export function renderTemplateString(source: string, values: Readonly<Record<string, string>>, allowed: readonly string[], target: RenderTarget): string {
  const lines = (target === 'subject' ? [singleLine(source)] : stripControl(source).split('\n')).map((line) => {
    let fields = 0;
    let filled = 0;
    let out = '';
    let last = 0;
    for (const m of line.matchAll(TOKEN)) {
      out += escapeFor(target, line.slice(last, m.index));
      last = (m.index ?? 0) + m[0].length;
      const name = NAME.exec(m[1] ?? '')?.[1];
      fields += 1;
      const ok = name !== undefined && allowed.includes(name) && Object.hasOwn(values, name) && typeof values[name] === 'string';
      const v = ok ? (values[name] as string) : '';
      if (v.trim()) filled += 1;
      out += v ? renderValue(name!, v, target) : '';
    }
    out += escapeFor(target, line.slice(last));
    return fields > 0 && filled === 0 ? null : out;
  });
  const kept = lines.filter((l): l is string => l !== null);
  const text = kept.join('\n').replace(/^\n+/, '').replace(/\n{3,}/g, '\n\n').trimEnd();
  return target === 'subject' ? singleLine(text) : text;
}

export interface RenderedTemplate {
  subject: string;
  text: string;
  html: string;
  telegramHtml: string;
  sms: string;
}

/** All renderings of a template, each bounded; HTML and Telegram fall back to escaped text when too long. */
export function renderTemplate(key: TemplateKey, t: MessageTemplate, values: Readonly<Record<string, string>>): RenderedTemplate {
  const allowed = TEMPLATE_FIELDS[key];
  const subject = truncate(renderTemplateString(t.subject, values, allowed, 'subject'), LIMITS.subject);
  const text = truncate(renderTemplateString(t.body, values, allowed, 'text'), LIMITS.text);
  const sms = truncate(renderTemplateString(t.sms, values, allowed, 'sms'), LIMITS.sms);

  let htmlBody = renderTemplateString(t.body, values, allowed, 'html').replace(/\n/g, '<br>\n');
  if (htmlBody.length > LIMITS.html - 500) htmlBody = escapeHtml(text).replace(/\n/g, '<br>\n');
  const html =
    '<!doctype html><html><head><meta charset="utf-8"></head>' +
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5"><p><strong>${escapeHtml(subject)}</strong></p><p>${htmlBody}</p></body></html>`;

  let tg = `<b>${escapeTelegramHtml(subject)}</b>\n\n${renderTemplateString(t.body, values, allowed, 'telegram')}`;
  // Too long: plain text, escaped, cut before escaping (never inside an entity or a tag); escaping
  // can grow the text up to five times, so shrink until it fits.
  for (let n: number = LIMITS.telegram; tg.length > LIMITS.telegram; n = Math.floor(n / 2)) tg = escapeTelegramHtml(truncate(`${subject}\n\n${text}`, n));
  return { subject, text, html, telegramHtml: tg, sms };
}

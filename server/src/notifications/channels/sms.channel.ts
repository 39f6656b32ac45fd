import Type, { type Static } from 'typebox';
import { failed, guardSend, sent, type Channel, type OutboundMessage, type SendContext, type SendResult } from '../channel.ts';
import { checkHttpUrl, classifyStatus, httpSend, tryJson } from '../http-send.ts';
import { fitSms, smsLength, stripVietnameseDiacritics } from '../sms-encoding.ts';
import { singleLine, stripControl } from '../text-safety.ts';

/**
 * SMS through a configurable HTTP gateway (Viettel, VNPT and in-house gateways all differ).
 * The request body is a template of fields, not a string: placeholders `{to}`, `{text}`, `{id}`,
 * `{subject}` are substituted inside string values and then the whole structure is serialised
 * with JSON.stringify or URLSearchParams, so a message text can never break out of its field.
 */

const Fields = Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.Unknown(), { maxProperties: 30 });

export const smsConfigSchema = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' }),
    method: Type.Optional(Type.Union([Type.Literal('POST'), Type.Literal('GET'), Type.Literal('PUT')])),
    /** json: body is the JSON template; form: x-www-form-urlencoded; query: parameters in the URL (GET gateways). */
    format: Type.Union([Type.Literal('json'), Type.Literal('form'), Type.Literal('query')]),
    /** Field template, e.g. {"phone": "{to}", "message": "{text}", "ref": "{id}"}. Nested objects allowed for json. */
    fields: Fields,
    authHeader: Type.Optional(Type.Object({ name: Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }), value: Type.String({ maxLength: 2000 }) }, { additionalProperties: false })),
    /** Status codes that mean accepted (default: any 2xx). */
    successStatus: Type.Optional(Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), { maxItems: 10 })),
    /** Gateways that answer 200 with {"status":"error"}: a dotted path and the value(s) meaning success. */
    successField: Type.Optional(Type.Object({ path: Type.String({ pattern: '^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*$' }), equals: Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean()]), { minItems: 1, maxItems: 10 }) }, { additionalProperties: false })),
    /** Dotted path of the gateway's message id in a JSON answer. */
    messageIdField: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*$' })),
    maxParts: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    /** Send Vietnamese without diacritics (GSM-7: 160 instead of 70 characters per part). */
    stripDiacritics: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SmsConfig = Static<typeof smsConfigSchema>;

/** International (+84…) or national (0…) numbers; spaces, dots and dashes are not allowed here, normalise before. */
function validateAddress(to: string): string | null {
  return /^\+?[0-9]{6,15}$/.test(to) ? null : 'is not a phone number (digits, optional leading +)';
}

const PLACEHOLDER = /\{(to|text|id|subject)\}/g;

/** Substitutes placeholders in every string of the template; keys and non-strings untouched. */
export function fillFields(template: unknown, values: Record<'to' | 'text' | 'id' | 'subject', string>, depth = 0): unknown {
  if (depth > 5) return null;
  if (typeof template === 'string') return template.replace(PLACEHOLDER, (_m, k: keyof typeof values) => values[k]);
  if (Array.isArray(template)) return template.map((v) => fillFields(v, values, depth + 1));
  if (template && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) if (k !== '__proto__') out[k] = fillFields(v, values, depth + 1);
    return out;
  }
  return template;
}

function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) {
    if (!cur || typeof cur !== 'object' || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The SMS text: the message's text (the template's SMS rendering), one clean string, within maxParts. */
export function smsText(msg: OutboundMessage, c: Pick<SmsConfig, 'maxParts' | 'stripDiacritics'>): string {
  let text = stripControl(msg.text).replace(/\n{2,}/g, '\n').trim();
  if (c.stripDiacritics) text = stripVietnameseDiacritics(text);
  return fitSms(text, c.maxParts ?? 3);
}

async function send(msg: OutboundMessage, c: SmsConfig, ctx: SendContext): Promise<SendResult> {
  const bad = validateAddress(msg.to);
  if (bad) return failed('bad-address', `${msg.to.slice(0, 40)} ${bad}`, false);
  const badUrl = checkHttpUrl(c.url);
  if (badUrl) return failed('bad-config', `SMS gateway URL ${badUrl}`, false);
  const text = smsText(msg, c);
  const values = { to: msg.to, text, id: msg.id, subject: singleLine(msg.subject) };
  const filled = fillFields(c.fields, values) as Record<string, unknown>;
  const headers: Record<string, string> = { 'user-agent': 'Vigil-Notifications/1' };
  if (c.authHeader) headers[c.authHeader.name] = singleLine(c.authHeader.value);
  let url = c.url;
  let body: string | undefined;
  const flat = () => new URLSearchParams(Object.entries(filled).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? '']));
  if (c.format === 'json') {
    body = JSON.stringify(filled);
    headers['content-type'] = 'application/json; charset=utf-8';
  } else if (c.format === 'form') {
    body = flat().toString();
    headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
  } else {
    const u = new URL(c.url);
    for (const [k, v] of flat()) u.searchParams.append(k, v);
    url = u.toString();
  }
  const method = c.method ?? (c.format === 'query' ? 'GET' : 'POST');
  const out = await httpSend({ url, method, headers, ...(method === 'GET' ? {} : { body }), maxResponseBytes: 16 * 1024 }, ctx);
  if (out.kind === 'failed') return out.result;
  const okStatus = c.successStatus ? c.successStatus.includes(out.status) : out.status >= 200 && out.status < 300;
  if (!okStatus) return classifyStatus(out.status >= 200 && out.status < 300 ? 502 : out.status, out.headers, out.body, 'SMS gateway');
  const json = c.successField || c.messageIdField ? tryJson(out.body) : undefined;
  if (c.successField) {
    const v = at(json, c.successField.path);
    // The gateway said "not sent" in a 2xx answer: we cannot tell why, so a later try may work.
    if (!c.successField.equals.some((e) => e === v)) return failed('rejected', `SMS gateway reported failure (${c.successField.path}=${JSON.stringify(v)?.slice(0, 80)}): ${out.body.slice(0, 200)}`, true);
  }
  const id = c.messageIdField ? at(json, c.messageIdField) : undefined;
  return sent(typeof id === 'string' || typeof id === 'number' ? String(id) : null);
}

export const smsChannel: Channel<SmsConfig> = {
  kind: 'sms',
  configSchema: smsConfigSchema,
  addressHelp: 'a phone number, e.g. +84903123456 or 0903123456',
  validateAddress,
  send: (msg, config, ctx) => guardSend(() => send(msg, config, ctx), ctx.signal),
};

export { smsLength };

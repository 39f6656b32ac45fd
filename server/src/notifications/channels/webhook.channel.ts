import Type, { type Static } from 'typebox';
import { failed, guardSend, type Channel, type OutboundMessage, type SendContext, type SendResult } from '../channel.ts';
import { checkHttpUrl, classifyStatus, httpSend } from '../http-send.ts';
import { singleLine } from '../text-safety.ts';
import { signWebhook } from '../webhook-signature.ts';

/**
 * A generic signed JSON POST, for an agency's own ticketing or chat bridge. The receiver
 * verifies `X-Vigil-Signature` (see webhook-signature.ts and the README) and dedupes on
 * `X-Vigil-Delivery`, which stays the same across retries.
 */

export const webhookConfigSchema = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' }),
    secret: Type.String({ minLength: 16, maxLength: 256 }),
    /** Extra static headers (e.g. an API key the receiver's gateway wants). */
    headers: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }), Type.String({ maxLength: 1000 }), { maxProperties: 10 })),
  },
  { additionalProperties: false },
);
export type WebhookConfig = Static<typeof webhookConfigSchema>;

export const WEBHOOK_PAYLOAD_VERSION = 1;

/** The JSON body a receiver gets. Kept flat and versioned so receivers can rely on it. */
export function webhookPayload(msg: OutboundMessage, timestamp: number): Record<string, unknown> {
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    deliveryId: msg.id,
    sentAt: new Date(timestamp * 1000).toISOString(),
    severity: msg.severity,
    subject: singleLine(msg.subject),
    text: msg.text,
    links: msg.links ?? {},
    meta: msg.meta ?? {},
  };
}

// Headers we set ourselves; a configured header of the same name must not override them.
const RESERVED = new Set(['content-type', 'content-length', 'host', 'x-vigil-signature', 'x-vigil-timestamp', 'x-vigil-delivery']);

async function send(msg: OutboundMessage, c: WebhookConfig, ctx: SendContext): Promise<SendResult> {
  const bad = checkHttpUrl(c.url);
  if (bad) return failed('bad-config', `webhook URL ${bad}`, false);
  const timestamp = Math.floor((ctx.now?.() ?? new Date()).getTime() / 1000);
  const body = JSON.stringify(webhookPayload(msg, timestamp));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.headers ?? {})) if (!RESERVED.has(k.toLowerCase())) headers[k] = singleLine(v);
  Object.assign(headers, {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Vigil-Notifications/1',
    'x-vigil-timestamp': String(timestamp),
    'x-vigil-signature': signWebhook(c.secret, timestamp, body),
    'x-vigil-delivery': singleLine(msg.id).slice(0, 200),
  });
  const out = await httpSend({ url: c.url, headers, body, maxResponseBytes: 4096 }, ctx);
  if (out.kind === 'failed') return out.result;
  return classifyStatus(out.status, out.headers, out.body, 'webhook receiver');
}

export const webhookChannel: Channel<WebhookConfig> = {
  kind: 'webhook',
  configSchema: webhookConfigSchema,
  addressHelp: 'not used: the URL is part of the channel configuration',
  validateAddress: () => null,
  send: (msg, config, ctx) => guardSend(() => send(msg, config, ctx), ctx.signal),
};

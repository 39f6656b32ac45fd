import Type, { type Static } from 'typebox';
import { failed, guardSend, type Channel, type OutboundMessage, type SendContext, type SendResult, type Severity } from '../channel.ts';
import { checkHttpUrl, classifyStatus, httpSend } from '../http-send.ts';
import { isHttpUrl, singleLine, stripControl, truncate } from '../text-safety.ts';

/**
 * Microsoft Teams incoming webhook (Workflows "post to a channel when a webhook request is
 * received", which replaced the retired Office 365 connectors): a message carrying one
 * Adaptive Card. Text blocks use a markdown subset, so markdown and HTML control characters
 * in content are escaped.
 */

export const teamsConfigSchema = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' }),
  },
  { additionalProperties: false },
);
export type TeamsConfig = Static<typeof teamsConfigSchema>;

/** Neutralises Adaptive Card markdown (*, _, [, ], #, `, >, -) and angle brackets. */
export function escapeTeams(s: string): string {
  return s.replace(/[\\*_[\]#`>~|-]/g, (c) => `\\${c}`).replace(/</g, '&lt;');
}

const COLOR: Record<Severity, string> = { info: 'Default', low: 'Accent', medium: 'Warning', high: 'Attention', critical: 'Attention' };

export function teamsPayload(msg: OutboundMessage): Record<string, unknown> {
  const actions: Record<string, unknown>[] = [];
  if (msg.links?.ack && isHttpUrl(msg.links.ack)) actions.push({ type: 'Action.OpenUrl', title: 'Xác nhận / Acknowledge', url: msg.links.ack });
  if (msg.links?.view && isHttpUrl(msg.links.view)) actions.push({ type: 'Action.OpenUrl', title: 'Xem / View', url: msg.links.view });
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: escapeTeams(truncate(singleLine(msg.subject), 250)), weight: 'Bolder', size: 'Medium', wrap: true, color: COLOR[msg.severity] },
      { type: 'TextBlock', text: escapeTeams(truncate(stripControl(msg.text), 8000)), wrap: true },
    ],
    ...(actions.length ? { actions } : {}),
  };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

async function send(msg: OutboundMessage, c: TeamsConfig, ctx: SendContext): Promise<SendResult> {
  const bad = checkHttpUrl(c.url);
  if (bad) return failed('bad-config', `Teams webhook URL ${bad}`, false);
  const out = await httpSend({ url: c.url, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(teamsPayload(msg)), maxResponseBytes: 4096 }, ctx);
  if (out.kind === 'failed') return out.result;
  // Workflows answers 202 Accepted; legacy connectors answered 200 "1" but also 200 with an
  // error text carrying an inner status (e.g. throttling), which must not count as delivered.
  if (out.status === 200 && /HTTP error 429|throttl/i.test(out.body)) return failed('rate-limited', `Teams: ${out.body.slice(0, 200)}`, true);
  return classifyStatus(out.status, out.headers, out.body, 'Teams');
}

export const teamsChannel: Channel<TeamsConfig> = {
  kind: 'teams',
  configSchema: teamsConfigSchema,
  addressHelp: 'not used: the incoming-webhook URL is part of the channel configuration',
  validateAddress: () => null,
  send: (msg, config, ctx) => guardSend(() => send(msg, config, ctx), ctx.signal),
};
